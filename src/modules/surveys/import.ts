import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { AppContext, Actor } from '../context.js';
import { DomainError, invalid } from '../../domain/errors.js';
import { profileByTaxCode } from './repo.js';
import { registerEnterprise } from './service.js';

/**
 * `lienthong enterprise import <file.csv>`: enterprises with their profile and first user,
 * one a line. Columns: name, short_name, tax_code, sector (VSIC letter), commune, size
 * (micro|small|medium|large), employees, email, phone, address, username, full_name,
 * password (empty: one is made and printed once). A tax code already registered is skipped;
 * the first bad line stops the import with its line number (lines before it stay imported).
 */
export const ENTERPRISE_COLUMNS = ['name', 'short_name', 'tax_code', 'sector', 'commune', 'size'] as const;
const MAX_ROWS = 20_000;

export async function importEnterprisesCsv(ctx: AppContext, actor: Actor, text: string) {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, max_record_size: 100_000, info: true });
  } catch (e) {
    throw invalid('csv', `Tệp CSV không đọc được: ${(e as Error).message}`, `The CSV cannot be read: ${(e as Error).message}`);
  }
  if (rows.length > MAX_ROWS) throw invalid('csv', `Tệp CSV quá nhiều dòng (tối đa ${MAX_ROWS.toLocaleString('vi-VN')}).`, `Too many CSV rows (at most ${MAX_ROWS}).`);
  const missing = ENTERPRISE_COLUMNS.filter((c) => rows.length && !(c in rows[0]!.record));
  if (missing.length) throw invalid('csv', `Thiếu cột: ${missing.join(', ')}.`, `Missing columns: ${missing.join(', ')}.`);
  const created: { taxCode: string; orgId: number; username: string | null; password: string | null }[] = [];
  let skipped = 0;
  for (const { record: r, info } of rows) {
    const line = info.lines;
    try {
      if (await profileByTaxCode(ctx.db.kysely, r.tax_code ?? '')) {
        skipped++;
        continue;
      }
      const username = r.username || null;
      const password = username ? r.password || `${randomBytes(12).toString('base64url')}-Aa1` : null;
      const employees = r.employees ? Number(r.employees) : null;
      const made = await registerEnterprise(ctx, actor, {
        name: r.name,
        shortName: r.short_name,
        taxCode: r.tax_code,
        sectorCode: r.sector,
        commune: r.commune,
        size: r.size,
        employees: employees !== null && Number.isFinite(employees) ? employees : r.employees || null,
        email: r.email || null,
        phone: r.phone || null,
        address: r.address || null,
        user: username ? { username, fullName: r.full_name || username, password, email: r.email || null } : null,
      });
      created.push({ taxCode: made.taxCode, orgId: made.orgId, username, password: username && !r.password ? password : null });
    } catch (e) {
      if (e instanceof DomainError) throw new DomainError(e.kind, e.code, `Dòng ${line}: ${e.messageVi}`, `Line ${line}: ${e.messageEn}`, e.field, line);
      throw e;
    }
  }
  return { created, skipped };
}
