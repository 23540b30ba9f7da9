import type { AppContext } from '../../context.js';

export interface Envelope {
  source: 'smtp' | 'lmtp' | 'imap';
  /** MAIL FROM (null for the null sender or when unknown, as with IMAP). */
  from: string | null;
  /** The recipient addresses this copy is for (RCPT TO; for IMAP, the account's organisation address or the To/Cc headers). */
  to: string[];
}

export interface IntakeResult {
  address: string;
  orgId: number | null;
  outcome: 'accepted' | 'duplicate' | 'refused';
  reason: string | null;
  documentId: number | null;
  itemId: number | null;
}

// PLACEHOLDER — to be written (issue 4, inbound helper).
export async function intakeMessage(_ctx: AppContext, _raw: Buffer, envelope: Envelope): Promise<IntakeResult[]> {
  return envelope.to.map((address) => ({ address, orgId: null, outcome: 'refused', reason: 'not implemented', documentId: null, itemId: null }));
}
