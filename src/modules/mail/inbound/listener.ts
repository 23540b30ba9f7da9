import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../../context.js';
import { fold } from '../../../domain/fold.js';
import { normalizeAddress, resolveMailbox, type Mailbox } from '../addresses.js';
import { intake, type IntakeReport } from './intake.js';
import { SlidingWindow } from './rate-limit.js';
import { useFastDataScan } from './smtp-data-scan.js';

/**
 * The built-in inbound listener: the MX of the official mailboxes (SMTP), or the delivery
 * agent behind the province's MTA (LMTP). No authentication and no relaying: only official
 * addresses and aliases are accepted as recipients. A message is answered after its intake
 * committed, so a 2xx reply means it is stored.
 */

type SmtpError = Error & { responseCode: number };

/** A reply with its enhanced status code, in English and in Vietnamese without marks (replies are ASCII). */
function reply(code: number, enhanced: string, en: string, vi: string): SmtpError {
  const e = new Error(`${enhanced} ${en} (${fold(vi).replace(/[^\x20-\x7e]/g, '')})`) as SmtpError;
  e.responseCode = code;
  return e;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

function refusalReply(report: IntakeReport, max: number): SmtpError | null {
  const r = report.refusal;
  if (!r) return null;
  if (r.code === 'executable') return reply(550, '5.7.1', `Message refused: it carries an executable file, which official mailboxes never accept. Send documents as PDF or office files.`, 'Thư bị từ chối: có tệp chương trình, hộp thư công vụ không nhận. Hãy gửi văn bản dạng PDF hoặc tệp văn phòng');
  // Null-sender auto-replies are dropped by the sending MTA on a 5xx, so nothing bounces back.
  if (r.code === 'auto_reply') return reply(550, '5.7.1', 'Automatic reply (RFC 3834) not taken in: official mailboxes take documents only', 'Thư trả lời tự động không được nhận: hộp thư công vụ chỉ nhận văn bản');
  if (r.code === 'too_large') return reply(552, '5.3.4', `Message larger than the ${mb(max)} MB limit`, `Thư vượt quá giới hạn ${mb(max)} MB`);
  return reply(554, '5.6.0', 'Message could not be read (malformed MIME)', 'Không đọc được thư');
}

const unknownMailbox = (address: string) =>
  reply(550, '5.1.1', `<${address.slice(0, 200)}>: not an official mailbox of this province; relaying denied`, 'Không phải hộp thư công vụ của tỉnh, không chuyển tiếp thư');

const temporaryFailure = () => reply(451, '4.3.0', 'Temporary failure storing the message, try again later', 'Lỗi tạm thời khi lưu thư, xin gửi lại sau');

function readPem(file: string, variable: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${variable}: không đọc được tệp ${file} / cannot read ${file}: ${(e as Error).message}`);
  }
}

export async function startSmtpListener(ctx: AppContext, opts: { port: number; host: string }): Promise<{ port: number; close(): Promise<void> }> {
  useFastDataScan();
  const mail = ctx.config.mail;
  // Only the province's own certificate: without one STARTTLS is neither offered nor accepted.
  const tls = mail.tlsCertFile && mail.tlsKeyFile ? { cert: readPem(mail.tlsCertFile, 'MAIL_TLS_CERT'), key: readPem(mail.tlsKeyFile, 'MAIL_TLS_KEY') } : null;
  const limiter = new SlidingWindow(mail.senderRatePerMinute);
  const inFlight = new Set<Promise<unknown>>();
  const source = mail.lmtp ? 'lmtp' : 'smtp';
  // The mailboxes looked up at RCPT TO, per session, for the message that follows.
  const resolved = new WeakMap<SMTPServerSession, Map<string, Mailbox | null>>();

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string | (string | Error)[]> {
    const chunks: Buffer[] = [];
    let bytes = 0;
    // Hashed as it arrives, a piece at a time, rather than all at once afterwards.
    const hash = createHash('sha256');
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > mail.maxMessageBytes) return;
      chunks.push(chunk);
      hash.update(chunk);
    });
    await new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
      // A client gone in the middle of DATA: nothing to store, and nothing left waiting.
      stream.once('close', () => reject(new Error('connection closed during DATA')));
    });
    if (stream.sizeExceeded || bytes > mail.maxMessageBytes) throw reply(552, '5.3.4', `Message larger than the ${mb(mail.maxMessageBytes)} MB limit`, `Thư vượt quá giới hạn ${mb(mail.maxMessageBytes)} MB`);
    const to = session.envelope.rcptTo.map((r) => r.address);
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null;
    let report: IntakeReport;
    try {
      report = await intake(ctx, Buffer.concat(chunks, bytes), { source, from, to, rawSha256: hash.digest('hex') }, resolved.get(session));
    } catch (err) {
      // The sender is told to try again (4xx); we keep why.
      ctx.log.error({ err, source, from, to }, 'mail in: the message could not be stored; answered with a temporary failure');
      throw temporaryFailure();
    }
    const refused = refusalReply(report, mail.maxMessageBytes);
    if (refused) throw refused;
    const answers = report.results.map((r) =>
      r.outcome === 'accepted'
        ? `2.0.0 Accepted as incoming document #${r.documentId} (da nhan vao van ban den)`
        : r.outcome === 'duplicate'
          ? '2.0.0 Already received, not stored twice (thu da nhan truoc do)'
          : unknownMailbox(r.address),
    );
    if (mail.lmtp) return answers;
    const ok = answers.filter((a): a is string => typeof a === 'string');
    if (!ok.length) throw answers[0] as Error;
    return ok.find((a) => a.includes('#')) ?? ok[0]!;
  }

  const server = new SMTPServer({
    lmtp: mail.lmtp,
    banner: 'Lien Thong - hop thu cong vu / official mailboxes',
    size: mail.maxMessageBytes,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !tls,
    hideENHANCEDSTATUSCODES: true, // every reply below carries its own enhanced code
    hideDSN: true,
    ...(tls ? { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' as const } : {}),
    maxClients: 200,
    closeTimeout: 5000,
    logger: false,
    onMailFrom(address, session, cb) {
      const key = normalizeAddress(address.address) ?? `<>@${session.remoteAddress}`;
      resolved.set(session, new Map());
      if (!limiter.take(key)) {
        return cb(reply(450, '4.7.1', `Too many messages from ${key.slice(0, 200)} (at most ${mail.senderRatePerMinute} a minute), try again later`, 'Gửi quá nhiều thư trong một phút, xin gửi lại sau'));
      }
      cb();
    },
    onRcptTo(address, session, cb) {
      if (session.envelope.rcptTo.length >= mail.maxRecipients) {
        return cb(reply(452, '4.5.3', `Too many recipients (at most ${mail.maxRecipients} a message)`, `Quá nhiều người nhận (tối đa ${mail.maxRecipients})`));
      }
      resolveMailbox(ctx.db.kysely, address.address).then(
        (mailbox) => {
          if (mailbox) resolved.get(session)?.set(address.address, mailbox);
          cb(mailbox ? undefined : unknownMailbox(address.address));
        },
        () => cb(temporaryFailure()),
      );
    },
    onData(stream, session, cb) {
      const job = receive(stream, session).then(
        (answer) => cb(null, answer as string),
        (err: Error) => {
          stream.resume();
          cb((err as SmtpError).responseCode ? err : temporaryFailure());
        },
      );
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    },
  });
  // A broken connection is that connection's problem, never the listener's: noted, not fatal.
  server.on('error', (err) => ctx.log.info({ err }, 'mail in: a connection failed'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...inFlight]);
    },
  };
}
