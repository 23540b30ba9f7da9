import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOfficialPdf } from '../src/modules/pdf/render.js';
import { detectFileKind } from '../src/domain/file-kinds.js';

describe('official PDF rendering', () => {
  it('writes a PDF whose text reads back with every Vietnamese letter', async () => {
    const bytes = await renderOfficialPdf({
      issuer: 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI',
      symbol: 'Số: 01/CT-UBND',
      placeDate: 'Đồng Nai, ngày 26 tháng 11 năm 2026',
      title: 'CHỈ THỊ',
      subtitle: 'Về việc tăng cường ứng dụng công nghệ thông tin',
      paragraphs: ['Đường, Được, Đắk Lắk, Hỏa tốc, Thượng khẩn, Tuyệt mật, ữ ỹ ỵ.'],
      signer: { competence: 'TM. ỦY BAN NHÂN DÂN', position: 'Chủ tịch', name: 'Nguyễn Văn Đức' },
    });
    expect(detectFileKind(bytes)).toBe('pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lt-pdf-')), 'ct.pdf');
    fs.writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Đắk Lắk, Hỏa tốc, Thượng khẩn, Tuyệt mật, ữ ỹ ỵ');
    expect(text).toContain('Nguyễn Văn Đức');
  });
});
