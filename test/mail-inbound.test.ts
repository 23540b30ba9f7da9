import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, Client } from './helpers/client.js';
import { startSmtpListener } from '../src/modules/mail/inbound/listener.js';
import { SMTPStream } from 'smtp-server/lib/smtp-stream.js';
import type { MailConfig } from '../src/server/config.js';

/**
 * The built-in listener against a real server over the demo province: every message goes
 * through a real SMTP (or LMTP) conversation with nodemailer on loopback, and what a clerk
 * sees is read back through the HTTP API.
 */

let s: TestServer;
let port: number;
const listeners: { close(): Promise<void> }[] = [];
let clerkStc: Client, clerkSkhcn: Client, clerkUbnd: Client, specialistStc: Client, leaderStc: Client, admin: Client;

async function listen(mail: Partial<MailConfig> = {}) {
  const ctx = { ...s.ctx, config: { ...s.ctx.config, mail: { ...s.ctx.config.mail, ...mail } } };
  const l = await startSmtpListener(ctx, { port: 0, host: '127.0.0.1' });
  listeners.push(l);
  return l.port;
}

beforeAll(async () => {
  s = await startServer();
  port = await listen();
  [clerkStc, clerkSkhcn, clerkUbnd, specialistStc, leaderStc, admin] = await Promise.all([
    signIn(s.url, 'vanthu.stc'),
    signIn(s.url, 'vanthu.skhcn'),
    signIn(s.url, 'vanthu.ubnd'),
    signIn(s.url, 'chuyenvien.stc'),
    signIn(s.url, 'lanhdao.stc'),
    signIn(s.url, 'admin'),
  ]);
});
afterAll(async () => {
  for (const l of listeners) await l.close();
  await s?.close();
});

function transport(p = port, extra: SMTPTransport.Options = {}) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: p, secure: false, ignoreTLS: true, ...extra });
}

async function send(message: Mail.Options, p = port, extra: SMTPTransport.Options = {}) {
  const t = transport(p, extra);
  try {
    return await t.sendMail(message);
  } finally {
    t.close();
  }
}

/** The error a send ends with (nodemailer carries the server's reply code and text). */
async function refusal(message: Mail.Options, p = port, extra: SMTPTransport.Options = {}): Promise<{ responseCode: number; response: string }> {
  try {
    await send(message, p, extra);
  } catch (e) {
    return e as { responseCode: number; response: string };
  }
  throw new Error('the message was accepted');
}

/** A whole message built once, so the very same bytes can be sent again. */
async function compose(message: Mail.Options): Promise<Buffer> {
  const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(message);
  return info.message as Buffer;
}

const db = () => s.ctx.db.kysely;
const inbox = async (c: Client, q = '') => (await c.get(`/api/v1/inbox?limit=200${q}`)).body.items as any[];
const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A raw conversation: the banner, the EHLO capabilities, and the reply to STARTTLS. */
async function talk(p: number, lines: string[]): Promise<string[]> {
  const socket = net.connect(p, '127.0.0.1');
  let buffer = '';
  const replies: string[] = [];
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffer);
        if (!m) return false;
        const end = m.index + m[0].length;
        const reply = buffer.slice(0, end);
        buffer = buffer.slice(end);
        resolve(reply);
        return true;
      };
      if (check()) return;
      const onData = (d: Buffer) => {
        buffer += d.toString('utf8');
        if (check()) socket.off('data', onData);
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
  replies.push(await next());
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    replies.push(await next());
  }
  socket.destroy();
  return replies;
}

describe('an official mailbox receives a message', () => {
  const SUBJECT = 'Về việc báo cáo tình hình thực hiện dự toán ngân sách năm 2026 — Đồng Nai';
  const FILE = 'Công văn số 12.pdf';
  const PDF = pdfBytes('Cong van so 12');

  it('becomes an item at 01 in the agency inbox, with its subject and file name byte for byte, as soon as 250 is answered', async () => {
    const info = await send({
      from: { name: 'Ủy ban nhân dân tỉnh Đồng Nai', address: 'ubnd@dongnai.gov.vn' },
      to: 'stc@dongnai.gov.vn',
      subject: SUBJECT,
      text: 'Kính gửi Sở Tài chính,\nĐề nghị Sở báo cáo trước ngày 15/12/2026.\nTrân trọng.',
      attachments: [{ filename: FILE, content: PDF, contentType: 'application/pdf' }],
    });
    expect(info.response).toMatch(/^250 2\.0\.0 Accepted as incoming document #\d+/);
    // No waiting: the 250 came after the intake committed.
    const item = (await inbox(clerkStc)).find((i) => i.summary === SUBJECT);
    expect(item).toBeDefined();
    expect(item.status.code).toBe('01');
    expect(item.senderName).toBe('Ủy ban nhân dân tỉnh Đồng Nai');
    const doc = (await clerkStc.get(`/api/v1/documents/${item.documentId}`)).body;
    expect(doc.origin).toBe('email');
    expect(doc.summary).toBe(SUBJECT);
    expect(Buffer.from(doc.summary, 'utf8').equals(Buffer.from(SUBJECT, 'utf8'))).toBe(true);
    expect(doc.typeCode).toBe('CV');
    expect(doc.content).toContain('Đề nghị Sở báo cáo trước ngày 15/12/2026.');
    expect(doc.attachments).toHaveLength(1);
    expect(Buffer.from(doc.attachments[0].fileName, 'utf8').equals(Buffer.from(FILE, 'utf8'))).toBe(true);
    const file = await clerkStc.get(`/api/v1/documents/${item.documentId}/attachments/${doc.attachments[0].id}`);
    expect(Buffer.from(file.raw).equals(PDF)).toBe(true);
    const trail = (await clerkStc.get(`/api/v1/documents/${item.documentId}/trail`)).body;
    expect(trail.recipients[0].events[0].status.code).toBe('01');
    // The sender was matched to the known organisation.
    const log = await db().selectFrom('mail_inbound').selectAll().where('document_id', '=', item.documentId).executeTakeFirstOrThrow();
    expect(log.sender_org_id).toBe(s.ids.get('ubnd'));
    expect(log.outcome).toBe('accepted');
    // Other agencies do not see it.
    expect((await inbox(clerkSkhcn)).some((i) => i.documentId === item.documentId)).toBe(false);
    expect((await clerkSkhcn.get(`/api/v1/documents/${item.documentId}`)).status).toBe(404);
  });

  it('stores the raw message once for all its recipients, and the clerk can download it', async () => {
    const subject = 'Thông báo lịch họp giao ban tháng 12';
    await send({ from: 'ubnd@dongnai.gov.vn', to: ['stc@dongnai.gov.vn', 'skhcn@dongnai.gov.vn'], subject, text: 'Họp lúc 8 giờ.', attachments: [{ filename: 'Lịch họp.pdf', content: pdfBytes('lich hop') }] });
    const rows = await db().selectFrom('mail_inbound').selectAll().where('subject', '=', subject).orderBy('id').execute();
    expect(rows.map((r) => r.org_id).sort()).toEqual([s.ids.get('stc'), s.ids.get('skhcn')].sort());
    expect(new Set(rows.map((r) => r.raw_sha256)).size).toBe(1);
    expect(rows.every((r) => r.outcome === 'accepted')).toBe(true);
    const sha = rows[0]!.raw_sha256;
    expect((await db().selectFrom('blobs').select('sha256').where('sha256', '=', sha).execute()).length).toBe(1);
    expect(fs.readdirSync(path.dirname(s.ctx.blobs.path(sha))).filter((f) => f.startsWith(sha))).toEqual([sha]);
    // Both agencies have their own item, each sharing the stored file.
    expect((await inbox(clerkStc)).some((i) => i.summary === subject)).toBe(true);
    expect((await inbox(clerkSkhcn)).some((i) => i.summary === subject)).toBe(true);
    const own = rows.find((r) => r.org_id === s.ids.get('stc'))!;
    const raw = await clerkStc.get(`/api/v1/mail/inbound/${own.id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('message/rfc822');
    expect(sha256(Buffer.from(raw.raw))).toBe(sha);
    // Another agency's message: not found.
    const other = rows.find((r) => r.org_id === s.ids.get('skhcn'))!;
    expect((await clerkStc.get(`/api/v1/mail/inbound/${other.id}/raw`)).status).toBe(404);
  });

  it('keeps every line as sent, dots at line starts included, however the data arrives in pieces', async () => {
    const subject = `Dấu chấm đầu dòng ${Date.now()}`;
    const message = [
      'From: ubnd@dongnai.gov.vn',
      'To: stc@dongnai.gov.vn',
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
      `Message-ID: <dots-${Date.now()}@dongnai.gov.vn>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      '.Dòng bắt đầu bằng dấu chấm',
      '..Hai dấu chấm',
      '.',
      'Giữa. dòng.',
      '...',
      'Hết.',
      '',
    ].join('\r\n');
    // On the wire every line that starts with a dot gets one more (RFC 5321 4.5.2).
    const wire = Buffer.from(`${message.replace(/^\./gm, '..')}.\r\n`, 'utf8');
    // Cut where a naive reader goes wrong: inside "\r\n..", and inside the final "\r\n.\r\n".
    const cuts = [wire.indexOf('\r\n..') + 3, wire.indexOf('\r\n..\r\n') + 3, wire.length - 4, wire.length - 2];
    expect(cuts.every((c, i) => c > 2 && (i === 0 || c > cuts[i - 1]!))).toBe(true);
    const socket = net.connect(port, '127.0.0.1');
    let heard = '';
    socket.on('data', (d: Buffer) => (heard += d.toString('latin1')));
    const until = async (code: string) => {
      for (let i = 0; i < 200 && !new RegExp(`(^|\r\n)${code} [^\r\n]*\r\n$`).test(heard); i++) await new Promise((r) => setTimeout(r, 10));
      const got = heard;
      heard = '';
      return got;
    };
    await until('220');
    for (const [line, code] of [['EHLO test', '250'], ['MAIL FROM:<ubnd@dongnai.gov.vn>', '250'], ['RCPT TO:<stc@dongnai.gov.vn>', '250'], ['DATA', '354']] as const) {
      socket.write(`${line}\r\n`);
      expect(await until(code)).toMatch(new RegExp(`^${code}`));
    }
    let from = 0;
    for (const cut of [...cuts, wire.length]) {
      socket.write(wire.subarray(from, cut));
      from = cut;
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(await until('250')).toMatch(/^250/);
    socket.end('QUIT\r\n');
    const row = await db().selectFrom('mail_inbound').selectAll().where('subject', '=', subject).executeTakeFirstOrThrow();
    const raw = await clerkStc.get(`/api/v1/mail/inbound/${row.id}/raw`);
    expect(Buffer.from(raw.raw).toString('utf8')).toBe(message);
    // The listener reads DATA with its own scan (smtp-data-scan.ts): still in place after an upgrade of smtp-server.
    expect(SMTPStream.prototype._feedDataStream.name).toBe('feedDataStream');
  });

  it('marks a sender that is no known organisation as external, by name and address', async () => {
    const subject = 'Đơn kiến nghị về hồ sơ quyết toán';
    await send({ from: { name: 'Nguyễn Văn Ánh', address: 'NguyenVanAnh@Gmail.com' }, to: 'STC@DongNai.gov.vn', subject, text: 'Kính gửi Sở.' });
    const item = (await inbox(clerkStc)).find((i) => i.summary === subject)!;
    expect(item.senderName).toBe('Nguyễn Văn Ánh <nguyenvananh@gmail.com>');
    const log = (await clerkStc.get('/api/v1/mail/inbound')).body.items.find((m: any) => m.subject === subject);
    expect(log).toMatchObject({ from: 'nguyenvananh@gmail.com', to: 'stc@dongnai.gov.vn', outcome: 'accepted', senderOrgId: null, itemId: item.itemId, link: `/app/documents/${item.documentId}` });
    // The inbound log is the agency's own; the province administrator sees every agency's.
    expect((await clerkSkhcn.get('/api/v1/mail/inbound')).body.items.some((m: any) => m.subject === subject)).toBe(false);
    expect((await admin.get('/api/v1/mail/inbound')).body.items.some((m: any) => m.subject === subject && m.orgName === 'Sở Tài chính')).toBe(true);
    expect((await specialistStc.get('/api/v1/mail/inbound')).status).toBe(403);
  });

  it('ignores a duplicate: same Message-ID and same content', async () => {
    const subject = 'Công văn gửi hai lần do máy chủ gửi lại';
    const raw = await compose({ from: 'ubnd@dongnai.gov.vn', to: 'stc@dongnai.gov.vn', subject, messageId: '<dup-12345@dongnai.gov.vn>', text: 'Nội dung.' });
    const envelope = { from: 'ubnd@dongnai.gov.vn', to: ['stc@dongnai.gov.vn'] };
    const first = await send({ envelope, raw });
    const second = await send({ envelope, raw });
    expect(first.response).toContain('Accepted');
    expect(second.response).toMatch(/^250 2\.0\.0 Already received/);
    expect((await inbox(clerkStc)).filter((i) => i.summary === subject)).toHaveLength(1);
    const rows = await db().selectFrom('mail_inbound').select(['outcome', 'document_id']).where('subject', '=', subject).orderBy('id').execute();
    expect(rows.map((r) => r.outcome)).toEqual(['accepted', 'duplicate']);
    expect(rows[1]!.document_id).toBeNull();
    // Same Message-ID with other content is another message.
    const edited = await compose({ from: 'ubnd@dongnai.gov.vn', to: 'stc@dongnai.gov.vn', subject, messageId: '<dup-12345@dongnai.gov.vn>', text: 'Nội dung đã sửa.' });
    await send({ envelope, raw: edited });
    expect((await inbox(clerkStc)).filter((i) => i.summary === subject)).toHaveLength(2);
  });
});

describe('what the listener refuses', () => {
  it('refuses relaying: a recipient that is no official mailbox gets 550 5.1.1', async () => {
    for (const to of ['someone@gmail.com', 'khongco@dongnai.gov.vn', 'lienhe@dntech.vn']) {
      const e = await refusal({ from: 'spammer@example.com', to, subject: 'Relay?', text: 'x' });
      expect(e.responseCode).toBe(550);
      expect(e.response).toContain('5.1.1');
      expect(e.response).toContain('not an official mailbox');
    }
    // With one good recipient, only the bad one is refused.
    const info = await send({ from: 'a@example.com', to: ['stc@dongnai.gov.vn', 'x@gmail.com'], subject: 'Một người nhận sai', text: 'x' });
    expect(info.accepted).toEqual(['stc@dongnai.gov.vn']);
    expect(info.rejected).toEqual(['x@gmail.com']);
  });

  it('refuses a message carrying an executable with 550 5.7.1, whatever it is called, and keeps nothing but the log line', async () => {
    const before = (await inbox(clerkStc)).length;
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 1)]);
    const zipWithExe = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(22), Buffer.from([9, 0, 0, 0]), Buffer.from('setup.exe'), Buffer.alloc(40, 7)]);
    const cases = [
      { filename: 'Báo cáo.pdf', content: exe },
      { filename: 'capnhat.bat', content: Buffer.from('@echo off\r\ndel *.*\r\n') },
      { filename: 'Hồ sơ.pdf.js', content: Buffer.from('WScript.Echo(1)') },
      { filename: 'tai-lieu.zip', content: zipWithExe },
    ];
    for (const [i, a] of cases.entries()) {
      const e = await refusal({ from: 'lure@example.com', to: 'stc@dongnai.gov.vn', subject: `Tài liệu ${i}`, text: 'Mở tệp đính kèm.', attachments: [a] });
      expect(e.responseCode).toBe(550);
      expect(e.response).toContain('5.7.1');
      expect(e.response).toContain('executable');
    }
    expect((await inbox(clerkStc)).length).toBe(before);
    const log = (await clerkStc.get('/api/v1/mail/inbound?outcome=refused')).body.items.find((m: any) => m.subject === 'Tài liệu 0');
    expect(log.reason).toContain('Báo cáo.pdf');
    expect(log.rawAvailable).toBe(false);
    expect((await clerkStc.get(`/api/v1/mail/inbound/${log.id}/raw`)).status).toBe(404);
  });

  it('refuses out-of-office and other automatic replies (RFC 3834): no document, one log line', async () => {
    const before = (await inbox(clerkStc)).length;
    const e = await refusal({ from: 'vanphong@example.com', to: 'stc@dongnai.gov.vn', subject: 'Trả lời tự động: Tôi đang nghỉ phép', text: 'Tôi sẽ trả lời khi quay lại.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(e.responseCode).toBe(550);
    expect(e.response).toContain('Automatic reply');
    expect((await inbox(clerkStc)).length).toBe(before);
    const log = (await clerkStc.get('/api/v1/mail/inbound?outcome=refused')).body.items.find((m: any) => m.subject === 'Trả lời tự động: Tôi đang nghỉ phép');
    expect(log.reason).toContain('Auto-Submitted: auto-replied');
    // A person's ordinary reply still comes in.
    await send({ from: 'vanphong@example.com', to: 'stc@dongnai.gov.vn', subject: 'Trả lời: đã nhận', text: 'Đã nhận.', headers: { 'Auto-Submitted': 'no' } });
    expect((await inbox(clerkStc)).some((i) => i.summary === 'Trả lời: đã nhận')).toBe(true);
  });

  it('keeps a message but not an attachment that no upload would take, and says so', async () => {
    const subject = 'Thư kèm tệp văn bản thường';
    await send({ from: 'a@example.com', to: 'stc@dongnai.gov.vn', subject, text: 'x', attachments: [{ filename: 'ghi-chu.txt', content: 'ghi chú' }, { filename: 'Tờ trình.pdf', content: pdfBytes('to trinh') }] });
    const item = (await inbox(clerkStc)).find((i) => i.summary === subject)!;
    const doc = (await clerkStc.get(`/api/v1/documents/${item.documentId}`)).body;
    expect(doc.attachments.map((a: any) => a.fileName)).toEqual(['Tờ trình.pdf']);
    expect(doc.notes).toContain('ghi-chu.txt');
  });

  it('refuses a message over the size limit with 552', async () => {
    const small = await listen({ maxMessageBytes: 256 * 1024 });
    const e = await refusal({ from: 'a@example.com', to: 'stc@dongnai.gov.vn', subject: 'Tệp rất lớn', attachments: [{ filename: 'lon.pdf', content: Buffer.concat([pdfBytes(), Buffer.alloc(400 * 1024, 0x41)]) }] }, small);
    expect(e.responseCode).toBe(552);
    expect(e.response).toMatch(/5\.3\.4|exceeds/);
    // The same listener takes the next message that fits.
    const ok = await send({ from: 'a@example.com', to: 'stc@dongnai.gov.vn', subject: 'Tệp vừa', text: 'x' }, small);
    expect(ok.response).toContain('Accepted');
    // SIZE is advertised.
    const [, ehlo] = await talk(small, ['EHLO test.example', 'QUIT']);
    expect(ehlo).toContain(`SIZE ${256 * 1024}`);
  });

  it('limits recipients per message (452) and messages per sender per minute (450 4.7.1)', async () => {
    const p = await listen({ maxRecipients: 2, senderRatePerMinute: 3 });
    const info = await send({ from: 'many@example.com', to: ['stc@dongnai.gov.vn', 'skhcn@dongnai.gov.vn', 'ubnd@dongnai.gov.vn'], subject: 'Ba người nhận', text: 'x' }, p);
    expect(info.accepted).toHaveLength(2);
    expect(info.rejected).toEqual(['ubnd@dongnai.gov.vn']);
    expect((info as any).rejectedErrors[0].responseCode).toBe(452);
    for (let i = 0; i < 2; i++) await send({ from: 'many@example.com', to: 'stc@dongnai.gov.vn', subject: `Thư thứ ${i + 2}`, text: 'x' }, p);
    const e = await refusal({ from: 'many@example.com', to: 'stc@dongnai.gov.vn', subject: 'Thư thứ 4', text: 'x' }, p);
    expect(e.responseCode).toBe(450);
    expect(e.response).toContain('4.7.1');
    // Another sender is not held back.
    expect((await send({ from: 'other@example.com', to: 'stc@dongnai.gov.vn', subject: 'Người khác', text: 'x' }, p)).response).toContain('Accepted');
  });

  it('survives malformed messages and broken connections: the next message is still accepted', async () => {
    const envelope = { from: 'broken@example.com', to: ['stc@dongnai.gov.vn'] };
    const garbage = [
      Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0x80]), Buffer.alloc(5000, 0), Buffer.from('\r\n\r\n\0\0')]),
      Buffer.from(
        'Subject: =?UTF-8?B?!!!notbase64?= \0 tiêu đề\r\nFrom: <<<@@>>>\r\nMessage-ID: <\0>\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: application/pdf; name="=?UTF-8?Q?h=E1=BB=93_s=C6=A1?=.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%% not base64 ####\r\n--b1\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\n\0\0 nội dung\r\n',
        'utf8',
      ),
      Buffer.from('no headers at all, just a line without colon\r\nand another\r\n'),
    ];
    for (const raw of garbage) {
      try {
        await send({ envelope, raw });
      } catch (e) {
        // A clear refusal is fine too; a crash is not.
        expect((e as { responseCode: number }).responseCode).toBeGreaterThanOrEqual(500);
      }
    }
    // A client that drops the connection in the middle of DATA.
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write('EHLO x\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<stc@dongnai.gov.vn>\r\nDATA\r\n');
        setTimeout(() => {
          socket.write('Subject: cut\r\n\r\nhalf a mes');
          socket.destroy();
          resolve();
        }, 100);
      });
    });
    const info = await send({ from: 'ubnd@dongnai.gov.vn', to: 'stc@dongnai.gov.vn', subject: 'Sau các thư hỏng', text: 'Vẫn nhận.' });
    expect(info.response).toContain('Accepted');
    expect((await inbox(clerkStc)).some((i) => i.summary === 'Sau các thư hỏng')).toBe(true);
  });
});

describe('hostile messages', () => {
  /** Bytes that look random and are the same on every run (SHA-256 in counter mode). */
  const noise = (size: number) => {
    const out: Buffer[] = [];
    for (let i = 0; out.length * 32 < size; i++) out.push(createHash('sha256').update(`noise ${i}`).digest());
    return Buffer.concat(out).subarray(0, size);
  };

  it('answers 554 to 200 KB of random bytes, which are no MIME message, and makes no document of them', async () => {
    const sender = 'noise@example.com';
    const e = await (async () => {
      try {
        await send({ envelope: { from: sender, to: ['stc@dongnai.gov.vn'] }, raw: noise(200 * 1024) });
      } catch (err) {
        return err as { responseCode: number; response: string };
      }
      throw new Error('the random bytes were accepted');
    })();
    expect(e.responseCode).toBe(554);
    expect(e.response).toContain('5.6.0');
    expect((await inbox(clerkStc)).some((i) => String(i.senderName).includes(sender))).toBe(false);
    const log = (await clerkStc.get('/api/v1/mail/inbound')).body.items.find((m: any) => m.from === sender);
    expect(log).toMatchObject({ outcome: 'refused', itemId: null });
  });

  it('keeps a sender name on one line when its encoded word holds a line break', async () => {
    const subject = 'Tên người gửi có xuống dòng';
    const name = `=?UTF-8?B?${Buffer.from('Nguyễn Văn A\r\nPhòng B').toString('base64')}?=`;
    const raw = Buffer.from(`From: ${name} <crlf@example.com>\r\nTo: stc@dongnai.gov.vn\r\nSubject: ${subject}\r\nMessage-ID: <crlf-name@example.com>\r\n\r\nNội dung.\r\n`, 'utf8');
    await send({ envelope: { from: 'crlf@example.com', to: ['stc@dongnai.gov.vn'] }, raw });
    const item = (await inbox(clerkStc)).find((i) => i.summary === subject)!;
    expect(item.senderName).toBe('Nguyễn Văn A Phòng B <crlf@example.com>');
  });

  it('takes in a multipart message nested 2,000 deep quickly, and the next message still arrives', async () => {
    const depth = 2000;
    const subject = 'Thư lồng nhiều tầng';
    let body = 'Content-Type: text/plain; charset=utf-8\r\n\r\nNội dung trong cùng.\r\n';
    for (let i = depth; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    const raw = Buffer.from(`From: deep@example.com\r\nTo: stc@dongnai.gov.vn\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\n${body}`, 'utf8');
    const started = Date.now();
    let code = 250;
    try {
      await send({ envelope: { from: 'deep@example.com', to: ['stc@dongnai.gov.vn'] }, raw });
    } catch (e) {
      code = (e as { responseCode: number }).responseCode;
    }
    // Taken in, or refused clearly: answered either way, without holding the listener.
    expect([250, 554]).toContain(code);
    expect(Date.now() - started).toBeLessThan(20_000);
    const info = await send({ from: 'after-deep@example.com', to: 'stc@dongnai.gov.vn', subject: 'Sau thư lồng sâu', text: 'Vẫn nhận.' });
    expect(info.response).toContain('Accepted');
  });
});

describe('transport modes', () => {
  it('offers STARTTLS only with the province certificate, and delivers over it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    const p = await listen({ tlsCertFile: cert, tlsKeyFile: key });
    const [, ehlo] = await talk(p, ['EHLO test.example']);
    expect(ehlo).toContain('STARTTLS');
    // The client trusts only the province's certificate: a built-in key would fail the handshake.
    const info = await send(
      { from: 'ubnd@dongnai.gov.vn', to: 'stc@dongnai.gov.vn', subject: 'Gửi qua kênh mã hóa', text: 'TLS' },
      p,
      { ignoreTLS: false, requireTLS: true, tls: { ca: [fs.readFileSync(cert)], servername: 'localhost', rejectUnauthorized: true } },
    );
    expect(info.response).toContain('Accepted');
    fs.rmSync(dir, { recursive: true, force: true });
    // Without a certificate it is neither offered nor accepted.
    const [, plainEhlo, starttls] = await talk(port, ['EHLO test.example', 'STARTTLS']);
    expect(plainEhlo).not.toContain('STARTTLS');
    expect(starttls).toMatch(/^5\d\d /);
    const e = await refusal({ from: 'a@example.com', to: 'stc@dongnai.gov.vn', subject: 'x', text: 'x' }, port, { ignoreTLS: false, requireTLS: true });
    expect(e).toBeDefined();
  });

  it('speaks LMTP with one reply per recipient', async () => {
    const p = await listen({ lmtp: true });
    const [banner, lhlo] = await talk(p, ['LHLO mta.dongnai.gov.vn']);
    expect(banner).toContain('LMTP');
    expect(lhlo).toMatch(/^250/);
    const info = await send({ from: 'ubnd@dongnai.gov.vn', to: ['stc@dongnai.gov.vn', 'skhcn@dongnai.gov.vn'], subject: 'Gửi qua LMTP', text: 'LMTP' }, p, { lmtp: true } as SMTPTransport.Options);
    expect(info.accepted.sort()).toEqual(['skhcn@dongnai.gov.vn', 'stc@dongnai.gov.vn']);
    const rows = await db().selectFrom('mail_inbound').select(['source', 'outcome']).where('subject', '=', 'Gửi qua LMTP').execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.source === 'lmtp' && r.outcome === 'accepted')).toBe(true);
    expect((await inbox(clerkSkhcn)).some((i) => i.summary === 'Gửi qua LMTP')).toBe(true);
    // Refused for each recipient, each with its own reply.
    const refused = await send({ from: 'a@example.com', to: ['stc@dongnai.gov.vn', 'skhcn@dongnai.gov.vn'], subject: 'x', attachments: [{ filename: 'a.exe', content: Buffer.from('MZ') }] }, p, { lmtp: true } as SMTPTransport.Options);
    expect(refused.accepted).toEqual([]);
    expect(refused.rejected.sort()).toEqual(['skhcn@dongnai.gov.vn', 'stc@dongnai.gov.vn']);
    expect(refused.response).toMatch(/^550 5\.7\.1 /);
  });
});

describe('rules of an agency', () => {
  it('set type, urgency, assignee and register in order, and stop', async () => {
    const specialistId = specialistStc.user.userId as number;
    const register = await clerkStc.post('/api/v1/registers', { kind: 'incoming', name: 'Sổ văn bản đến qua thư điện tử' });
    expect(register.status).toBe(201);
    const r1 = await clerkStc.post('/api/v1/mail/rules', { name: 'Ngân sách', field: 'subject', pattern: 'NGAN SACH', setTypeCode: 'BC', setUrgency: 'khan', setAssigneeUserId: specialistId, setRegisterId: register.body.id, stop: true });
    expect(r1.status).toBe(201);
    const r2 = await clerkStc.post('/api/v1/mail/rules', { name: 'Mọi thư', field: 'from', pattern: '@', setTypeCode: 'TB', setUrgency: 'hoa_toc' });
    const r3 = await clerkStc.post('/api/v1/mail/rules', { name: 'Thượng khẩn theo tiêu đề thư', field: 'header', headerName: 'X-Do-Khan', pattern: 'thượng khẩn', setUrgency: 'thuong_khan' });
    expect([r2.status, r3.status]).toEqual([201, 201]);
    expect((await clerkStc.get('/api/v1/mail/rules')).body.map((r: any) => [r.name, r.position])).toEqual([
      ['Ngân sách', 1],
      ['Mọi thư', 2],
      ['Thượng khẩn theo tiêu đề thư', 3],
    ]);

    // Matches rule 1, which stops: rule 2 would have made it TB / hỏa tốc.
    await send({ from: 'ubnd@dongnai.gov.vn', to: 'stc@dongnai.gov.vn', subject: 'Báo cáo Ngân sách quý IV', text: 'x' });
    const item = (await inbox(clerkStc)).find((i) => i.summary === 'Báo cáo Ngân sách quý IV')!;
    expect(item.status.code).toBe('01');
    const doc = (await clerkStc.get(`/api/v1/documents/${item.documentId}`)).body;
    expect(doc.typeCode).toBe('BC');
    expect(doc.urgency).toBe('khan');
    expect(doc.incoming.assignments).toMatchObject([{ role: 'lead', userId: specialistId }]);
    expect((await inbox(specialistStc, '&mine=true')).some((i) => i.itemId === item.itemId && i.myRole === 'lead')).toBe(true);
    // Registered, it goes in the book the rule chose.
    expect((await clerkStc.post(`/api/v1/inbox/${item.itemId}/receive`)).status).toBe(200);
    const registered = await db().selectFrom('inbox_items').select('register_id').where('id', '=', item.itemId).executeTakeFirstOrThrow();
    expect(registered.register_id).toBe(register.body.id);

    // Rules 2 and 3 both match: the later one overrides the urgency.
    await send({ from: 'a@example.com', to: 'stc@dongnai.gov.vn', subject: 'Thông báo khác', text: 'x', headers: { 'X-Do-Khan': 'Thượng khẩn' } });
    const other = (await inbox(clerkStc)).find((i) => i.summary === 'Thông báo khác')!;
    expect(other.typeCode).toBe('TB');
    expect(other.urgency).toBe('thuong_khan');

    // Reordered, rule 2 comes first and rule 1 no longer stops it.
    const order = await clerkStc.request('PUT', '/api/v1/mail/rules/order', { ids: [r2.body.id, r1.body.id, r3.body.id] });
    expect(order.status).toBe(200);
    expect(order.body.map((r: any) => r.id)).toEqual([r2.body.id, r1.body.id, r3.body.id]);
    // Rule 2 is switched off: only rule 1 applies now.
    expect((await clerkStc.patch(`/api/v1/mail/rules/${r2.body.id}`, { active: false })).body.active).toBe(false);
    await send({ from: 'a@example.com', to: 'stc@dongnai.gov.vn', subject: 'Ngân sách xã', text: 'x' });
    expect((await inbox(clerkStc)).find((i) => i.summary === 'Ngân sách xã')!.typeCode).toBe('BC');

    // Another agency's rules are not STC's.
    expect((await clerkSkhcn.get('/api/v1/mail/rules')).body).toEqual([]);
    expect((await clerkSkhcn.delete(`/api/v1/mail/rules/${r1.body.id}`)).status).toBe(404);
    expect((await clerkStc.delete(`/api/v1/mail/rules/${r3.body.id}`)).status).toBe(204);
  });

  it('refuses rules that do not hold, with a clear message', async () => {
    const otherAgencyUser = clerkSkhcn.user.userId as number;
    const bad = [
      { name: 'x', field: 'cc', pattern: 'a', stop: true },
      { name: 'x', field: 'header', pattern: 'a', stop: true },
      { name: 'x', field: 'subject', pattern: 'a', setAssigneeUserId: otherAgencyUser },
      { name: 'x', field: 'subject', pattern: 'a', setTypeCode: 'KHONGCO' },
      { name: 'x', field: 'subject', pattern: 'a' },
    ];
    for (const body of bad) {
      const r = await clerkStc.post('/api/v1/mail/rules', body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBeTruthy();
      expect(r.body.error.messageEn).toBeTruthy();
    }
    expect((await specialistStc.post('/api/v1/mail/rules', { name: 'x', field: 'subject', pattern: 'a', stop: true })).status).toBe(403);
    expect((await leaderStc.post('/api/v1/mail/rules', { name: 'x', field: 'subject', pattern: 'a', stop: true })).status).toBe(403);
  });
});

describe('replies find their document', () => {
  let docId: number;
  let symbol: string;

  beforeAll(async () => {
    const draft = await clerkUbnd.post('/api/v1/documents', { typeCode: 'CT', summary: 'Chỉ thị về tăng cường chuyển đổi số', signerName: 'Nguyễn Văn Đức', recipients: [s.ids.get('stc')] });
    docId = draft.body.id;
    const issued = await clerkUbnd.issue(docId);
    expect(issued.status).toBe(200);
    symbol = issued.body.symbol;
  });

  it('by the symbol tagged in the subject', async () => {
    const subject = `Re: [${symbol}] Góp ý của người dân`;
    await send({ from: 'nguoidan@example.com', to: 'ubnd@dongnai.gov.vn', subject, text: 'Tôi góp ý như sau.' });
    const item = (await inbox(clerkUbnd)).find((i) => i.summary === subject)!;
    const doc = (await clerkUbnd.get(`/api/v1/documents/${item.documentId}`)).body;
    expect(doc.replyToId).toBe(docId);
    const log = await db().selectFrom('mail_inbound').select('related_document_id').where('document_id', '=', item.documentId).executeTakeFirstOrThrow();
    expect(log.related_document_id).toBe(docId);
  });

  it('by In-Reply-To naming the mail the document went out with; and that mail itself is not taken in twice', async () => {
    const sent = await db().selectFrom('outbox').select(['message_id']).where('document_id', '=', docId).where('message_id', 'is not', null).executeTakeFirst();
    expect(sent?.message_id).toBeTruthy();
    await send({ from: 'stc@dongnai.gov.vn', to: 'ubnd@dongnai.gov.vn', subject: 'Trả lời về việc chuyển đổi số', inReplyTo: sent!.message_id!, references: [sent!.message_id!], text: 'Sở Tài chính báo cáo.' });
    const item = (await inbox(clerkUbnd)).find((i) => i.summary === 'Trả lời về việc chuyển đổi số')!;
    expect((await clerkUbnd.get(`/api/v1/documents/${item.documentId}`)).body.replyToId).toBe(docId);
    expect(item.senderName).toBe('Sở Tài chính');

    // The dispatch mail reaching STC's official mailbox: STC already has the document.
    const before = (await inbox(clerkStc)).length;
    const info = await send({ from: 'no-reply@dongnai.gov.vn', to: 'stc@dongnai.gov.vn', subject: `[${symbol}] Chỉ thị về tăng cường chuyển đổi số`, messageId: sent!.message_id!, text: 'x' });
    expect(info.response).toContain('Already received');
    expect((await inbox(clerkStc)).length).toBe(before);
  });
});

describe('aliases and the published mailboxes', () => {
  it('lets the province administrator add an alias in the province domain, and mail to it reaches the agency', async () => {
    const stc = s.ids.get('stc')!;
    expect((await admin.post('/api/v1/mail/aliases', { address: 'TaiChinh@dongnai.gov.vn', orgId: stc })).status).toBe(201);
    const bad = [
      { body: { address: 'taichinh@gmail.com', orgId: stc }, status: 400 },
      { body: { address: 'skhcn@dongnai.gov.vn', orgId: stc }, status: 409 },
      { body: { address: 'taichinh@dongnai.gov.vn', orgId: s.ids.get('skhcn') }, status: 409 },
      { body: { address: 'not an address', orgId: stc }, status: 400 },
    ];
    for (const b of bad) expect((await admin.post('/api/v1/mail/aliases', b.body)).status).toBe(b.status);
    expect((await clerkStc.post('/api/v1/mail/aliases', { address: 'khac@dongnai.gov.vn', orgId: stc })).status).toBe(403);
    expect((await admin.get('/api/v1/mail/aliases')).body).toMatchObject([{ address: 'taichinh@dongnai.gov.vn', orgId: stc, orgName: 'Sở Tài chính' }]);

    await send({ from: 'a@example.com', to: 'taichinh@dongnai.gov.vn', subject: 'Gửi tới địa chỉ bí danh', text: 'x' });
    expect((await inbox(clerkStc)).some((i) => i.summary === 'Gửi tới địa chỉ bí danh')).toBe(true);

    // Published without signing in: official address and aliases, never the enterprises' own addresses.
    const res = await fetch(`${s.url}/api/v1/mail/mailboxes`);
    expect(res.status).toBe(200);
    const boxes = (await res.json()) as any[];
    expect(boxes.find((b) => b.orgId === stc)).toMatchObject({ name: 'Sở Tài chính', code: '000.00.05.H39', address: 'stc@dongnai.gov.vn', aliases: ['taichinh@dongnai.gov.vn'] });
    expect(boxes.some((b) => b.address === 'lienhe@dntech.vn')).toBe(false);

    expect((await admin.delete('/api/v1/mail/aliases/taichinh@dongnai.gov.vn')).status).toBe(204);
    const e = await refusal({ from: 'a@example.com', to: 'taichinh@dongnai.gov.vn', subject: 'x', text: 'x' });
    expect(e.responseCode).toBe(550);
  });

  it('stops receiving for an agency that is no longer active', async () => {
    const sct = s.ids.get('sct')!;
    expect((await admin.patch(`/api/v1/organizations/${sct}`, { active: false })).status).toBe(200);
    const e = await refusal({ from: 'a@example.com', to: 'sct@dongnai.gov.vn', subject: 'x', text: 'x' });
    expect(e.responseCode).toBe(550);
    const boxes = (await (await fetch(`${s.url}/api/v1/mail/mailboxes`)).json()) as any[];
    expect(boxes.some((b) => b.orgId === sct)).toBe(false);
  });
});
