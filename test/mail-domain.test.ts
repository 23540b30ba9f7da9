import { describe, expect, it } from 'vitest';
import { applyRules, type MailRule, type MessageFacts } from '../src/domain/mail-rules.js';
import { executableReason } from '../src/domain/executables.js';
import { referencedMessageIds, subjectTags } from '../src/domain/reply-tags.js';
import { autoReplyReason } from '../src/domain/auto-replies.js';
import { pdfBytes } from './helpers/client.js';

/** The pure rules of inbound mail: what a clerk's rule matches, what counts as a program, how a reply names its document. */

const rule = (r: Partial<MailRule>): MailRule => ({ id: 1, name: 'r', field: 'subject', headerName: null, pattern: '', setTypeCode: null, setUrgency: null, setAssigneeUserId: null, setRegisterId: null, stop: false, ...r });
const facts = (f: Partial<MessageFacts>): MessageFacts => ({ from: '', to: '', subject: '', body: '', headers: new Map(), ...f });

describe('mail rules', () => {
  it('match ignoring case and Vietnamese marks, đ included', () => {
    const r = [rule({ name: 'dự toán', pattern: 'DU TOAN NGAN SACH DONG NAI', setTypeCode: 'BC' })];
    expect(applyRules(r, facts({ subject: 'Về dự toán ngân sách Đồng Nai năm 2026' })).typeCode).toBe('BC');
    expect(applyRules(r, facts({ subject: 'Về quyết toán' })).typeCode).toBeNull();
  });

  it('run in order, later matches overriding, until one says stop', () => {
    const rules = [
      rule({ name: 'a', field: 'from', pattern: 'gov.vn', setUrgency: 'khan' }),
      rule({ name: 'b', field: 'header', headerName: 'X-Priority', pattern: '1', setUrgency: 'hoa_toc', stop: true }),
      rule({ name: 'c', field: 'body', pattern: '', setTypeCode: 'TB' }),
      rule({ name: 'd', field: 'body', pattern: 'họp', setTypeCode: 'GM' }),
    ];
    const out = applyRules(rules, facts({ from: 'ubnd@dongnai.gov.vn', body: 'Mời họp', headers: new Map([['x-priority', ['1 (Highest)']]]) }));
    expect(out).toMatchObject({ urgency: 'hoa_toc', typeCode: null, matched: ['a', 'b'] });
    expect(applyRules(rules, facts({ from: 'ubnd@dongnai.gov.vn', body: 'Mời họp' }))).toMatchObject({ urgency: 'khan', typeCode: 'GM', matched: ['a', 'd'] });
  });
});

describe('executables', () => {
  it('are recognised by content, by name, and inside zip archives; documents are not', () => {
    expect(executableReason(Buffer.from('MZ\x90\x00', 'latin1'), 'bao-cao.pdf')).toContain('MZ');
    expect(executableReason(Buffer.from('\x7fELF\x02\x01', 'latin1'), 'x')).toContain('ELF');
    expect(executableReason(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'readme')).toContain('#!');
    expect(executableReason(Buffer.from('echo'), 'Hướng dẫn.PDF.exe ')).toContain('.exe');
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(22), Buffer.from([7, 0, 0, 0]), Buffer.from('run.vbs'), Buffer.alloc(10)]);
    expect(executableReason(zip, 'ho-so.zip')).toContain('run.vbs');
    expect(executableReason(pdfBytes(), 'Công văn số 12.pdf')).toBeNull();
    const docx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(22), Buffer.from([17, 0, 0, 0]), Buffer.from('word/document.xml'), Buffer.alloc(10)]);
    expect(executableReason(docx, 'Tờ trình.docx')).toBeNull();
  });
});

describe('reply tags', () => {
  it('read the symbols in square brackets of a subject, numbers without their leading zero', () => {
    expect(subjectTags('Re: [01/CT-UBND] Về việc chuyển đổi số')).toEqual([{ number: 1, notation: 'CT-UBND' }]);
    expect(subjectTags('TL: [ 12 / QĐ-UBND ] và [Kính gửi]')).toEqual([{ number: 12, notation: 'QĐ-UBND' }]);
    expect(subjectTags('Không có ký hiệu')).toEqual([]);
  });

  it('take In-Reply-To first, then References newest first, bounded', () => {
    expect(referencedMessageIds('<c@x>', '<a@x> <b@x> <c@x>')).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(referencedMessageIds(undefined, Array.from({ length: 50 }, (_, i) => `<m${i}@x>`))).toHaveLength(20);
  });
});

describe('automatic replies', () => {
  const h = (pairs: Record<string, string>) => new Map(Object.entries(pairs).map(([k, v]) => [k, [v]]));
  it('are told by Auto-Submitted (anything but "no"), X-Autoreply or Precedence: auto_reply', () => {
    expect(autoReplyReason(h({ 'auto-submitted': 'auto-replied' }))).toBe('Auto-Submitted: auto-replied');
    expect(autoReplyReason(h({ 'auto-submitted': 'Auto-Generated' }))).toBe('Auto-Submitted: auto-generated');
    expect(autoReplyReason(h({ 'x-autoreply': 'yes' }))).toBe('X-Autoreply');
    expect(autoReplyReason(h({ precedence: 'auto_reply' }))).toBe('Precedence: auto_reply');
    expect(autoReplyReason(h({ 'auto-submitted': 'no' }))).toBeNull();
    expect(autoReplyReason(h({ precedence: 'bulk', subject: 'Trả lời: công văn 12' }))).toBeNull();
  });
});
