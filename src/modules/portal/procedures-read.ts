import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import { num } from '../../db/connect.js';
import { searchTerms } from '../../domain/fold.js';
import type { Level, NationalProcedure, OnlineLevel } from '../../domain/procedures.js';

/** Reads of the procedures for the public pages, the exports and the back office. */
export interface ProcedureFilter {
  q?: string;
  field?: string;
  subject?: string;
  agencyId?: number;
  level?: Level;
  /** 'khong': implemented by someone without an online service. */
  online?: OnlineLevel | 'khong';
}

const LEVEL_COLUMN: Record<Level, 'is_ward' | 'is_province' | 'is_ministry' | 'is_other'> = { ward: 'is_ward', province: 'is_province', ministry: 'is_ministry', other: 'is_other' };

/** LIKE needs its own wildcards escaped; the folded words hold only a-z and digits anyway. */
const like = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filtered(db: Executor, f: ProcedureFilter) {
  let q = db.selectFrom('procedures as p').where('p.active', '=', 1);
  for (const term of searchTerms(f.q ?? '', 8)) q = q.where(sql<boolean>`p.search_text like ${like(term)} escape '\\'`);
  if (f.field) q = q.where((eb) => eb.exists(eb.selectFrom('procedure_tags as t').select('t.procedure_id').whereRef('t.procedure_id', '=', 'p.id').where('t.kind', '=', 'field').where('t.name', '=', f.field!)));
  if (f.subject) q = q.where((eb) => eb.exists(eb.selectFrom('procedure_tags as t').select('t.procedure_id').whereRef('t.procedure_id', '=', 'p.id').where('t.kind', '=', 'subject').where('t.name', '=', f.subject!)));
  if (f.level) q = q.where(`p.${LEVEL_COLUMN[f.level]}`, '=', 1);
  if (f.agencyId !== undefined || f.online) {
    q = q.where((eb) => {
      let sub = eb.selectFrom('procedure_agencies as a').select('a.procedure_id').whereRef('a.procedure_id', '=', 'p.id');
      if (f.agencyId !== undefined) sub = sub.where('a.org_id', '=', f.agencyId);
      if (f.online === 'khong') sub = sub.where('a.online_level', 'is', null);
      else if (f.online) sub = sub.where('a.online_level', '=', f.online);
      return eb.exists(sub);
    });
  }
  return q;
}

export interface ProcedureListItem {
  id: number;
  code: string;
  name: string;
  levels: Level[];
  fields: string[];
  agencies: { orgId: number; name: string; onlineLevel: OnlineLevel | null }[];
  updatedAt: string;
}

const levelsOfRow = (r: { is_ward: number; is_province: number; is_ministry: number; is_other: number }): Level[] =>
  (Object.keys(LEVEL_COLUMN) as Level[]).filter((l) => Number(r[LEVEL_COLUMN[l]]) === 1);

export async function searchProcedures(db: Executor, f: ProcedureFilter, page: number, pageSize: number): Promise<{ total: number; items: ProcedureListItem[] }> {
  const total = num((await filtered(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = await filtered(db, f)
    .select(['p.id', 'p.code', 'p.name', 'p.is_ward', 'p.is_province', 'p.is_ministry', 'p.is_other', 'p.updated_at'])
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total, items: await withDetails(db, rows) };
}

async function withDetails(db: Executor, rows: { id: number; code: string; name: string; is_ward: number; is_province: number; is_ministry: number; is_other: number; updated_at: string }[]): Promise<ProcedureListItem[]> {
  const ids = rows.map((r) => r.id);
  const [tags, agencies] = ids.length
    ? await Promise.all([
        db.selectFrom('procedure_tags').select(['procedure_id', 'name']).where('kind', '=', 'field').where('procedure_id', 'in', ids).orderBy('name').execute(),
        db
          .selectFrom('procedure_agencies as a')
          .innerJoin('organizations as o', 'o.id', 'a.org_id')
          .select(['a.procedure_id', 'a.org_id', 'a.online_level', 'o.name'])
          .where('a.procedure_id', 'in', ids)
          .where('o.active', '=', 1)
          .orderBy('o.name')
          .execute(),
      ])
    : [[], []];
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    levels: levelsOfRow(r),
    fields: tags.filter((t) => t.procedure_id === r.id).map((t) => t.name),
    agencies: agencies.filter((a) => a.procedure_id === r.id).map((a) => ({ orgId: a.org_id, name: a.name, onlineLevel: a.online_level as OnlineLevel | null })),
    updatedAt: r.updated_at,
  }));
}

/** Every active procedure (open data, sitemap), in code order. */
export async function allProcedures(db: Executor) {
  const rows = await db.selectFrom('procedures').select(['id', 'code', 'name', 'record', 'updated_at', 'is_ward', 'is_province', 'is_ministry', 'is_other']).where('active', '=', 1).orderBy('code').execute();
  const agencies = await db
    .selectFrom('procedure_agencies as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .innerJoin('procedures as p', 'p.id', 'a.procedure_id')
    .select(['a.procedure_id', 'a.org_id', 'a.online_level', 'o.name', 'o.code'])
    .where('p.active', '=', 1)
    .where('o.active', '=', 1)
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    updatedAt: r.updated_at,
    record: JSON.parse(r.record) as NationalProcedure,
    agencies: agencies.filter((a) => a.procedure_id === r.id).map((a) => ({ orgId: a.org_id, code: a.code, name: a.name, onlineLevel: a.online_level as OnlineLevel | null })),
  }));
}

/** Names to offer in the catalogue's filters. */
export async function procedureFacets(db: Executor) {
  const tags = await db
    .selectFrom('procedure_tags as t')
    .innerJoin('procedures as p', 'p.id', 't.procedure_id')
    .select(['t.kind', 't.name'])
    .where('p.active', '=', 1)
    .groupBy(['t.kind', 't.name'])
    .orderBy('t.name')
    .execute();
  const agencies = await db
    .selectFrom('procedure_agencies as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .innerJoin('procedures as p', 'p.id', 'a.procedure_id')
    .select(['o.id', 'o.name'])
    .where('p.active', '=', 1)
    .where('o.active', '=', 1)
    .groupBy(['o.id', 'o.name'])
    .orderBy('o.name')
    .execute();
  return {
    fields: tags.filter((t) => t.kind === 'field').map((t) => t.name),
    subjects: tags.filter((t) => t.kind === 'subject').map((t) => t.name),
    agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
  };
}

export interface PublicForm {
  id: number;
  fileName: string;
  title: string;
  size: number;
  mime: string;
  sha256: string;
  procedureId: number;
  procedureCode: string;
  procedureName: string;
}

function formsQuery(db: Executor) {
  return db
    .selectFrom('forms as f')
    .innerJoin('procedures as p', 'p.id', 'f.procedure_id')
    .select(['f.id', 'f.file_name', 'f.title', 'f.size', 'f.mime', 'f.sha256', 'f.procedure_id', 'p.code', 'p.name'])
    .where('p.active', '=', 1);
}
const formView = (r: { id: number; file_name: string; title: string; size: number; mime: string; sha256: string; procedure_id: number; code: string; name: string }): PublicForm => ({
  id: r.id,
  fileName: r.file_name,
  title: r.title,
  size: num(r.size),
  mime: r.mime,
  sha256: r.sha256,
  procedureId: r.procedure_id,
  procedureCode: r.code,
  procedureName: r.name,
});

export async function listForms(db: Executor, q?: string): Promise<PublicForm[]> {
  let query = formsQuery(db);
  for (const term of searchTerms(q ?? '', 8)) query = query.where(sql<boolean>`p.search_text like ${like(term)} escape '\\'`);
  return (await query.orderBy('p.name').orderBy('f.title').orderBy('f.id').limit(2000).execute()).map(formView);
}

export async function getForm(db: Executor, id: number): Promise<PublicForm | null> {
  const r = await formsQuery(db).where('f.id', '=', id).executeTakeFirst();
  return r ? formView(r) : null;
}

export async function getProcedureByCode(db: Executor, code: string) {
  const p = await db.selectFrom('procedures').selectAll().where('code', '=', code).where('active', '=', 1).executeTakeFirst();
  if (!p) return null;
  const [agencies, forms] = await Promise.all([
    db
      .selectFrom('procedure_agencies as a')
      .innerJoin('organizations as o', 'o.id', 'a.org_id')
      .select(['a.org_id', 'a.online_level', 'o.name', 'o.email', 'o.phone', 'o.address'])
      .where('a.procedure_id', '=', p.id)
      .where('o.active', '=', 1)
      .orderBy('o.name')
      .execute(),
    formsQuery(db).where('f.procedure_id', '=', p.id).orderBy('f.title').orderBy('f.id').execute(),
  ]);
  return {
    id: p.id,
    code: p.code,
    record: JSON.parse(p.record) as NationalProcedure,
    updatedAt: p.updated_at,
    agencies: agencies.map((a) => ({ orgId: a.org_id, name: a.name, email: a.email, phone: a.phone, address: a.address, onlineLevel: a.online_level as OnlineLevel | null })),
    forms: forms.map(formView),
  };
}
