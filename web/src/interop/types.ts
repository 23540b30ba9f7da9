/** The shapes of /api/v1/edxml/… (src/modules/interop/routes.ts, log.ts, keys.ts). */

export type SignatureResult = 'none' | 'valid' | 'invalid';

export interface SignatureView {
  result: SignatureResult;
  label: string;
  labelEn: string;
  detail: null | { reason?: string; algorithm?: string; subject?: string; issuer?: string; serialNumber?: string; fingerprint256?: string; validFrom?: string; validTo?: string };
}

/** GET /api/v1/edxml/packages */
export interface EdxmlPackage {
  id: number;
  consignmentId: string;
  direction: 'in' | 'out';
  kind: 'document' | 'status';
  state: string;
  orgId: number;
  documentId: number | null;
  itemId: number | null;
  edxmlDocumentId: string | null;
  senderCode: string | null;
  receiverCodes: string[];
  businessDocType: number | null;
  status: { code: string; vi: string; en: string } | null;
  signature: SignatureView;
  sha256: string;
  size: number;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface EdxmlPackagePage {
  items: EdxmlPackage[];
  nextBeforeId: number | null;
}

/** POST /api/v1/edxml/import */
export interface ImportResult {
  kind: 'document' | 'status';
  duplicate: boolean;
  documentId: number;
  statusCode?: string;
  items: { itemId: number; orgId: number }[];
  signature: { result: SignatureResult; reason?: string; subject?: string; issuer?: string; algorithm?: string };
}

/** GET /api/v1/edxml/key */
export type SigningKey =
  | { orgId: number; signing: false }
  | { orgId: number; signing: true; subject: string; issuer: string; fingerprint256: string; validTo: string; updatedAt: string; certificate: string };
