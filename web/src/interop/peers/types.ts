/** The shapes of /api/v1/federation/peers (src/modules/interop/federation/peers.ts peerView). Secrets are never read back. */
export interface Peer {
  id: number;
  name: string;
  transport: 'node' | 'axis';
  baseUrl: string;
  auth: 'hmac' | 'certificate' | 'secret';
  peerNodeId: string;
  ourNodeId: string;
  hasInboundSecret: boolean;
  hasOutboundSecret: boolean;
  hasPrivateKey: boolean;
  peerCertificate: { subject: string; fingerprint256: string; validTo: string } | null;
  active: boolean;
  lastPolledAt: string | null;
  lastError: string | null;
  organizations: { code: string; orgId: number | null; name: string | null; active: boolean }[];
  queue: { pending: number; sending: number; sent: number; failed: number };
}

/** What the peer form sends: only the fields that were filled (an empty secret keeps the stored one). */
export interface PeerInput {
  name?: string;
  transport?: 'node' | 'axis';
  baseUrl?: string;
  auth?: 'hmac' | 'certificate';
  peerNodeId?: string;
  ourNodeId?: string;
  secret?: string;
  outboundSecret?: string;
  peerCertificate?: string;
  ourPrivateKey?: string;
  active?: boolean;
}
