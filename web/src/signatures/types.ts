/** API data of the signature badge (/api/v1/signatures), from the generated OpenAPI types. */
import type { Json } from '../api/client';

export type DocumentSignatures = Json<'/api/v1/signatures/documents/{id}', 'get'>;
export type SignatureVerdict = DocumentSignatures['verdict'];
export type SignatureCheck = DocumentSignatures['files'][number]['signatures'][number];
