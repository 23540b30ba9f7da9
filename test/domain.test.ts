import fs from 'node:fs';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fold, searchTerms, asciiSlug } from '../src/domain/fold.js';
import { englishUnitName } from '../src/domain/place-names.js';
import { assertAgencyCode, isAgencyCode } from '../src/domain/agency-code.js';
import { buildNotation, buildSymbol, formatNumber, localDate, localYear, formatDateVi } from '../src/domain/numbering.js';
import { nextStatus, canRequestRecall } from '../src/domain/statuses.js';
import { detectFileKind } from '../src/domain/file-kinds.js';
import { canonicalJson, chainHash, GENESIS_HASH } from '../src/domain/canonical.js';
import { DomainError } from '../src/domain/errors.js';
import { DOCUMENT_TYPES } from '../src/domain/document-types.js';
import { optionalDate } from '../src/domain/validate.js';
import { pdfBytes } from './helpers/client.js';

/** The error a function throws, so its kind, code and field can be checked. */
function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw new Error(`expected a DomainError, got ${String(e)}`);
  }
  throw new Error('expected the call to throw');
}

/** A real zip archive (deflated entries, local headers and central directory), as office suites write them. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const packed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function docx(): Buffer {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Công văn số 2491/STC-BCTC</w:t></w:r></w:p></w:body></w:document>',
  });
}

function odt(): Buffer {
  // ODF: the "mimetype" entry comes first and is stored uncompressed.
  const mime = 'application/vnd.oasis.opendocument.text';
  const name = Buffer.from('mimetype');
  const data = Buffer.from(mime);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(zlib.crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, data, zip({ 'content.xml': '<office:document-content/>' })]);
}

describe('fold: Vietnamese text for search and identifiers', () => {
  it('strips marks, maps đ/Đ to d and lower-cases', () => {
    expect(fold('Đồng Nai')).toBe('dong nai');
    expect(fold('đường')).toBe('duong');
    expect(fold('ĐẮK LẮK')).toBe('dak lak');
    expect(fold('Chỉ thị về tăng cường ứng dụng CNTT')).toBe('chi thi ve tang cuong ung dung cntt');
  });

  it('gives the same result for precomposed and decomposed input, and collapses white space', () => {
    const composed = 'Ủy ban nhân dân';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(fold(decomposed)).toBe(fold(composed));
    expect(fold('  Sở   Tài\tchính \n')).toBe('so tai chinh');
  });

  it('searchTerms: folded words without punctuation, so "chi thi cntt" matches "Chỉ thị … CNTT"', () => {
    expect(searchTerms('Chỉ thị … CNTT')).toEqual(['chi', 'thi', 'cntt']);
    expect(searchTerms('chi thi cntt')).toEqual(searchTerms('CHỈ THỊ (CNTT)'));
    expect(searchTerms('12/CT-UBND')).toEqual(['12', 'ct', 'ubnd']);
    expect(searchTerms('  …  ')).toEqual([]);
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16);
  });

  it('asciiSlug: login-safe names', () => {
    expect(asciiSlug('UBND')).toBe('ubnd');
    expect(asciiSlug('SGDĐT')).toBe('sgddt');
    expect(asciiSlug('Sở Tài chính')).toBe('sotaichinh');
    expect(asciiSlug('Phòng Hành chính - Tổ chức')).toMatch(/^[a-z0-9]+$/);
  });
});

describe('agency code (mã định danh)', () => {
  it('accepts the format 000.00.00.H41 and normalises case and spaces', () => {
    expect(assertAgencyCode('000.00.00.H41')).toBe('000.00.00.H41');
    expect(assertAgencyCode(' 001.00.10.h39 ')).toBe('001.00.10.H39');
    expect(isAgencyCode('000.00.05.H39')).toBe(true);
  });

  it.each(['', '00.00.00.H41', '000.00.00.41', '000.00.00.H4', '000-00-00-H41', '000.00.00.H41.1', 'ABC.00.00.H41', '000.00.00.HH1', '000.00.00'])(
    'rejects %j with a 400 naming the field, in Vietnamese and English',
    (bad) => {
      const e = thrown(() => assertAgencyCode(bad, 'code'));
      expect(e.kind).toBe('validation');
      expect(e.field).toBe('code');
      expect(e.messageVi).toMatch(/Mã định danh/);
      expect(e.messageEn).toMatch(/000\.00\.00\.H41/);
    },
  );

  it('rejects a value that is not text as a validation error, not a crash', () => {
    expect(thrown(() => assertAgencyCode(12345 as unknown as string)).kind).toBe('validation');
    expect(thrown(() => assertAgencyCode(null as unknown as string)).kind).toBe('validation');
  });
});

describe('number and symbol (Decree 30/2020)', () => {
  it('numbers below 10 carry a leading zero', () => {
    expect(['01', '09', '10', '99', '100', '2491']).toEqual([1, 9, 10, 99, 100, 2491].map(formatNumber));
  });

  it('a công văn has no type part; other types put theirs first; the drafting unit comes last', () => {
    expect(buildSymbol(2491, buildNotation('', 'STC', 'BCTC'))).toBe('2491/STC-BCTC');
    expect(buildSymbol(12, buildNotation('CT', 'UBND'))).toBe('12/CT-UBND');
    expect(buildSymbol(3, buildNotation('QĐ', 'UBND', null))).toBe('03/QĐ-UBND');
    expect(buildSymbol(7, buildNotation('TTr', 'SKHCN', 'CNTT'))).toBe('07/TTr-SKHCN-CNTT');
  });

  it('keeps the mixed case of abbreviations (QyĐ, CTr, TTr) as the type list defines them', () => {
    const abbr = (code: string) => DOCUMENT_TYPES.find((t) => t.code === code)!.abbr;
    expect(abbr('QYD')).toBe('QyĐ');
    expect(buildSymbol(5, buildNotation(abbr('QYD'), 'UBND'))).toBe('05/QyĐ-UBND');
    expect(buildSymbol(1, buildNotation(abbr('CTR'), 'SNV'))).toBe('01/CTr-SNV');
    expect(abbr('CV')).toBe('');
    expect(new Set(DOCUMENT_TYPES.map((t) => t.code)).size).toBe(DOCUMENT_TYPES.length);
  });
});

describe('the calendar in Asia/Ho_Chi_Minh', () => {
  it('17:30 UTC on 31 December is already 1 January of the next year in Vietnam', () => {
    const at = new Date('2026-12-31T17:30:00Z');
    expect(localYear(at)).toBe(2027);
    expect(localDate(at)).toBe('2027-01-01');
  });

  it('16:59 UTC on 31 December is still the old year', () => {
    const at = new Date('2026-12-31T16:59:59Z');
    expect(localYear(at)).toBe(2026);
    expect(localDate(at)).toBe('2026-12-31');
  });

  it('prints dates the Vietnamese way, a timestamp by its Vietnamese day', () => {
    expect(formatDateVi('2026-03-05')).toBe('05/03/2026');
    expect(formatDateVi('2026-12-31T18:00:00.000Z')).toBe('01/01/2027');
    expect(formatDateVi(null)).toBe('');
  });

  it('reads dd/mm/yyyy and yyyy-mm-dd and refuses dates that do not exist', () => {
    expect(optionalDate('05/03/2026', 'dueDate', 'Hạn')).toBe('2026-03-05');
    expect(optionalDate('2028-02-29', 'dueDate', 'Hạn')).toBe('2028-02-29');
    for (const bad of ['31/02/2026', '2026-02-29', '32/01/2026', '2026-13-01', '5/3/2026', 'hôm nay']) {
      const e = thrown(() => optionalDate(bad, 'dueDate', 'Hạn'));
      expect(e.kind, bad).toBe('validation');
      expect(e.field).toBe('dueDate');
    }
  });
});

describe('processing status transitions', () => {
  it('follows 01 → 03 → 04 → 05 → 06, and 01 → 02', () => {
    expect(nextStatus('01', 'register', false)).toBe('03');
    expect(nextStatus('01', 'reject', false)).toBe('02');
    expect(nextStatus('03', 'assign', false)).toBe('04');
    expect(nextStatus('04', 'assign', false)).toBe('04'); // re-assigning
    expect(nextStatus('04', 'start', false)).toBe('05');
    expect(nextStatus('04', 'complete', false)).toBe('06');
    expect(nextStatus('05', 'complete', false)).toBe('06');
  });

  it.each([
    ['02', 'complete'],
    ['02', 'register'],
    ['06', 'assign'],
    ['06', 'complete'],
    ['03', 'register'],
    ['01', 'start'],
    ['01', 'complete'],
    ['03', 'reject'],
  ] as const)('refuses %s → %s with a 409 conflict naming the current status', (from, action) => {
    const e = thrown(() => nextStatus(from, action, false));
    expect(e.kind).toBe('conflict');
    expect(e.code).toBe('invalid_transition');
    expect(e.messageVi.length).toBeGreaterThan(0);
    expect(e.messageEn.length).toBeGreaterThan(0);
  });

  it('a withdrawn (recalled) item cannot move at all', () => {
    const e = thrown(() => nextStatus('01', 'register', true));
    expect(e.kind).toBe('conflict');
    expect(e.code).toBe('withdrawn');
  });

  it('a recall can be asked only while the recipient has not finished', () => {
    expect(canRequestRecall('01', false, false)).toBe(true);
    expect(canRequestRecall('05', false, false)).toBe(true);
    expect(canRequestRecall('06', false, false)).toBe(true); // a completed document can still be revoked
    expect(canRequestRecall('02', false, false)).toBe(false);
    expect(canRequestRecall('03', false, true)).toBe(false);
    expect(canRequestRecall('03', true, false)).toBe(false);
  });
});

describe('detectFileKind: by content, never by name', () => {
  it('recognises a PDF, a PNG and a JPEG', () => {
    expect(detectFileKind(pdfBytes())).toBe('pdf');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    expect(detectFileKind(png)).toBe('png');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
    expect(detectFileKind(jpeg)).toBe('jpeg');
  });

  it('tells a DOCX, an XLSX (written by exceljs), an ODT and a plain ZIP apart', async () => {
    expect(detectFileKind(docx())).toBe('docx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sổ đi').addRow(['Số, ký hiệu', 'Ngày', 'Trích yếu']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(detectFileKind(xlsx)).toBe('xlsx');
    expect(detectFileKind(odt())).toBe('odt');
    expect(detectFileKind(zip({ 'bao-cao.txt': 'Báo cáo tháng 11' }))).toBe('zip');
  });

  it('refuses executables and plain text, whatever they are called', () => {
    expect(detectFileKind(fs.readFileSync('/bin/true'))).toBeNull(); // a real ELF executable
    const mz = Buffer.alloc(512);
    mz.write('MZ', 0, 'latin1');
    mz.write('This program cannot be run in DOS mode.', 78, 'latin1');
    mz.write('PE\0\0', 128, 'latin1');
    expect(detectFileKind(mz)).toBeNull();
    expect(detectFileKind(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toBeNull();
    expect(detectFileKind(Buffer.from('Công văn số 12/CT-UBND — bản text thuần.\n', 'utf8'))).toBeNull();
    expect(detectFileKind(Buffer.from('<html><body>%PDF-1.4</body></html>'))).toBeNull();
    expect(detectFileKind(Buffer.alloc(0))).toBeNull();
    expect(detectFileKind(Buffer.from('%PD'))).toBeNull();
  });
});

describe('canonical JSON and the audit hash chain', () => {
  it('the same value always gives the same text, whatever the key order', () => {
    const a = { b: 1, a: { y: [3, 1, 2], x: 'Đồng Nai' }, c: null };
    const b = { c: null, a: { x: 'Đồng Nai', y: [3, 1, 2] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"Đồng Nai","y":[3,1,2]},"b":1,"c":null}');
    // Array order is meaning, not noise.
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    // Missing and undefined keys are the same; null is not.
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: 1, b: null })).not.toBe(canonicalJson({ a: 1 }));
  });

  it('agrees with JSON for dates and other values with toJSON, so different dates never hash alike', () => {
    const d1 = new Date('2026-01-01T00:00:00Z');
    const d2 = new Date('2027-01-01T00:00:00Z');
    expect(canonicalJson({ at: d1 })).toBe(JSON.stringify({ at: d1 }));
    expect(canonicalJson({ at: d1 })).not.toBe(canonicalJson({ at: d2 }));
  });

  it('chainHash is deterministic, depends on the previous hash and on every field', () => {
    const e = { seq: 1, action: 'document.issue', data: '{"symbol":"01/CT-UBND"}' };
    const h = chainHash(GENESIS_HASH, e);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { data: e.data, action: e.action, seq: 1 })).toBe(h);
    expect(chainHash('1'.repeat(64), e)).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...e, data: '{"symbol":"02/CT-UBND"}' })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...e, seq: 2 })).not.toBe(h);
  });
});

describe('English names of administrative units', () => {
  it('put the kind after the name, in English, without diacritics', () => {
    expect(englishUnitName('Tỉnh Đồng Nai')).toBe('Dong Nai Province');
    expect(englishUnitName('Thành phố Hồ Chí Minh')).toBe('Ho Chi Minh City');
    expect(englishUnitName('Phường Trấn Biên')).toBe('Tran Bien Ward');
    expect(englishUnitName('Đặc khu Côn Đảo')).toBe('Con Dao Special Zone');
    expect(englishUnitName('Cổng thông tin')).toBe('Cổng thông tin');
  });
});
