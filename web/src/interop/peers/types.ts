/** The shapes of /api/v1/federation/peers (src/modules/interop/federation/routes.ts), from the generated OpenAPI types. Secrets are never read back. */
import type { Body, Json } from '../../api/client';

export type Peer = Json<'/api/v1/federation/peers', 'get'>[number];

/** What the peer form sends: only the fields that were filled (an empty secret keeps the stored one). */
export type PeerInput = Body<'/api/v1/federation/peers/{id}', 'patch'>;
