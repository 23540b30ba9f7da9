import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { Client, signIn } from './helpers/client.js';

let s: TestServer;
let admin: Client, clerkB: Client, clerkA: Client, stcAdmin: Client;
let provinceId: number;

const id = (key: string) => s.ids.get(key)!;

beforeAll(async () => {
  s = await startServer();
  [admin, clerkB, clerkA] = await Promise.all([signIn(s.url, 'admin'), signIn(s.url, 'vanthu.stc'), signIn(s.url, 'vanthu.skhcn')]);
  provinceId = (await admin.get('/api/v1/organizations?kind=province')).body[0].id;
  // An administrator of the Finance department only.
  const u = await admin.post('/api/v1/users', { username: 'quantri.stc', fullName: 'Hồ Văn Quản', password: 'quan-tri-stc-1', orgId: id('stc'), roles: ['admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  stcAdmin = await signIn(s.url, 'quantri.stc', 'quan-tri-stc-1');
});
afterAll(() => s?.close());

const csvPost = (c: Client, path: string, text: string) => c.request('POST', path, text, { 'content-type': 'text/csv' });
const readCsv = (raw: ArrayBuffer): Record<string, string>[] => parse(Buffer.from(raw).toString('utf8').replace(/^\uFEFF/, ''), { columns: true });
const toCsv = (rows: Record<string, string>[]) => stringify(rows, { header: true, columns: Object.keys(rows[0]!) });

describe('the organisation tree', () => {
  it('lists province → agencies → units with their parent', async () => {
    const r = await clerkB.get('/api/v1/organizations');
    expect(r.status).toBe(200);
    const orgs: any[] = r.body;
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const province = orgs.find((o) => o.kind === 'province');
    expect(province.parentId).toBeNull();
    const stc = byId.get(id('stc'));
    expect(stc).toMatchObject({ name: 'Sở Tài chính', shortName: 'STC', kind: 'agency', parentId: province.id, code: '000.00.05.H39' });
    const units = orgs.filter((o) => o.parentId === id('stc'));
    expect(units.map((u) => u.shortName).sort()).toEqual(['QLNS', 'TCĐT']);
    expect(units.every((u) => u.kind === 'unit')).toBe(true);
    // Every parent is itself in the list: the tree is whole.
    for (const o of orgs) if (o.parentId !== null) expect(byId.has(o.parentId), o.name).toBe(true);
  });

  it('search folds diacritics and case: "dong nai" finds "Đồng Nai"', async () => {
    const r = await clerkB.get('/api/v1/organizations?q=dong%20nai');
    expect(r.body.length).toBeGreaterThan(2);
    expect(r.body.map((o: any) => o.name)).toEqual(expect.arrayContaining(['Ủy ban nhân dân tỉnh Đồng Nai', 'Công an tỉnh Đồng Nai']));
    expect(r.body.every((o: any) => /đồng nai|dongnai/i.test(`${o.name} ${o.email ?? ''} ${o.shortName}`))).toBe(true);
    const upper = await clerkB.get(`/api/v1/organizations?q=${encodeURIComponent('ĐỒNG NAI')}`);
    expect(upper.body.map((o: any) => o.id).sort()).toEqual(r.body.map((o: any) => o.id).sort());
    const tc = await clerkB.get('/api/v1/organizations?q=so%20tai%20chinh');
    expect(tc.body.map((o: any) => o.id)).toEqual([id('stc')]);
    expect((await clerkB.get('/api/v1/organizations?q=khong%20co%20dau')).body).toEqual([]);
  });
});

describe('adding organisations', () => {
  it('the province administrator adds an agency with a valid code; it can then receive documents', async () => {
    const r = await admin.post('/api/v1/organizations', { code: '000.00.15.h39', name: 'Sở Ngoại vụ', shortName: 'SNgV', kind: 'agency', parentId: provinceId, email: 'sngv@dongnai.gov.vn' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.code).toBe('000.00.15.H39');
    expect((await clerkB.get('/api/v1/organizations?q=ngoai%20vu')).body.map((o: any) => o.id)).toEqual([r.body.id]);
    const d = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc gửi cơ quan mới', recipients: [r.body.id] });
    expect(d.status).toBe(201);
    const issued = await clerkA.issue(d.body.id);
    expect(issued.body.dispatched.map((x: any) => x.orgId)).toEqual([r.body.id]);
  });

  it('a bad code is a 400 naming the field; a code already used is a 409; an agency needs a code', async () => {
    for (const code of ['000.00.15', 'H39.00.00.000', '000.00.15.H3']) {
      const bad = await admin.post('/api/v1/organizations', { code, name: 'Sở Thử', shortName: 'ST', kind: 'agency', parentId: provinceId });
      expect(bad.status, code).toBe(400);
      expect(bad.body.error.field).toBe('code');
      expect(bad.body.error.message).toMatch(/000\.00\.00\.H41/);
    }
    const dup = await admin.post('/api/v1/organizations', { code: '000.00.05.H39', name: 'Sở Tài chính (trùng)', shortName: 'STC', kind: 'agency', parentId: provinceId });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/000\.00\.05\.H39/);
    const none = await admin.post('/api/v1/organizations', { name: 'Sở Không Mã', shortName: 'SKM', kind: 'agency', parentId: provinceId });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('code');
  });

  it('a clerk or a leader cannot add an organisation: 403', async () => {
    const r = await clerkB.post('/api/v1/organizations', { name: 'Phòng Mới', shortName: 'PM', kind: 'unit', parentId: id('stc') });
    expect(r.status).toBe(403);
    const leader = await signIn(s.url, 'lanhdao.stc');
    expect((await leader.post('/api/v1/organizations', { code: '000.00.16.H39', name: 'Sở Mới', shortName: 'SM', kind: 'agency', parentId: provinceId })).status).toBe(403);
  });

  it("an agency administrator adds units in their own agency only, and cannot make themselves province administrator", async () => {
    const mine = await stcAdmin.post('/api/v1/organizations', { name: 'Phòng Tin học', shortName: 'PTH', kind: 'unit', parentId: id('stc') });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body.parentId).toBe(id('stc'));
    // Deeper in their own subtree is fine.
    expect((await stcAdmin.post('/api/v1/organizations', { name: 'Tổ Hạ tầng', shortName: 'THT', kind: 'unit', parentId: mine.body.id })).status).toBe(201);
    const other = await stcAdmin.post('/api/v1/organizations', { name: 'Phòng Lạ', shortName: 'PL', kind: 'unit', parentId: id('skhcn') });
    expect(other.status).toBe(403);
    expect((await stcAdmin.post('/api/v1/organizations', { name: 'Gốc', shortName: 'G', kind: 'unit', parentId: null })).status).toBe(403);
    // A "province" under their agency would make an administrator there a province administrator.
    const fake = await stcAdmin.post('/api/v1/organizations', { name: 'Tỉnh giả', shortName: 'TG', kind: 'province', parentId: id('stc') });
    expect(fake.status).toBe(403);
    expect((await stcAdmin.patch(`/api/v1/organizations/${id('skhcn')}`, { name: 'Sở bị đổi tên' })).status).toBe(403);
    expect((await stcAdmin.post('/api/v1/users', { username: 'xamnhap', fullName: 'X', password: 'mat-khau-123', orgId: id('skhcn'), roles: ['admin'] })).status).toBe(403);
    const skhcn = (await admin.get('/api/v1/organizations')).body.find((o: any) => o.id === id('skhcn'));
    expect(skhcn.name).toBe('Sở Khoa học và Công nghệ');
  });
});

describe('at the same moment', () => {
  it('two requests adding the same username or agency code: one is created, the other is a 409, never a 500', async () => {
    const users = await Promise.all(
      Array.from({ length: 4 }, () => admin.post('/api/v1/users', { username: 'dong.thoi', fullName: 'Đồng Thời', password: 'mat-khau-dt-1', orgId: id('stc'), roles: ['clerk'] })),
    );
    expect(users.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const orgs = await Promise.all(
      Array.from({ length: 4 }, (_, i) => admin.post('/api/v1/organizations', { code: '000.00.25.H39', name: `Sở Trùng ${i}`, shortName: 'STr', kind: 'agency', parentId: provinceId })),
    );
    expect(orgs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(orgs.find((r) => r.status === 409)!.body.error.message.length).toBeGreaterThan(0);
  });
});

describe('deactivating an organisation', () => {
  it('keeps its documents readable, hides it from the default list and from new recipients', async () => {
    const ward = await signIn(s.url, 'vanthu.ubnd.tranbien');
    const d = await ward.post('/api/v1/documents', { typeCode: 'BC', summary: 'Về việc báo cáo trước khi sáp nhập', recipients: [id('stc')] });
    const issued = await ward.issue(d.body.id);
    expect(issued.status).toBe(200);

    const off = await admin.patch(`/api/v1/organizations/${id('tranbien')}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    const list = (await clerkB.get('/api/v1/organizations')).body;
    expect(list.some((o: any) => o.id === id('tranbien'))).toBe(false);
    const all = (await clerkB.get('/api/v1/organizations?includeInactive=true')).body;
    expect(all.find((o: any) => o.id === id('tranbien')).active).toBe(false);

    const doc = await clerkB.get(`/api/v1/documents/${d.body.id}`);
    expect(doc.status).toBe(200);
    expect(doc.body.senderName).toBe('Ủy ban nhân dân phường Trấn Biên');
    expect(doc.body.symbol).toBe(issued.body.symbol);
    expect((await admin.get(`/api/v1/documents/${d.body.id}/trail`)).status).toBe(200);
    // The directive the ward received is still in the issuer's trail.
    const ubnd = await signIn(s.url, 'vanthu.ubnd');
    const directive = (await ubnd.get('/api/v1/search?direction=outgoing&typeCode=CT')).body;
    expect(directive.items?.length ?? directive.length).toBeGreaterThan(0);

    const late = await clerkB.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc gửi phường cũ', recipients: [id('tranbien')] });
    expect(late.status).toBe(400);
    expect(late.body.error.field).toBe('recipients');
    expect((await admin.patch(`/api/v1/organizations/${id('tranbien')}`, { active: true })).body.active).toBe(true);
  });
});

describe('organisations as CSV', () => {
  it('exports every organisation, and an unchanged file imports back without changing anything', async () => {
    const exp = await admin.get('/api/v1/organizations/export');
    expect(exp.status).toBe(200);
    expect(exp.headers.get('content-type')).toMatch(/text\/csv/);
    const text = Buffer.from(exp.raw).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true); // Excel opens the Vietnamese text right
    const rows = readCsv(exp.raw);
    const total = (await admin.get('/api/v1/organizations?includeInactive=true')).body.length;
    expect(rows.length).toBe(total);
    expect(rows.find((r) => r.code === '000.00.05.H39')).toMatchObject({ name: 'Sở Tài chính', short_name: 'STC', kind: 'agency' });
    const back = await csvPost(admin, '/api/v1/organizations/import', text);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: total });
    expect((await admin.get('/api/v1/organizations?includeInactive=true')).body.length).toBe(total);
  });

  it('imports a modified export: a new agency and a changed name, reported and visible', async () => {
    const rows = readCsv((await admin.get('/api/v1/organizations/export')).raw);
    const snv = rows.find((r) => r.code === '000.00.02.H39')!;
    snv.name = 'Sở Nội vụ tỉnh Đồng Nai';
    rows.push({ ...snv, id: '', code: '000.00.17.H39', name: 'Sở Dân tộc và Tôn giáo', short_name: 'SDTTG', email: 'sdttg@dongnai.gov.vn', parent_id: String(provinceId), parent_code: '' });
    const r = await csvPost(admin, '/api/v1/organizations/import', toCsv(rows));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ created: 1, updated: 1, unchanged: rows.length - 2 });
    const list = (await clerkB.get('/api/v1/organizations')).body;
    expect(list.find((o: any) => o.id === id('snv')).name).toBe('Sở Nội vụ tỉnh Đồng Nai');
    const added = list.find((o: any) => o.code === '000.00.17.H39');
    expect(added).toMatchObject({ name: 'Sở Dân tộc và Tôn giáo', kind: 'agency', parentId: provinceId, active: true });
    // A new agency from the file is a full agency: it can be sent documents.
    const d = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc gửi Sở mới nhập', recipients: [added.id] });
    expect((await clerkA.issue(d.body.id)).status).toBe(200);
  });

  it('a file with a bad row names its line and imports nothing', async () => {
    const before = (await admin.get('/api/v1/organizations?includeInactive=true')).body.length;
    const text = [
      'code,name,short_name,kind,parent_code',
      '000.00.18.H39,Sở Thử Nghiệm Một,STN,agency,',
      '',
      '001.00.18.H39,Phòng Một,P1,unit,000.00.18.H39',
      '000.00.19,Sở Sai Mã,SSM,agency,',
    ].join('\n');
    const r = await csvPost(admin, '/api/v1/organizations/import', text);
    expect(r.status).toBe(400);
    expect(r.body.error.line).toBe(5);
    expect(r.body.error.message).toMatch(/^Dòng 5: .*Mã định danh/);
    expect(r.body.error.messageEn).toMatch(/^Line 5: /);
    expect(r.body.error.field).toBe('code');
    expect((await admin.get('/api/v1/organizations?includeInactive=true')).body.length).toBe(before);
    expect((await admin.get('/api/v1/organizations?q=thu%20nghiem')).body).toEqual([]);
    const unknownParent = await csvPost(admin, '/api/v1/organizations/import', 'code,name,short_name,kind,parent_code\n001.00.20.H39,Phòng Hai,P2,unit,000.00.99.H39\n');
    expect(unknownParent.status).toBe(400);
    expect(unknownParent.body.error.message).toMatch(/Dòng 2/);
    const missingColumn = await csvPost(admin, '/api/v1/organizations/import', 'code,name\n000.00.21.H39,Sở Thiếu Cột\n');
    expect(missingColumn.status).toBe(400);
    expect(missingColumn.body.error.message).toMatch(/short_name/);
  });

  it('an agency administrator cannot take over another agency through a file, and a clerk cannot import at all', async () => {
    const takeover = `code,name,short_name,kind,parent_code\n000.00.10.H39,Sở bị chiếm,SKHCN,agency,000.00.05.H39\n`;
    const r = await csvPost(stcAdmin, '/api/v1/organizations/import', takeover);
    expect(r.status).toBe(403);
    expect(r.body.error.line).toBe(2);
    const promote = `code,name,short_name,kind,parent_code\n003.00.05.H39,Tỉnh giả,TG,province,000.00.05.H39\n`;
    expect((await csvPost(stcAdmin, '/api/v1/organizations/import', promote)).status).toBe(403);
    expect((await csvPost(clerkB, '/api/v1/organizations/import', 'code,name,short_name,kind\n000.00.22.H39,Sở X,SX,agency\n')).status).toBe(403);
    const skhcn = (await admin.get('/api/v1/organizations')).body.find((o: any) => o.id === id('skhcn'));
    expect(skhcn).toMatchObject({ name: 'Sở Khoa học và Công nghệ', parentId: provinceId });
    // Within their own agency a file works.
    const own = await csvPost(stcAdmin, '/api/v1/organizations/import', 'code,name,short_name,kind,parent_code\n003.00.05.H39,Phòng Thanh tra tài chính,TTTC,unit,000.00.05.H39\n');
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.created).toBe(1);
  });

  it('refuses to put an organisation under itself', async () => {
    const r = await csvPost(admin, '/api/v1/organizations/import', 'code,name,short_name,kind,parent_code\n000.00.05.H39,Sở Tài chính,STC,agency,001.00.05.H39\n');
    expect(r.status).toBe(400);
    expect(r.body.error.line).toBe(2);
    expect((await stcAdmin.get('/api/v1/users')).status).toBe(200);
  });
});

describe('users as CSV', () => {
  it('exports users with roles; an unchanged export imports back as unchanged', async () => {
    const exp = await admin.get('/api/v1/users/export');
    expect(exp.status).toBe(200);
    const rows = readCsv(exp.raw);
    expect(rows.find((r) => r.username === 'vanthu.stc')).toMatchObject({ roles: 'clerk', org_code: '000.00.05.H39', active: '1', password: '' });
    expect(rows.find((r) => r.username === 'admin')).toMatchObject({ roles: 'admin', org_code: '' });
    const back = await csvPost(admin, '/api/v1/users/import', Buffer.from(exp.raw).toString('utf8'));
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: rows.length });
    // The agency administrator exports only their own people.
    const mine = readCsv((await stcAdmin.get('/api/v1/users/export')).raw);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => (r.org_code ?? '').endsWith('.05.H39'))).toBe(true);
    expect((await clerkB.get('/api/v1/users/export')).status).toBe(403);
  });

  it('imports new and changed users; a new user signs in with the password from the file', async () => {
    const rows = readCsv((await admin.get('/api/v1/users/export')).raw);
    rows.find((r) => r.username === 'chuyenvien.stc')!.full_name = 'Bùi Thanh Tâm (đã đổi)';
    rows.push({ username: 'nguyen.van.an', full_name: 'Nguyễn Văn An', email: 'an@stc.dongnai.gov.vn', position: 'Chuyên viên', org_id: '', org_code: '001.00.05.H39', roles: 'specialist', active: '1', password: 'mat-khau-an-2026' });
    const r = await csvPost(admin, '/api/v1/users/import', toCsv(rows));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ created: 1, updated: 1 });
    const an = await signIn(s.url, 'nguyen.van.an', 'mat-khau-an-2026');
    expect(an.user).toMatchObject({ fullName: 'Nguyễn Văn An', agencyId: id('stc'), roles: ['specialist'] });
    const users = (await admin.get(`/api/v1/users?orgId=${id('stc')}`)).body;
    expect(users.find((u: any) => u.username === 'chuyenvien.stc').fullName).toBe('Bùi Thanh Tâm (đã đổi)');
  });

  it('a file with a bad row names its line and imports nothing', async () => {
    const text = [
      'username,full_name,org_code,roles,password',
      'tran.thi.binh,Trần Thị Bình,000.00.05.H39,clerk,mat-khau-so-hai-1',
      'le.van.cuong,Lê Văn Cường,000.00.99.H39,clerk,mat-khau-so-bon-1',
    ].join('\n');
    const r = await csvPost(admin, '/api/v1/users/import', text);
    expect(r.status).toBe(400);
    expect(r.body.error.line).toBe(3);
    expect(r.body.error.message).toMatch(/^Dòng 3: .*000\.00\.99\.H39/);
    const badRole = await csvPost(admin, '/api/v1/users/import', 'username,full_name,org_code,roles,password\nx.y,X Y,000.00.05.H39,boss,mat-khau-xy-1\n');
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.field).toBe('roles');
    const noPassword = await csvPost(admin, '/api/v1/users/import', 'username,full_name,org_code,roles\nx.z,X Z,000.00.05.H39,clerk\n');
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.error.field).toBe('password');
    const users = (await admin.get('/api/v1/users')).body.map((u: any) => u.username);
    expect(users).not.toContain('tran.thi.binh');
    await expect(signIn(s.url, 'tran.thi.binh', 'mat-khau-so-hai-1')).rejects.toThrow(/401/);
  });

  it("an agency administrator cannot take over someone else's account through a file", async () => {
    const steal = 'username,full_name,org_code,roles,password\nadmin,Quản trị hệ thống tỉnh,000.00.05.H39,admin,da-chiem-quyen-1\n';
    const r = await csvPost(stcAdmin, '/api/v1/users/import', steal);
    expect(r.status).toBe(403);
    expect(r.body.error.line).toBe(2);
    await expect(signIn(s.url, 'admin', 'da-chiem-quyen-1')).rejects.toThrow(/401/);
    const still = await signIn(s.url, 'admin');
    expect(still.user.isProvinceAdmin).toBe(true);
    const other = 'username,full_name,org_code,roles,password\nvanthu.skhcn,Văn thư,001.00.05.H39,clerk,da-chiem-quyen-1\n';
    expect((await csvPost(stcAdmin, '/api/v1/users/import', other)).status).toBe(403);
    // Their own people they may manage.
    const own = await csvPost(stcAdmin, '/api/v1/users/import', 'username,full_name,org_code,roles,password\nle.thi.dung,Lê Thị Dung,000.00.05.H39,clerk,mat-khau-so-ba-1\n');
    expect(own.status).toBe(200);
    expect((await signIn(s.url, 'le.thi.dung', 'mat-khau-so-ba-1')).user.roles).toEqual(['clerk']);
  });

  it('a password changed by file ends the sessions of that user', async () => {
    const c = await signIn(s.url, 'lanhdao.sct');
    expect((await c.get('/api/v1/inbox')).status).toBe(200);
    const r = await csvPost(admin, '/api/v1/users/import', 'username,full_name,org_code,roles,password\nlanhdao.sct,Lãnh đạo SCT,000.00.12.H39,leader,mat-khau-moi-123\n');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await c.get('/api/v1/inbox')).status).toBe(401);
    expect((await signIn(s.url, 'lanhdao.sct', 'mat-khau-moi-123')).user.roles).toEqual(['leader']);
  });
});

describe('organisations of another province (kind external, hosted by a peer node)', () => {
  const KH_STC = { code: '000.00.05.H41', name: 'Sở Tài chính tỉnh Khánh Hòa' };
  let extId: number;

  beforeAll(async () => {
    const peer = await admin.post('/api/v1/federation/peers', { name: 'Tỉnh Khánh Hòa', baseUrl: 'http://127.0.0.1:9', peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret: 'khoa-chung-cua-hai-tinh-0123456789' });
    expect(peer.status, JSON.stringify(peer.body)).toBe(201);
    const hosted = await admin.post(`/api/v1/federation/peers/${peer.body.id}/organizations`, { organizations: [KH_STC] });
    expect(hosted.status, JSON.stringify(hosted.body)).toBe(200);
    extId = hosted.body.organizations[0].orgId;
  });

  it('the CSV export leaves them out (their peer manages them), so the export imports back unchanged', async () => {
    const exp = await admin.get('/api/v1/organizations/export');
    const rows = readCsv(exp.raw);
    expect(rows.some((r) => r.code === KH_STC.code || r.kind === 'external')).toBe(false);
    const own = (await admin.get('/api/v1/organizations?includeInactive=true')).body.filter((o: any) => o.kind !== 'external');
    expect(rows.length).toBe(own.length);
    const back = await csvPost(admin, '/api/v1/organizations/import', Buffer.from(exp.raw).toString('utf8'));
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: own.length });
    // Written into a file by hand, one is refused with its line, in Vietnamese, and nothing is imported.
    const before = (await admin.get('/api/v1/organizations?includeInactive=true')).body.length;
    const hand = await csvPost(admin, '/api/v1/organizations/import', `code,name,short_name,kind\n000.00.20.H39,Sở Mới,SM,agency\n${KH_STC.code},Đổi tên qua tệp,STCKH,external\n`);
    expect(hand.status).toBe(400);
    expect(hand.body.error.message).toMatch(/Dòng 3: .*Nút liên thông/);
    const asUnit = await csvPost(admin, '/api/v1/organizations/import', `code,name,short_name,kind,parent_code\n,Phòng Lạ,PL,unit,${KH_STC.code}\n`);
    expect(asUnit.status).toBe(400);
    expect((await admin.get('/api/v1/organizations?includeInactive=true')).body.length).toBe(before);
  });

  it('PATCH changes its name and contacts, not its code, its state or its kind', async () => {
    const r = await admin.patch(`/api/v1/organizations/${extId}`, { name: 'Sở Tài chính Khánh Hòa', email: 'stc@khanhhoa.gov.vn', phone: '0258 3822 000' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: extId, kind: 'external', code: KH_STC.code, name: 'Sở Tài chính Khánh Hòa', email: 'stc@khanhhoa.gov.vn', active: true });
    const code = await admin.patch(`/api/v1/organizations/${extId}`, { code: '000.00.06.H41' });
    expect(code.status).toBe(400);
    expect(code.body.error).toMatchObject({ field: 'code' });
    expect(code.body.error.message).toMatch(/Nút liên thông/);
    expect((await admin.patch(`/api/v1/organizations/${extId}`, { active: false })).status).toBe(400);
    // Nobody turns one of the province's agencies into an external one.
    expect((await admin.patch(`/api/v1/organizations/${id('stc')}`, { kind: 'external' })).status).toBe(400);
    expect((await admin.post('/api/v1/organizations', { code: '000.00.07.H41', name: 'Sở Lạ', shortName: 'SL', kind: 'external' })).status).toBe(400);
    // An agency administrator does not manage it; a clerk neither.
    expect((await stcAdmin.patch(`/api/v1/organizations/${extId}`, { name: 'Chiếm' })).status).toBe(403);
    const list = (await clerkB.get('/api/v1/organizations')).body.find((o: any) => o.id === extId);
    expect(list).toMatchObject({ name: 'Sở Tài chính Khánh Hòa', kind: 'external', active: true });
  });

  it('has no users and no units here: not by the API, not by file', async () => {
    const u = await admin.post('/api/v1/users', { username: 'nguoi.khanhhoa', fullName: 'Người Khánh Hòa', password: 'mat-khau-kh-123', orgId: extId, roles: ['clerk'] });
    expect(u.status).toBe(400);
    expect(u.body.error).toMatchObject({ field: 'orgId' });
    const byFile = await csvPost(admin, '/api/v1/users/import', `username,full_name,org_code,roles,password\nnguoi.khanhhoa,Người Khánh Hòa,${KH_STC.code},clerk,mat-khau-kh-123\n`);
    expect(byFile.status).toBe(400);
    const unit = await admin.post('/api/v1/organizations', { name: 'Phòng Lạ', shortName: 'PL', kind: 'unit', parentId: extId });
    expect(unit.status).toBe(400);
    expect((await admin.get('/api/v1/users')).body.some((x: any) => x.orgId === extId)).toBe(false);
  });
});
