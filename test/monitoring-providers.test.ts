import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn } from './helpers/client.js';
import type { Actor } from '../src/modules/context.js';
import { computeMonth } from '../src/modules/monitoring/index.js';
import { itemsOnTrack } from '../src/modules/plans/index.js';
import { listIncidents, systemsByAgency } from '../src/modules/security/index.js';
import { surveyResponseRates } from '../src/modules/surveys/index.js';
import { getProject, provinceDisbursement } from '../src/modules/projects/queries.js';
import { monthOfDay, periodWindow, shiftMonth, type PeriodWindow } from '../src/domain/monitoring.js';
import { localDate } from '../src/domain/numbering.js';

/**
 * The providers of the plans, security and surveys modules on the demo province: each value
 * is the one counted here from the module's own API, and the drill-down lists exactly the
 * records counted (with links the web app opens).
 */
let s: TestServer;
let month: string;
let w: PeriodWindow;
let itc: Awaited<ReturnType<typeof signIn>>;
type Stored = { org_id: number; code: string; value: number | string; numerator: number | string; denominator: number | string | null };
let stored: Stored[];

const pct = (n: number, d: number) => Math.round((n / d) * 10_000) / 100;
const valuesOf = (code: string) => new Map(stored.filter((v) => v.code === code).map((v) => [v.org_id, { value: Number(v.value), numerator: Number(v.numerator), denominator: v.denominator === null ? null : Number(v.denominator) }]));
type Rec = { kind: string; id: number; counted: boolean; link: string | null };
async function drill(orgId: number, code: string, m = month): Promise<Rec[]> {
  const r = await itc.get(`/api/v1/monitoring/drill/${m}/${orgId}/${encodeURIComponent(code)}`);
  expect(r.status).toBe(200);
  return r.body.records as Rec[];
}

beforeAll(async () => {
  s = await startServer();
  month = monthOfDay(localDate(s.clock.now));
  w = periodWindow(month);
  await computeMonth(s.ctx, month);
  stored = (await s.ctx.db.kysely.selectFrom('indicator_values').selectAll().where('month', '=', month).execute()) as Stored[];
  itc = await signIn(s.url, 'cntt.skhcn');
});
afterAll(async () => s?.close());

describe('KH.DUNGTIENDO — plan items on track at the cut-off day', () => {
  it('equals the items of the approved plans counted by hand, and the drill-down lists them', async () => {
    const list = await itc.get('/api/v1/plans?limit=500');
    expect(list.status).toBe(200);
    const hand = new Map<number, { n: number; k: number; items: Map<number, boolean> }>();
    for (const p of list.body.items as { id: number; agencyId: number; status: string; effectiveFrom: string | null }[]) {
      if (p.status !== 'in_force' && p.status !== 'approved') continue;
      if (!p.effectiveFrom || p.effectiveFrom > w.to) continue;
      const plan = await itc.get(`/api/v1/plans/${p.id}`);
      for (const i of plan.body.items as { id: number; startDate: string; endDate: string; progress: { reported: string | null } }[]) {
        if (i.startDate > w.to || i.progress.reported === 'dropped') continue;
        const c = hand.get(p.agencyId) ?? { n: 0, k: 0, items: new Map() };
        const ok = i.progress.reported === 'done' || i.endDate >= w.to;
        c.n++;
        if (ok) c.k++;
        c.items.set(i.id, ok);
        hand.set(p.agencyId, c);
      }
    }
    expect(hand.size).toBeGreaterThan(0);
    const values = valuesOf('KH.DUNGTIENDO');
    expect([...values.keys()].sort()).toEqual([...hand.keys()].sort());
    for (const [orgId, c] of hand) {
      expect(values.get(orgId)).toEqual({ value: pct(c.k, c.n), numerator: c.k, denominator: c.n });
      const recs = await drill(orgId, 'KH.DUNGTIENDO');
      expect(new Map(recs.map((r) => [r.id, r.counted]))).toEqual(c.items);
      expect(recs.every((r) => r.kind === 'plan_item' && /^\/plans\/\d+$/.test(r.link ?? ''))).toBe(true);
    }
    // The demo's plan has a late item: the value is not a trivial 100 %.
    expect([...hand.values()].some((c) => c.k < c.n)).toBe(true);
    // itemsOnTrack (the month's last day) counts the same items.
    const monthly = await itemsOnTrack(s.ctx.db.kysely, month);
    expect(monthly.map((m) => m.agencyId).sort()).toEqual([...hand.keys()].sort());
  });
});

describe('ATTT.CAPDO — systems with an approved security level', () => {
  it('equals systemsByAgency counted by hand, and the drill-down lists every system', async () => {
    const systems = await systemsByAgency(s.ctx.db.kysely);
    expect(systems.size).toBeGreaterThan(0);
    const values = valuesOf('ATTT.CAPDO');
    expect([...values.keys()].sort()).toEqual([...systems.keys()].sort());
    let someUnapproved = false;
    for (const [orgId, list] of systems) {
      const k = list.filter((x) => x.approvedLevel !== null).length;
      someUnapproved ||= k < list.length;
      expect(values.get(orgId)).toEqual({ value: pct(k, list.length), numerator: k, denominator: list.length });
      const recs = await drill(orgId, 'ATTT.CAPDO');
      expect(new Map(recs.map((r) => [r.id, r.counted]))).toEqual(new Map(list.map((x) => [x.systemId, x.approvedLevel !== null])));
      expect(recs.every((r) => r.kind === 'security_system' && r.link === '/security/systems')).toBe(true);
    }
    expect(someUnapproved).toBe(true);
  });
});

describe('ATTT.SUCO_DUNGHAN — incidents reported on time', () => {
  it('equals the incidents reported in the period counted by hand; the drill-down keeps titles behind the link', async () => {
    const responder: Actor = { userId: 1, username: 'x', fullName: 'x', orgId: s.ids.get('skhcn')!, agencyId: s.ids.get('skhcn')!, roles: [], isProvinceAdmin: true, via: 'system' };
    const { items } = await listIncidents(s.ctx, responder, { limit: 5000 });
    const inPeriod = items.filter((i) => i.reportedAt >= w.startIso && i.reportedAt < w.endIso);
    expect(inPeriod.length).toBeGreaterThan(0);
    const hand = new Map<number, Map<number, boolean>>();
    for (const i of inPeriod) hand.set(i.orgId, (hand.get(i.orgId) ?? new Map()).set(i.id, i.initialOnTime));
    const values = valuesOf('ATTT.SUCO_DUNGHAN');
    expect([...values.keys()].sort()).toEqual([...hand.keys()].sort());
    for (const [orgId, m] of hand) {
      const k = [...m.values()].filter(Boolean).length;
      expect(values.get(orgId)).toEqual({ value: pct(k, m.size), numerator: k, denominator: m.size });
      const recs = await drill(orgId, 'ATTT.SUCO_DUNGHAN');
      expect(new Map(recs.map((r) => [r.id, r.counted]))).toEqual(m);
      for (const r of recs) {
        expect(r.link).toBe(`/security/incidents/${r.id}`);
        expect((r as Rec & { label: string }).label).not.toContain(items.find((x) => x.id === r.id)!.title);
      }
    }
  });
});

describe('DN.PHANHOI — enterprises that answered the survey', () => {
  it('equals the response rate of the enterprise surveys open in the period, for the IT department that runs them', async () => {
    const open = (await surveyResponseRates(s.ctx.db.kysely, 'enterprise')).filter((p) => p.opensOn <= w.to && p.closesOn >= w.from);
    expect(open.length).toBeGreaterThan(0);
    const asked = open.reduce((a, p) => a + p.asked, 0);
    const submitted = open.reduce((a, p) => a + p.submitted, 0);
    expect(submitted).toBeGreaterThan(0);
    expect(submitted).toBeLessThan(asked);
    const skhcn = s.ids.get('skhcn')!;
    const values = valuesOf('DN.PHANHOI');
    expect([...values.keys()]).toEqual([skhcn]);
    expect(values.get(skhcn)).toEqual({ value: pct(submitted, asked), numerator: submitted, denominator: asked });
    const recs = await drill(skhcn, 'DN.PHANHOI');
    expect(recs).toHaveLength(asked);
    expect(recs.filter((r) => r.counted)).toHaveLength(submitted);
    const first = recs.find((r) => r.counted)!;
    expect(first).toMatchObject({ kind: 'survey_response', link: `/surveys/responses/${first.id}` });
    // The link opens: the IT department reads the response.
    expect((await itc.get(`/api/v1/surveys/responses/${first.id}`)).status).toBe(200);
  });
});

describe('DA.GIAINGAN — disbursement rate of IT projects', () => {
  it('equals the payments made by the cut-off day ÷ the year\'s capital plans, per investing agency', async () => {
    const admin: Actor = { userId: 1, username: 'x', fullName: 'x', orgId: s.ids.get('skhcn')!, agencyId: s.ids.get('skhcn')!, roles: [], isProvinceAdmin: true, via: 'system' };
    // A month whose cut-off day is in this year (the demo plans capital for this year only).
    const year = Number(localDate(s.clock.now).slice(0, 4));
    const m = Number(w.to.slice(0, 4)) === year ? month : shiftMonth(month, -1);
    const pw = periodWindow(m);
    if (m !== month) await computeMonth(s.ctx, m);
    const rows = (await s.ctx.db.kysely.selectFrom('indicator_values').selectAll().where('month', '=', m).where('code', '=', 'DA.GIAINGAN').execute()) as Stored[];
    const table = await provinceDisbursement(s.ctx, admin, year);
    expect(table.items.length).toBeGreaterThan(0);
    const hand = new Map<number, { plan: bigint; paid: bigint; projects: Map<number, boolean> }>();
    for (const i of table.items) {
      const p = await getProject(s.ctx, admin, i.projectId);
      const paid = p.disbursements.filter((d) => d.year === year && d.paidOn <= pw.to).reduce((a, d) => a + BigInt(d.amount), 0n);
      const c = hand.get(i.investingOrgId) ?? { plan: 0n, paid: 0n, projects: new Map() };
      c.plan += BigInt(i.plan);
      c.paid += paid;
      c.projects.set(i.projectId, paid > 0n);
      hand.set(i.investingOrgId, c);
    }
    expect([...hand.values()].some((c) => c.paid > 0n && c.paid < c.plan)).toBe(true);
    expect(rows.map((r) => r.org_id).sort()).toEqual([...hand.keys()].sort());
    for (const [orgId, c] of hand) {
      const v = rows.find((r) => r.org_id === orgId)!;
      expect({ numerator: Number(v.numerator), denominator: Number(v.denominator), value: Number(v.value) }).toEqual({ numerator: Number(c.paid), denominator: Number(c.plan), value: pct(Number(c.paid), Number(c.plan)) });
      const recs = await drill(orgId, 'DA.GIAINGAN', m);
      expect(new Map(recs.map((r) => [r.id, r.counted]))).toEqual(c.projects);
      expect(recs.every((r) => r.kind === 'project' && r.link === `/projects/${r.id}`)).toBe(true);
    }
  });
  it('is scored from the provider (migration 027: automatic), and the score follows a new payment', async () => {
    const admin: Actor = { userId: 1, username: 'x', fullName: 'x', orgId: s.ids.get('skhcn')!, agencyId: s.ids.get('skhcn')!, roles: [], isProvinceAdmin: true, via: 'system' };
    const year = Number(localDate(s.clock.now).slice(0, 4));
    const m = Number(w.to.slice(0, 4)) === year ? month : shiftMonth(month, -1);
    const pw = periodWindow(m);
    await computeMonth(s.ctx, m);
    const catalogue = await itc.get('/api/v1/indicators');
    expect(catalogue.body.find((i: { code: string }) => i.code === 'DA.GIAINGAN')).toMatchObject({ source: 'automatic', maxPoints: 10 });
    const scored = async (orgId: number) => {
      const r = await itc.get(`/api/v1/monitoring/reports/${m}/${orgId}`);
      expect(r.status).toBe(200);
      return r.body.indicators.find((i: { code: string }) => i.code === 'DA.GIAINGAN') as { origin: string; value: number; numerator: number; denominator: number; points: number };
    };
    const pts = (n: number, d: number) => Math.round((n / d) * 10 * 100) / 100;
    // A project with room left in this year's plan, of an agency that has paid something.
    const table = await provinceDisbursement(s.ctx, admin, year);
    const project = table.items.find((i) => BigInt(i.plan) - BigInt(i.disbursed) >= BigInt(i.plan) / 10n && BigInt(i.disbursed) > 0n)!;
    expect(project).toBeDefined();
    const before = await scored(project.investingOrgId);
    expect(before.origin).toBe('automatic');
    expect(before.points).toBe(pts(before.numerator, before.denominator));

    const finance = await signIn(s.url, 'taichinh.stc');
    const paidOn = [pw.to, localDate(s.clock.now)].sort()[0]!;
    const amount = (BigInt(project.plan) - BigInt(project.disbursed)) / 2n;
    const paid = await finance.post(`/api/v1/projects/${project.projectId}/disbursements`, { paidOn, amount: amount.toString(), paymentRef: 'UNC-THU-027' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    await computeMonth(s.ctx, m);
    const after = await scored(project.investingOrgId);
    expect(after.numerator).toBe(before.numerator + Number(amount));
    expect(after.value).toBe(pct(after.numerator, after.denominator));
    expect(after.points).toBe(pts(after.numerator, after.denominator));
    expect(after.points).toBeGreaterThan(before.points);
  });
});
