import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { checkEmail, checkImportCsv, checkImportFile, checkProcedureCode, checkQuantity, fieldPath, numberOrText, parseImportJson, recordProblem } from './rules';
import { fromForm, toForm } from './procedures/record-form';
import { normalizeNationalRecord, type NationalProcedure } from '../../../src/domain/procedures';

const demoDir = path.resolve(__dirname, '../../../src/demo/procedures');
const demo = fs.readdirSync(demoDir).map((f) => JSON.parse(fs.readFileSync(path.join(demoDir, f), 'utf8')) as NationalProcedure);

describe('the portal forms’ rules', () => {
  it('puts a field the server names on the form’s field of the same path', () => {
    expect(fieldPath('record.executionMethods[0].fees[1].amount')).toEqual(['executionMethods', 0, 'fees', 1, 'amount']);
    expect(fieldPath('contacts[2].email')).toEqual(['contacts', 2, 'email']);
    expect(fieldPath('[0].name')).toEqual([0, 'name']);
    expect(fieldPath('code')).toEqual(['code']);
  });

  it('reads amounts and days typed as digits as numbers, and anything else as text', () => {
    expect(numberOrText('15')).toBe(15);
    expect(numberOrText('3.500.000')).toBe(3_500_000);
    expect(numberOrText('50 000')).toBe(50_000);
    expect(numberOrText('1.5')).toBe(1.5);
    expect(numberOrText('0')).toBe(0);
    expect(numberOrText('Theo giá của doanh nghiệp bưu chính')).toBe('Theo giá của doanh nghiệp bưu chính');
    expect(numberOrText('  ')).toBeUndefined();
  });

  it('checks the code, the copies and e-mail addresses as the server does', () => {
    expect(checkProcedureCode('1.001193')).toBeNull();
    expect(checkProcedureCode('')?.vi).toMatch(/Nhập mã thủ tục/);
    expect(checkProcedureCode('1 001 193')?.vi).toMatch(/chỉ gồm chữ, số, dấu chấm, gạch/);
    expect(checkQuantity(1001)?.vi).toMatch(/từ 0 đến 1000/);
    expect(checkQuantity(2)).toBeNull();
    expect(checkEmail('vanthu@stc')?.vi).toBe('Địa chỉ thư "vanthu@stc" không hợp lệ.');
    expect(checkEmail('vanthu.stc@dongnai.gov.vn')).toBeNull();
  });

  it('finds what is wrong in an import before it is sent: syntax with its line, the record and field with the server’s words', () => {
    expect(parseImportJson('{\n  "code": "1.1",\n  "name": }').problem?.message.vi).toBe('Nội dung không phải JSON hợp lệ (dòng 3, cột 11).');
    expect(parseImportJson('{"code": "1.1" "name": "x"}').problem?.message.vi).toMatch(/không phải JSON hợp lệ \(dòng 1, cột \d+\)/);
    const bad = parseImportJson(JSON.stringify([demo[0], { ...demo[1], executionMethods: [{ submissionMethod: 'FAX' }] }]));
    expect(bad.problem?.field).toBe('[1].executionMethods[0].submissionMethod');
    expect(bad.problem?.message.vi).toBe('Trường "[1].executionMethods[0].submissionMethod": phải là ONLINE, POSTAL hoặc DIRECT.');
    const ok = parseImportJson(JSON.stringify({ data: demo }));
    expect([ok.count, ok.problem]).toEqual([demo.length, undefined]);
    expect(parseImportJson('[]').problem?.message.vi).toBe('Danh sách thủ tục rỗng.');
    expect(checkImportCsv('ma,ten\n1,2')?.vi).toMatch(/Dòng 1 thiếu cột: code, name/);
    expect(checkImportCsv('\uFEFFcode,name,levels\n1.1,Thủ tục,tỉnh')).toBeNull();
    expect(checkImportFile({ name: 'thu-tuc.xlsx', size: 10 }, 'json')?.vi).toBe('Tệp "thu-tuc.xlsx" không phải tệp .json.');
    expect(checkImportFile({ name: 'a.json', size: 21 * 1024 * 1024 }, 'json')?.vi).toMatch(/vượt quá 20 MB/);
  });

  it('turns every demo record into the form and back without losing a field', () => {
    for (const r of demo) {
      const back = fromForm(toForm(r), r);
      expect(recordProblem(back)).toBeNull();
      expect(normalizeNationalRecord(back)).toEqual(normalizeNationalRecord(r));
    }
  });
});
