/**
 * Administrative document types of Decree 30/2020 (art. 7, appendix III) and their
 * abbreviations. The mixed case (QyĐ, CTr, TTr) is significant. This list seeds the
 * document_types table; the running system reads types from the database.
 */
export interface DocumentTypeSeed {
  code: string; // stable identifier
  name: string;
  abbr: string; // '' for Công văn and Thư công: the symbol has no type part
}

export const DOCUMENT_TYPES: readonly DocumentTypeSeed[] = [
  { code: 'NQ', name: 'Nghị quyết', abbr: 'NQ' },
  { code: 'QD', name: 'Quyết định', abbr: 'QĐ' },
  { code: 'CT', name: 'Chỉ thị', abbr: 'CT' },
  { code: 'QC', name: 'Quy chế', abbr: 'QC' },
  { code: 'QYD', name: 'Quy định', abbr: 'QyĐ' },
  { code: 'TC', name: 'Thông cáo', abbr: 'TC' },
  { code: 'TB', name: 'Thông báo', abbr: 'TB' },
  { code: 'HD', name: 'Hướng dẫn', abbr: 'HD' },
  { code: 'HOPDONG', name: 'Hợp đồng', abbr: 'HĐ' },
  { code: 'CTR', name: 'Chương trình', abbr: 'CTr' },
  { code: 'KH', name: 'Kế hoạch', abbr: 'KH' },
  { code: 'PA', name: 'Phương án', abbr: 'PA' },
  { code: 'DEAN', name: 'Đề án', abbr: 'ĐA' },
  { code: 'DA', name: 'Dự án', abbr: 'DA' },
  { code: 'BC', name: 'Báo cáo', abbr: 'BC' },
  { code: 'BB', name: 'Biên bản', abbr: 'BB' },
  { code: 'TTR', name: 'Tờ trình', abbr: 'TTr' },
  { code: 'CV', name: 'Công văn', abbr: '' },
  { code: 'THUCONG', name: 'Thư công', abbr: '' },
  { code: 'CD', name: 'Công điện', abbr: 'CĐ' },
  { code: 'BGN', name: 'Bản ghi nhớ', abbr: 'BGN' },
  { code: 'BTT', name: 'Bản thỏa thuận', abbr: 'BTT' },
  { code: 'GUQ', name: 'Giấy ủy quyền', abbr: 'GUQ' },
  { code: 'GM', name: 'Giấy mời', abbr: 'GM' },
  { code: 'GGT', name: 'Giấy giới thiệu', abbr: 'GGT' },
  { code: 'GNP', name: 'Giấy nghỉ phép', abbr: 'GNP' },
  { code: 'PG', name: 'Phiếu gửi', abbr: 'PG' },
  { code: 'PC', name: 'Phiếu chuyển', abbr: 'PC' },
  { code: 'PB', name: 'Phiếu báo', abbr: 'PB' },
];

/** Copy kinds (Decree 30, art. 25–27), each numbered in its own series. */
export const COPY_KINDS = {
  SY: { name: 'Bản sao y', abbr: 'SY' },
  SL: { name: 'Bản sao lục', abbr: 'SL' },
  TrS: { name: 'Bản trích sao', abbr: 'TrS' },
} as const;
export type CopyKind = keyof typeof COPY_KINDS;
export const isCopyKind = (k: string): k is CopyKind => Object.hasOwn(COPY_KINDS, k);
