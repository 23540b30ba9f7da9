import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { fixture, makeKey, randomDocumentFacts, rng, signLegacy, xmlCryptoVerifies, type TestKey } from './helpers/edxml.js';
import { parsePackage } from '../src/domain/edxml/parse.js';
import { buildPackage, packageBytes } from '../src/domain/edxml/build.js';
import { documentPackageTree, statusPackageTree, type StatusFacts } from '../src/domain/edxml/mapping.js';
import { signPackage } from '../src/domain/edxml/signature.js';
import { child, children, textOf, textsOf, treeToJson, type Group } from '../src/domain/edxml/tree.js';
import { lienthongArgs } from './helpers/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMITS = { maxPackageBytes: 80 * 1048576, maxAttachmentBytes: 50 * 1048576 };

let s: TestServer;
let clerkStc: Client, leaderStc: Client, specialistStc: Client, clerkSkhcn: Client, clerkSyt: Client, admin: Client;
let work: string;
let skhcnKey: TestKey;

const code = async (key: string) => (await s.ctx.db.kysely.selectFrom('organizations').select('code').where('id', '=', s.ids.get(key)!).executeTakeFirstOrThrow()).code!;
const postXml = (c: Client, body: Buffer | string) => c.request('POST', '/api/v1/edxml/import', typeof body === 'string' ? body : body.toString('utf8'), { 'content-type': 'application/xml' });
const header = (tree: Group) => child(child(child(tree, 'edXMLEnvelope'), 'edXMLHeader'), 'MessageHeader')!;
const trace = (tree: Group) => child(child(child(tree, 'edXMLEnvelope'), 'edXMLHeader'), 'TraceHeaderList')!;
const fixtureAttachment = () => {
  const m = /<edXML:ContentTransferEncoded[^>]*>([^<]*)</.exec(fixture('bkav-new-document.edxml').toString('utf8'))!;
  return Buffer.from(m[1]!, 'base64');
};

beforeAll(async () => {
  s = await startServer();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-edxml-'));
  [clerkStc, leaderStc, specialistStc, clerkSkhcn, clerkSyt, admin] = await Promise.all([
    signIn(s.url, 'vanthu.stc'),
    signIn(s.url, 'lanhdao.stc'),
    signIn(s.url, 'chuyenvien.stc'),
    signIn(s.url, 'vanthu.skhcn'),
    signIn(s.url, 'vanthu.syt'),
    signIn(s.url, 'admin'),
  ]);
  skhcnKey = makeKey('So Khoa hoc va Cong nghe Dong Nai');
}, 60_000);
afterAll(async () => {
  await s?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Composes and issues a document of Science & Technology to the given agencies. */
async function issue(summary: string, recipients: number[], extra: Record<string, unknown> = {}) {
  const draft = await clerkSkhcn.post('/api/v1/documents', { typeCode: 'KH', summary, signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc', signerCompetence: 'KT.', urgency: 'thuong_khan', dueDate: '31/12/2099', recipients, ...extra });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const up = await clerkSkhcn.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'kế hoạch.pdf', pdfBytes('Kế hoạch chuyển đổi số'));
  expect(up.status).toBe(201);
  const issued = await clerkSkhcn.post(`/api/v1/documents/${draft.body.id}/issue`);
  expect(issued.status).toBe(200);
  return { id: draft.body.id as number, issued: issued.body };
}

describe('the real packages of other vendors', () => {
  let imported: any;

  it('imports the BKAV document package into the clerk’s inbox at 01 with every field kept', async () => {
    const res = await postXml(clerkStc, fixture('bkav-new-document.edxml'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    imported = res.body;
    expect(res.body).toMatchObject({ kind: 'document', duplicate: false, signature: { result: 'none' } });
    expect(res.body.items).toEqual([{ itemId: expect.any(Number), orgId: s.ids.get('stc') }]);

    const doc = (await clerkStc.get(`/api/v1/documents/${res.body.documentId}`)).body;
    expect(doc).toMatchObject({
      origin: 'edxml',
      senderName: 'Sở Tính',
      symbol: '2491/STC-BCTC',
      number: 2491,
      docDate: '2020-10-30',
      typeCode: 'CV',
      summary: 'Báo cáo tài chính tỉnh',
      content: 'Báo cáo tài chính tỉnh',
      urgency: 'thuong',
      dueDate: null,
    });
    expect(doc.incoming.status.code).toBe('01');
    expect(doc.notes).toMatch(/edXML từ Sở Tính \(000\.00\.11\.H53\).*Không có chữ ký số/);
    // The zipped attachment is kept as it was sent: same name, same bytes.
    expect(doc.attachments).toHaveLength(1);
    expect(doc.attachments[0]).toMatchObject({ fileName: '1896_QD-TTg_m_294779.doc', mime: 'application/zip', size: fixtureAttachment().length });
    const file = await clerkStc.get(`/api/v1/documents/${doc.id}/attachments/${doc.attachments[0].id}`);
    expect(Buffer.from(file.raw).equals(fixtureAttachment())).toBe(true);

    const trail = (await clerkStc.get(`/api/v1/documents/${doc.id}/trail`)).body;
    expect(trail.recipients[0].events[0]).toMatchObject({ status: { code: '01' }, by: 'Hệ thống' });
    expect(trail.recipients[0].events[0].note).toMatch(/Không có chữ ký số/);
    const inbox = (await clerkStc.get('/api/v1/inbox')).body.items;
    expect(inbox.find((i: any) => i.documentId === doc.id)).toBeTruthy();
  });

  it('keeps From, To, Code, dates, DocumentType, SignerInfo, Priority, Bussiness and TraceHeaders in the log', async () => {
    const log = (await clerkStc.get('/api/v1/edxml/packages?direction=in&kind=document')).body.items;
    const entry = log.find((p: any) => p.documentId === imported.documentId);
    expect(entry).toMatchObject({ state: 'imported', senderCode: '000.00.11.H53', receiverCodes: ['000.00.01.A53'], edxmlDocumentId: '000.00.11.H53,2020/10/30,2491/STC-BCTC', businessDocType: 0, signature: { result: 'none', label: 'Không có chữ ký số' } });
    const tree = (await clerkStc.get(`/api/v1/edxml/packages/${entry.id}`)).body.header as Group;
    const h = header(tree);
    expect(child(h, 'From')).toEqual({ OrganId: '000.00.11.H53', OrganizationInCharge: 'Tỉnh Tây Ninh', OrganName: 'Sở Tính', OrganAdd: '', Email: 'stc@tayninh.gov.vn', Telephone: '', Fax: '', Website: '' });
    expect(children(h, 'To')).toEqual([{ OrganId: '000.00.01.A53', OrganizationInCharge: 'Tỉnh Tây Ninh', OrganName: 'Văn phòng tỉnh ủy', OrganAdd: 'Tỉnh Tây Ninh', Email: 'vptu@tayninh.gov.vn', Telephone: '', Fax: '', Website: '' }]);
    expect(child(h, 'Code')).toEqual({ CodeNumber: '2491', CodeNotation: 'STC-BCTC' });
    expect(child(h, 'PromulgationInfo')).toEqual({ Place: 'Tây Ninh', PromulgationDate: '2020-10-30' });
    expect(child(h, 'DocumentType')).toEqual({ Type: '1', TypeDetail: '0', TypeName: 'Công văn' });
    expect(textOf(h, 'Subject')).toBe('Báo cáo tài chính tỉnh');
    expect(child(h, 'SignerInfo')).toEqual({ Competence: '', Position: '', FullName: '' });
    expect(textOf(h, 'DueDate')).toBe('');
    expect(textsOf(child(h, 'ToPlaces'), 'Place')).toEqual(['Cac bo va co quan ngang bo', 'Uy ban nhan dan cac tinh, TP']);
    const other = child(h, 'OtherInfo')!;
    expect(other).toMatchObject({ Priority: '0', SphereOfPromulgation: 'Liên thông văn bản', TyperNotation: '', PromulgationAmount: '2', PageAmount: '22', Appendixes: { Appendix: [''] } });
    // An element no schema knows (Direction) is kept.
    expect(other._extra).toEqual([{ ns: 'http://www.mic.gov.vn/TBT/QCVN_102_2016', name: 'Direction', children: ['false'] }]);
    expect(textOf(h, 'SteeringType')).toBe('1');
    expect(textOf(h, 'DocumentId')).toBe('000.00.11.H53,2020/10/30,2491/STC-BCTC');
    const t = trace(tree);
    expect(children(t, 'TraceHeader')).toEqual([{ OrganId: '000.00.00.G22', Timestamp: '2018-09-28 00:00:00' }]);
    expect(child(t, 'Bussiness')).toEqual({
      DocumentId: '000.00.00.G22,2014/02/30,7806/VPCP-TTĐT',
      BussinessDocType: '0',
      BussinessDocReason: 'Văn bản điện tử mới',
      Paper: '0',
      StaffInfo: { Department: 'Văn thư văn phòng', Staff: 'Nguyễn Thị Ngọc Trâm', Email: 'vanthuvanphong@gov.vn', Mobile: '84912000001' },
    });
    const att = children(child(tree, 'AttachmentEncoded'), 'Attachment')[0]!;
    expect(att).toMatchObject({ ContentId: 'cid:209', AttachmentName: '1896_QD-TTg_m_294779.doc', Description: '1896_QD-TTg_m_294779.doc', ContentType: 'application/zip', ContentTransferEncoded: { size: fixtureAttachment().length } });
  });

  it('gives back the package as it arrived, and writes it again from the fields kept', async () => {
    const original = await clerkStc.get(`/api/v1/documents/${imported.documentId}/edxml?original=true`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toMatch(/application\/xml/);
    expect(Buffer.from(original.raw).equals(fixture('bkav-new-document.edxml'))).toBe(true);
    const rebuilt = await clerkStc.get(`/api/v1/documents/${imported.documentId}/edxml`);
    const again = parsePackage(Buffer.from(rebuilt.raw), LIMITS);
    expect(treeToJson(again.tree)).toEqual(treeToJson(parsePackage(fixture('bkav-new-document.edxml'), LIMITS).tree));
    expect(again.attachments[0]!.bytes.equals(fixtureAttachment())).toBe(true);
  });

  it('acknowledges the same package again without importing it twice', async () => {
    const before = await s.ctx.db.kysely.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await postXml(clerkStc, fixture('bkav-new-document.edxml'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ duplicate: true, documentId: imported.documentId, items: imported.items });
    const after = await s.ctx.db.kysely.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('reads the BKAV status package: StatusCode 05 answering the Government Office document', () => {
    const p = parsePackage(fixture('bkav-status-05.edxml'), LIMITS);
    expect(p.kind).toBe('status');
    const h = p.header;
    expect(textOf(h, 'StatusCode')).toBe('05');
    expect(child(h, 'ResponseFor')).toEqual({ OrganId: '000.00.00.G22', Code: '7816/VPCP-TTĐT', PromulgationDate: '2015-09-30', DocumentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT' });
    expect(child(h, 'From')).toMatchObject({ OrganId: '000.00.00.H41', OrganName: 'UBND Tỉnh Nghệ An', Telephone: '0383 840418' });
    expect(child(h, 'StaffInfo')).toEqual({ Department: 'Phong hanh chinh', Staff: 'Nguyen thi ngoc tram', Mobile: '84912000001', Email: 'ngoctram@nghean.vn' });
    expect(textOf(h, 'Description')).toBe('Đang xử lý văn bản đến');
    expect(textOf(h, 'Timestamp')).toBe('2015-09-20 11:08:36');
  });

  it('answers a status for a document it never sent with a clear 422', async () => {
    const res = await postXml(clerkStc, fixture('bkav-status-05.edxml'));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('edxml_status_unmatched');
    expect(res.body.error.message).toMatch(/7816\/VPCP-TTĐT/);
  });

  it('refuses a package addressed to another agency of the province, and a package from a non-clerk', async () => {
    const other = fixture('bkav-new-document.edxml').toString('utf8').replace('<edXML:OrganId>000.00.01.A53</edXML:OrganId>', `<edXML:OrganId>${await code('syt')}</edXML:OrganId>`);
    const res = await postXml(clerkStc, other);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('edxml_not_addressed');
    const bySpecialist = await postXml(specialistStc, fixture('bkav-new-document.edxml'));
    expect(bySpecialist.status).toBe(403);
  });
});

describe('status packages back to the sender, for every status change of an item received by edXML', () => {
  it('queues 01 on arrival and 03, 04, 05, 06 as the agency works the document', async () => {
    const pkg = fixture('bkav-new-document.edxml').toString('utf8').replace(/2491/g, '2492');
    const res = await postXml(clerkStc, pkg);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const item = res.body.items[0].itemId;
    expect((await clerkStc.post(`/api/v1/inbox/${item}/receive`)).status).toBe(200);
    const users = (await leaderStc.get(`/api/v1/users?orgId=${s.ids.get('stc')}`)).body;
    const specialist = users.find((u: any) => u.username === 'chuyenvien.stc');
    expect((await leaderStc.post(`/api/v1/inbox/${item}/assign`, { assignees: [{ userId: specialist.id, role: 'lead' }], direction: 'Xử lý' })).status).toBe(200);
    expect((await specialistStc.post(`/api/v1/inbox/${item}/start`)).status).toBe(200);
    expect((await specialistStc.post(`/api/v1/inbox/${item}/complete`, { resultNote: 'Đã báo cáo UBND tỉnh' })).status).toBe(200);

    const out = (await clerkStc.get(`/api/v1/edxml/packages?direction=out&documentId=${res.body.documentId}`)).body.items.reverse();
    expect(out.map((p: any) => p.status.code)).toEqual(['01', '03', '04', '05', '06']);
    for (const p of out) expect(p).toMatchObject({ kind: 'status', state: 'pending', receiverCodes: ['000.00.11.H53'], senderCode: await code('stc'), consignmentId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const last = await clerkStc.get(`/api/v1/edxml/packages/${out[4].id}/content`);
    const status = parsePackage(Buffer.from(last.raw), LIMITS);
    expect(status.kind).toBe('status');
    expect(textOf(status.header, 'StatusCode')).toBe('06');
    expect(textOf(status.header, 'Description')).toBe('Đã báo cáo UBND tỉnh');
    expect(child(status.header, 'ResponseFor')).toEqual({ OrganId: '000.00.11.H53', Code: '2492/STC-BCTC', PromulgationDate: '2020-10-30', DocumentId: '000.00.11.H53,2020/10/30,2492/STC-BCTC' });
    const who = await s.ctx.db.kysely.selectFrom('users').select('full_name').where('username', '=', 'chuyenvien.stc').executeTakeFirstOrThrow();
    expect(child(status.header, 'StaffInfo')).toMatchObject({ Staff: who.full_name });
    // Another agency's clerk sees none of it.
    expect((await clerkSyt.get(`/api/v1/edxml/packages/${out[4].id}`)).status).toBe(404);
  });

  it('a recall asked by the sender (13) waits for the clerk, whose answer (15) goes back', async () => {
    const pkg = fixture('bkav-new-document.edxml').toString('utf8').replace(/2491/g, '2493');
    const res = await postXml(clerkStc, pkg);
    const item = res.body.items[0].itemId;
    const recall: StatusFacts = {
      from: { code: '000.00.11.H53', name: 'Sở Tính', inCharge: 'Tỉnh Tây Ninh', address: '', email: 'stc@tayninh.gov.vn', phone: '', website: '' },
      responseFor: { organId: '000.00.11.H53', code: '2493/STC-BCTC', date: '2020-10-30', documentId: '000.00.11.H53,2020/10/30,2493/STC-BCTC' },
      staff: { department: 'Văn thư', staff: 'Nguyễn Thị Ngọc Trâm', email: '' },
      statusCode: '13',
      description: 'Văn bản ban hành nhầm, đề nghị trả lại',
      timestamp: '2026-01-05 09:30:00',
    };
    const asked = await postXml(clerkStc, packageBytes(buildPackage(statusPackageTree(recall), 'status')));
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ kind: 'status', statusCode: '13', items: [{ itemId: item }] });
    const pending = (await clerkStc.get('/api/v1/inbox?recall=pending')).body.items;
    expect(pending.some((i: any) => i.itemId === item)).toBe(true);
    const answer = await clerkStc.post(`/api/v1/inbox/${item}/recall-answer`, { agree: true, reason: 'Đồng ý' });
    expect(answer.status).toBe(200);
    const out = (await clerkStc.get(`/api/v1/edxml/packages?direction=out&documentId=${res.body.documentId}`)).body.items;
    expect(out[0].status.code).toBe('15');
  });
});

describe('status packages received update the trail of documents the province issued', () => {
  let external: number;
  let docId: number;
  let documentId: string;
  const externalCode = '000.00.05.H53';
  const statusFrom = { code: externalCode, name: 'Sở Tài chính tỉnh Tây Ninh', inCharge: 'Tỉnh Tây Ninh', address: '', email: '', phone: '', website: '' };
  const status = (statusCode: string, description: string, timestamp: string, rf = documentId) =>
    packageBytes(buildPackage(statusPackageTree({ from: statusFrom, responseFor: { organId: '', code: rf.split(',')[2]!, date: '', documentId: rf }, staff: { department: 'Văn thư', staff: 'Trần Văn Bình', email: '' }, statusCode, description, timestamp }), 'status'));

  beforeAll(async () => {
    const orgs = (await admin.get('/api/v1/organizations')).body;
    const province = orgs.find((o: any) => o.kind === 'province');
    const created = await admin.post('/api/v1/organizations', { code: externalCode, name: 'Sở Tài chính tỉnh Tây Ninh', shortName: 'STCTN', kind: 'agency', parentId: province.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    external = created.body.id;
    const d = await issue('Về việc phối hợp quyết toán ngân sách liên tỉnh', [external]);
    docId = d.id;
    const exported = parsePackage(Buffer.from((await clerkSkhcn.get(`/api/v1/documents/${docId}/edxml`)).raw), LIMITS);
    documentId = textOf(exported.header, 'DocumentId')!;
    expect(documentId).toBe(`${await code('skhcn')},${d.issued.issuedAt ? (await clerkSkhcn.get(`/api/v1/documents/${docId}`)).body.docDate.replace(/-/g, '/') : ''},${d.issued.symbol}`);
  });

  it('moves the recipient’s trail through 03, 04, 05, 06 with who and when', async () => {
    for (const [c, note, ts] of [
      ['03', 'Đã vào sổ đến số 15', '2026-03-02 08:00:00'],
      ['04', 'Giao Phòng Ngân sách', '2026-03-02 09:00:00'],
      ['05', 'Đang xử lý', '2026-03-02 10:00:00'],
      ['06', 'Đã hoàn thành', '2026-03-03 16:30:00'],
    ] as const) {
      const r = await postXml(clerkSkhcn, status(c, note, ts));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ kind: 'status', statusCode: c, documentId: docId });
    }
    const trail = (await clerkSkhcn.get(`/api/v1/documents/${docId}/trail`)).body.recipients.find((r: any) => r.orgId === external);
    expect(trail.current.code).toBe('06');
    expect(trail.events.map((e: any) => e.status.code)).toEqual(['01', '03', '04', '05', '06']);
    expect(trail.events[4]).toMatchObject({ by: 'Trần Văn Bình — Sở Tài chính tỉnh Tây Ninh', note: 'Đã hoàn thành', at: '2026-03-03T09:30:00.000Z' });
    const doc = (await clerkSkhcn.get(`/api/v1/documents/${docId}`)).body;
    expect(doc.recipients.find((r: any) => r.orgId === external).status.code).toBe('06');
  });

  it('acknowledges a repeated status package, refuses one for another agency’s document and a 13 from a recipient', async () => {
    const again = await postXml(clerkSkhcn, status('06', 'Đã hoàn thành', '2026-03-03 16:30:00'));
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    const events = (await clerkSkhcn.get(`/api/v1/documents/${docId}/trail`)).body.recipients.find((r: any) => r.orgId === external).events;
    expect(events).toHaveLength(5);
    const notYours = await postXml(clerkSyt, status('05', 'x', '2026-03-04 08:00:00'));
    expect(notYours.status).toBe(404);
    const wrongWay = await postXml(clerkSkhcn, status('13', 'x', '2026-03-04 08:00:00'));
    expect(wrongWay.status).toBe(422);
    expect(wrongWay.body.error.code).toBe('edxml_status_direction');
  });

  it('a recall accepted (14, read as 15) withdraws the recipient’s copy', async () => {
    const d = await issue('Về việc thu hồi kế hoạch cũ', [external]);
    const exported = parsePackage(Buffer.from((await clerkSkhcn.get(`/api/v1/documents/${d.id}/edxml`)).raw), LIMITS);
    expect((await clerkSkhcn.post(`/api/v1/documents/${d.id}/recall`, { reason: 'Ban hành nhầm' })).status).toBe(200);
    const r = await postXml(clerkSkhcn, status('14', 'Đồng ý thu hồi', '2026-03-05 08:00:00', textOf(exported.header, 'DocumentId')!));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const doc = (await clerkSkhcn.get(`/api/v1/documents/${d.id}`)).body;
    expect(doc.recipients.find((x: any) => x.orgId === external)).toMatchObject({ recallState: '15', withdrawn: true });
  });
});

describe('signatures', () => {
  let signedDoc: number;
  let signed: Buffer;

  it('the agency’s key and certificate are set by an administrator, never shown back', async () => {
    const refused = await clerkSkhcn.request('PUT', '/api/v1/edxml/key', JSON.stringify({ privateKey: skhcnKey.privateKeyPem, certificate: skhcnKey.certificatePem }), { 'content-type': 'application/json' });
    expect(refused.status).toBe(403);
    const wrongPair = await admin.request('PUT', `/api/v1/edxml/key?orgId=${s.ids.get('skhcn')}`, JSON.stringify({ privateKey: makeKey('khac').privateKeyPem, certificate: skhcnKey.certificatePem }), { 'content-type': 'application/json' });
    expect(wrongPair.status).toBe(400);
    expect(wrongPair.body.error.messageEn).toMatch(/does not belong/);
    const set = await admin.request('PUT', `/api/v1/edxml/key?orgId=${s.ids.get('skhcn')}`, JSON.stringify({ privateKey: skhcnKey.privateKeyPem, certificate: skhcnKey.certificatePem }), { 'content-type': 'application/json' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ signing: true, subject: expect.stringContaining('CN=So Khoa hoc va Cong nghe Dong Nai') });
    const info = await clerkSkhcn.get('/api/v1/edxml/key');
    expect(info.body.signing).toBe(true);
    expect(JSON.stringify(info.body)).not.toMatch(/PRIVATE KEY/);
    const stored = await s.ctx.db.kysely.selectFrom('edxml_keys').select('private_key_pem').where('org_id', '=', s.ids.get('skhcn')!).executeTakeFirstOrThrow();
    expect(stored.private_key_pem).not.toMatch(/PRIVATE KEY/);
  });

  it('exports signed (RSA-SHA256, Reference URI="", after TraceHeaderList); another verifier agrees; the recipient sees it valid', async () => {
    const d = await issue('Về việc ký số gói tin liên thông', [s.ids.get('stc')!]);
    signedDoc = d.id;
    const res = await clerkSkhcn.get(`/api/v1/documents/${d.id}/edxml`);
    expect(res.headers.get('x-edxml-signed')).toBe('1');
    signed = Buffer.from(res.raw);
    const xml = signed.toString('utf8');
    expect(xml).toMatch(/<\/edXML:TraceHeaderList><Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">/);
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(xml).toContain('<Reference URI="">');
    expect(xml).toContain('http://www.w3.org/2000/09/xmldsig#enveloped-signature');
    expect(xml).toMatch(/<X509Certificate>MII/);
    expect(xmlCryptoVerifies(xml)).toBe(true);
    const r = await postXml(clerkStc, signed);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.signature).toMatchObject({ result: 'valid', algorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', subject: expect.stringContaining('So Khoa hoc va Cong nghe') });
    const trail = (await clerkStc.get(`/api/v1/documents/${r.body.documentId}/trail`)).body;
    expect(trail.recipients[0].events[0].note).toMatch(/Chữ ký số hợp lệ \(CN=So Khoa hoc/);
    const log = (await clerkStc.get(`/api/v1/edxml/packages?documentId=${r.body.documentId}&direction=in`)).body.items[0];
    expect(log.signature).toMatchObject({ result: 'valid', label: 'Chữ ký số hợp lệ', detail: { fingerprint256: expect.any(String) } });
  });

  it('refuses a signed package changed after signing (422) and logs the refusal; nothing is imported', async () => {
    const tampered = signed.toString('utf8').replace('Về việc ký số gói tin liên thông', 'Về việc ký số gói tin liên thông (đã sửa)');
    expect(xmlCryptoVerifies(tampered)).toBe(false);
    const before = await s.ctx.db.kysely.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const r = await postXml(clerkStc, tampered);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('edxml_signature_invalid');
    expect(r.body.error.message).toMatch(/Chữ ký số của gói edXML không hợp lệ/);
    const after = await s.ctx.db.kysely.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const log = (await clerkStc.get('/api/v1/edxml/packages?direction=in')).body.items;
    expect(log[0]).toMatchObject({ state: 'refused', signature: { result: 'invalid' } });
    // A signature made with another key than the certificate it carries is wrong too.
    const other = makeKey('Ke gia mao');
    const swapped = signed.toString('utf8').replace(/<X509Certificate>[^<]+<\/X509Certificate>/, `<X509Certificate>${other.certificatePem.replace(/-----[^-]+-----|\s/g, '')}</X509Certificate>`);
    expect((await postXml(clerkStc, swapped)).status).toBe(422);
  });

  it('accepts RSA-SHA1 from a legacy sender, and records a package without signature as none', async () => {
    const legacyKey = makeKey('Legacy sender');
    const base = fixture('bkav-new-document.edxml').toString('utf8').replace(/2491/g, '3001').replace(/<Signature>[\s\S]*<\/Signature>/, '');
    const legacy = signLegacy(base, legacyKey);
    expect(legacy).toContain('xmldsig#rsa-sha1');
    const r = await postXml(clerkStc, legacy);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.signature).toMatchObject({ result: 'valid', algorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', subject: expect.stringContaining('Legacy sender') });
    const none = await postXml(clerkStc, base.replace(/3001/g, '3002'));
    expect(none.body.signature.result).toBe('none');
    expect(signedDoc).toBeGreaterThan(0);
  });
});

describe('export → import → export gives the same package', () => {
  it('for 150 generated documents with Vietnamese text (seeded), byte for byte and field for field', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const facts = randomDocumentFacts(rng(seed));
      const first = packageBytes(buildPackage(documentPackageTree(facts), 'document'));
      const read = parsePackage(first, LIMITS);
      const second = packageBytes(buildPackage(read.tree, 'document'));
      expect(second.equals(first), `seed ${seed}`).toBe(true);
      const h = read.header;
      expect(textOf(h, 'Subject'), `seed ${seed}`).toBe(facts.subject);
      expect(textOf(h, 'Content'), `seed ${seed}`).toBe(facts.content);
      expect(children(h, 'To').map((t) => textOf(t, 'OrganName'))).toEqual(facts.to.map((t) => t.name));
      expect(read.attachments.map((a) => [a.name, a.bytes.toString('base64')])).toEqual(facts.attachments.map((a) => [a.name, a.bytes.toString('base64')]));
    }
  });

  it('through the server: a document exported, imported by its recipient and exported again is the same package', async () => {
    const r = rng(7);
    for (let i = 0; i < 4; i++) {
      const facts = randomDocumentFacts(r);
      const d = await issue(facts.subject, [s.ids.get('sgddt')!], { content: facts.content, signerName: facts.signer.fullName, urgency: facts.urgency });
      await s.ctx.db.kysely.deleteFrom('edxml_keys').where('org_id', '=', s.ids.get('skhcn')!).execute();
      const first = Buffer.from((await clerkSkhcn.get(`/api/v1/documents/${d.id}/edxml`)).raw);
      const clerkSgddt = await signIn(s.url, 'vanthu.sgddt');
      const imported = await postXml(clerkSgddt, first);
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      const second = Buffer.from((await clerkSgddt.get(`/api/v1/documents/${imported.body.documentId}/edxml`)).raw);
      expect(second.toString('utf8')).toBe(first.toString('utf8'));
      const doc = (await clerkSgddt.get(`/api/v1/documents/${imported.body.documentId}`)).body;
      expect(doc).toMatchObject({ summary: facts.subject, symbol: d.issued.symbol, typeCode: 'KH', signerName: facts.signer.fullName, urgency: facts.urgency, signerCompetence: 'KT.', dueDate: '2099-12-31' });
    }
  });
});

describe('lienthong edxml, the command line', () => {
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: s.db.dataDir, DATABASE_URL: s.db.databaseUrl ?? '' };
      execFile(process.execPath, lienthongArgs(...args), { cwd: root, env, timeout: 60_000, maxBuffer: 20 * 1048576 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });

  it('validate: exit 0 and a summary, or exit 1 naming the element in error', async () => {
    const ok = await run('edxml', 'validate', path.join('/work/shared/fixtures/edxml', 'bkav-new-document.edxml'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Gói edXML hợp lệ: văn bản/);
    expect(ok.stdout).toMatch(/2491\/STC-BCTC — ngày 30\/10\/2020/);
    expect(ok.stdout).toMatch(/1896_QD-TTg_m_294779\.doc/);
    const bad = path.join(work, 'bad.edxml');
    fs.writeFileSync(bad, fixture('bkav-new-document.edxml').toString('utf8').replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, ''));
    const ko = await run('edxml', 'validate', bad);
    expect(ko.code).toBe(1);
    expect(ko.stderr).toMatch(/Lỗi tại phần tử MessageHeader\/Subject/);
  });

  it('import --to an agency, export to a file, and set a key', async () => {
    const imp = await run('edxml', 'import', path.join('/work/shared/fixtures/edxml', 'bkav-new-document.edxml'), '--to', await code('syt'));
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/Đã nhập văn bản #\d+/);
    const id = Number(/văn bản #(\d+)/.exec(imp.stdout)![1]);
    const inbox = (await clerkSyt.get('/api/v1/inbox')).body.items;
    expect(inbox.some((i: any) => i.documentId === id)).toBe(true);

    const key = makeKey('So Y te Dong Nai');
    const set = await run('edxml', 'key', 'set', await code('syt'), '--key', key.keyFile, '--cert', key.certFile);
    expect(set.code, set.stderr).toBe(0);
    const d = await issue('Về việc xuất gói bằng dòng lệnh', [s.ids.get('syt')!]);
    const out = path.join(work, 'out.edxml');
    const exp = await run('edxml', 'export', String(d.id), '--out', out);
    expect(exp.code, exp.stderr).toBe(0);
    const p = parsePackage(fs.readFileSync(out), LIMITS);
    expect(textOf(p.header, 'Subject')).toBe('Về việc xuất gói bằng dòng lệnh');
    const missing = await run('edxml', 'export', '999999');
    expect(missing.code).toBe(1);
  });
});

describe('a package kept for a transport', () => {
  it('is signed when the agency has a key', async () => {
    const key = makeKey('So Tai chinh Dong Nai');
    expect((await admin.request('PUT', `/api/v1/edxml/key?orgId=${s.ids.get('stc')}`, JSON.stringify({ privateKey: key.privateKeyPem, certificate: key.certificatePem }), { 'content-type': 'application/json' })).status).toBe(200);
    const pkg = fixture('bkav-new-document.edxml').toString('utf8').replace(/2491/g, '2494');
    const res = await postXml(clerkStc, pkg);
    const out = (await clerkStc.get(`/api/v1/edxml/packages?direction=out&documentId=${res.body.documentId}`)).body.items[0];
    expect(out.signature.result).toBe('valid');
    const bytes = Buffer.from((await clerkStc.get(`/api/v1/edxml/packages/${out.id}/content`)).raw);
    expect(xmlCryptoVerifies(bytes.toString('utf8'))).toBe(true);
    expect(signPackage).toBeTypeOf('function');
  });
});
