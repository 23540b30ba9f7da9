import { describe, expect, it } from 'vitest';
import { checkDraftingUnit, checkDueDate, checkFile, checkRecipients, checkSigner, checkSummary, previewSymbol } from './compose-rules';

describe('compose rules', () => {
  it('requires a summary of sensible length', () => {
    expect(checkSummary('')?.vi).toBe('Trích yếu không được để trống.');
    expect(checkSummary('   ')?.en).toBe('The summary is required.');
    expect(checkSummary('Về việc')?.vi).toMatch(/quá ngắn/);
    expect(checkSummary('x'.repeat(501))?.vi).toMatch(/500 ký tự/);
    expect(checkSummary('Về việc triển khai hộp thư điện tử công vụ')).toBeNull();
  });

  it('keeps digits out of names', () => {
    expect(checkSigner('Lê Minh Đạt')).toBeNull();
    expect(checkSigner('Lê Minh 2')?.vi).toMatch(/chữ số/);
  });

  it('accepts drafting units that fit in a symbol', () => {
    expect(checkDraftingUnit('')).toBeNull();
    expect(checkDraftingUnit('CNTT')).toBeNull();
    expect(checkDraftingUnit('TCĐT')).toBeNull();
    expect(checkDraftingUnit('CN TT')?.vi).toMatch(/không dấu cách/);
    expect(checkDraftingUnit('cntt')?.vi).toMatch(/chữ in hoa/);
  });

  it('refuses a reply deadline in the past', () => {
    expect(checkDueDate('2026-01-10', '2026-01-10')).toBeNull();
    expect(checkDueDate('2026-01-09', '2026-01-10')?.vi).toBe('Hạn trả lời không được trước ngày hôm nay.');
    expect(checkDueDate(null)).toBeNull();
  });

  it('needs recipients unless the document is secret, and never the own agency', () => {
    expect(checkRecipients([], 'thuong')?.vi).toBe('Chọn ít nhất một nơi nhận.');
    expect(checkRecipients([], 'mat')).toBeNull();
    expect(checkRecipients([5, 7], 'thuong', 7)?.vi).toMatch(/chính cơ quan/);
    expect(checkRecipients([5], 'thuong', 7)).toBeNull();
  });

  it('checks files by kind and size before uploading', () => {
    expect(checkFile({ name: 'bao-cao.PDF', size: 10 })).toBeNull();
    expect(checkFile({ name: 'setup.exe', size: 10 })?.vi).toMatch(/không đúng định dạng/);
    expect(checkFile({ name: 'rong.pdf', size: 0 })?.vi).toMatch(/rỗng/);
    expect(checkFile({ name: 'lon.pdf', size: 60 * 1024 * 1024 })?.vi).toMatch(/50 MB/);
  });

  it('previews the number and symbol as Decree 30 writes them', () => {
    expect(previewSymbol('', 'STC', 'BCTC')).toBe('…/STC-BCTC'); // công văn: no type part
    expect(previewSymbol('CT', 'UBND')).toBe('…/CT-UBND');
    expect(previewSymbol('QĐ', 'SKHCN', 'CNTT', 7)).toBe('07/QĐ-SKHCN-CNTT');
    expect(previewSymbol('KH', 'SYT', null, 12)).toBe('12/KH-SYT');
  });
});
