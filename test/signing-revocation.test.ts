import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { renderOfficialPdf } from '../src/modules/pdf/render.js';
import { issueCertificate, type Issued } from '../src/modules/signatures/certificates.js';
import { cmsSigner, nodeRsa } from '../src/modules/signatures/cms.js';
import { signPdf } from '../src/modules/signatures/pades.js';
import { addTrustAnchor } from '../src/modules/signatures/index.js';
import { drainRevocationChecks, signatureCheckFeed } from '../src/modules/signatures/revocation-job.js';

/**
 * Issue 19: revocation of incoming signatures, checked after the arrival commits against a
 * real OCSP responder (`openssl ocsp`) and a CRL made by `openssl ca -gencrl` served over
 * HTTP on loopback. A test CA whose certificates name them (AIA / CRL distribution point).
 */

const DAY = 86400_000;
const TIMEOUT_MS = 1500;
let s: TestServer;
let tmp: string;
let stcClerk: Client, sytClerk: Client;
let ocsp: ChildProcess, ocspDelegated: ChildProcess, ocspNoEku: ChildProcess, ocspLater: ChildProcess | undefined;
let downPort: number;
let crlServer: http.Server;
let hanging: net.Server;
let crlFetches = 0;
let root: Issued;
const certs: Record<string, Issued> = {};

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });

/** Resolves once `openssl ocsp` says it waits for clients (a probing connection would hold up the one it serves). */
const ready = (child: ChildProcess) =>
  new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (b: Buffer) => {
      said += b.toString();
      if (said.includes('waiting for OCSP client connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`openssl ocsp ended (${code}): ${said}`)));
  });

/** openssl's index of issued certificates: V (valid) or R (revoked at, reason). */
const utc = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
const indexLine = (c: Issued, revoked?: { at: Date; reason: string }) =>
  [revoked ? 'R' : 'V', utc(c.certificate.validity.notAfter), revoked ? `${utc(revoked.at)},${revoked.reason}` : '', new X509Certificate(c.pem).serialNumber, 'unknown', `/CN=${c.certificate.subject.getField('CN').value}`].join('\t');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-revocation-'));
  let ocspPort: number, delegatedPort: number, noEkuPort: number, gonePort: number;
  [ocspPort, downPort, delegatedPort, noEkuPort, gonePort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  crlServer = http.createServer((req, res) => {
    crlFetches++;
    res.setHeader('content-type', 'application/pkix-crl');
    res.end(fs.readFileSync(path.join(tmp, 'ca.crl')));
  });
  await new Promise<void>((r) => crlServer.listen(0, '127.0.0.1', r));
  // Accepts and never answers: a responder that hangs.
  hanging = net.createServer(() => {});
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
  const crlUrl = `http://127.0.0.1:${(crlServer.address() as net.AddressInfo).port}/ca.crl`;
  const ocspUrl = `http://127.0.0.1:${ocspPort}/`;

  root = issueCertificate({ CN: 'CA thu nghiem thu hoi', O: 'Test CA' }, null, { ca: true, notBefore: new Date(Date.now() - 60 * DAY) });
  // One key for all the people (what is checked is each certificate, by its serial number).
  const keyPem = issueCertificate({ CN: 'khoa', O: 'Test Agency' }, root).keyPem;
  const person = (CN: string, opts: { ocspUrl?: string; crlUrl?: string }) => issueCertificate({ CN, O: 'Test Agency' }, root, { notBefore: new Date(Date.now() - 30 * DAY), keyPem, ...opts });
  certs.good = person('Nguoi ky hop le', { ocspUrl, crlUrl });
  certs.revokedBefore = person('Nguoi ky bi thu hoi truoc', { ocspUrl });
  certs.revokedAfter = person('Nguoi ky bi thu hoi sau', { ocspUrl });
  certs.down = person('Nguoi ky OCSP tat', { ocspUrl: `http://127.0.0.1:${downPort}/` });
  // A responder that never comes up.
  certs.gone = person('Nguoi ky OCSP mat han', { ocspUrl: `http://127.0.0.1:${gonePort}/` });
  certs.hangs = person('Nguoi ky OCSP treo', { ocspUrl: `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}/` });
  certs.crlRevoked = person('Nguoi ky CRL bi thu hoi', { crlUrl });
  certs.crlGood = person('Nguoi ky CRL hop le', { crlUrl });
  certs.byDelegated = person('Nguoi ky OCSP uy quyen', { ocspUrl: `http://127.0.0.1:${delegatedPort}/` });
  certs.byNoEku = person('Nguoi ky OCSP khong EKU', { ocspUrl: `http://127.0.0.1:${noEkuPort}/` });
  // Responders the CA delegated: one with id-kp-OCSPSigning, one without it (not to be believed).
  const responder = issueCertificate({ CN: 'OCSP uy quyen', O: 'Test CA' }, root, { notBefore: new Date(Date.now() - DAY), ocspSigning: true });
  const notResponder = issueCertificate({ CN: 'OCSP khong EKU', O: 'Test CA' }, root, { notBefore: new Date(Date.now() - DAY) });
  for (const [name, c] of [['delegated', responder], ['noeku', notResponder]] as const) {
    fs.writeFileSync(path.join(tmp, `${name}.pem`), c.pem);
    fs.writeFileSync(path.join(tmp, `${name}.key`), c.keyPem);
  }

  fs.writeFileSync(path.join(tmp, 'ca.pem'), root.pem);
  fs.writeFileSync(path.join(tmp, 'ca.key'), root.keyPem);
  const now = Date.now();
  fs.writeFileSync(
    path.join(tmp, 'index.txt'),
    [
      indexLine(certs.good),
      indexLine(certs.down),
      indexLine(certs.revokedBefore, { at: new Date(now - 2 * DAY), reason: 'keyCompromise' }),
      indexLine(certs.revokedAfter, { at: new Date(now - 2 * DAY), reason: 'superseded' }),
      indexLine(certs.crlRevoked, { at: new Date(now - 3 * DAY), reason: 'keyCompromise' }),
      indexLine(certs.crlGood),
      indexLine(certs.byDelegated),
      indexLine(certs.byNoEku),
    ].join('\n') + '\n',
  );
  fs.writeFileSync(path.join(tmp, 'ca.cnf'), `[ca]\ndefault_ca = test\n[test]\ndatabase = ${path.join(tmp, 'index.txt')}\ndefault_md = sha256\ndefault_crl_days = 7\n`);
  execFileSync('openssl', ['ca', '-gencrl', '-batch', '-config', path.join(tmp, 'ca.cnf'), '-keyfile', path.join(tmp, 'ca.key'), '-cert', path.join(tmp, 'ca.pem'), '-out', path.join(tmp, 'ca.crl.pem')], { stdio: 'pipe' });
  execFileSync('openssl', ['crl', '-in', path.join(tmp, 'ca.crl.pem'), '-outform', 'DER', '-out', path.join(tmp, 'ca.crl')]);
  ocsp = spawn('openssl', ['ocsp', '-index', path.join(tmp, 'index.txt'), '-port', String(ocspPort), '-ignore_err', '-rsigner', path.join(tmp, 'ca.pem'), '-rkey', path.join(tmp, 'ca.key'), '-CA', path.join(tmp, 'ca.pem')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const serveOcsp = (port: number, name: string) => spawn('openssl', ['ocsp', '-index', path.join(tmp, 'index.txt'), '-port', String(port), '-ignore_err', '-rsigner', path.join(tmp, `${name}.pem`), '-rkey', path.join(tmp, `${name}.key`), '-CA', path.join(tmp, 'ca.pem')], { stdio: ['ignore', 'ignore', 'pipe'] });
  ocspDelegated = serveOcsp(delegatedPort, 'delegated');
  ocspNoEku = serveOcsp(noEkuPort, 'noeku');
  const responderReady = Promise.all([ready(ocsp), ready(ocspDelegated), ready(ocspNoEku)]);

  s = await startServer({ env: { REVOCATION_TIMEOUT_MS: String(TIMEOUT_MS) } });
  [stcClerk, sytClerk] = (await Promise.all(['vanthu.stc', 'vanthu.syt'].map((u) => signIn(s.url, u)))) as [Client, Client];
  await addTrustAnchor(s.ctx.db.kysely, root.pem, new Date().toISOString());
  await responderReady;
}, 240_000);

afterAll(async () => {
  ocsp?.kill();
  ocspDelegated?.kill();
  ocspNoEku?.kill();
  ocspLater?.kill();
  crlServer?.close();
  hanging?.close();
  await s?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** SYT sends STC a document whose main PDF `who` signed at `signingTime`; answers its id. */
async function arrives(who: Issued, signingTime: Date, summary: string) {
  const CN = String(who.certificate.subject.getField('CN').value);
  const pdf = await signPdf({
    pdf: await renderOfficialPdf({ issuer: 'SỞ Y TẾ', symbol: 'Số:   /SYT-VP', placeDate: 'Đồng Nai, ngày   tháng   năm 2026', title: 'CÔNG VĂN', subtitle: summary, paragraphs: ['Nội dung.'], signer: { competence: '', position: 'Giám đốc', name: CN } }),
    signer: cmsSigner([who.certificate, root.certificate], nodeRsa(createPrivateKey(who.keyPem))),
    field: 'Ky',
    name: CN,
    reason: 'Ký duyệt',
    location: 'Đồng Nai',
    signingTime,
    visible: { box: { page: 0, x: 340, y: 150, width: 170, height: 60 }, lines: [CN], color: 'blue' },
  });
  const d = await sytClerk.post('/api/v1/documents', { typeCode: 'CV', summary, signerName: CN, recipients: [s.ids.get('stc')!] });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  expect((await sytClerk.upload(`/api/v1/documents/${d.body.id}/attachments`, 'cong-van.pdf', pdf)).status).toBe(201);
  const issued = await sytClerk.post(`/api/v1/documents/${d.body.id}/issue`);
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return { id: d.body.id as number, CN };
}

/** The verification kept with the document, and the signature of `CN` in it. */
async function kept(id: number, CN: string) {
  const v = (await stcClerk.get(`/api/v1/signatures/documents/${id}`)).body;
  const sig = v.files[0].signatures.find((x: any) => x.signer === CN);
  return { v, sig };
}

async function check() {
  s.clock.now = new Date();
  return drainRevocationChecks(s.ctx);
}

/** Drains the checks due at `t` (the job's clock), then puts the clock back (the signed-in sessions would have expired). */
async function drainAt(t: number) {
  s.clock.now = new Date(t);
  try {
    return await drainRevocationChecks(s.ctx);
  } finally {
    s.clock.now = new Date();
  }
}

describe('revocation of incoming signatures (OCSP, CRL)', () => {
  it('asks nothing inside the arrival; after the commit OCSP says good, and the trail and the live feed say so', async () => {
    const { id, CN } = await arrives(certs.good!, new Date(), 'Về việc chữ ký hợp lệ');
    const before = await kept(id, CN);
    expect(before.sig.revocationCheck).toMatchObject({ status: 'not_checked', why: 'pending' });
    // What the document's signature panel says of it meanwhile.
    expect(before.sig.revocationSummary).toMatchObject({ state: 'pending', attempts: 0, text: 'đang chờ kiểm tra (OCSP/CRL)' });
    expect(before.v.verdict).toBe('valid');
    // Two workers race for the queued check: it is done once.
    const [a, b] = await Promise.all([drainRevocationChecks(s.ctx, 'worker-a'), drainRevocationChecks(s.ctx, 'worker-b')]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const rows = await s.ctx.db.kysely.selectFrom('signature_checks').select('id').where('document_id', '=', id).where('direction', '=', 'received').execute();
    expect(rows).toHaveLength(2); // the arrival's, then the one with the revocation checked
    const after = await kept(id, CN);
    expect(after.v.verdict).toBe('valid');
    expect(after.sig.revocationCheck).toMatchObject({ status: 'good', why: null });
    expect(after.sig.revocationCheck.certificates[0], JSON.stringify(after.sig)).toMatchObject({ source: 'ocsp', status: 'good' });
    expect(after.sig.revocation).toMatch(/chưa bị thu hồi \(OCSP/);
    expect(after.sig.revocationSummary).toMatchObject({ state: 'good', source: 'ocsp', attempts: 1, nextRetryAt: null, text: expect.stringMatching(/^chưa bị thu hồi \(OCSP, kiểm tra lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\)$/) });
    const trail = JSON.stringify((await stcClerk.get(`/api/v1/documents/${id}/trail`)).body);
    expect(trail).toMatch(/Kiểm tra thu hồi chứng thư — Nguoi ky hop le: chưa bị thu hồi/);
    const audits = await s.ctx.db.kysely.selectFrom('audit_events').select('seq').where('action', '=', 'signature.revocation_check').where('entity_id', '=', String(id)).execute();
    expect(audits).toHaveLength(1);
    const fed = await signatureCheckFeed(s.ctx).readIds([rows[1]!.id]);
    expect(fed[0]).toMatchObject({ documentId: id, orgIds: expect.arrayContaining([s.ids.get('stc')!]) });
  }, 30_000);

  it('a certificate revoked before the signing time: untrusted, with the return (02) reason ready', async () => {
    const { id, CN } = await arrives(certs.revokedBefore!, new Date(), 'Về việc chứng thư bị thu hồi trước khi ký');
    await check();
    const { v, sig } = await kept(id, CN);
    expect(v.verdict).toBe('untrusted');
    expect(v.label).toBe('chứng thư số đã bị thu hồi trước thời điểm ký');
    expect(sig).toMatchObject({ trusted: false, problem: 'certificate_revoked', revocationCheck: { status: 'revoked', revokedBeforeSigning: true, reason: 'keyCompromise' } });
    expect(v.returnReason).toMatch(/đã bị thu hồi.*trước thời điểm ký/);
    const item = (await s.ctx.db.kysely.selectFrom('inbox_items').select('id').where('document_id', '=', id).where('org_id', '=', s.ids.get('stc')!).executeTakeFirstOrThrow()).id;
    expect((await stcClerk.post(`/api/v1/inbox/${item}/reject`, { reason: v.returnReason })).status).toBe(200);
  });

  it('a certificate revoked after the signing time: shown so, the signature stays valid for that time', async () => {
    const { id, CN } = await arrives(certs.revokedAfter!, new Date(Date.now() - 10 * DAY), 'Về việc chứng thư bị thu hồi sau khi ký');
    await check();
    const { v, sig } = await kept(id, CN);
    expect(v.verdict).toBe('valid');
    expect(v.returnReason).toBeNull();
    expect(sig.revocationCheck, JSON.stringify(sig)).toMatchObject({ status: 'revoked', revokedBeforeSigning: false, reason: 'superseded' });
    expect(sig.revocation).toMatch(/sau thời điểm ký: chữ ký vẫn có giá trị tại thời điểm ký/);
  });

  it('a responder that is down or hangs: not checked, and why, within the timeout', async () => {
    const down = await arrives(certs.down!, new Date(), 'Về việc máy chủ OCSP không chạy');
    const hangs = await arrives(certs.hangs!, new Date(), 'Về việc máy chủ OCSP treo');
    const started = Date.now();
    await check();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
    const d = await kept(down.id, down.CN);
    expect(d.v.verdict).toBe('valid');
    expect(d.sig.revocationCheck).toMatchObject({ status: 'not_checked', why: 'unreachable' });
    expect(d.sig.revocation).toMatch(/chưa kiểm tra được: không kết nối được/);
    const h = await kept(hangs.id, hangs.CN);
    expect(h.sig.revocationCheck).toMatchObject({ status: 'not_checked', why: 'timeout' });
    expect(h.sig.revocation).toMatch(/không trả lời kịp/);
  }, 30_000);

  it('a responder the CA delegated with id-kp-OCSPSigning is believed; one without that usage is not', async () => {
    const delegated = await arrives(certs.byDelegated!, new Date(), 'Về việc OCSP ủy quyền');
    const noEku = await arrives(certs.byNoEku!, new Date(), 'Về việc OCSP không được ủy quyền');
    await check();
    const d = await kept(delegated.id, delegated.CN);
    expect(d.v.verdict).toBe('valid');
    expect(d.sig.revocationCheck, JSON.stringify(d.sig)).toMatchObject({ status: 'good', why: null });
    expect(d.sig.revocationCheck.certificates[0]).toMatchObject({ source: 'ocsp', status: 'good' });
    const n = await kept(noEku.id, noEku.CN);
    // Signed by a certificate of the CA that may not sign OCSP answers: not believed, said so.
    expect(n.sig.revocationCheck, JSON.stringify(n.sig)).toMatchObject({ status: 'not_checked', why: 'bad_response' });
    expect(n.sig.revocationCheck.certificates[0].error).toMatch(/not signed by the issuer or its delegated responder/);
    expect(n.sig.revocation).toMatch(/chưa kiểm tra được/);
  });

  it('a certificate naming only a CRL: the CRL is checked against the issuer and kept until its nextUpdate', async () => {
    const revoked = await arrives(certs.crlRevoked!, new Date(), 'Về việc chứng thư trong CRL');
    const good = await arrives(certs.crlGood!, new Date(), 'Về việc chứng thư không có trong CRL');
    const fetchesBefore = crlFetches;
    await check();
    const r = await kept(revoked.id, revoked.CN);
    expect(r.v.verdict).toBe('untrusted');
    expect(r.sig.revocationCheck).toMatchObject({ status: 'revoked', revokedBeforeSigning: true, reason: 'keyCompromise' });
    expect(r.sig.revocationCheck.certificates[0].source).toBe('crl');
    const g = await kept(good.id, good.CN);
    expect(g.v.verdict).toBe('valid');
    expect(g.sig.revocationCheck).toMatchObject({ status: 'good' });
    expect(g.sig.revocationCheck.certificates[0].source).toBe('crl');
    // Two certificates, one download: the CRL is kept until its nextUpdate.
    expect(crlFetches - fetchesBefore).toBeLessThanOrEqual(1);
  });

  it('a responder down at arrival is asked again after the delay, not before, and its answer is kept', async () => {
    const { id, CN } = await arrives(certs.down!, new Date(), 'Về việc máy chủ OCSP chạy lại sau');
    await check();
    const t0 = Date.now();
    expect((await kept(id, CN)).sig.revocationCheck).toMatchObject({ status: 'not_checked', why: 'unreachable' });
    const rowsOf = async () => (await s.ctx.db.kysely.selectFrom('signature_checks').select('id').where('document_id', '=', id).where('direction', '=', 'received').execute()).length;
    const auditsOf = async () => (await s.ctx.db.kysely.selectFrom('audit_events').select('seq').where('action', '=', 'signature.revocation_check').where('entity_id', '=', String(id)).execute()).length;
    const trailOf = async () => JSON.stringify((await stcClerk.get(`/api/v1/documents/${id}/trail`)).body);
    expect(await trailOf()).toMatch(/Nguoi ky OCSP tat: chưa kiểm tra được: không kết nối được máy chủ OCSP\/CRL \(sẽ kiểm tra lại lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\)/);
    expect([await rowsOf(), await auditsOf()]).toEqual([2, 1]);
    // The panel says when it is asked again (not only the trail).
    const waiting = (await kept(id, CN)).sig.revocationSummary;
    expect(waiting).toMatchObject({ state: 'will_retry', why: 'unreachable', attempts: 1 });
    expect(Math.abs(Date.parse(waiting.nextRetryAt) - (t0 + 5 * 60_000))).toBeLessThan(10_000);
    expect(waiting.text).toMatch(/^chưa kiểm tra được: không kết nối được máy chủ OCSP\/CRL; sẽ kiểm tra lại lúc \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    expect(waiting.textEn).toMatch(/to be checked again at \d\d\/\d\d\/\d{4} \d\d:\d\d$/);

    // The responder comes up on that port.
    ocspLater = spawn('openssl', ['ocsp', '-index', path.join(tmp, 'index.txt'), '-port', String(downPort), '-ignore_err', '-rsigner', path.join(tmp, 'ca.pem'), '-rkey', path.join(tmp, 'ca.key'), '-CA', path.join(tmp, 'ca.pem')], { stdio: ['ignore', 'ignore', 'pipe'] });
    await ready(ocspLater);
    // Four minutes later: not asked again yet.
    await drainAt(t0 + 4 * 60_000);
    expect((await kept(id, CN)).sig.revocationCheck).toMatchObject({ status: 'not_checked', why: 'unreachable' });
    expect([await rowsOf(), await auditsOf()]).toEqual([2, 1]);
    // Past the five minutes: asked, and the answer kept like the first check.
    expect(await drainAt(t0 + 6 * 60_000)).toBeGreaterThanOrEqual(1);
    const { v, sig } = await kept(id, CN);
    expect(v.verdict).toBe('valid');
    expect(sig.revocationCheck, JSON.stringify(sig)).toMatchObject({ status: 'good', why: null });
    expect(sig.revocationCheck.certificates[0]).toMatchObject({ source: 'ocsp', status: 'good' });
    expect([await rowsOf(), await auditsOf()]).toEqual([3, 2]);
    expect(sig.revocationSummary).toMatchObject({ state: 'good', source: 'ocsp', attempts: 2, nextRetryAt: null });
    expect(await trailOf()).toMatch(/Kiểm tra thu hồi chứng thư — Nguoi ky OCSP tat: chưa bị thu hồi \(OCSP/);
    // Done: a day later nothing more is asked about it.
    await drainAt(t0 + 86400_000);
    expect([await rowsOf(), await auditsOf()]).toEqual([3, 2]);
  }, 60_000);

  it('a responder that never comes back: asked at 5 min, 30 min, 2 h and 12 h, then given up, and said so', async () => {
    const { id, CN } = await arrives(certs.gone!, new Date(), 'Về việc máy chủ OCSP không bao giờ chạy lại');
    await check();
    let t = Date.now();
    const rowsOf = async () => (await s.ctx.db.kysely.selectFrom('signature_checks').select('id').where('document_id', '=', id).where('direction', '=', 'received').execute()).length;
    const trailOf = async () => JSON.stringify((await stcClerk.get(`/api/v1/documents/${id}/trail`)).body);
    const summaryOf = async () => (await kept(id, CN)).sig.revocationSummary;
    expect(await summaryOf()).toMatchObject({ state: 'will_retry', attempts: 1 });
    for (const [k, minutes] of [5, 30, 120].entries()) {
      t += (minutes + 1) * 60_000;
      await drainAt(t);
      expect(await trailOf()).not.toMatch(/đã thôi kiểm tra lại/);
      // Asked again, not reached again: the next time is said (30 min, 2 h, 12 h after this try).
      const next = await summaryOf();
      expect(next).toMatchObject({ state: 'will_retry', attempts: k + 2 });
      expect(Date.parse(next.nextRetryAt) - t).toBe([30, 120, 720][k]! * 60_000);
    }
    t += 721 * 60_000;
    await drainAt(t);
    expect(await trailOf()).toMatch(/Nguoi ky OCSP mat han: chưa kiểm tra được: không kết nối được máy chủ OCSP\/CRL \(đã thôi kiểm tra lại sau 4 lần thử lại\)/);
    expect((await kept(id, CN)).sig.revocationCheck).toMatchObject({ status: 'not_checked', why: 'unreachable' });
    // The panel: the first try and four re-checks, none reached.
    expect(await summaryOf()).toMatchObject({ state: 'gave_up', attempts: 5, nextRetryAt: null, text: 'đã thử 5 lần, không kiểm tra được: không kết nối được máy chủ OCSP/CRL', textEn: 'tried 5 times, could not be checked: the OCSP/CRL server could not be reached' });
    // The failed re-checks keep no new verification; the giving up is audited.
    expect(await rowsOf()).toBe(2);
    const audits = await s.ctx.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'signature.revocation_check').where('entity_id', '=', String(id)).orderBy('seq').execute();
    expect(audits).toHaveLength(2);
    expect(JSON.parse(String(audits[1]!.data))).toMatchObject({ retries: 4, gaveUp: true });
    const outbox = await s.ctx.db.kysely.selectFrom('outbox').select(['status']).where('channel', '=', 'revocation').where('document_id', '=', id).executeTakeFirstOrThrow();
    expect(outbox.status).toBe('sent');
    await drainAt(t + 7 * 86400_000);
    expect(await s.ctx.db.kysely.selectFrom('audit_events').select('seq').where('action', '=', 'signature.revocation_check').where('entity_id', '=', String(id)).execute()).toHaveLength(2);
  }, 60_000);
});
