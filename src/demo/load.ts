import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext, Actor } from '../modules/context.js';
import { appendAudit } from '../modules/audit/service.js';
import { createOrganization, createUser } from '../modules/directory/service.js';
import { hashPassword } from '../modules/directory/passwords.js';
import { loadActor } from '../modules/auth/service.js';
import { createDocument, addAttachment } from '../modules/documents/drafts.js';
import { issueDocument } from '../modules/documents/issue.js';
import { receiveIncoming, rejectIncoming, assignIncoming, startProcessing, completeIncoming } from '../modules/documents/incoming.js';
import { renderOfficialPdf } from '../modules/pdf/render.js';
import { pgDriver } from '../db/connect.js';
import { asciiSlug } from '../domain/fold.js';
import { localDate } from '../domain/numbering.js';
import { DEMO_ORGS, DEMO_PEOPLE } from './province.js';
import { loadPortalDemo } from './portal.js';
import { DIRECTIVE_AGE_DAYS, loadDemoTasks } from './tasks.js';
import { loadDemoPlans } from './plans.js';
import { loadDemoLegal } from './legal.js';
import { loadDemoSecurity } from './security.js';
import { loadDemoSurveys } from './surveys.js';
import { loadMonitoringDemo } from './monitoring.js';
import { loadDemoProjects } from './projects.js';
import { loadSigningDemo } from './signing.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The directive lives in shared/ beside the repository; a copy ships for machines without it. */
async function directiveText(): Promise<string> {
  // `here` is src/demo, or dist/cli in the bundle that npm start runs: both two levels deep.
  for (const p of [path.resolve(here, '../../../shared/mission/directive.vi.txt'), path.resolve(here, '../../src/demo/directive.vi.txt')]) {
    try {
      return await fs.readFile(p, 'utf8');
    } catch {
      /* try the next */
    }
  }
  throw new Error('directive.vi.txt not found');
}

export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.kysely.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * Loads the demo into an empty database once, even when several server processes start
 * together on one PostgreSQL: a session advisory lock on a dedicated connection makes the
 * others wait, then find the database no longer empty.
 */
export async function loadDemoIfEmpty(ctx: AppContext, log: (s: string) => void = () => {}): Promise<boolean> {
  if (ctx.db.dialect === 'sqlite') {
    if (!(await isEmpty(ctx))) return false;
    await loadDemo(ctx, log);
    return true;
  }
  const client = new (pgDriver().Client)({ connectionString: ctx.config.databaseUrl! });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727001)');
    if (!(await isEmpty(ctx))) return false;
    await loadDemo(ctx, log);
    return true;
  } finally {
    // The lock ends with the connection, closed next, whether this succeeds or not.
    await client.query('SELECT pg_advisory_unlock(727001)').catch(() => {});
    await client.end();
  }
}

export interface DemoResult {
  organizations: number;
  users: string[];
  directiveId: number;
}

/** Loads the demo province: organisations, users (password "demo"), and the directive issued to every agency. */
export async function loadDemo(ctx: AppContext, log: (s: string) => void = () => {}): Promise<DemoResult> {
  if (!(await isEmpty(ctx))) throw new Error('The database is not empty: the demo loads only into an empty database.');
  const at = ctx.now().toISOString();
  const root = DEMO_ORGS.find((o) => o.parent === null)!;
  const rootRow = await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('organizations')
      .values({ code: root.code, name: root.name, short_name: root.shortName, kind: root.kind, parent_id: null, email: root.email ?? null, address: null, phone: null, website: root.website ?? null, active: 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: null, orgId: r.id, action: 'org.create', entityType: 'organization', entityId: r.id, data: { name: root.name, demo: true } });
    return r;
  });
  const demoHash = await hashPassword('demo');
  const adminUser = await createUser(ctx, null, { username: 'admin', fullName: 'Quản trị hệ thống tỉnh', orgId: rootRow.id, roles: ['admin'] }, demoHash);
  const admin = (await loadActor(ctx, adminUser.id, 'system'))!;

  const ids = new Map<string, number>([[root.key, rootRow.id]]);
  const users: string[] = ['admin'];
  const actors = new Map<string, Actor>();
  const taken = new Set<string>();
  for (const [i, o] of DEMO_ORGS.filter((x) => x.parent !== null).entries()) {
    const org = await createOrganization(ctx, admin, { code: o.code, name: o.name, shortName: o.shortName, kind: o.kind, parentId: ids.get(o.parent!)!, email: o.email, phone: o.phone, address: o.address, website: o.website });
    ids.set(o.key, org.id);
    if (o.kind === 'unit') continue;
    let slug = asciiSlug(o.shortName);
    if (taken.has(slug)) slug = `${slug}.${o.loginSuffix ?? i}`;
    taken.add(slug);
    for (const [prefix, p] of Object.entries(DEMO_PEOPLE)) {
      const username = `${prefix}.${slug}`;
      // The IT department's specialist sits in its IT unit, to show assignment to a unit.
      const orgId = o.key === 'skhcn' && prefix === 'chuyenvien' ? ids.get('skhcn-cntt') ?? org.id : org.id;
      const u = await createUser(ctx, null, { username, fullName: p.names[i % p.names.length]!, orgId, position: p.title, roles: [p.role], email: `${username}@${o.key}.dongnai.gov.vn` }, demoHash);
      users.push(username);
      actors.set(`${prefix}.${o.key}`, (await loadActor(ctx, u.id, 'system'))!);
    }
  }
  users.push(...(await loadSigningDemo(ctx, ids, demoHash)));
  log(`${ids.size} tổ chức, ${users.length} người dùng (mật khẩu: demo)`);

  const directiveId = await issueDirective(ctx, ids, actors);
  await loadPortalDemo(ctx, directiveId);
  const paragraphs = (await directiveText()).split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(2);
  log(`${await loadDemoTasks(ctx, directiveId, paragraphs, ids, actors, demoHash)} nhiệm vụ của Chỉ thị giao cho các cơ quan`);
  log(`Chương trình CNTT 2026–2030 và ${await loadDemoPlans(ctx, ids, actors)} kế hoạch CNTT của các sở`);
  log(`${await loadDemoLegal(ctx, ids, actors)} văn bản pháp luật về CNTT, một đợt phổ biến, quy chế nội bộ`);
  log(await loadDemoSecurity(ctx, ids, actors, demoHash));
  log(`${(await loadDemoSurveys(ctx, ids, demoHash)).length} doanh nghiệp khai phiếu khảo sát CNTT (dn.<tên>, mật khẩu: demo)`);
  await loadMonitoringDemo(ctx, ids, actors);
  log(`${await loadDemoProjects(ctx, ids, actors, demoHash)} dự án CNTT với kế hoạch vốn, giải ngân`);
  log(`Chỉ thị đã phát hành tới ${DEMO_ORGS.filter((o) => o.kind === 'agency').length - 1} cơ quan`);
  return { organizations: ids.size, users, directiveId };
}

async function issueDirective(ctx: AppContext, ids: Map<string, number>, actors: Map<string, Actor>) {
  const text = await directiveText();
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const subtitle = lines[1]!.replace('ỨNG DỤNGCÔNG', 'ỨNG DỤNG CÔNG');
  const summary = `Về việc tăng cường sự lãnh đạo đối với các hoạt động ứng dụng công nghệ thông tin (CNTT) tại cơ quan, đơn vị trên địa bàn tỉnh`;
  const clerk = actors.get('vanthu.ubnd')!;
  const leader = actors.get('lanhdao.ubnd')!;
  const agencies = DEMO_ORGS.filter((o) => o.kind === 'agency' && o.key !== 'ubnd').map((o) => ids.get(o.key)!);
  // Issued three weeks ago, so the tasks broken out of it can already be late (src/demo/tasks.ts).
  const issuing: AppContext = { ...ctx, now: () => new Date(ctx.now().getTime() - DIRECTIVE_AGE_DAYS * 86400_000) };
  const docId = await createDocument(issuing, clerk, {
    typeCode: 'CT',
    summary,
    content: 'Chỉ thị về tăng cường ứng dụng CNTT; báo cáo UBND tỉnh hằng tháng.',
    signerName: leader.fullName,
    signerPosition: 'Chủ tịch',
    signerCompetence: 'TM.',
    urgency: 'khan',
    dueDate: localDate(new Date(ctx.now().getTime() + 30 * 86400_000)),
    recipients: agencies,
    recordKeeper: 'VT, Phòng HCTC',
    copiesCount: agencies.length + 2,
  });
  const now = ctx.now();
  const pdf = await renderOfficialPdf({
    issuer: 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI',
    symbol: 'Số:      /CT-UBND',
    placeDate: `Đồng Nai, ngày ${now.getDate()} tháng ${now.getMonth() + 1} năm ${now.getFullYear()}`,
    title: 'CHỈ THỊ',
    subtitle,
    paragraphs: lines.slice(2),
    signer: { competence: 'TM. ỦY BAN NHÂN DÂN', position: 'Chủ tịch', name: leader.fullName },
  });
  await addAttachment(issuing, clerk, docId, { fileName: 'Chi-thi-ung-dung-CNTT.pdf', bytes: pdf, role: 'main' });
  const issued = await issueDocument(issuing, clerk, docId);

  // A realistic spread: some still waiting, some registered, assigned, in progress, done; one returned.
  const plan = ['06', '05', '04', '03', '01', '06', '04', '02', '05', '03', '06', '01', '04', '05', '06', '03', '01'];
  for (const [i, d] of issued.dispatched.entries()) {
    const key = DEMO_ORGS.find((o) => ids.get(o.key) === d.orgId)!.key;
    const target = plan[i % plan.length]!;
    const clerkB = actors.get(`vanthu.${key}`)!;
    if (target === '01') continue;
    if (target === '02') {
      await rejectIncoming(ctx, clerkB, d.itemId, 'Văn bản gửi nhầm nơi nhận: đơn vị không thuộc phạm vi thực hiện. Đề nghị kiểm tra lại.');
      continue;
    }
    await receiveIncoming(ctx, clerkB, d.itemId);
    if (target === '03') continue;
    const leaderB = actors.get(`lanhdao.${key}`)!;
    const specialist = actors.get(`chuyenvien.${key}`)!;
    await assignIncoming(ctx, leaderB, d.itemId, {
      direction: 'Giao chủ trì tham mưu triển khai, báo cáo kết quả trước hạn.',
      deadline: localDate(new Date(now.getTime() + (i % 3 === 0 ? -2 : 20) * 86400_000)),
      assignees: [{ userId: specialist.userId, role: 'lead' }],
    });
    if (target === '04') continue;
    await startProcessing(ctx, specialist, d.itemId);
    if (target === '05') continue;
    await completeIncoming(ctx, specialist, d.itemId, { resultNote: 'Đã xây dựng kế hoạch triển khai và báo cáo UBND tỉnh.' });
  }
  return docId;
}
