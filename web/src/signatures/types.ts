/** API data of the signature badge (/api/v1/signatures); to be generated from the OpenAPI document later. */
export type SignatureVerdict = 'valid' | 'untrusted' | 'broken' | 'unsigned';

export interface SignatureCheck {
  verdict: SignatureVerdict;
  signer: string | null;
  organization: string | null;
  signingTime: string | null;
  integrity: boolean;
  trusted: boolean;
  coversWholeFile: boolean;
  chain: string[];
  revocation: string | null;
  problem: string | null;
}

export interface DocumentSignatures {
  verdict: SignatureVerdict;
  label: string;
  labelEn: string;
  returnReason: string | null;
  files: { attachmentId: number; fileName: string; verdict: SignatureVerdict; direction: 'issued' | 'received'; checkedAt: string; signatures: SignatureCheck[] }[];
}
