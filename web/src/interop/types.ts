/** The shapes of /api/v1/edxml/… (src/modules/interop/routes.ts), taken from the generated OpenAPI types. */
import type { Json } from '../api/client';

/** GET /api/v1/edxml/packages */
export type EdxmlPackagePage = Json<'/api/v1/edxml/packages', 'get'>;
export type EdxmlPackage = EdxmlPackagePage['items'][number];
export type SignatureView = EdxmlPackage['signature'];
export type SignatureResult = SignatureView['result'];

/** POST /api/v1/edxml/import */
export type ImportResult = Json<'/api/v1/edxml/import', 'post'>;

/** GET /api/v1/edxml/key */
