import { describe, expect, it } from 'vitest';
import { pendingRevocation, revocationOfChain, revocationSummary, type RevocationCheck, type RevocationOfCertificate } from '../src/domain/signatures.js';

/**
 * Issue 19, the document's signature panel: what it says of a signature's revocation, from
 * the check kept with the document and the re-check schedule the job keeps (domain rules;
 * the API and the screen show them as they come).
 */

const at = (iso: string) => new Date(iso);
const cert = (over: Partial<RevocationOfCertificate>): RevocationOfCertificate => ({ subject: 'CN=Nguyen Van A', status: 'good', source: 'ocsp', why: null, revokedAt: null, reason: null, url: 'http://ocsp.example/', error: null, checkedAt: '2026-12-06T02:10:00.000Z', ...over });
const unreachable: RevocationCheck = revocationOfChain([cert({ status: 'not_checked', why: 'unreachable', error: 'ECONNREFUSED' })], '2026-12-06T02:00:00.000Z');

describe('revocation on the signature panel', () => {
  it('checked: by OCSP or CRL, and when (dd/mm/yyyy HH:mm, Vietnam time)', () => {
    const good = revocationSummary(revocationOfChain([cert({})], '2026-12-06T02:00:00.000Z'), { state: 'done', nextAt: null, attempts: 1 }, at('2026-12-06T03:00:00Z'));
    expect(good).toMatchObject({ state: 'good', source: 'ocsp', checkedAt: '2026-12-06T02:10:00.000Z', attempts: 1, nextRetryAt: null });
    expect(good.text).toBe('chưa bị thu hồi (OCSP, kiểm tra lúc 06/12/2026 09:10)');
    expect(good.textEn).toBe('not revoked (OCSP, checked 06/12/2026 09:10)');
    const revoked = revocationSummary(revocationOfChain([cert({ status: 'revoked', source: 'crl', revokedAt: '2026-12-01T00:00:00.000Z', reason: 'keyCompromise' })], '2026-12-06T02:00:00.000Z'), null, at('2026-12-06T03:00:00Z'));
    expect(revoked).toMatchObject({ state: 'revoked', source: 'crl', revokedBeforeSigning: true });
    expect(revoked.text).toMatch(/ĐÃ BỊ THU HỒI lúc 01\/12\/2026 07:00, lý do keyCompromise \(CRL\), trước thời điểm ký/);
  });

  it('not reachable: "sẽ kiểm tra lại lúc …" with the next re-check, then "đã thử N lần" once the schedule is spent', () => {
    const waiting = revocationSummary(unreachable, { state: 'waiting', nextAt: '2026-12-06T02:15:00.000Z', attempts: 1 }, at('2026-12-06T02:11:00Z'));
    expect(waiting).toMatchObject({ state: 'will_retry', why: 'unreachable', nextRetryAt: '2026-12-06T02:15:00.000Z', attempts: 1 });
    expect(waiting.text).toBe('chưa kiểm tra được: không kết nối được máy chủ OCSP/CRL; sẽ kiểm tra lại lúc 06/12/2026 09:15');
    expect(waiting.textEn).toBe('not checked: the OCSP/CRL server could not be reached; to be checked again at 06/12/2026 09:15');
    // Due, not yet taken by the job: not said to be in the future.
    const due = revocationSummary(unreachable, { state: 'waiting', nextAt: '2026-12-06T02:15:00.000Z', attempts: 2 }, at('2026-12-06T02:16:00Z'));
    expect(due.text).toMatch(/đang kiểm tra lại \(đến hạn lúc 06\/12\/2026 09:15\)$/);
    const gaveUp = revocationSummary(unreachable, { state: 'done', nextAt: null, attempts: 5 }, at('2026-12-07T02:00:00Z'));
    expect(gaveUp).toMatchObject({ state: 'gave_up', attempts: 5, nextRetryAt: null });
    expect(gaveUp.text).toBe('đã thử 5 lần, không kiểm tra được: không kết nối được máy chủ OCSP/CRL');
    expect(gaveUp.textEn).toBe('tried 5 times, could not be checked: the OCSP/CRL server could not be reached');
    // No re-check configured (REVOCATION_RETRY_MINUTES empty): the first answer, nothing promised.
    const once = revocationSummary(unreachable, { state: 'done', nextAt: null, attempts: 1 }, at('2026-12-06T03:00:00Z'));
    expect(once.state).toBe('not_checked');
    expect(once.text).not.toMatch(/kiểm tra lại|đã thử/);
  });

  it('queued after arrival, not checked at issue, nothing to ask, a broken signature, or a check kept before revocation was checked', () => {
    expect(revocationSummary(pendingRevocation('pending'), { state: 'queued', nextAt: '2026-12-06T02:00:00.000Z', attempts: 0 }, at('2026-12-06T02:00:00Z'))).toMatchObject({ state: 'pending', text: 'đang chờ kiểm tra (OCSP/CRL)' });
    expect(revocationSummary(pendingRevocation('pending'), null, at('2026-12-06T02:00:00Z'), { direction: 'issued' })).toMatchObject({ state: 'not_checked', text: expect.stringMatching(/nơi nhận kiểm tra khi văn bản đến/) });
    expect(revocationSummary(pendingRevocation('no_url'), null, at('2026-12-06T02:00:00Z'))).toMatchObject({ state: 'not_checked', text: 'chưa kiểm tra được: chứng thư không nêu địa chỉ OCSP hay CRL' });
    expect(revocationSummary(pendingRevocation('untrusted_chain'), null, at('2026-12-06T02:00:00Z')).text).toMatch(/không thuộc chuỗi tin cậy/);
    expect(revocationSummary(null, null, at('2026-12-06T02:00:00Z'))).toMatchObject({ state: 'not_checked', attempts: 0 });
    // A broken signature: nothing to ask about, said so (not "not checked yet").
    expect(revocationSummary(null, null, at('2026-12-06T02:00:00Z'), { intact: false })).toMatchObject({ state: 'not_checked', text: 'không kiểm tra (chữ ký bị hỏng)', textEn: 'not checked (the signature is broken)' });
  });
});
