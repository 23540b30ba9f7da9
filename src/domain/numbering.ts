/**
 * Number and symbol of Decree 30/2020: "12/CT-UBND"; a công văn has no type part
 * ("2491/STC-BCTC"); numbers below 10 carry a leading zero. Numbers run from 01 on
 * 1 January; the year is the one in Asia/Ho_Chi_Minh.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function formatNumber(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The notation after the slash: type abbreviation, agency, optional drafting unit. */
export function buildNotation(typeAbbr: string, agencyAbbr: string, unitAbbr?: string | null): string {
  const head = typeAbbr ? `${typeAbbr}-${agencyAbbr}` : agencyAbbr;
  return unitAbbr ? `${head}-${unitAbbr}` : head;
}

export function buildSymbol(n: number, notation: string): string {
  return `${formatNumber(n)}/${notation}`;
}

const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Vietnam as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return ymd.format(at);
}

export function localYear(at: Date): number {
  return Number(localDate(at).slice(0, 4));
}

/** dd/mm/yyyy, the way dates are printed in Vietnamese documents. */
export function formatDateVi(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const d = isoDate.length > 10 ? localDate(new Date(isoDate)) : isoDate;
  const [y, m, day] = d.split('-');
  return `${day}/${m}/${y}`;
}
