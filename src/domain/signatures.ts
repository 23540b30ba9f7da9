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
  /** What was said of revocation, in words (Vietnamese / English). */
  revocation: string | null;
  /** The revocation check itself (OCSP/CRL); null in checks made before it existed. */
  revocationCheck?: RevocationCheck | null;
  problem: string | null;
};

/** not_checked: why — no_url (the certificate names no OCSP responder or CRL), unreachable, timeout, bad_response (unsigned, stale or unreadable), pending (queued after arrival), untrusted_chain (no issuer to check against). */
export const REVOCATION_STATUSES = ['good', 'revoked', 'unknown', 'not_checked'] as const;
export type RevocationStatus = (typeof REVOCATION_STATUSES)[number];
export const REVOCATION_WHYS = ['no_url', 'unreachable', 'timeout', 'bad_response', 'pending', 'untrusted_chain'] as const;
export type RevocationWhy = (typeof REVOCATION_WHYS)[number];

export type RevocationOfCertificate = {
  subject: string;
  status: RevocationStatus;
  source: 'ocsp' | 'crl' | null;
  why: RevocationWhy | null;
  revokedAt: string | null;
  /** CRLReason (keyCompromise, superseded, …). */
  reason: string | null;
  url: string | null;
  error: string | null;
  checkedAt: string | null;
};

export type RevocationCheck = {
  /** The chain's: revoked if one certificate is, else not_checked if one could not be, else unknown if a responder did not know one, else good. */
  status: RevocationStatus;
  why: RevocationWhy | null;
  /** Of the revoked certificate: whether it was revoked before the signing time (the signature is then not trusted). */
  revokedBeforeSigning: boolean | null;
  revokedAt: string | null;
  reason: string | null;
  subject: string | null;
  checkedAt: string | null;
  certificates: RevocationOfCertificate[];
};

const REVOCATION_RANK: Record<RevocationStatus, number> = { good: 0, unknown: 1, not_checked: 2, revoked: 3 };

/** The chain's verdict from its certificates' (signer first). */
export function revocationOfChain(certs: RevocationOfCertificate[], signingTime: string | null): RevocationCheck {
  const worst = certs.reduce<RevocationOfCertificate | null>((w, c) => (!w || REVOCATION_RANK[c.status] > REVOCATION_RANK[w.status] ? c : w), null);
  if (!worst) return pendingRevocation('no_url');
  const revokedBeforeSigning = worst.status === 'revoked' ? !signingTime || new Date(worst.revokedAt ?? 0).getTime() <= new Date(signingTime).getTime() : null;
  return { status: worst.status, why: worst.why, revokedBeforeSigning, revokedAt: worst.revokedAt, reason: worst.reason, subject: worst.subject, checkedAt: worst.checkedAt, certificates: certs };
}

/** Not checked (yet): queued after arrival, nothing to ask, or no chain to ask about. */
export const pendingRevocation = (why: RevocationWhy): RevocationCheck => ({ status: 'not_checked', why, revokedBeforeSigning: null, revokedAt: null, reason: null, subject: null, checkedAt: null, certificates: [] });

const WHY_TEXT: Record<RevocationWhy, { vi: string; en: string }> = {
  no_url: { vi: 'chứng thư không nêu địa chỉ OCSP hay CRL', en: 'the certificate names no OCSP responder or CRL' },
  unreachable: { vi: 'không kết nối được máy chủ OCSP/CRL', en: 'the OCSP/CRL server could not be reached' },
  timeout: { vi: 'máy chủ OCSP/CRL không trả lời kịp', en: 'the OCSP/CRL server did not answer in time' },
  bad_response: { vi: 'câu trả lời OCSP/CRL không hợp lệ (chữ ký, thời hạn hoặc định dạng)', en: 'the OCSP/CRL answer was not valid (signature, dates or format)' },
  pending: { vi: 'đang chờ kiểm tra', en: 'check queued' },
  untrusted_chain: { vi: 'chứng thư không thuộc chuỗi tin cậy', en: 'the certificate has no trusted chain' },
};

/** dd/mm/yyyy hh:mm in Vietnam time. */
const vnDateTime = (iso: string) => {
  const [d, t] = vietnamIso(new Date(iso)).split('T') as [string, string];
  return `${d.split('-').reverse().join('/')} ${t.slice(0, 5)}`;
};

/** The revocation check in words, Vietnamese and English. */
export function revocationText(r: RevocationCheck): { vi: string; en: string } {
  const via = r.certificates.find((c) => c.status === r.status)?.source?.toUpperCase() ?? '';
  switch (r.status) {
    case 'good':
      return { vi: `chưa bị thu hồi (${via}, kiểm tra lúc ${vnDateTime(r.checkedAt!)})`, en: `not revoked (${via}, checked ${vnDateTime(r.checkedAt!)})` };
    case 'unknown':
      return { vi: `máy chủ ${via} không biết chứng thư này`, en: `the ${via} responder does not know this certificate` };
    case 'not_checked':
      return { vi: `chưa kiểm tra được: ${WHY_TEXT[r.why ?? 'no_url'].vi}`, en: `not checked: ${WHY_TEXT[r.why ?? 'no_url'].en}` };
    case 'revoked': {
      const when = r.revokedAt ? vnDateTime(r.revokedAt) : '?';
      const reason = r.reason ? `, lý do ${r.reason}` : '';
      return r.revokedBeforeSigning
        ? { vi: `chứng thư ĐÃ BỊ THU HỒI lúc ${when}${reason} (${via}), trước thời điểm ký: chữ ký không có giá trị`, en: `certificate REVOKED at ${when}${r.reason ? `, reason ${r.reason}` : ''} (${via}), before the signing time: the signature is not valid` }
        : { vi: `chứng thư bị thu hồi lúc ${when}${reason} (${via}), sau thời điểm ký: chữ ký vẫn có giá trị tại thời điểm ký`, en: `certificate revoked at ${when}${r.reason ? `, reason ${r.reason}` : ''} (${via}), after the signing time: the signature stays valid for the time it was made` };
    }
  }
}

/** Re-checks of a revocation the responder could not answer (REVOCATION_RETRY_MINUTES): 5 min, 30 min, 2 h, 12 h, then given up. */
export const DEFAULT_REVOCATION_RETRY_MINUTES = [5, 30, 120, 720];

/** A check worth asking again later: the responder or CRL was unreachable or did not answer in time (not a bad answer, not a missing URL). */
export const retryableRevocation = (r: RevocationCheck | null | undefined): boolean => r?.status === 'not_checked' && (r.why === 'unreachable' || r.why === 'timeout');

/** When to ask again after `retriesDone` re-checks (0 after the first check); null: the schedule is spent, give up. */
export function nextRevocationRetry(scheduleMinutes: readonly number[], retriesDone: number, now: Date): Date | null {
  const minutes = scheduleMinutes[retriesDone];
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000);
}

/** What the trail says of a check asked again later, or given up. */
export function revocationRetryText(next: Date | null, retriesDone: number): { vi: string; en: string } {
  return next
    ? { vi: `sẽ kiểm tra lại lúc ${vnDateTime(next.toISOString())}`, en: `to be checked again at ${vnDateTime(next.toISOString())}` }
    : { vi: `đã thôi kiểm tra lại sau ${retriesDone} lần thử lại`, en: `gave up after ${retriesDone} re-checks` };
}

/**
 * Where the re-checks of a file's revocation stand, as the job keeps them (its outbox row):
 * queued (the first check after arrival, or a re-check being made), waiting (due again at
 * `nextAt`), done (answered, or the schedule spent), failed (given up after errors).
 * `attempts`: tries made so far, the first check after arrival included.
 */
export type RevocationSchedule = { state: 'queued' | 'waiting' | 'done' | 'failed'; nextAt: string | null; attempts: number };

/**
 * What the document's signature panel says of a signature's revocation: good, revoked or
 * unknown (by OCSP or CRL, when); pending (queued after arrival); will_retry (the responder
 * could not be reached: asked again at `nextRetryAt`); gave_up (the schedule is spent after
 * `attempts` tries); not_checked (nothing to ask, a bad answer, no trusted chain, no re-check
 * configured, or a check made before revocation was checked at all).
 */
export const REVOCATION_STATES = ['good', 'revoked', 'unknown', 'pending', 'will_retry', 'gave_up', 'not_checked'] as const;
export type RevocationState = (typeof REVOCATION_STATES)[number];

export type RevocationSummary = {
  state: RevocationState;
  source: 'ocsp' | 'crl' | null;
  checkedAt: string | null;
  revokedAt: string | null;
  revokedBeforeSigning: boolean | null;
  why: RevocationWhy | null;
  nextRetryAt: string | null;
  /** Tries made so far (the first check and the re-checks); 0 while the first is queued. */
  attempts: number;
  text: string;
  textEn: string;
};

/** A signature's revocation as the panel says it, from its check and the file's re-check schedule. */
export function revocationSummary(r: RevocationCheck | null | undefined, schedule: RevocationSchedule | null, now: Date, opts: { direction?: 'issued' | 'received'; intact?: boolean } = {}): RevocationSummary {
  const base = { source: null, checkedAt: r?.checkedAt ?? null, revokedAt: r?.revokedAt ?? null, revokedBeforeSigning: r?.revokedBeforeSigning ?? null, why: r?.why ?? null, nextRetryAt: null, attempts: 0 };
  const said = (state: RevocationState, text: { vi: string; en: string }, more: Partial<RevocationSummary> = {}): RevocationSummary => ({ ...base, state, text: text.vi, textEn: text.en, ...more });
  // A broken signature names no certificate worth asking about.
  if (opts.intact === false) return said('not_checked', { vi: 'không kiểm tra (chữ ký bị hỏng)', en: 'not checked (the signature is broken)' });
  if (!r) return said('not_checked', { vi: 'chưa kiểm tra (kết quả kiểm tra trước khi có kiểm tra thu hồi)', en: 'not checked (verified before revocation was checked)' });
  const source = r.certificates.find((c) => c.status === r.status)?.source ?? null;
  if (r.status !== 'not_checked') return said(r.status, revocationText(r), { source, attempts: Math.max(1, schedule?.attempts ?? 1) });
  // Checked by the recipients after arrival, never at issue (the sender's own check stays as it was).
  if (r.why === 'pending' && opts.direction === 'issued') return said('not_checked', { vi: 'không kiểm tra khi phát hành (nơi nhận kiểm tra khi văn bản đến)', en: 'not checked at issue (the recipients check it on arrival)' });
  if (r.why === 'pending') return said('pending', { vi: 'đang chờ kiểm tra (OCSP/CRL)', en: 'waiting to be checked (OCSP/CRL)' });
  const why = revocationText(r);
  if (!retryableRevocation(r) || !schedule) return said('not_checked', why, { source, attempts: r.checkedAt ? 1 : 0 });
  const attempts = schedule.attempts;
  if ((schedule.state === 'waiting' || schedule.state === 'queued') && schedule.nextAt) {
    const next = new Date(schedule.nextAt);
    const later = next.getTime() > now.getTime() ? revocationRetryText(next, attempts) : { vi: `đang kiểm tra lại (đến hạn lúc ${vnDateTime(schedule.nextAt)})`, en: `being checked again (due at ${vnDateTime(schedule.nextAt)})` };
    return said('will_retry', { vi: `${why.vi}; ${later.vi}`, en: `${why.en}; ${later.en}` }, { source, nextRetryAt: schedule.nextAt, attempts });
  }
  // No re-check was configured (REVOCATION_RETRY_MINUTES empty): the first answer stands.
  if (schedule.state === 'done' && attempts <= 1) return said('not_checked', why, { source, attempts });
  return said('gave_up', { vi: `đã thử ${attempts} lần, không kiểm tra được: ${WHY_TEXT[r.why ?? 'unreachable'].vi}`, en: `tried ${attempts} times, could not be checked: ${WHY_TEXT[r.why ?? 'unreachable'].en}` }, { source, attempts });
}

const RANK: Record<SignatureVerdict, number> = { valid: 0, untrusted: 1, unsigned: 2, broken: 3 };

export const worstVerdict = (verdicts: SignatureVerdict[]): SignatureVerdict => verdicts.reduce<SignatureVerdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'valid');

export const VERDICT_LABELS: Record<SignatureVerdict, { vi: string; en: string }> = {
  valid: { vi: 'toàn vẹn, tin cậy', en: 'intact, trusted' },
  untrusted: { vi: 'toàn vẹn, chứng thư không thuộc danh sách tin cậy', en: 'intact, certificate not trusted' },
  broken: { vi: 'chữ ký bị hỏng hoặc văn bản đã bị sửa sau khi ký', en: 'signature broken or document altered after signing' },
  unsigned: { vi: 'không có chữ ký số', en: 'not digitally signed' },
};

/** An untrusted verdict because the signer's certificate was revoked before the signing time. */
export const REVOKED_LABEL = { vi: 'chứng thư số đã bị thu hồi trước thời điểm ký', en: 'certificate revoked before the signing time' };

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

/** The largest signature or seal image accepted (a scan at print resolution fits well below). */
export const SIGNATURE_IMAGE_MAX_BYTES = 512 * 1024;
/** The largest side, in pixels, of a signature or seal image. */
export const SIGNATURE_IMAGE_MAX_SIDE = 2000;
/** The largest PKCS#12 file accepted (a key and a chain of a few certificates). */
export const PKCS12_MAX_BYTES = 64 * 1024;

/**
 * A signature or seal image is a PNG (transparency lets the seal lie over the signature),
 * checked by its content: the PNG signature, an IHDR chunk first, sides within the limit.
 * Answers the problem in both languages, or null. Whether it decodes is checked by embedding.
 */
export function signatureImageProblem(png: Buffer): { vi: string; en: string } | null {
  if (png.length > SIGNATURE_IMAGE_MAX_BYTES) return { vi: `Ảnh vượt quá ${SIGNATURE_IMAGE_MAX_BYTES / 1024} KB.`, en: `The image is larger than ${SIGNATURE_IMAGE_MAX_BYTES / 1024} KB.` };
  const magic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 33 || !magic.every((b, i) => png[i] === b) || png.toString('latin1', 12, 16) !== 'IHDR') {
    return { vi: 'Ảnh chữ ký, con dấu phải là tệp PNG (nền trong suốt).', en: 'The signature or seal image must be a PNG file (transparent background).' };
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (!width || !height || width > SIGNATURE_IMAGE_MAX_SIDE || height > SIGNATURE_IMAGE_MAX_SIDE) {
    return { vi: `Ảnh phải có cạnh từ 1 đến ${SIGNATURE_IMAGE_MAX_SIDE} điểm ảnh (ảnh này ${width}×${height}).`, en: `Each side must be 1 to ${SIGNATURE_IMAGE_MAX_SIDE} pixels (this one is ${width}×${height}).` };
  }
  return null;
}
