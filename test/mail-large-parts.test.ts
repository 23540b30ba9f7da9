import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../src/modules/mail/inbound/parse.js';
import { takeLargeParts } from '../src/modules/mail/inbound/large-parts.js';

/**
 * Large attachments are decoded outside the MIME parser; whatever the structure of the
 * message, what comes out must be exactly what mailparser alone reads from it.
 */

const big = (n = 300 * 1024) => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(n)]);

async function build(message: Mail.Options): Promise<Buffer> {
  return (await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(message)).message as Buffer;
}

async function sameAsMailparser(raw: Buffer) {
  const ours = await parseMessage(raw, 25 * 1024 * 1024);
  const theirs = await simpleParser(raw);
  const plain = theirs.attachments.filter((a) => !a.related);
  expect(ours.attachments.filter((a) => !a.inline).map((a) => [a.fileName, a.contentType, a.bytes.length])).toEqual(plain.map((a) => [a.filename ?? '', a.contentType, a.content.length]));
  for (const [i, a] of ours.attachments.filter((x) => !x.inline).entries()) expect(a.bytes.equals(plain[i]!.content)).toBe(true);
  expect(ours.subject).toBe(theirs.subject);
  expect(ours.text.trim()).toBe((theirs.text ?? '').trim());
  return ours;
}

describe('large attachments outside the parser', () => {
  it('give the same files as the parser for ordinary, nested and unusual messages', async () => {
    const files = [big(), big(200 * 1024), big(70 * 1024)];
    const plain = await build({ from: 'a@x.vn', to: 'stc@dongnai.gov.vn', subject: 'Văn bản kèm tệp lớn', text: 'Nội dung thư', html: '<p>Nội dung <b>thư</b></p>', attachments: [
      { filename: 'Công văn số 12.pdf', content: files[0] },
      { filename: 'Phụ lục — bảng số liệu năm 2026 có tên rất dài để được chia thành nhiều dòng theo RFC 2231.pdf', content: files[1] },
      { filename: 'ảnh.png', content: files[2], contentType: 'image/png', cid: 'anh@x' },
    ] });
    expect(takeLargeParts(plain)?.bodies.size).toBe(3);
    await sameAsMailparser(plain);

    // LF line endings and a boundary that needs quotes.
    const lf = Buffer.from(plain.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    await sameAsMailparser(lf);

    // A forwarded message: its inner parts are left to the parser.
    const forwarded = await build({ from: 'b@x.vn', to: 'stc@dongnai.gov.vn', subject: 'Chuyển tiếp', text: 'Xem thư đính kèm', attachments: [{ filename: 'thu-goc.eml', content: plain, contentType: 'message/rfc822' }] });
    await sameAsMailparser(forwarded);

    // A large text part in base64 stays text.
    const longText = 'Dòng văn bản dài. '.repeat(10_000);
    await sameAsMailparser(await build({ from: 'c@x.vn', to: 'stc@dongnai.gov.vn', subject: 'Thư dài', text: longText, textEncoding: 'base64', attachments: [{ filename: 'a.pdf', content: files[0] }] }));

    // A single-part message that is the file itself.
    const single = Buffer.concat([Buffer.from('From: d@x.vn\r\nSubject: =?UTF-8?B?VOG7hyB0aW4=?=\r\nContent-Type: application/pdf; name="t.pdf"\r\nContent-Disposition: attachment; filename="t.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n'), Buffer.from(files[1]!.toString('base64').replace(/.{76}/g, '$&\r\n')), Buffer.from('\r\n')]);
    await sameAsMailparser(single);
  });

  it('reads bodies with stray characters like the parser, and leaves padding in the middle to it', async () => {
    const raw = await build({ from: 'a@x.vn', to: 'stc@dongnai.gov.vn', subject: 'x', attachments: [{ filename: 'a.pdf', content: big() }] });
    const text = raw.toString('latin1');
    const body = text.indexOf('\r\n\r\n', text.indexOf('Content-Transfer-Encoding: base64')) + 1000;
    const stray = Buffer.from(`${text.slice(0, body)}!!*${text.slice(body)}`, 'latin1');
    expect(takeLargeParts(stray)).not.toBeNull();
    await sameAsMailparser(stray);
    const padded = Buffer.from(`${text.slice(0, body)}==${text.slice(body)}`, 'latin1');
    expect(takeLargeParts(padded)).toBeNull();
    await sameAsMailparser(padded);
  });
});
