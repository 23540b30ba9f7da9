import http from 'node:http';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { Client, pdfBytes, signIn } from './helpers/client.js';
import { makeKey } from './helpers/edxml.js';
import { eventually } from './helpers/federation.js';
import { startAxisServer, type AxisServer } from './helpers/axis-server.js';
import { buildPackage, packageBytes } from '../src/domain/edxml/build.js';
import { documentPackageTree, type DocumentFacts, type OrganFacts } from '../src/domain/edxml/mapping.js';
import { parsePackage } from '../src/domain/edxml/parse.js';
import { child, textOf, type Group } from '../src/domain/edxml/tree.js';
import { hmacSignature, PUSH_HEADERS, rsaSignature, verifyPushSignature } from '../src/domain/federation.js';
import { startFederationWorker, type FederationWorker } from '../src/modules/interop/federation/worker.js';
import { federationSettings } from '../src/modules/interop/federation/settings.js';
import { lienthongArgs } from './helpers/bundle.js';

/**
 * The exchange between nodes on one real server (the demo province, Đồng Nai): its peers
 * and routes, the signed push endpoint, revoke / update / replace, the delivery worker
 * against a real HTTP receiver standing for the other province, and the national axis
 * adapter against a local server written from the axis's description.
 */
const SECRET = 'khoa-chung-cua-hai-tinh-0123456789';
const LIMITS = { maxPackageBytes: 10 << 20, maxAttachmentBytes: 5 << 20 };

let s: TestServer;
let admin: Client;
let clerkStc: Client;
let clerkUbnd: Client;
let worker: FederationWorker;
let peerId: number;
let stcCode: string;

/** The other province's node as far as this server can tell: it receives our pushes and checks their signature. */
interface Received {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  signatureOk: boolean;
}
const received: Received[] = [];
/** Answers the fake peer gives instead of a receipt, each to the first push whose package holds `when`. */
const forced: { status: number; body: unknown; when: string }[] = [];
let receiver: http.Server;
let receiverUrl = '';

const organ = (code: string, name: string): OrganFacts => ({ code, name, inCharge: 'Tỉnh Khánh Hòa', address: 'Nha Trang', email: '', phone: '', website: '' });
const KH_STC = organ('000.00.05.H41', 'Sở Tài chính tỉnh Khánh Hòa');

function documentFrom(from: OrganFacts, to: OrganFacts, number: string, subject: string, business?: (b: Group) => void): Buffer {
  const facts: DocumentFacts = {
    from,
    to: [to],
    number,
    notation: 'STC-NS',
    place: 'Khánh Hòa',
    date: '2026-03-02',
    typeDetail: '1',
    typeName: 'Công văn',
    subject,
    content: '',
    signer: { competence: 'KT.', position: 'Phó Giám đốc', fullName: 'Trần Văn Hải' },
    dueDate: '',
    toPlaces: [to.name],
    urgency: 'thuong',
    promulgationAmount: '',
    responseFor: [],
    issuedAt: '2026-03-02 08:00:00',
    staff: { department: 'Văn phòng', staff: 'Nguyễn Thị Lan', email: '' },
    attachments: [{ name: 'cong-van.pdf', contentType: 'application/pdf', bytes: pdfBytes(subject) }],
  };
  const tree = documentPackageTree(facts);
  const b = child(child(child(tree, 'edXMLEnvelope'), 'edXMLHeader'), 'TraceHeaderList')!.Bussiness as Group;
  business?.(b);
  return packageBytes(buildPackage(tree, 'document'));
}

function push(body: Buffer | string, o: { node?: string; secret?: string; consignment?: string; timestamp?: number; signature?: string; contentType?: string } = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const consignment = o.consignment ?? randomUUID();
  const ts = String(o.timestamp ?? Date.now());
  return fetch(`${s.url}/api/v1/federation/push`, {
    method: 'POST',
    headers: {
      'content-type': o.contentType ?? 'application/xml',
      [PUSH_HEADERS.node]: o.node ?? 'khanhhoa',
      [PUSH_HEADERS.timestamp]: ts,
      [PUSH_HEADERS.consignment]: consignment,
      [PUSH_HEADERS.signature]: o.signature ?? hmacSignature(o.secret ?? SECRET, ts, consignment, bytes),
    },
    body: new Uint8Array(bytes),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any, consignment }));
}

/** The real `lienthong` command on the server's database. */
function lienthong(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: s.db.dataDir, DATABASE_URL: s.db.databaseUrl ?? '' };
  const cwd = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  return new Promise((resolve) =>
    execFile(process.execPath, lienthongArgs(...args), { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr })),
  );
}

const inbox = async (c: Client, q = '') => (await c.get(`/api/v1/inbox?limit=200${q}`)).body.items as any[];
const statusPushes = (code: string) => received.filter((r) => parsePackage(r.body, LIMITS).kind === 'status' && textOf(parsePackage(r.body, LIMITS).header, 'StatusCode') === code);

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const h = (n: string) => String(req.headers[n] ?? '');
      const signatureOk = verifyPushSignature({ secret: SECRET, certificatePem: null }, h(PUSH_HEADERS.signature), h(PUSH_HEADERS.timestamp), h(PUSH_HEADERS.consignment), body);
      received.push({ headers: req.headers, body, signatureOk });
      const at = forced.findIndex((x) => body.toString('utf8').includes(x.when));
      const f = at >= 0 ? forced.splice(at, 1)[0] : undefined;
      res.writeHead(f?.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(f?.body ?? { consignmentId: h(PUSH_HEADERS.consignment), received: true }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const a = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  s = await startServer();
  admin = await signIn(s.url, 'admin');
  clerkStc = await signIn(s.url, 'vanthu.stc');
  clerkUbnd = await signIn(s.url, 'vanthu.ubnd');
  stcCode = (await admin.get('/api/v1/organizations')).body.find((o: any) => o.id === s.ids.get('stc')).code;
  worker = startFederationWorker(s.ctx, { ...federationSettings({}), pollMs: 50, retryBaseMs: 200, axisPollMs: 3_600_000 });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await s?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('peers and the organisations they host, as data', () => {
  it('only the province administrator configures peers; input is checked; secrets are never shown back', async () => {
    expect((await clerkStc.get('/api/v1/federation/peers')).status).toBe(403);
    const bad = await admin.post('/api/v1/federation/peers', { name: 'Khánh Hòa', baseUrl: 'ftp://x', peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret: SECRET });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('baseUrl');
    const short = await admin.post('/api/v1/federation/peers', { name: 'Khánh Hòa', baseUrl: receiverUrl, peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret: 'ngan' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ field: 'secret', messageEn: expect.stringMatching(/16 to 500/) });
    const ok = await admin.post('/api/v1/federation/peers', { name: 'Tỉnh Khánh Hòa', baseUrl: receiverUrl, peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret: SECRET });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    peerId = ok.body.id;
    expect(ok.body).toMatchObject({ transport: 'node', auth: 'hmac', hasInboundSecret: true, hasOutboundSecret: true, active: true });
    expect(JSON.stringify(ok.body)).not.toContain(SECRET);
    const stored = await s.ctx.db.kysely.selectFrom('federation_peers').select(['inbound_secret', 'outbound_secret']).where('id', '=', peerId).executeTakeFirstOrThrow();
    expect(`${stored.inbound_secret} ${stored.outbound_secret}`).not.toContain(SECRET);
    const again = await admin.post('/api/v1/federation/peers', { name: 'Trùng', baseUrl: receiverUrl, peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret: SECRET });
    expect(again.status).toBe(409);
  });

  it('a full code becomes an external organisation (a recipient); a level-1 code routes a whole province; our own codes stay ours', async () => {
    const r = await admin.post(`/api/v1/federation/peers/${peerId}/organizations`, { organizations: [{ code: KH_STC.code, name: KH_STC.name }, { code: 'h41' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.organizations).toEqual([expect.objectContaining({ code: KH_STC.code, created: true }), { code: 'H41', orgId: null, created: false }]);
    const org = (await clerkUbnd.get('/api/v1/organizations')).body.find((o: any) => o.code === KH_STC.code);
    expect(org).toMatchObject({ kind: 'external', name: KH_STC.name, active: true });
    const ours = await admin.post(`/api/v1/federation/peers/${peerId}/organizations`, { organizations: [{ code: stcCode, name: 'x' }] });
    expect(ours.status).toBe(409);
    expect(ours.body.error.code).toBe('code_is_ours');
    const wrong = await admin.post(`/api/v1/federation/peers/${peerId}/organizations`, { organizations: [{ code: '12.H41' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('organizations[0].code');
    const list = (await admin.get('/api/v1/federation/peers')).body;
    expect(list[0].organizations.map((o: any) => o.code)).toEqual([KH_STC.code, 'H41']);
  });
  it('lienthong peer add | host | list: the same, from the command line', async () => {
    const add = await lienthong('peer', 'add', '--name', 'Tỉnh Lâm Đồng', '--url', 'https://lienthong.lamdong.gov.vn/', '--node-id', 'lamdong', '--our-id', 'dongnai', '--secret', SECRET, '--host', '000.00.05.H42=Sở Tài chính tỉnh Lâm Đồng');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Đã khai báo nút liên thông #\d+ Tỉnh Lâm Đồng/);
    const host = await lienthong('peer', 'host', 'lamdong', 'H42');
    expect(host.code, host.stderr).toBe(0);
    const bad = await lienthong('peer', 'add', '--name', 'x', '--url', 'https://x.vn', '--node-id', 'x', '--our-id', 'dongnai', '--secret', 'ngan');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/secret: Khóa chung phải dài từ 16/);
    const list = await lienthong('peer', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('Tỉnh Lâm Đồng [node] https://lienthong.lamdong.gov.vn');
    expect(list.stdout).toContain('000.00.05.H42 Sở Tài chính tỉnh Lâm Đồng');
    expect(list.stdout).not.toContain(SECRET);
  }, 60_000);
});

describe('the push endpoint', () => {
  it('refuses unsigned, unknown, wrongly signed and stale requests (401), a bad consignment id or package (400 naming the element), a sender the peer does not host (403)', async () => {
    const pkg = documentFrom(KH_STC, organ(stcCode, 'Sở Tài chính'), '1', 'Về việc thử nghiệm');
    const bare = await fetch(`${s.url}/api/v1/federation/push`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: new Uint8Array(pkg) });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as any).error.code).toBe('federation_unauthenticated');
    expect((await push(pkg, { node: 'hanoi' })).body.error.code).toBe('federation_unknown_peer');
    const wrong = await push(pkg, { secret: 'khoa-sai-khoa-sai-khoa-sai' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('federation_bad_signature');
    const stale = await push(pkg, { timestamp: Date.now() - 10 * 60_000 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('federation_stale');
    expect((await push(pkg, { consignment: 'x' })).status).toBe(400);
    const broken = await push(pkg.toString('utf8').replace(/<edXML:CodeNumber>1<\/edXML:CodeNumber>/, ''));
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'edxml_missing', field: 'MessageHeader/Code/CodeNumber' });
    const elsewhere = await push(documentFrom(organ('000.00.05.H52', 'Sở Tài chính tỉnh khác'), organ(stcCode, 'Sở Tài chính'), '2', 'Về việc khác'));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.messageEn).toMatch(/000\.00\.05\.H52/);
    expect((await inbox(clerkStc)).filter((i) => i.senderName === KH_STC.name)).toHaveLength(0);
  });

  it('imports into the addressed agency at 01, answers a receipt, and a repeat of the consignment is a duplicate, not a second document', async () => {
    const pkg = documentFrom(KH_STC, organ(stcCode, 'Sở Tài chính'), '11', 'Về việc đối chiếu số liệu ngân sách');
    const first = await push(pkg);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ consignmentId: first.consignment, received: true, kind: 'document', items: [{ orgId: s.ids.get('stc') }] });
    const again = await push(pkg, { consignment: first.consignment });
    expect(again.body).toMatchObject({ consignmentId: first.consignment, received: 'duplicate', documentId: first.body.documentId });
    expect((await inbox(clerkStc)).filter((i) => i.symbol === '11/STC-NS')).toHaveLength(1);
    // 01 goes back to the node the document came through, signed for it.
    const back = await eventually(async () => statusPushes('01')[0], '01 pushed back');
    expect(back.signatureOk).toBe(true);
    expect(back.headers[PUSH_HEADERS.node]).toBe('dongnai');
    const log = (await clerkStc.get(`/api/v1/edxml/packages?direction=out&kind=status&documentId=${first.body.documentId}`)).body.items;
    expect(await eventually(async () => ((await clerkStc.get(`/api/v1/edxml/packages/${log[0].id}`)).body.state === 'sent' ? true : undefined), 'the receipt')).toBe(true);
  });

  it('a peer configured with a certificate signs with its key (RSA-SHA256)', async () => {
    const theirs = makeKey('Lien Thong Ha Noi');
    const ours = makeKey('Lien Thong Dong Nai');
    const r = await admin.post('/api/v1/federation/peers', { name: 'Thành phố Hà Nội', baseUrl: receiverUrl, auth: 'certificate', peerNodeId: 'hanoi', ourNodeId: 'dongnai', peerCertificate: theirs.certificatePem, ourPrivateKey: ours.privateKeyPem });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.peerCertificate.subject).toContain('CN=Lien Thong Ha Noi');
    await admin.post(`/api/v1/federation/peers/${r.body.id}/organizations`, { organizations: [{ code: 'H01' }] });
    const pkg = documentFrom(organ('000.00.05.H01', 'Sở Tài chính thành phố Hà Nội'), organ(stcCode, 'Sở Tài chính'), '21', 'Về việc trao đổi kinh nghiệm');
    const consignment = randomUUID();
    const ts = Date.now();
    const signed = await push(pkg, { node: 'hanoi', consignment, timestamp: ts, signature: rsaSignature(theirs.privateKeyPem, String(ts), consignment, pkg) });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const forged = await push(pkg, { node: 'hanoi', signature: rsaSignature(ours.privateKeyPem, String(ts), consignment, pkg) });
    expect(forged.status).toBe(401);
  });
});

describe('revoke, update and replace (BussinessDocType 1, 2, 3)', () => {
  let originalItem: number;
  let originalDoc: number;
  const stcOrgan = () => organ(stcCode, 'Sở Tài chính');
  const X = '000.00.05.H41,2026/03/02,31/STC-NS';

  it('a revocation asks the recipient like a recall; its refusal (16) goes back about the original', async () => {
    const orig = await push(documentFrom(KH_STC, stcOrgan(), '31', 'Về việc phân bổ kinh phí'));
    originalDoc = orig.body.documentId;
    originalItem = orig.body.items[0].itemId;
    const before = (await inbox(clerkStc)).length;
    const revoke = await push(documentFrom(KH_STC, stcOrgan(), '31', 'Về việc phân bổ kinh phí', (b) => Object.assign(b, { BussinessDocType: '1', BussinessDocReason: 'Sai thẩm quyền ban hành', DocumentId: X })));
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(200);
    expect(revoke.body).toMatchObject({ received: true, documentId: originalDoc, items: [{ itemId: originalItem }] });
    expect((await inbox(clerkStc)).length).toBe(before);
    const pending = (await inbox(clerkStc, '&recall=pending')).find((i) => i.itemId === originalItem);
    expect(pending.recallState).toBe('13');
    const trail = (await clerkStc.get(`/api/v1/documents/${originalDoc}/trail`)).body.recipients[0].events;
    expect(trail.at(-1)).toMatchObject({ status: { code: '13' }, note: expect.stringContaining('Sai thẩm quyền ban hành') });
    expect((await clerkStc.post(`/api/v1/inbox/${originalItem}/recall-answer`, { agree: false, reason: 'Đã triển khai thực hiện' })).status).toBe(200);
    const refusal = await eventually(async () => statusPushes('16')[0], '16 pushed back');
    expect(textOf(child(parsePackage(refusal.body, LIMITS).header, 'ResponseFor'), 'DocumentId')).toBe(X);
    const unknown = await push(documentFrom(KH_STC, stcOrgan(), '99', 'x', (b) => Object.assign(b, { BussinessDocType: '1', DocumentId: '000.00.05.H41,2026/01/01,99/STC-NS' })));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('edxml_original_unknown');
  });

  it('an update arrives as a new document linked to the original; agreeing (15) withdraws the original', async () => {
    const upd = await push(documentFrom(KH_STC, stcOrgan(), '32', 'Về việc phân bổ kinh phí (cập nhật)', (b) => Object.assign(b, { BussinessDocType: '2', BussinessDocReason: 'Bổ sung phụ lục', DocumentId: X })));
    expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    const doc = (await clerkStc.get(`/api/v1/documents/${upd.body.documentId}`)).body;
    expect(doc).toMatchObject({ replyToId: originalDoc, incoming: { status: { code: '01' } } });
    expect(doc.notes).toContain('Gói cập nhật văn bản: Bổ sung phụ lục');
    expect((await inbox(clerkStc, '&recall=pending')).some((i) => i.itemId === originalItem)).toBe(true);
    expect((await clerkStc.post(`/api/v1/inbox/${originalItem}/recall-answer`, { agree: true })).status).toBe(200);
    const agreed = await eventually(async () => statusPushes('15')[0], '15 pushed back');
    expect(textOf(child(parsePackage(agreed.body, LIMITS).header, 'ResponseFor'), 'DocumentId')).toBe(X);
    expect((await clerkStc.get(`/api/v1/documents/${upd.body.documentId}`)).status).toBe(200);
  });

  it('a replacement names what it replaces (ReplacementInfo); the replaced item waits for the answer', async () => {
    const orig = await push(documentFrom(KH_STC, stcOrgan(), '41', 'Về việc lịch công tác'));
    const Z = '000.00.05.H41,2026/03/02,41/STC-NS';
    const rep = await push(
      documentFrom(KH_STC, stcOrgan(), '42', 'Về việc lịch công tác (thay thế)', (b) =>
        Object.assign(b, { BussinessDocType: '3', BussinessDocReason: 'Đổi ngày họp', ReplacementInfoList: { ReplacementInfo: [{ DocumentId: Z, OrganIdList: { OrganId: [stcCode] } }] } }),
      ),
    );
    expect(rep.status, JSON.stringify(rep.body)).toBe(200);
    expect((await clerkStc.get(`/api/v1/documents/${rep.body.documentId}`)).body.replyToId).toBe(orig.body.documentId);
    const waiting = (await inbox(clerkStc, '&recall=pending')).find((i) => i.itemId === orig.body.items[0].itemId);
    expect(waiting.recallState).toBe('13');
    // The same rules through the clerk's import: a revocation of it says what it did.
    const revoke = documentFrom(KH_STC, stcOrgan(), '41', 'Về việc lịch công tác', (b) => Object.assign(b, { BussinessDocType: '1', DocumentId: Z }));
    const r = await clerkStc.request('POST', '/api/v1/edxml/import', revoke.toString('utf8'), { 'content-type': 'application/xml' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ kind: 'document', business: 'revoke', documentId: orig.body.documentId });
  });
});

describe('the delivery worker', () => {
  it('retries under the same consignment id after a failure, records the receipt; a refusal (4xx) is final', async () => {
    const extId = (await admin.get('/api/v1/organizations')).body.find((o: any) => o.code === KH_STC.code).id;
    forced.push({ status: 503, body: { error: 'bận' }, when: 'Về việc hợp tác phát triển du lịch' });
    const n = received.length;
    const draft = await clerkUbnd.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc hợp tác phát triển du lịch', signerName: 'Võ Tấn Đức', recipients: [extId, s.ids.get('stc')] });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await clerkUbnd.issue(draft.body.id)).status).toBe(200);
    const packageOf = async (id: number) => (await clerkUbnd.get(`/api/v1/edxml/packages?direction=out&kind=document&documentId=${id}`)).body.items[0];
    const first = await eventually(async () => ((await packageOf(draft.body.id))?.attempts === 1 ? packageOf(draft.body.id) : undefined), 'a first attempt refused');
    expect(first).toMatchObject({ state: 'pending', lastError: 'HTTP 503: {"error":"bận"}' });
    // The back-off is in the server's time: move its clock past it.
    s.clock.now = new Date(s.clock.now.getTime() + 1000);
    const sent = await eventually(async () => {
      const p = await packageOf(draft.body.id);
      return p?.state === 'sent' ? p : undefined;
    }, 'delivered after a retry');
    expect(sent).toMatchObject({ attempts: 2, receiverCodes: [KH_STC.code], receipt: { received: true, consignmentId: sent.consignmentId } });
    const pushes = received.slice(n).filter((r) => r.headers[PUSH_HEADERS.consignment] === sent.consignmentId);
    expect(pushes).toHaveLength(2);
    expect(pushes.every((p) => p.signatureOk)).toBe(true);
    // Only the external recipient is in the package; the printed list names both.
    const pkg = parsePackage(pushes[1]!.body, LIMITS);
    expect(textOf(child(pkg.header, 'To'), 'OrganId')).toBe(KH_STC.code);
    forced.push({ status: 422, body: { error: { code: 'edxml_no_recipient', message: 'Không có nơi nhận', messageEn: 'No recipient' } }, when: 'Về việc thứ hai' });
    const d2 = await clerkUbnd.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thứ hai', signerName: 'Võ Tấn Đức', recipients: [extId] });
    await clerkUbnd.issue(d2.body.id);
    const failed = await eventually(async () => {
      const p = (await clerkUbnd.get(`/api/v1/edxml/packages?direction=out&kind=document&documentId=${d2.body.id}`)).body.items[0];
      return p?.state === 'failed' ? p : undefined;
    }, 'a final refusal');
    expect(failed.lastError).toMatch(/HTTP 422 edxml_no_recipient/);
    expect((await admin.get('/api/v1/federation/peers')).body.find((p: any) => p.id === peerId).queue.failed).toBe(1);
  });

  it('a recall of a document sent to another node goes as a status package 13 from the issuing agency', async () => {
    const extId = (await admin.get('/api/v1/organizations')).body.find((o: any) => o.code === KH_STC.code).id;
    const draft = await clerkUbnd.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc sẽ thu hồi', signerName: 'Võ Tấn Đức', recipients: [extId] });
    await clerkUbnd.issue(draft.body.id);
    expect((await clerkUbnd.post(`/api/v1/documents/${draft.body.id}/recall`, { reason: 'Ban hành nhầm' })).status).toBe(200);
    const asked = await eventually(async () => statusPushes('13')[0], '13 pushed');
    const header = parsePackage(asked.body, LIMITS).header;
    expect(textOf(child(header, 'From'), 'OrganId')).toBe((await admin.get('/api/v1/organizations')).body.find((o: any) => o.id === s.ids.get('ubnd')).code);
    expect(textOf(header, 'Description')).toBe('Ban hành nhầm');
  });
});

describe('the national axis (a local server following the protocol as described)', () => {
  let axis: AxisServer;
  let axisPeer: number;
  const AXIS_SECRET = 'bi-mat-he-thong-dong-nai-2026';
  const G22 = organ('000.00.00.G22', 'Văn phòng Chính phủ');

  beforeAll(async () => {
    axis = await startAxisServer([
      { id: 'lienthong.dongnai', secret: AXIS_SECRET, codes: ['H39'] },
      { id: 'vpcp', secret: 'vpcp-secret-0123456789', codes: ['G22', '000.00.00.G09'] },
    ]);
    axis.agencies.push({ Code: '000.00.00.G22', Name: 'Văn phòng Chính phủ' }, { Code: '000.00.00.G09', Name: 'Bộ Tài chính' });
  });
  afterAll(async () => axis?.close());

  it('is configured by system id and secret, and hosts the codes routed to it', async () => {
    const r = await admin.post('/api/v1/federation/peers', { transport: 'axis', name: 'Trục liên thông văn bản quốc gia', baseUrl: axis.url, ourNodeId: 'lienthong.dongnai', outboundSecret: AXIS_SECRET });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    axisPeer = r.body.id;
    expect(r.body).toMatchObject({ transport: 'axis', peerNodeId: 'axis:lienthong.dongnai', hasOutboundSecret: true });
    const h = await admin.post(`/api/v1/federation/peers/${axisPeer}/organizations`, { organizations: [{ code: G22.code, name: G22.name }, { code: '000.00.00.G09', name: 'Bộ Tài chính' }] });
    expect(h.status).toBe(200);
    // The worker picks up from a new axis peer within seconds, then once an hour: after that first
    // (empty) pickup, what the tests below deliver is picked up only by the pickups they ask for.
    await eventually(async () => axis.calls.includes('getReceivedEdocList'), 'the first pickup from the new peer');
  });

  it('sendEdoc carries a document issued to an organisation on the axis; the DocId is the receipt', async () => {
    const g22 = (await admin.get('/api/v1/organizations')).body.find((o: any) => o.code === G22.code).id;
    const draft = await clerkUbnd.post('/api/v1/documents', { typeCode: 'BC', summary: 'Báo cáo tình hình kinh tế - xã hội quý I', signerName: 'Võ Tấn Đức', recipients: [g22] });
    expect((await clerkUbnd.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'bao-cao.pdf', pdfBytes('Báo cáo'))).status).toBe(201);
    expect((await clerkUbnd.post(`/api/v1/documents/${draft.body.id}/issue`)).status).toBe(200);
    const sent = await eventually(async () => {
      const p = (await clerkUbnd.get(`/api/v1/edxml/packages?direction=out&kind=document&documentId=${draft.body.id}`)).body.items[0];
      return p?.state === 'sent' ? p : undefined;
    }, 'sent through the axis');
    const m = axis.messages.find((x) => x.docId === sent.receipt.docId)!;
    expect(m).toMatchObject({ system: 'vpcp', messageType: 'edoc', to: [G22.code] });
    const pkg = parsePackage(m.content, LIMITS);
    expect(textOf(pkg.header, 'Subject')).toBe('Báo cáo tình hình kinh tế - xã hội quý I');
    expect(pkg.attachments.map((a) => a.name)).toEqual(['bao-cao.pdf']);
  });

  it('a pickup lists, gets, imports, acknowledges done, and sends 01 back as a status message', async () => {
    const docId = axis.deliver({ from: G22.code, to: [stcCode], messageType: 'edoc', content: documentFrom(G22, organ(stcCode, 'Sở Tài chính'), '1234', 'Về việc triển khai Nghị quyết của Chính phủ') });
    const r = await admin.post(`/api/v1/federation/peers/${axisPeer}/poll`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ imported: 1, refused: [] });
    expect(axis.messages.find((m) => m.docId === docId)!.state).toBe('done');
    const item = (await inbox(clerkStc)).find((i) => i.symbol === '1234/STC-NS');
    expect(item.senderName).toBe('Văn phòng Chính phủ');
    const status = await eventually(async () => axis.messages.find((m) => m.messageType === 'status' && m.system === 'vpcp'), '01 through the axis');
    expect(status.from).toBe(stcCode);
    expect(textOf(parsePackage(status.content, LIMITS).header, 'StatusCode')).toBe('01');
  });

  it('a package picked up again (its acknowledgement lost) is not imported twice; a malformed one is acknowledged fail with the element named', async () => {
    axis.deliver({ from: G22.code, to: [stcCode], messageType: 'edoc', content: documentFrom(G22, organ(stcCode, 'Sở Tài chính'), '1240', 'Về việc báo cáo định kỳ'), forgetAck: true });
    const bad = axis.deliver({ from: G22.code, to: [stcCode], messageType: 'edoc', content: Buffer.from(documentFrom(G22, organ(stcCode, 'x'), '1241', 'y').toString('utf8').replace(/<edXML:Subject>y<\/edXML:Subject>/, '')) });
    const first = (await admin.post(`/api/v1/federation/peers/${axisPeer}/poll`)).body;
    expect(first).toMatchObject({ imported: 1, refused: [{ docId: bad, error: expect.stringContaining('MessageHeader/Subject') }] });
    expect(axis.messages.find((m) => m.docId === bad)).toMatchObject({ state: 'fail', description: expect.stringContaining('MessageHeader/Subject') });
    const second = (await admin.post(`/api/v1/federation/peers/${axisPeer}/poll`)).body;
    expect(second).toMatchObject({ imported: 0, duplicates: 1 });
    expect((await inbox(clerkStc)).filter((i) => i.symbol === '1240/STC-NS')).toHaveLength(1);
  });

  it('the agency list refreshes names and retires codes the axis no longer lists; a wrong secret is a clear refusal', async () => {
    axis.agencies.splice(0, axis.agencies.length, { Code: G22.code, Name: 'Văn phòng Chính phủ (Cổng dịch vụ công)' });
    const r = await admin.post(`/api/v1/federation/peers/${axisPeer}/agencies`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ listed: 1, updated: 1, noLongerListed: ['000.00.00.G09'] });
    const orgs = (await admin.get('/api/v1/organizations?includeInactive=true')).body;
    expect(orgs.find((o: any) => o.code === G22.code).name).toBe('Văn phòng Chính phủ (Cổng dịch vụ công)');
    expect(orgs.find((o: any) => o.code === '000.00.00.G09').active).toBe(false);
    await admin.patch(`/api/v1/federation/peers/${axisPeer}`, { outboundSecret: 'bi-mat-sai-bi-mat-sai-bi-mat' });
    const refused = await admin.post(`/api/v1/federation/peers/${axisPeer}/poll`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'axis_unavailable', messageEn: expect.stringContaining('HTTP 401') });
  });
});
