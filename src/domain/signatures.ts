/**
 * Digital signatures and drafting (issue 19): the verdicts of a verification, the stages of
 * a draft under approval (trình ký), and which act moves a draft to which stage.
 */

/** valid: intact and chained to a trust anchor; untrusted: intact, chain unknown; broken: altered or unreadable; unsigned: no signature. */
export const SIGNATURE_VERDICTS = ['valid', 'untrusted', 'broken', 'unsigned'] as const;
export type SignatureVerdict = (typeof SIGNATURE_VERDICTS)[number];

export type SignatureCheck = {
  verdict: SignatureVerdict;
  signer: string | null;
  organization: string | null;
  /** ISO 8601 of the signed signing-time attribute. */
  signingTime: string | null;
  integrity: boolean;
  trusted: boolean;
  coversWholeFile: boolean;
  /** Subjects from the signer up to the anchor (or as far as known). */
  chain: string[];
  revocation: string | null;
  problem: string | null;
};

const RANK: Record<SignatureVerdict, number> = { valid: 0, untrusted: 1, unsigned: 2, broken: 3 };

export const worstVerdict = (verdicts: SignatureVerdict[]): SignatureVerdict => verdicts.reduce<SignatureVerdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'valid');

export const VERDICT_LABELS: Record<SignatureVerdict, { vi: string; en: string }> = {
  valid: { vi: 'toàn vẹn, tin cậy', en: 'intact, trusted' },
  untrusted: { vi: 'toàn vẹn, chứng thư không thuộc danh sách tin cậy', en: 'intact, certificate not trusted' },
  broken: { vi: 'chữ ký bị hỏng hoặc văn bản đã bị sửa sau khi ký', en: 'signature broken or document altered after signing' },
  unsigned: { vi: 'không có chữ ký số', en: 'not digitally signed' },
};

/** The line of the trail: "Đã ký số bởi … lúc …, toàn vẹn". */
export function verificationNote(fileName: string, checks: SignatureCheck[], verdict: SignatureVerdict): string {
  if (!checks.length) return `${fileName}: ${VERDICT_LABELS.unsigned.vi}`;
  const who = checks.map((c) => `${c.signer ?? '?'}${c.organization && c.organization !== c.signer ? ` (${c.organization})` : ''}${c.signingTime ? ` lúc ${vietnamIso(new Date(c.signingTime))}` : ''}`).join('; ');
  return `${fileName}: Đã ký số bởi ${who}, ${VERDICT_LABELS[verdict].vi}`;
}

/** Stages of a draft under approval. */
export const DRAFT_STAGES = ['drafting', 'review', 'signing', 'signed', 'issued'] as const;
export type DraftStage = (typeof DRAFT_STAGES)[number];

export const DRAFT_ACTIONS = ['version', 'submit', 'comment', 'return', 'pass', 'sign', 'issue'] as const;
export type DraftAction = (typeof DRAFT_ACTIONS)[number];

export const STAGE_LABELS: Record<DraftStage, { vi: string; en: string }> = {
  drafting: { vi: 'Đang soạn thảo', en: 'Being drafted' },
  review: { vi: 'Chờ lãnh đạo phòng cho ý kiến', en: 'Waiting for the head of unit' },
  signing: { vi: 'Chờ lãnh đạo ký', en: 'Waiting for the signer' },
  signed: { vi: 'Đã ký, chờ văn thư phát hành', en: 'Signed, waiting for the clerk' },
  issued: { vi: 'Đã phát hành', en: 'Issued' },
};

/** Vietnam time in ISO 8601 with +07:00, as the agency's signature shows it. */
export function vietnamIso(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
  return `${local}+07:00`;
}
