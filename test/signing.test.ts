import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { softHsmToken } from './helpers/softhsm.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { renderOfficialPdf } from '../src/modules/pdf/render.js';
import { issueCertificate, toPkcs12 } from '../src/modules/signatures/certificates.js';
import { sealImage, signatureImage } from '../src/modules/signatures/images.js';
import { AUDIT_ACTION_LABELS } from '../src/domain/audit-labels.js';
import { cmsSigner, nodeRsa } from '../src/modules/signatures/cms.js';
import { signPdf } from '../src/modules/signatures/pades.js';
import { keyCommand } from '../src/modules/signatures/cli.js';
import { signingCounts } from '../src/modules/signatures/index.js';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { AGENCY_KEY, LEADER_KEY, ROOT_CERT, ROOT_KEY } from '../src/demo/signing-keys.js';

/**
 * Issue 19 over HTTP: a reply drafted by a specialist, returned once by the head of unit,
 * signed by the leader (PKCS#12) and issued by the clerk with the agency's key on a
 * SoftHSM2 token; checked by poppler's pdfsig and pdftotext. Then what arrives broken or
 * signed outside the trust anchors, and the rules of electronic issue.
 */

let s: TestServer;
let tmp: string;
let hsmModule: string;
let specialist: Client, head: Client, leader: Client, clerk: Client, sytClerk: Client;
const stc = () => s.ids.get('stc')!;
const syt = () => s.ids.get('syt')!;

/** The CMS in a signature's /Contents: as long as its DER header says, the zero padding after it left out (its own last byte may be 0x00). */
function cmsOf(contents: Buffer): Buffer {
  const n = contents[1]! & 0x80 ? contents[1]! & 0x7f : 0;
  return contents.subarray(0, 2 + n + (n ? contents.readUIntBE(2, n) : contents[1]!));
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-signing-'));
  const module = (hsmModule = softHsmToken());
  // The token's library is one the administrators may name on the keys screen.
  s = await startServer({ env: { PKCS11_MODULES: module } });
  [specialist, head, leader, clerk, sytClerk] = (await Promise.all(['chuyenvien.stc', 'truongphong.stc', 'lanhdao.stc', 'vanthu.stc', 'vanthu.syt'].map((u) => signIn(s.url, u)))) as [Client, Client, Client, Client, Client];
  // The agency's certificate, issued by the demo root to the key now on the token.
  const root = { certificate: forge.pki.certificateFromPem(ROOT_CERT), key: forge.pki.privateKeyFromPem(ROOT_KEY) as forge.pki.rsa.PrivateKey, pem: '', keyPem: '' };
  const cert = issueCertificate({ CN: 'Sở Tài chính tỉnh Đồng Nai', O: 'Sở Tài chính tỉnh Đồng Nai' }, root, { keyPem: AGENCY_KEY });
  fs.writeFileSync(path.join(tmp, 'agency.pem'), cert.pem);
  fs.writeFileSync(path.join(tmp, 'pin'), '123456\n');
  const code = (await s.ctx.db.kysely.selectFrom('organizations').select('code').where('id', '=', stc()).executeTakeFirstOrThrow()).code!;
  expect(await keyCommand(s.ctx, 'add', ['--org', code, '--pkcs11-module', module, '--token', 'lienthong-stc', '--key', 'stc-agency', '--pin-file', path.join(tmp, 'pin'), '--cert', path.join(tmp, 'agency.pem')])).toBe(0);
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function draftPdf(leaderName: string, body: string) {
  return renderOfficialPdf({
    issuer: 'SỞ TÀI CHÍNH',
    symbol: 'Số:        /STC-KHTC',
    placeDate: 'Đồng Nai, ngày      tháng      năm 2026',
    title: 'CÔNG VĂN',
    subtitle: 'V/v góp ý dự toán kinh phí chuyển đổi số năm 2027',
    paragraphs: [body],
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', name: leaderName },
  });
}

/** SYT sends STC a document with this PDF as its main file; answers STC's inbox item. */
async function fromSyt(summary: string, pdf: Buffer) {
  const d = await sytClerk.post('/api/v1/documents', { typeCode: 'CV', summary, signerName: 'Trần Văn Y', recipients: [stc()] });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  expect((await sytClerk.upload(`/api/v1/documents/${d.body.id}/attachments`, 'cong-van.pdf', pdf)).status).toBe(201);
  const issued = await sytClerk.post(`/api/v1/documents/${d.body.id}/issue`);
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return { id: d.body.id as number, itemId: issued.body.dispatched[0].itemId as number };
}

let signedReply: Buffer;

describe('a reply drafted, reviewed, signed and issued', () => {
  it('goes specialist → head (returned once) → version 2 → leader signs (PKCS#12) → clerk issues with the token', async () => {
    const asked = await fromSyt('Về việc góp ý dự toán chuyển đổi số năm 2027', await draftPdf('Trần Văn Y', 'Đề nghị Sở Tài chính góp ý.'));
    expect((await clerk.post(`/api/v1/inbox/${asked.itemId}/receive`)).status).toBe(200);

    // "Soạn văn bản trả lời": recipient, link and subject come from the incoming item.
    const started = await specialist.post('/api/v1/drafts', { replyToItemId: asked.itemId, draftingUnit: 'KHTC' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.documentId as number;
    expect(started.body.document.replyToId).toBe(asked.id);
    expect(started.body.document.recipients.map((r: any) => r.orgId)).toEqual([syt()]);
    expect(started.body.document.summary).toMatch(/trả lời/);
    expect(started.body.stage).toBe('drafting');

    const leaderName = leader.user.fullName as string;
    expect((await specialist.upload(`/api/v1/drafts/${id}/versions`, 'du-thao-v1.pdf', await draftPdf(leaderName, 'Bản thứ nhất.'))).status).toBe(201);
    const people = (await specialist.get('/api/v1/drafts/reviewers')).body.items as { id: number; role: string }[];
    const headId = head.user.userId as number;
    expect(people.find((p) => p.id === headId)?.role, JSON.stringify(people)).toBe('unit_head');
    expect((await specialist.post(`/api/v1/drafts/${id}/submit`, { toUserId: headId, note: 'Kính trình chị cho ý kiến' })).body.stage).toBe('review');
    // The head of unit is told by mail, with a link to the draft.
    const mail = await s.ctx.db.kysely.selectFrom('outbox').select(['to_address', 'subject']).where('document_id', '=', id).execute();
    expect(mail.map((m) => m.to_address)).toEqual(['truongphong.stc@stc.dongnai.gov.vn']);
    // Only the holder acts: the leader cannot sign what is still under review.
    expect((await leader.post(`/api/v1/drafts/${id}/sign`, {})).status).toBe(409);
    expect((await head.post(`/api/v1/drafts/${id}/comments`, { note: 'Bổ sung số liệu năm 2026' })).status).toBe(200);
    const returned = await head.post(`/api/v1/drafts/${id}/return`, { note: 'Đề nghị bổ sung số liệu quyết toán năm 2026' });
    expect(returned.body.stage).toBe('drafting');

    expect((await specialist.upload(`/api/v1/drafts/${id}/versions`, 'du-thao-v2.pdf', await draftPdf(leaderName, 'Bản thứ hai, đã bổ sung số liệu quyết toán.'))).body.version).toBe(2);
    expect((await specialist.post(`/api/v1/drafts/${id}/submit`, { toUserId: headId })).body.stage).toBe('review');
    expect((await head.post(`/api/v1/drafts/${id}/submit`, { toUserId: leader.user.userId, note: 'Đã kiểm tra' })).body.stage).toBe('signing');
    const signed = await leader.post(`/api/v1/drafts/${id}/sign`, { note: 'Đồng ý' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.stage).toBe('signed');

    const view = (await specialist.get(`/api/v1/drafts/${id}`)).body;
    expect(view.versions.map((v: any) => [v.version, v.author, v.signed])).toEqual([
      [1, specialist.user.fullName, false],
      [2, specialist.user.fullName, false],
      [3, leaderName, true],
    ]);
    expect(view.steps.map((st: any) => st.action)).toEqual(['version', 'submit', 'comment', 'return', 'version', 'submit', 'pass', 'sign']);
    expect(view.steps.find((st: any) => st.action === 'return').note).toBe('Đề nghị bổ sung số liệu quyết toán năm 2026');
    expect((await clerk.get('/api/v1/drafts?box=to_issue')).body.items.map((d: any) => d.documentId)).toContain(id);

    const issued = await clerk.post(`/api/v1/documents/${id}/issue`);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const symbol = issued.body.symbol as string;
    expect(symbol).toMatch(/^\d+\/STC-KHTC$/);
    expect((await specialist.get(`/api/v1/drafts/${id}`)).body.stage).toBe('issued');

    // The issued PDF, read by poppler: two valid signatures, the number and the date in the text.
    const doc = (await clerk.get(`/api/v1/documents/${id}`)).body;
    const main = doc.attachments.find((a: any) => a.role === 'main');
    signedReply = Buffer.from((await clerk.get(`/api/v1/documents/${id}/attachments/${main.id}`)).raw);
    const file = path.join(tmp, 'reply.pdf');
    fs.writeFileSync(file, signedReply);
    const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(sig.match(/Signature Validation: Signature is Valid\./g)?.length, sig).toBe(2);
    expect(sig).toContain(leaderName);
    expect(sig).toContain('Sở Tài chính tỉnh Đồng Nai');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const [y, m, d] = String(issued.body.issuedAt ? doc.docDate : '').split('-');
    expect(text).toMatch(new RegExp(`Số:\\s+${String(issued.body.number).padStart(2, '0')}\\s*/STC-KHTC`));
    expect(text, text).toMatch(new RegExp(`ngày\\s+${d}\\s+tháng\\s+${m}\\s+năm ${y}`));
    expect(text).toMatch(/\+07:00/);

    // The original sender's trail shows the answer; the reply arrived verified.
    const trail = (await sytClerk.get(`/api/v1/documents/${asked.id}/trail`)).body;
    const atStc = trail.recipients.find((r: any) => r.orgId === stc());
    expect(atStc.current.code).toBe('06');
    expect(JSON.stringify(atStc.events)).toContain(`Đã trả lời bằng văn bản số ${symbol}`);
    // "Trả lời bởi 12/STC-KHTC": the reply named with its link, which the sender opens in its own inbox.
    expect(atStc.answeredBy).toEqual({ documentId: id, symbol, openable: true });
    const inSytInbox = (await sytClerk.get(`/api/v1/documents/${id}`)).body;
    expect(inSytInbox.incoming?.itemId).toBeGreaterThan(0);
    expect((await sytClerk.get('/api/v1/inbox')).body.items.map((i: any) => i.documentId)).toContain(id);
    // The answering agency sees it on its own incoming item too; an item not answered has none.
    expect((await clerk.get(`/api/v1/documents/${asked.id}/trail`)).body.recipients[0].answeredBy).toMatchObject({ documentId: id, symbol });
    const arrived = (await sytClerk.get(`/api/v1/signatures/documents/${id}`)).body;
    expect(arrived.verdict).toBe('valid');
    expect(arrived.files[0].signatures.map((x: any) => x.signer)).toEqual([leaderName, 'Sở Tài chính tỉnh Đồng Nai']);
    const replyTrail = (await clerk.get(`/api/v1/documents/${id}/trail`)).body;
    expect(JSON.stringify(replyTrail)).toMatch(/Đã ký số bởi .*toàn vẹn/);

    // Counted for the monitoring: issued and signed this month.
    const month = String(doc.docDate).slice(0, 7);
    const counts = (await signingCounts(s.ctx.db.kysely, month)).find((c) => c.orgId === stc())!;
    expect(counts.signed).toBeGreaterThanOrEqual(1);
    expect(counts.issued).toBeGreaterThanOrEqual(counts.signed);
  }, 60_000);

  it('signs PAdES B-B: each CMS carries signing-certificate-v2 naming its signer, as OpenSSL reads it', () => {
    const text = signedReply.toString('latin1');
    const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => m.slice(1).map(Number) as [number, number, number, number]);
    expect(ranges).toHaveLength(2);
    for (const [i, [, b, c, d]] of ranges.entries()) {
      const cms = path.join(tmp, `sig${i}.der`);
      const content = path.join(tmp, `range${i}.bin`);
      const signerPem = path.join(tmp, `signer${i}.pem`);
      fs.writeFileSync(cms, cmsOf(Buffer.from(text.slice(b + 1, c - 1), 'hex')));
      fs.writeFileSync(content, Buffer.concat([signedReply.subarray(0, b), signedReply.subarray(c, c + d)]));
      // OpenSSL checks the signature over the signed attributes and the digest of the byte range.
      execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', cms, '-content', content, '-binary', '-noverify', '-signer', signerPem, '-out', '/dev/null'], { stdio: 'pipe' });
      const printed = execFileSync('openssl', ['cms', '-inform', 'DER', '-in', cms, '-cmsout', '-print'], { encoding: 'utf8' });
      const attrs = printed.slice(printed.indexOf('signedAttrs:'), printed.indexOf('unsignedAttrs:'));
      expect(attrs).toContain('id-smime-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)');
      // PAdES keeps the claimed time in /M, not in a signing-time attribute.
      expect(attrs).not.toContain('signingTime');
      const certHash = /OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]{64})/.exec(attrs.slice(attrs.indexOf('signingCertificateV2')))?.[1];
      expect(certHash).toBe(createHash('sha256').update(new X509Certificate(fs.readFileSync(signerPem)).raw).digest('hex').toUpperCase());
    }
  });
});

describe('verification on arrival', () => {
  it('reports a signed PDF altered by one byte as broken, with the return reason ready', async () => {
    const altered = Buffer.from(signedReply);
    const at = altered.indexOf('/CÔNG VĂN') > 0 ? altered.indexOf('/CÔNG VĂN') : 2000;
    altered[at] = altered[at]! ^ 0x01;
    const sent = await fromSyt('Về việc văn bản bị sửa sau khi ký', altered);
    const v = (await clerk.get(`/api/v1/signatures/documents/${sent.id}`)).body;
    expect(v.verdict).toBe('broken');
    expect(v.returnReason).toMatch(/bị thay đổi sau khi ký/);
    const trail = (await clerk.get(`/api/v1/documents/${sent.id}/trail`)).body;
    expect(JSON.stringify(trail)).toMatch(/chữ ký bị hỏng/);
    // The clerk returns it (02) with that reason.
    expect((await clerk.post(`/api/v1/inbox/${sent.itemId}/reject`, { reason: v.returnReason })).status).toBe(200);
  });

  it('reports a PDF signed with a certificate outside the trust anchors as untrusted, never valid', async () => {
    const rogueRoot = issueCertificate({ CN: 'CA không rõ nguồn gốc', O: 'Không tin cậy' }, null, { ca: true });
    const rogue = issueCertificate({ CN: 'Người ký lạ', O: 'Không tin cậy' }, rogueRoot);
    const pdf = await signPdf({
      pdf: await draftPdf('Người ký lạ', 'Văn bản ký bằng chứng thư ngoài danh sách tin cậy.'),
      signer: cmsSigner([rogue.certificate, rogueRoot.certificate], nodeRsa(createPrivateKey(rogue.keyPem))),
      field: 'Ky',
      name: 'Người ký lạ',
      reason: 'Thử',
      location: 'Đồng Nai',
      signingTime: new Date(),
      visible: { box: { page: 0, x: 340, y: 150, width: 170, height: 60 }, lines: ['Người ký lạ'], color: 'blue' },
    });
    const sent = await fromSyt('Về việc văn bản ký bằng chứng thư lạ', pdf);
    const v = (await clerk.get(`/api/v1/signatures/documents/${sent.id}`)).body;
    expect(v.verdict).toBe('untrusted');
    expect(v.files[0].signatures[0]).toMatchObject({ integrity: true, trusted: false, signer: 'Người ký lạ', problem: 'no_chain_to_trust_anchor' });
    expect(v.returnReason).toMatch(/không thuộc danh sách chứng thư tin cậy/);
  });
});

describe('electronic issue and drafts', () => {
  it('refuses an electronic issue without a main PDF, with a clear message; paper-only needs none', async () => {
    const d = await clerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử phát hành không có tệp', recipients: [syt()] });
    const refused = await clerk.post(`/api/v1/documents/${d.body.id}/issue`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('main_pdf_required');
    expect(refused.body.error.message).toMatch(/văn bản chính là tệp PDF/);
    expect(refused.body.error.messageEn).toMatch(/main document/);
    // A DOCX as the main file is not enough either.
    const docx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200)]);
    await clerk.upload(`/api/v1/documents/${d.body.id}/attachments`, 'du-thao.docx', docx);
    expect((await clerk.post(`/api/v1/documents/${d.body.id}/issue`)).status).toBe(422);
    const paper = await clerk.post(`/api/v1/documents/${d.body.id}/issue`, { paperOnly: true });
    expect(paper.status, JSON.stringify(paper.body)).toBe(200);
    expect(paper.body).toMatchObject({ paperOnly: true, dispatched: [] });
    // With a PDF it goes out electronically (unsigned: the fake PDF has no page to sign).
    const e = await clerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử phát hành có tệp', recipients: [syt()] });
    expect((await clerk.upload(`/api/v1/documents/${e.body.id}/attachments`, 'cv.pdf', pdfBytes())).status).toBe(201);
    expect((await clerk.post(`/api/v1/documents/${e.body.id}/issue`)).body.dispatched).toHaveLength(1);
  });

  it('saves a draft without recipients, and keeps drafts to those involved', async () => {
    const started = await specialist.post('/api/v1/drafts', { typeCode: 'TTR', summary: 'Tờ trình chưa xác định nơi nhận' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.document.recipients).toEqual([]);
    expect((await specialist.post(`/api/v1/drafts/${started.body.documentId}/submit`, { toUserId: head.user.userId })).body.error.code).toBe('draft_without_file');
    expect((await sytClerk.get(`/api/v1/drafts/${started.body.documentId}`)).status).toBe(404);
    expect((await head.get(`/api/v1/drafts/${started.body.documentId}`)).status).toBe(404);
    expect((await specialist.get('/api/v1/drafts?box=mine')).body.items.map((x: any) => x.documentId)).toContain(started.body.documentId);
    expect((await specialist.get('/api/v1/drafts?box=all')).status).toBe(403);
  });
});

describe('key management by the administrators', () => {
  const b64 = (b: Buffer) => b.toString('base64');
  const root = () => ({ certificate: forge.pki.certificateFromPem(ROOT_CERT), key: forge.pki.privateKeyFromPem(ROOT_KEY) as forge.pki.rsa.PrivateKey, pem: ROOT_CERT, keyPem: '' });

  it('lists, adds a PKCS#12 key (checked by opening it), replaces the image and disables a key; each step audited', async () => {
    const admin = await signIn(s.url, 'admin');
    const made = await admin.post('/api/v1/users', { username: 'quantri.syt', fullName: 'Quản trị Sở Y tế', password: 'quan-tri-syt-1', orgId: syt(), roles: ['admin'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const sytAdmin = await signIn(s.url, 'quantri.syt', 'quan-tri-syt-1');
    const sytLeader = await signIn(s.url, 'lanhdao.syt');

    // Who may: the agency's administrator and the province's; a clerk is refused, another agency's admin finds nothing.
    expect((await clerk.get(`/api/v1/signatures/agencies/${syt()}/keys`)).status).toBe(403);
    expect((await sytAdmin.get(`/api/v1/signatures/agencies/${stc()}/keys`)).status).toBe(404);
    const stcKeys = (await admin.get(`/api/v1/signatures/agencies/${stc()}/keys`)).body;
    expect(stcKeys.items.find((k: any) => k.active && k.userId === null)).toMatchObject({ kind: 'pkcs11', subject: expect.stringContaining('Sở Tài chính') });
    expect(stcKeys.items.find((k: any) => k.active && k.owner === leader.user.fullName)).toMatchObject({ kind: 'pkcs12', hasImage: true, issuer: expect.stringContaining('CN=') });
    const before = (await sytAdmin.get(`/api/v1/signatures/agencies/${syt()}/keys`)).body;
    expect(before.items).toEqual([]);
    const leaderId = sytLeader.user.userId as number;
    expect(before.people.map((p: any) => p.id)).toContain(leaderId);

    const cert = issueCertificate({ CN: sytLeader.user.fullName, O: 'Sở Y tế tỉnh Đồng Nai' }, root(), { keyPem: LEADER_KEY, years: 3 });
    const p12 = toPkcs12(cert, [root().certificate], 'mat-khau-p12', '3des');
    // Refusals in both languages: wrong password, not a PKCS#12, someone of another agency, a bad image.
    const wrong = await sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { userId: leaderId, p12: b64(p12), password: 'sai' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/sai mật khẩu/);
    expect(wrong.body.error.messageEn).toMatch(/wrong password/);
    expect((await sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { p12: b64(Buffer.from('%PDF-1.7 not a key')), password: 'x' })).status).toBe(400);
    expect((await sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { userId: leader.user.userId, p12: b64(p12), password: 'mat-khau-p12' })).body.error.field).toBe('userId');
    const notPng = await sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { userId: leaderId, p12: b64(p12), password: 'mat-khau-p12', image: b64(pdfBytes()) });
    expect(notPng.status).toBe(400);
    expect(notPng.body.error).toMatchObject({ field: 'image', message: expect.stringMatching(/PNG/) });
    expect((await sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { userId: leaderId, p12: 'không phải base64!', password: 'x' })).status).toBe(400);
    const expired = issueCertificate({ CN: 'Hết hạn', O: 'Sở Y tế' }, root(), { keyPem: LEADER_KEY, notBefore: new Date('2020-01-01T00:00:00Z'), years: 1 });
    const old = await sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { userId: leaderId, p12: b64(toPkcs12(expired, [], 'x', '3des')), password: 'x' });
    expect([old.status, old.body.error.code]).toEqual([422, 'certificate_expired']);
    expect((await sytLeader.get('/api/v1/signatures/keys')).body.mine).toBeNull();

    const added = await sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { userId: leaderId, p12: b64(p12), password: 'mat-khau-p12', image: b64(signatureImage()) });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ userId: leaderId, owner: sytLeader.user.fullName, kind: 'pkcs12', active: true, hasImage: true, expired: false, issuer: expect.stringContaining('CN=') });
    // The leader now has a key; the file and its password are sealed at rest, never stored in clear.
    expect((await sytLeader.get('/api/v1/signatures/keys')).body.mine).toMatchObject({ kind: 'pkcs12', subject: expect.stringContaining(sytLeader.user.fullName) });
    const row = await s.ctx.db.kysely.selectFrom('signing_keys').select('secret').where('id', '=', added.body.id).executeTakeFirstOrThrow();
    expect(row.secret).not.toContain('mat-khau-p12');
    expect(row.secret).not.toContain(b64(p12).slice(0, 40));
    expect(Buffer.from((await sytAdmin.get(`/api/v1/signatures/keys/${added.body.id}/image`)).raw).equals(signatureImage())).toBe(true);

    // The agency's key, then its seal image replaced (checked by content, size limited).
    const agencyCert = issueCertificate({ CN: 'Sở Y tế tỉnh Đồng Nai', O: 'Sở Y tế tỉnh Đồng Nai' }, root(), { keyPem: AGENCY_KEY });
    const agencyKey = (await admin.post(`/api/v1/signatures/agencies/${syt()}/keys`, { p12: b64(toPkcs12(agencyCert, [], 'p', '3des')), password: 'p' })).body;
    expect(agencyKey).toMatchObject({ userId: null, owner: null, hasImage: false });
    const bad = await sytAdmin.request('PUT', `/api/v1/signatures/keys/${agencyKey.id}/image`, { image: b64(Buffer.concat([sealImage().subarray(0, 40), Buffer.alloc(100)])) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.messageEn).toMatch(/cannot be read/);
    const big = await sytAdmin.request('PUT', `/api/v1/signatures/keys/${agencyKey.id}/image`, { image: b64(Buffer.concat([sealImage(), Buffer.alloc(600 * 1024)])) });
    expect(big.status).toBe(400);
    const sealed = await sytAdmin.request('PUT', `/api/v1/signatures/keys/${agencyKey.id}/image`, { image: b64(sealImage()) });
    expect(sealed.status, JSON.stringify(sealed.body)).toBe(200);
    expect(sealed.body.hasImage).toBe(true);
    expect((await clerk.request('PUT', `/api/v1/signatures/keys/${agencyKey.id}/image`, { image: b64(sealImage()) })).status).toBe(403);

    // Disabled: the leader has no key any more; disabling twice is a conflict.
    expect((await clerk.post(`/api/v1/signatures/keys/${added.body.id}/disable`)).status).toBe(403);
    const off = await sytAdmin.post(`/api/v1/signatures/keys/${added.body.id}/disable`);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await sytLeader.get('/api/v1/signatures/keys')).body.mine).toBeNull();
    expect((await sytAdmin.post(`/api/v1/signatures/keys/${added.body.id}/disable`)).status).toBe(409);

    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select(['action', 'entity_id']).where('entity_type', '=', 'signing_key').where('org_id', '=', syt()).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['signature.key_add', 'signature.key_add', 'signature.key_image', 'signature.key_disable']);
    for (const a of audit) expect(AUDIT_ACTION_LABELS[a.action]?.vi).toBeTruthy();
  });

  it('names a key on a PKCS#11 token (an allowed library, token and key labels, PIN), checked by signing with it; the agency then signs at issue with it', async () => {
    const admin = await signIn(s.url, 'admin');
    const list = (await admin.get(`/api/v1/signatures/agencies/${syt()}/keys`)).body;
    expect(list.pkcs11Modules).toEqual([hsmModule]);
    // SYT's agency certificate, issued to the key the token holds.
    const cert = issueCertificate({ CN: 'Sở Y tế tỉnh Đồng Nai', O: 'Sở Y tế tỉnh Đồng Nai' }, root(), { keyPem: AGENCY_KEY });
    const body = { module: hsmModule, tokenLabel: 'lienthong-stc', keyLabel: 'stc-agency', pin: '123456', certificate: cert.pem };
    const url = `/api/v1/signatures/agencies/${syt()}/keys/pkcs11`;
    const refused = async (b: object, code: string, en: RegExp) => {
      const r = await admin.post(url, b);
      expect([r.status, r.body.error?.code], JSON.stringify(r.body)).toEqual([422, code]);
      expect(r.body.error.messageEn).toMatch(en);
      expect(r.body.error.message).toBeTruthy();
    };
    // A library the operator did not list is never loaded; a wrong PIN, token or key label, or
    // a certificate of another key are refused in words (the token already open in this process
    // for STC is not taken on trust for another PIN).
    await refused({ ...body, module: '/usr/lib/x86_64-linux-gnu/libc.so.6' }, 'pkcs11_module_not_allowed', /PKCS11_MODULES/);
    await refused({ ...body, pin: '000000' }, 'token_pin', /Wrong PIN/);
    await refused({ ...body, tokenLabel: 'khong-co' }, 'token_unavailable', /not found/);
    await refused({ ...body, keyLabel: 'khong-co' }, 'token_key', /no key/);
    const other = issueCertificate({ CN: 'Sở Y tế tỉnh Đồng Nai', O: 'Sở Y tế tỉnh Đồng Nai' }, root(), { keyPem: LEADER_KEY });
    await refused({ ...body, certificate: other.pem }, 'certificate_key_mismatch', /does not belong to the key/);
    expect((await clerk.post(url, body)).status).toBe(403);

    // DER in base64 is taken as well as PEM.
    const der = Buffer.from(cert.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
    const added = await admin.post(url, { ...body, certificate: der, image: b64(sealImage()) });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ userId: null, kind: 'pkcs11', active: true, hasImage: true, subject: expect.stringContaining('Sở Y tế'), issuer: expect.stringContaining('CN=') });
    const row = await s.ctx.db.kysely.selectFrom('signing_keys').select('secret').where('id', '=', added.body.id).executeTakeFirstOrThrow();
    expect(row.secret).not.toContain('123456');
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select(['action', 'data']).where('entity_type', '=', 'signing_key').where('entity_id', '=', String(added.body.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['signature.key_add']);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ kind: 'pkcs11', token: 'lienthong-stc', key: 'stc-agency' });
    expect(JSON.parse(audit[0]!.data).pin).toBeUndefined();

    // SYT now issues with the token's key: the issued file carries its valid signature.
    const { id } = await fromSyt('Về việc ký phát hành bằng thiết bị ký số', await draftPdf('Trần Văn Y', 'Nội dung.'));
    const v = (await sytClerk.get(`/api/v1/signatures/documents/${id}`)).body;
    expect(v.verdict, JSON.stringify(v)).toBe('valid');
    expect(v.files[0].signatures.map((x: any) => x.organization)).toContain('Sở Y tế tỉnh Đồng Nai');
  });
});
