import { invalid } from './errors.js';

/**
 * Agency identification code (mã định danh, QCVN 102:2016 / Decision 20/2020):
 * V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.00.H41 — level 1 is a letter and two digits.
 */
const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export function isAgencyCode(code: string): boolean {
  return AGENCY_CODE.test(code);
}

export function assertAgencyCode(code: string, field = 'code'): string {
  const c = typeof code === 'string' ? code.trim().toUpperCase() : '';
  if (!isAgencyCode(c)) {
    throw invalid(
      field,
      `Mã định danh "${code}" không đúng định dạng 000.00.00.H41.`,
      `Agency code "${code}" is not in the format 000.00.00.H41.`,
    );
  }
  return c;
}
