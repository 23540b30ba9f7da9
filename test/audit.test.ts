import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startServer, type TestServer } from './helpers/server.js';
import fs from 'node:fs';
import path from 'node:path';
import { Client, signIn, pdfBytes } from './helpers/client.js';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../src/domain/audit-labels.js';

let s: TestServer;
let admin: Client, clerkA: Client, clerkB: Client, leaderB: Client, specialistB: Client, clerkC: Client;

beforeAll(async () => {
  s = await startServer();
  [admin, clerkA, clerkB, leaderB, specialistB, clerkC] = await Promise.all([
    signIn(s.url, 'admin'),
    signIn(s.url, 'vanthu.skhcn'),
    signIn(s.url, 'vanthu.stc'),
    signIn(s.url, 'lanhdao.stc'),
    signIn(s.url, 'chuyenvien.stc'),
    signIn(s.url, 'vanthu.syt'),
  ]);
});
afterAll(() => s?.close());

const id = (key: string) => s.ids.get(key)!;

async function headSeq(): Promise<number> {
  const r = await admin.get('/api/v1/audit?limit=1');
  expect(r.status).toBe(200);
  return r.body.items[0]?.seq ?? 0;
}

/** Runs a step and answers the audit events it appended, oldest first. */
type Entry = { seq: number; at: string; action: string; entityType: string; entityId: string; actorUserId: number | null; actorName: string | null; actorUsername: string | null; orgId: number | null; orgName: string | null; data: any };

async function appended(step: () => Promise<unknown>): Promise<Entry[]> {
  const before = await headSeq();
  await step();
  const r = await admin.get(`/api/v1/audit?limit=500`);
  return r.body.items.filter((e: Entry) => e.seq > before).reverse();
}

/** The step appended exactly these actions (ignoring nothing: each state change is one event). */
async function expectEvents(step: () => Promise<unknown>, actions: string[]) {
  const events = await appended(step);
  expect(events.map((e) => e.action)).toEqual(actions);
  return events;
}

describe('every change of state appends an audit event', () => {
  let docId: number;
  let itemB: number;
  let itemC: number;

  it('drafting, attaching, issuing and dispatching', async () => {
    let created: any;
    const [ev] = await expectEvents(async () => {
      created = await clerkA.post('/api/v1/documents', { typeCode: 'KH', summary: 'Về việc kế hoạch chuyển đổi số năm 2027', recipients: [id('stc'), id('syt')] });
      expect(created.status).toBe(201);
    }, ['document.create']);
    docId = created.body.id;
    expect(ev!.entityType).toBe('document');
    expect(ev!.entityId).toBe(String(docId));
    expect(ev!.actorUserId).toBe(clerkA.user.userId);

    await expectEvents(() => clerkA.patch(`/api/v1/documents/${docId}`, { summary: 'Về việc kế hoạch chuyển đổi số năm 2027 (sửa)' }), ['document.update']);
    const [attach] = await expectEvents(() => clerkA.upload(`/api/v1/documents/${docId}/attachments`, 'ke-hoach.pdf', pdfBytes('ke hoach')), ['document.attach']);
    expect(attach!.data.fileName).toBe('ke-hoach.pdf');

    let issued: any;
    const [issue] = await expectEvents(async () => {
      issued = await clerkA.post(`/api/v1/documents/${docId}/issue`);
      expect(issued.status).toBe(200);
    }, ['document.issue']);
    expect(issue!.data.symbol).toBe(issued.body.symbol);
    expect(issue!.data.dispatchedTo.sort()).toEqual([id('stc'), id('syt')].sort());
    itemB = issued.body.dispatched.find((d: any) => d.orgId === id('stc')).itemId;
    itemC = issued.body.dispatched.find((d: any) => d.orgId === id('syt')).itemId;

    await expectEvents(() => clerkA.post(`/api/v1/documents/${docId}/dispatch`, { recipients: [id('snv')] }), ['document.dispatch']);
  });

  it('receiving, assigning, processing, completing and rejecting', async () => {
    const [reg] = await expectEvents(() => clerkB.post(`/api/v1/inbox/${itemB}/receive`), ['incoming.register']);
    expect(reg!.entityType).toBe('inbox_item');
    expect(reg!.entityId).toBe(String(itemB));
    const specialist = (await leaderB.get(`/api/v1/users?orgId=${id('stc')}`)).body.find((u: any) => u.username === 'chuyenvien.stc');
    await expectEvents(() => leaderB.post(`/api/v1/inbox/${itemB}/assign`, { direction: 'Giao chủ trì.', assignees: [{ userId: specialist.id, role: 'lead' }] }), ['incoming.assign']);
    await expectEvents(() => specialistB.post(`/api/v1/inbox/${itemB}/start`), ['incoming.start']);
    const [done] = await expectEvents(() => specialistB.post(`/api/v1/inbox/${itemB}/complete`, { resultNote: 'Đã xong.' }), ['incoming.complete']);
    expect(done!.data.status).toBe('06');
    const [rej] = await expectEvents(() => clerkC.post(`/api/v1/inbox/${itemC}/reject`, { reason: 'Không thuộc thẩm quyền' }), ['incoming.reject']);
    expect(rej!.data.note).toBe('Không thuộc thẩm quyền');
  });

  it('paper registration, scans, copies and recall', async () => {
    let paper: any;
    await expectEvents(async () => {
      paper = await clerkB.post('/api/v1/inbox/paper', { sender: 'Bộ Nội vụ', symbol: '55/BNV-VP', docDate: '20/11/2026', typeCode: 'CV', summary: 'Về việc văn bản giấy' });
      expect(paper.status).toBe(201);
    }, ['incoming.paper']);
    await expectEvents(() => clerkB.upload(`/api/v1/inbox/${paper.body.itemId}/scan`, 'scan.pdf', pdfBytes('scan')), ['incoming.scan']);
    await expectEvents(() => clerkB.post(`/api/v1/documents/${docId}/copies`, { kind: 'SY' }), ['document.copy']);

    const other = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc sẽ thu hồi', recipients: [id('stc')] });
    const issued = await clerkA.issue(other.body.id);
    await expectEvents(() => clerkA.post(`/api/v1/documents/${other.body.id}/recall`, { reason: 'Sai sót' }), ['document.recall']);
    await expectEvents(() => clerkB.post(`/api/v1/inbox/${issued.body.dispatched[0].itemId}/recall-answer`, { agree: true }), ['incoming.recall_accept']);
  });

  it('sign-in, failures, tokens and sign-out', async () => {
    let c: Client | undefined;
    await expectEvents(async () => {
      c = await signIn(s.url, 'lanhdao.syt');
    }, ['auth.login']);
    await expectEvents(() => new Client(s.url).post('/api/v1/auth/login', { username: 'lanhdao.syt', password: 'sai' }), ['auth.failed']);
    let token: any;
    await expectEvents(async () => {
      token = await c!.post('/api/v1/tokens', { name: 'Kiểm thử' });
    }, ['token.create']);
    await expectEvents(() => c!.delete(`/api/v1/tokens/${token.body.id}`), ['token.revoke']);
    const [out] = await expectEvents(() => c!.post('/api/v1/auth/logout'), ['auth.logout']);
    expect(out!.actorUserId).toBe(c!.user.userId);
  });

  it('directory changes', async () => {
    let org: any;
    await expectEvents(async () => {
      org = await admin.post('/api/v1/organizations', { name: 'Phòng Kiểm toán', shortName: 'PKT', kind: 'unit', parentId: id('stc') });
    }, ['org.create']);
    await expectEvents(() => admin.patch(`/api/v1/organizations/${org.body.id}`, { name: 'Phòng Kiểm toán nội bộ' }), ['org.update']);
    let user: any;
    await expectEvents(async () => {
      user = await admin.post('/api/v1/users', { username: 'kiem.toan', fullName: 'Kiểm Toán', password: 'mat-khau-kt-1', orgId: org.body.id, roles: ['specialist'] });
    }, ['user.create']);
    await expectEvents(() => admin.patch(`/api/v1/users/${user.body.id}`, { active: false }), ['user.update']);
    const csv = (text: string) => admin.request('POST', '/api/v1/organizations/import', text, { 'content-type': 'text/csv' });
    await expectEvents(() => csv('code,name,short_name,kind,parent_code\n004.00.05.H39,Phòng Giá,PG,unit,000.00.05.H39\n'), ['org.import']);
  });

  it('a refused request appends nothing', async () => {
    await expectEvents(() => clerkA.post(`/api/v1/documents/${docId}/issue`), []); // issuing twice: 409
    await expectEvents(() => clerkC.post(`/api/v1/inbox/${itemC}/complete`, { resultNote: 'x' }), []); // rejected item: 409
    await expectEvents(() => specialistB.post('/api/v1/documents', { typeCode: 'XYZ', summary: 'x' }), []); // 400
    await expectEvents(() => clerkC.post(`/api/v1/inbox/${itemB}/receive`), []); // another agency's item: 404
  });
});

describe('reading the log', () => {
  const list = async (qs: string) => {
    const r = await admin.get(`/api/v1/audit?${qs}`);
    expect(r.status, `${qs}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body as { items: Entry[]; nextBeforeSeq: number | null };
  };

  it('names who acted and for which organisation, in camelCase', async () => {
    const [ev] = await appended(() => clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc ghi nhật ký có tên người', recipients: [id('stc')] }));
    expect(ev).toMatchObject({ action: 'document.create', actorUserId: clerkA.user.userId, actorUsername: 'vanthu.skhcn', actorName: clerkA.user.fullName, orgId: id('skhcn'), orgName: 'Sở Khoa học và Công nghệ', entityType: 'document' });
    expect(Object.keys(ev!).sort()).toEqual(['action', 'actorName', 'actorUserId', 'actorUsername', 'at', 'data', 'document', 'entityId', 'entityType', 'hash', 'orgId', 'orgName', 'prevHash', 'seq'].sort());
  });

  it('names the document an entry is about, for a document and for an incoming item of one', async () => {
    const draft = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc nhật ký dễ đọc cho người dùng', recipients: [id('stc')] });
    const issued = await clerkA.issue(draft.body.id);
    const item = issued.body.dispatched[0].itemId;
    await clerkB.post(`/api/v1/inbox/${item}/receive`);
    const ref = { id: draft.body.id, symbol: issued.body.symbol, summary: 'Về việc nhật ký dễ đọc cho người dùng' };
    const created = (await list(`action=document.issue&entityId=${draft.body.id}`)).items[0] as any;
    expect(created.document).toEqual(ref);
    const registered = (await list(`action=incoming.register&entityId=${item}`)).items[0] as any;
    expect(registered.entityType).toBe('inbox_item');
    expect(registered.document).toEqual(ref);
    const login = (await list('action=auth.login&limit=1')).items[0] as any;
    expect(login.document).toBeNull();
  });

  it('filters by action, by a family of actions, by actor (id or username) and by organisation', async () => {
    const issued = await list('action=document.issue');
    expect(issued.items.length).toBeGreaterThan(0);
    expect(issued.items.every((e) => e.action === 'document.issue')).toBe(true);
    const incoming = await list('action=incoming.*&limit=500');
    expect(new Set(incoming.items.map((e) => e.action))).toEqual(new Set(['incoming.register', 'incoming.assign', 'incoming.start', 'incoming.complete', 'incoming.reject', 'incoming.paper', 'incoming.scan', 'incoming.recall_accept']));
    for (const actor of [String(leaderB.user.userId), 'lanhdao.stc', 'LanhDao.STC']) {
      const mine = await list(`actor=${actor}&limit=500`);
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((e) => e.actorUserId === leaderB.user.userId && e.actorName === leaderB.user.fullName)).toBe(true);
    }
    const stc = await list(`orgId=${id('stc')}&action=incoming.*&limit=500`);
    expect(stc.items.length).toBeGreaterThan(3);
    expect(stc.items.every((e) => e.orgId === id('stc') && e.orgName === 'Sở Tài chính' && e.action.startsWith('incoming.'))).toBe(true);
  });

  it('filters by period in Vietnamese days (dd/mm/yyyy or ISO) and by instants', async () => {
    // 23:30 UTC on 15 March is 06:30 on 16 March in Vietnam.
    s.clock.now = new Date('2030-03-15T23:30:00Z');
    try {
      await signIn(s.url, 'vanthu.sxd');
    } finally {
      s.clock.now = new Date();
    }
    const who = `actor=vanthu.sxd&action=auth.login`;
    expect((await list(`${who}&from=16/03/2030&to=16/03/2030`)).items.map((e) => e.at)).toEqual(['2030-03-15T23:30:00.000Z']);
    expect((await list(`${who}&from=2030-03-16&to=2030-03-16`)).items).toHaveLength(1);
    expect((await list(`${who}&from=15/03/2030&to=15/03/2030`)).items).toHaveLength(0);
    expect((await list(`${who}&from=17/03/2030`)).items).toHaveLength(0);
    expect((await list(`${who}&from=2030-03-15T23:00:00Z&to=2030-03-15T23:30:00Z`)).items).toHaveLength(1);
    expect((await list(`${who}&to=15/03/2030`)).items.every((e) => e.at < '2030-03-15T17:00:00.000Z')).toBe(true);
  });

  it('pages newest first by sequence number, every entry once', async () => {
    const all = (await list('action=document.*&limit=500')).items;
    const paged: number[] = [];
    let before: number | null = null;
    do {
      const page = await list(`action=document.*&limit=4${before ? `&beforeSeq=${before}` : ''}`);
      paged.push(...page.items.map((e) => e.seq));
      before = page.nextBeforeSeq;
    } while (before);
    expect(paged).toEqual(all.map((e) => e.seq));
    expect(paged).toEqual([...paged].sort((a, b) => b - a));
  });

  it('bad filters answer 400 naming the field', async () => {
    for (const [qs, field] of [
      ['action=DROP%20TABLE', 'action'],
      ['from=31/02/2030', 'from'],
      ['to=2030-13-01', 'to'],
      ['from=20/03/2030&to=10/03/2030', 'to'],
      ['actor=khong.co.ai', 'actor'],
      ['limit=1000', 'limit'],
      ['orgId=-1', 'orgId'],
    ]) {
      const r = await admin.get(`/api/v1/audit?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.body.error.field, qs).toBe(field);
    }
  });

  it("an agency's administrator reads only their agency's entries", async () => {
    const created = await admin.post('/api/v1/users', { username: 'quantri.stc', fullName: 'Quản trị Sở Tài chính', password: 'mat-khau-quan-tri-1', orgId: id('stc'), roles: ['admin'] });
    expect(created.status).toBe(201);
    const agencyAdmin = await signIn(s.url, 'quantri.stc', 'mat-khau-quan-tri-1');
    const r = await agencyAdmin.get('/api/v1/audit?limit=500');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((e: Entry) => e.orgId === id('stc'))).toBe(true);
    expect((await agencyAdmin.get(`/api/v1/audit?orgId=${id('skhcn')}`)).status).toBe(403);
  });
});

describe('verifying the chain', () => {
  it('after the flow the chain verifies, counting every stored event', async () => {
    const r = await admin.get('/api/v1/audit/verify');
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    const stored = await s.ctx.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(r.body.count).toBe(Number(stored.n));
    expect(r.body.count).toBeGreaterThan(50);
  });

  it('only the province administrator may verify; only administrators may read the log', async () => {
    for (const c of [clerkA, leaderB, specialistB]) {
      expect((await c.get('/api/v1/audit/verify')).status).toBe(403);
      expect((await c.get('/api/v1/audit')).status).toBe(403);
    }
    expect((await new Client(s.url).get('/api/v1/audit/verify')).status).toBe(401);
  });

  it('verifying while others keep working never reports a false break', async () => {
    const work = Array.from({ length: 12 }, () => signIn(s.url, 'vanthu.snv'));
    const checks = Array.from({ length: 12 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 15));
      return (await admin.get('/api/v1/audit/verify')).body;
    });
    const [, results] = await Promise.all([Promise.all(work), Promise.all(checks)]);
    for (const r of results) expect(r).toMatchObject({ ok: true });
  });

  it('changing a stored event breaks the chain at that event', async () => {
    const db = s.ctx.db.kysely;
    const target = await db.selectFrom('audit_events').select(['seq', 'data']).where('action', '=', 'document.issue').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    await db.updateTable('audit_events').set({ data: target.data.replace('"symbol":"', '"symbol":"99') }).where('seq', '=', target.seq).execute();
    const r = await admin.get('/api/v1/audit/verify');
    expect(r.body).toMatchObject({ ok: false, brokenSeq: Number(target.seq) });
    expect(r.body.count).toBe(Number(target.seq) - 1);
    await db.updateTable('audit_events').set({ data: target.data }).where('seq', '=', target.seq).execute();
    expect((await admin.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('deleting the last event makes verify fail', async () => {
    const db = s.ctx.db.kysely;
    const last = await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    await sql`DELETE FROM audit_events WHERE seq = ${Number(last.seq)}`.execute(db);
    const r = await admin.get('/api/v1/audit/verify');
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.brokenSeq).toBe(Number(last.seq));
  });
});

describe('the log reads for people', () => {
  /** Every action the sources append: literal ones, the incoming steps and the sign-in failures. */
  function appendedActions() {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.resolve(import.meta.dirname, '../src/modules'));
    const actions = new Set<string>();
    const entities = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/action: (?:[^,}]*\? )?'([a-z_.]+)'(?: : '([a-z_.]+)')?/g)) [m[1], m[2]].forEach((a) => a && actions.add(a));
      for (const m of text.matchAll(/attemptFailed\([^)]*'([a-z_.]+)'\)/g)) actions.add(m[1]!);
      // A module's own change runner given its action: change(ctx, actor, id, 'task.progress', …) or a choice of two.
      for (const m of text.matchAll(/change\(ctx, actor, id, (?:[a-z]+ \? )?'([a-z_.]+)'(?: : '([a-z_.]+)')?/g)) [m[1], m[2]].forEach((a) => a && actions.add(a));
      for (const m of text.matchAll(/entityType: '([a-z_]+)'/g)) entities.add(m[1]!);
      if (text.includes('action: `incoming.${action}`')) for (const a of ['register', 'reject', 'assign', 'start', 'complete']) actions.add(`incoming.${a}`);
    }
    return { actions: [...actions], entities: [...entities] };
  }

  it('has a Vietnamese and an English label for every action the code appends, and every kind of entity', () => {
    const { actions, entities } = appendedActions();
    expect(actions.length).toBeGreaterThan(60);
    for (const a of ['auth.locked', 'auth.failed', 'incoming.assign', 'incoming.recall_refuse', 'secrets.reseal']) expect(actions).toContain(a);
    expect(actions.filter((a) => !AUDIT_ACTION_LABELS[a]?.vi || !AUDIT_ACTION_LABELS[a]?.en)).toEqual([]);
    expect(entities.filter((e) => !AUDIT_ENTITY_LABELS[e])).toEqual([]);
    expect(AUDIT_ACTION_LABELS['incoming.assign']).toEqual({ vi: 'Phân công xử lý', en: 'Assigned' });
  });
});
