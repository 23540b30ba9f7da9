import type { Actor, AppContext } from '../context.js';
import { localDate } from '../../domain/numbering.js';
import { getOrg, provinceName } from '../directory/repo.js';
import type { TableReport } from './table-report.js';

/** Who prints a report (a task list, survey results): everything its administrative header and signature need. */
export interface ReportIssuer {
  parentName: string | null;
  agencyName: string;
  agencyShort: string;
  province: string;
  signerName: string;
  signerPosition: string;
  today: string; // YYYY-MM-DD, Asia/Ho_Chi_Minh
}

/**
 * The caller's agency under its superior (the province's People's Committee heads its offices
 * and departments on the page), dated today, signed by the caller as the one who drew it up.
 */
export async function reportIssuerOf(ctx: AppContext, actor: Actor): Promise<ReportIssuer> {
  const db = ctx.db.kysely;
  const agency = await getOrg(db, actor.agencyId);
  const province = (await provinceName(db)) ?? '';
  const parent = agency?.parent_id ? await getOrg(db, agency.parent_id) : undefined;
  const place = province.replace(/^(Tỉnh|Thành phố)\s+/i, '');
  const parentName = agency?.kind === 'province' ? null : parent?.kind === 'province' ? `UBND ${province}` : (parent?.name ?? null);
  return {
    parentName,
    agencyName: agency?.name ?? province,
    agencyShort: agency?.short_name ?? '',
    province: place || province,
    signerName: actor.fullName,
    signerPosition: 'Người lập biểu',
    today: localDate(ctx.now()),
  };
}

/** The header and signature of a table report (a report, BC) issued by `who`. */
export function issuedBy(who: ReportIssuer): Pick<TableReport, 'parentName' | 'issuer' | 'symbol' | 'placeDate' | 'signer'> {
  const [y, m, d] = who.today.split('-');
  return {
    parentName: who.parentName,
    issuer: who.agencyName,
    symbol: `Số:        /BC-${who.agencyShort}`,
    placeDate: `${who.province}, ngày ${d} tháng ${m} năm ${y}`,
    signer: { position: who.signerPosition, name: who.signerName },
  };
}
