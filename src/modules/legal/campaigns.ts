import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DomainError, invalid, notFound } from '../../domain/errors.js';
import { campaignOrgState, DISSEMINATION_FORMS, type CampaignOrgState } from '../../domain/legal.js';
import { localDate } from '../../domain/numbering.js';
import { oneOf, optionalDate, optionalText, requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { issueOfficialLetter, loadVisibleDocument } from '../documents/index.js';
import { renderOfficialPdf } from '../pdf/render.js';
import { actsForAgency, assertKeepsLibrary, keepsLibrary } from './access.js';

/**
 * Dissemination campaigns (point 4): the IT department asks agencies to disseminate a set of
 * texts by a date, by an official letter sent through the exchange; each agency records what
 * it did (date, form, people reached, the evidence document from its own registers); the
 * campaign shows who has reported and who has not.
 */

const MAX_TEXTS = 50;
const MAX_ORGS = 400;
const AGENCY_KINDS = new Set(['agency', 'province']);

export interface CampaignInput {
  title?: unknown;
  note?: unknown;
  deadline?: unknown;
  textIds?: unknown;
  orgIds?: unknown;
  /** Send the request as an official letter (công văn) to the agencies. */
  sendLetter?: unknown;
  signerName?: unknown;
  signerPosition?: unknown;
}

function idList(raw: unknown, field: string, max: number, label: string): number[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > max) throw invalid(field, `Chọn từ 1 đến ${max} ${label}.`, `${field}: choose 1 to ${max}.`);
  const ids = [...new Set(raw)];
  if (!ids.every((x) => Number.isInteger(x) && (x as number) > 0)) throw invalid(field, `Danh sách ${label} không hợp lệ.`, `${field} must hold ids.`);
  return ids as number[];
}

const fmt = (d: string) => d.split('-').reverse().join('/');

async function letterPdf(ctx: AppContext, actor: Actor, v: { title: string; note: string | null; deadline: string }, texts: { number: string; title: string }[], orgNames: string[], signer: { name: string; position: string }) {
  const agency = await getOrg(ctx.db.kysely, actor.agencyId);
  const province = await ctx.db.kysely.selectFrom('organizations').select('name').where('kind', '=', 'province').executeTakeFirst();
  const place = (province?.name ?? '').replace(/^(Ủy ban nhân dân|UBND)\s+tỉnh\s+/i, '') || 'Tỉnh';
  const today = localDate(ctx.now());
  const [y, m, d] = today.split('-');
  return renderOfficialPdf({
    issuer: (agency?.name ?? '').toUpperCase(),
    symbol: 'Số:        (theo sổ văn bản đi)',
    placeDate: `${place}, ngày ${d} tháng ${m} năm ${y}`,
    title: 'CÔNG VĂN',
    subtitle: `V/v ${v.title}`,
    paragraphs: [
      `Thực hiện Chỉ thị của Ủy ban nhân dân tỉnh về đẩy mạnh ứng dụng công nghệ thông tin, ${agency?.name ?? ''} đề nghị các cơ quan, đơn vị tổ chức phổ biến, quán triệt các văn bản quy phạm pháp luật sau đây tới cán bộ, công chức, viên chức:`,
      ...texts.map((t, i) => `${i + 1}. ${t.number}: ${t.title}.`),
      `Hình thức: hội nghị, tập huấn, thư công vụ nội bộ hoặc đăng trên cổng/trang thông tin điện tử của cơ quan. Các cơ quan cập nhật kết quả (ngày, hình thức, số người được phổ biến, văn bản kiểm chứng) trên hệ thống Liên Thông trước ngày ${fmt(v.deadline)}.`,
      ...(v.note ? [v.note] : []),
      `Nơi nhận: ${orgNames.join('; ')}; Lưu: VT.`,
    ],
    signer: { position: signer.position, name: signer.name },
  });
}

export async function createCampaign(ctx: AppContext, actor: Actor, input: CampaignInput) {
  assertKeepsLibrary(actor);
  const db = ctx.db.kysely;
  const title = requiredText(input.title, 'title', 'Tên đợt phổ biến', 500);
  const note = optionalText(input.note, 'note', 'Ghi chú', 4000);
  const deadline = optionalDate(input.deadline, 'deadline', 'Hạn hoàn thành');
  if (!deadline) throw invalid('deadline', 'Hãy nêu hạn hoàn thành.', 'deadline is required.');
  if (deadline < localDate(ctx.now())) throw invalid('deadline', 'Hạn hoàn thành không ở quá khứ.', 'The deadline cannot be in the past.');
  const textIds = idList(input.textIds, 'textIds', MAX_TEXTS, 'văn bản');
  const texts = await db.selectFrom('legal_texts').select(['id', 'number', 'title']).where('id', 'in', textIds).execute();
  if (texts.length !== textIds.length) throw invalid('textIds', 'Có văn bản không có trong thư viện.', 'Some texts are not in the library.');
  const orgIds = idList(input.orgIds, 'orgIds', MAX_ORGS, 'cơ quan');
  const orgNames: string[] = [];
  for (const id of orgIds) {
    const o = await getOrg(db, id);
    if (!o || !AGENCY_KINDS.has(o.kind) || Number(o.active) !== 1) throw invalid('orgIds', `Cơ quan ${id} không có trong danh bạ.`, `Organisation ${id} is not an agency of the directory.`);
    orgNames.push(o.name);
  }
  const sendLetter = input.sendLetter === undefined ? true : input.sendLetter;
  if (typeof sendLetter !== 'boolean') throw invalid('sendLetter', 'sendLetter là true hoặc false.', 'sendLetter must be a boolean.');
  let letter: { documentId: number; symbol: string } | null = null;
  if (sendLetter) {
    const signer = { name: optionalText(input.signerName, 'signerName', 'Người ký', 200) ?? actor.fullName, position: optionalText(input.signerPosition, 'signerPosition', 'Chức vụ người ký', 200) ?? 'Giám đốc' };
    const pdf = await letterPdf(ctx, actor, { title, note, deadline }, texts, orgNames, signer);
    const issued = await issueOfficialLetter(ctx, actor, {
      typeCode: 'CV',
      summary: `V/v ${title}`,
      recipients: orgIds,
      signerName: signer.name,
      signerPosition: signer.position,
      dueDate: deadline,
      files: [{ fileName: 'cong-van-pho-bien-van-ban.pdf', bytes: pdf }],
    });
    letter = { documentId: issued.documentId, symbol: issued.symbol };
  }
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('legal_campaigns').values({ title, note, deadline, org_id: actor.agencyId, letter_document_id: letter?.documentId ?? null, created_by: actor.userId, created_at: at }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('legal_campaign_texts').values(textIds.map((text_id) => ({ campaign_id: row.id, text_id }))).execute();
    await trx.insertInto('legal_campaign_orgs').values(orgIds.map((org_id) => ({ campaign_id: row.id, org_id }))).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'legal.campaign.create', entityType: 'legal_campaign', entityId: row.id, data: { title, deadline, texts: textIds.length, recipients: orgIds.length, letter: letter?.symbol ?? null } });
    return row.id;
  });
  return getCampaign(ctx, actor, id);
}

async function loadVisibleCampaign(db: Executor, actor: Actor, id: number) {
  const c = await db.selectFrom('legal_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('campaign');
  if (keepsLibrary(actor)) return c;
  const asked = await db.selectFrom('legal_campaign_orgs').select('org_id').where('campaign_id', '=', id).where('org_id', '=', actor.agencyId).executeTakeFirst();
  if (!asked) throw notFound('campaign');
  return c;
}

/** The campaigns that include a text, of those the caller sees (all for the IT department), newest first. */
export async function campaignsOfText(db: Executor, actor: Actor, textId: number) {
  let q = db.selectFrom('legal_campaign_texts as ct').innerJoin('legal_campaigns as c', 'c.id', 'ct.campaign_id').select(['c.id', 'c.title', 'c.deadline']).where('ct.text_id', '=', textId).orderBy('c.id', 'desc').limit(100);
  if (!keepsLibrary(actor)) q = q.where('c.id', 'in', db.selectFrom('legal_campaign_orgs').select('campaign_id').where('org_id', '=', actor.agencyId));
  return q.execute();
}

/** The campaigns the caller sees: all for the IT department, those it is asked in for an agency. */
export async function listCampaigns(ctx: AppContext, actor: Actor) {
  const db = ctx.db.kysely;
  let q = db.selectFrom('legal_campaigns as c').leftJoin('documents as d', 'd.id', 'c.letter_document_id').select(['c.id', 'c.title', 'c.deadline', 'c.created_at', 'd.symbol as letter_symbol']).orderBy('c.id', 'desc').limit(500);
  if (!keepsLibrary(actor)) q = q.where('c.id', 'in', db.selectFrom('legal_campaign_orgs').select('campaign_id').where('org_id', '=', actor.agencyId));
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const asked = ids.length ? await db.selectFrom('legal_campaign_orgs').select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', 'in', ids).groupBy('campaign_id').execute() : [];
  const reported = ids.length
    ? await db.selectFrom('legal_campaign_reports').select(['campaign_id', (eb) => eb.fn.count<number>('org_id').distinct().as('n')]).where('campaign_id', 'in', ids).groupBy('campaign_id').execute()
    : [];
  const mine = ids.length ? await db.selectFrom('legal_campaign_reports').select('campaign_id').distinct().where('campaign_id', 'in', ids).where('org_id', '=', actor.agencyId).execute() : [];
  const n = (list: { campaign_id: number; n: number | string | bigint }[], id: number) => Number(list.find((x) => x.campaign_id === id)?.n ?? 0);
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      deadline: r.deadline,
      createdAt: r.created_at,
      letterSymbol: r.letter_symbol,
      agencies: n(asked, r.id),
      reported: n(reported, r.id),
      myAgencyReported: mine.some((m) => m.campaign_id === r.id),
    })),
  };
}

export interface CampaignAgencyRow {
  orgId: number;
  name: string;
  state: CampaignOrgState;
  peopleReached: number;
  reports: { id: number; heldOn: string; form: (typeof DISSEMINATION_FORMS)[number]; peopleReached: number; note: string | null; evidence: { documentId: number; symbol: string | null; docDate: string | null; summary: string } | null; createdAt: string }[];
}

export async function getCampaign(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const c = await loadVisibleCampaign(db, actor, id);
  const all = keepsLibrary(actor);
  const texts = await db.selectFrom('legal_campaign_texts as ct').innerJoin('legal_texts as t', 't.id', 'ct.text_id').select(['t.id', 't.number', 't.title', 't.status']).where('ct.campaign_id', '=', id).orderBy('t.issued_on').execute();
  let orgsQ = db.selectFrom('legal_campaign_orgs as co').innerJoin('organizations as o', 'o.id', 'co.org_id').select(['o.id', 'o.name']).where('co.campaign_id', '=', id).orderBy('o.name');
  if (!all) orgsQ = orgsQ.where('co.org_id', '=', actor.agencyId);
  const orgs = await orgsQ.execute();
  let reportsQ = db
    .selectFrom('legal_campaign_reports as r')
    .leftJoin('documents as d', 'd.id', 'r.evidence_document_id')
    .select(['r.id', 'r.org_id', 'r.held_on', 'r.form', 'r.people_reached', 'r.note', 'r.created_at', 'd.id as doc_id', 'd.symbol', 'd.doc_date', 'd.summary'])
    .where('r.campaign_id', '=', id)
    .orderBy('r.held_on')
    .orderBy('r.id');
  if (!all) reportsQ = reportsQ.where('r.org_id', '=', actor.agencyId);
  const reports = await reportsQ.execute();
  const letter = c.letter_document_id ? await db.selectFrom('documents').select(['id', 'symbol', 'doc_date', 'summary', 'signer_name']).where('id', '=', c.letter_document_id).executeTakeFirst() : undefined;
  const today = localDate(ctx.now());
  const agencies: CampaignAgencyRow[] = orgs.map((o) => {
    const mine = reports.filter((r) => r.org_id === o.id);
    const first = mine.map((r) => r.held_on).sort()[0] ?? null;
    return {
      orgId: o.id,
      name: o.name,
      state: campaignOrgState(c.deadline, first, today),
      peopleReached: mine.reduce((s, r) => s + Number(r.people_reached), 0),
      reports: mine.map((r) => ({
        id: r.id,
        heldOn: r.held_on,
        form: r.form,
        peopleReached: Number(r.people_reached),
        note: r.note,
        evidence: r.doc_id ? { documentId: r.doc_id, symbol: r.symbol, docDate: r.doc_date, summary: r.summary ?? '' } : null,
        createdAt: r.created_at,
      })),
    };
  });
  const counts = { reported: 0, reported_late: 0, pending: 0, overdue: 0 } as Record<CampaignOrgState, number>;
  for (const a of agencies) counts[a.state]++;
  return {
    id: c.id,
    title: c.title,
    note: c.note,
    deadline: c.deadline,
    createdAt: c.created_at,
    letter: letter ? { documentId: letter.id, symbol: letter.symbol, docDate: letter.doc_date, summary: letter.summary, signerName: letter.signer_name } : null,
    texts,
    counts,
    agencies,
    canReport: orgs.some((o) => o.id === actor.agencyId) && actsForAgency(actor, actor.agencyId),
  };
}
export type CampaignView = Awaited<ReturnType<typeof getCampaign>>;

export interface ReportInput {
  heldOn?: unknown;
  form?: unknown;
  peopleReached?: unknown;
  note?: unknown;
  evidenceDocumentId?: unknown;
}

/** An agency records what it did; the evidence is a document of its own registers (issued or received). */
export async function addCampaignReport(ctx: AppContext, actor: Actor, id: number, input: ReportInput) {
  const db = ctx.db.kysely;
  await loadVisibleCampaign(db, actor, id);
  const asked = await db.selectFrom('legal_campaign_orgs').select('org_id').where('campaign_id', '=', id).where('org_id', '=', actor.agencyId).executeTakeFirst();
  if (!asked || !actsForAgency(actor, actor.agencyId)) {
    throw new DomainError('forbidden', 'forbidden', 'Chỉ cơ quan được đề nghị phổ biến (lãnh đạo, chuyên viên, văn thư) báo cáo kết quả.', 'Only an agency asked by the campaign (its leaders, specialists, clerks) reports on it.');
  }
  const heldOn = optionalDate(input.heldOn, 'heldOn', 'Ngày thực hiện');
  if (!heldOn) throw invalid('heldOn', 'Hãy nêu ngày thực hiện.', 'heldOn is required.');
  if (heldOn > localDate(ctx.now())) throw invalid('heldOn', 'Ngày thực hiện không thể ở tương lai.', 'heldOn cannot be in the future.');
  const form = oneOf(input.form, DISSEMINATION_FORMS, 'form', 'Hình thức');
  const people = input.peopleReached;
  if (typeof people !== 'number' || !Number.isInteger(people) || people < 0 || people > 1_000_000) throw invalid('peopleReached', 'Số người được phổ biến là số nguyên từ 0 đến 1.000.000.', 'peopleReached must be an integer from 0 to 1,000,000.');
  const note = optionalText(input.note, 'note', 'Ghi chú', 4000);
  let evidence: number | null = null;
  if (input.evidenceDocumentId !== undefined && input.evidenceDocumentId !== null) {
    const docId = input.evidenceDocumentId;
    const missing = invalid('evidenceDocumentId', `Văn bản ${String(docId)} không có trong sổ của cơ quan.`, `Document ${String(docId)} is not in your agency's registers.`);
    if (!Number.isInteger(docId) || (docId as number) < 1) throw missing;
    try {
      const { doc } = await loadVisibleDocument(db, { ...actor, isProvinceAdmin: false }, docId as number);
      if (doc.state === 'draft') throw missing;
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not_found') throw missing;
      throw e;
    }
    evidence = docId as number;
  }
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('legal_campaign_reports')
      .values({ campaign_id: id, org_id: actor.agencyId, held_on: heldOn, form, people_reached: people, note, evidence_document_id: evidence, user_id: actor.userId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'legal.campaign.report', entityType: 'legal_campaign', entityId: id, data: { reportId: row.id, heldOn, form, peopleReached: people, evidenceDocumentId: evidence } });
  });
  return getCampaign(ctx, actor, id);
}
