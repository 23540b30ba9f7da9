import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { renderOfficialPdf } from '../src/modules/pdf/render.js';
import { issueCertificate } from '../src/modules/signatures/certificates.js';
import { cmsSigner, nodeRsa } from '../src/modules/signatures/cms.js';
import { signPdf } from '../src/modules/signatures/pades.js';
import { keyCommand } from '../src/modules/signatures/cli.js';
import { signingCounts } from '../src/modules/signatures/index.js';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { AGENCY_KEY, ROOT_CERT, ROOT_KEY } from '../src/demo/signing-keys.js';

/**
 * Issue 19 over HTTP: a reply drafted by a specialist, returned once by the head of unit,
 * signed by the leader (PKCS#12) and issued by the clerk with the agency's key on a
 * SoftHSM2 token; checked by poppler's pdfsig and pdftotext. Then what arrives broken or
 * signed outside the trust anchors, and the rules of electronic issue.
 */

let s: TestServer;
let tmp: string;
let specialist: Client, head: Client, leader: Client, clerk: Client, sytClerk: Client;
const stc = () => s.ids.get('stc')!;
const syt = () => s.ids.get('syt')!;

/** A SoftHSM2 token holding the agency key of the demo Sở Tài chính (its certificate from the demo root). */
function softHsmToken(dir: string) {
  const conf = path.join(dir, 'softhsm2.conf');
  fs.mkdirSync(path.join(dir, 'tokens'));
  fs.writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'lienthong-stc', '--pin', '123456', '--so-pin', '654321'], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'agency.key.pem'), AGENCY_KEY);
  execFileSync('softhsm2-util', ['--import', path.join(dir, 'agency.key.pem'), '--token', 'lienthong-stc', '--label', 'stc-agency', '--id', '01', '--pin', '123456'], { stdio: 'ignore' });
  const modules = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'];
  return modules.find((m) => fs.existsSync(m))!;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-signing-'));
  const module = softHsmToken(tmp);
  s = await startServer();
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
      fs.writeFileSync(cms, Buffer.from(text.slice(b + 1, c - 1).replace(/(00)+$/, ''), 'hex'));
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
