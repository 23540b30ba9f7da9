import os from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ParsedMail, SimpleParserOptions, simpleParser as SimpleParser } from 'mailparser';

/**
 * MIME parsing beside the event loop: a message of 25 MB takes mailparser a good fraction of
 * a second, which must not stall the HTTP requests and SMTP sessions of the same process.
 * Small messages are parsed in place. Workers start on the first large message (a server that
 * never gets one never starts one), are unref'd, and are replaced when one fails or a message
 * takes too long.
 */

// CommonJS, like every eval'd worker: it runs in the bundle too, where no module file of ours exists.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { simpleParser } = require(workerData.mailparser);
parentPort.on('message', async ({ id, raw, options }) => {
  let reply;
  try {
    const m = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), options);
    reply = { id, ok: true, mail: {
      messageId: m.messageId, subject: m.subject, from: m.from, to: m.to, cc: m.cc, date: m.date, text: m.text,
      html: typeof m.html === 'string' ? m.html : '', inReplyTo: m.inReplyTo, references: m.references, headers: m.headers,
      attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, contentDisposition: a.contentDisposition, related: a.related, content: a.content })),
    } };
  } catch (e) {
    reply = { id, ok: false, error: String((e && e.message) || e) };
  }
  try {
    parentPort.postMessage(reply);
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: 'unreadable structure: ' + String((e && e.message) || e) });
  }
});
`;

/** What intake reads of a parsed message (a structured clone of mailparser's result). */
export type ParsedParts = Pick<ParsedMail, 'messageId' | 'subject' | 'from' | 'to' | 'cc' | 'date' | 'text' | 'inReplyTo' | 'references' | 'headers'> & {
  html: string;
  attachments: { filename?: string; contentType: string; contentDisposition?: string; related?: boolean; content: Buffer }[];
};

/** Thrown when the parser cannot read the message (as opposed to a worker failing). */
export class UnreadableMessage extends Error {}

interface Job {
  resolve(m: ParsedParts): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

const TIMEOUT_MS = 60_000;
const require = createRequire(import.meta.url);
let slots: Slot[] | null = null;
let nextId = 1;

function spawn(index: number): Slot {
  const worker = new Worker(WORKER, { eval: true, workerData: { mailparser: require.resolve('mailparser') } });
  worker.unref();
  const slot: Slot = { worker, jobs: new Map() };
  const fail = (err: Error) => {
    for (const job of slot.jobs.values()) {
      clearTimeout(job.timer);
      job.reject(err);
    }
    slot.jobs.clear();
    if (slots && slots[index] === slot) slots[index] = spawn(index);
  };
  worker.on('message', (m: { id: number; ok: boolean; mail?: ParsedParts; error?: string }) => {
    const job = slot.jobs.get(m.id);
    if (!job) return;
    slot.jobs.delete(m.id);
    clearTimeout(job.timer);
    if (m.ok) job.resolve(m.mail!);
    else job.reject(new UnreadableMessage(m.error ?? 'unreadable'));
  });
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => fail(new Error(`mail parser worker stopped (${code})`)));
  return slot;
}

function pool(): Slot[] {
  if (!slots) {
    const size = Math.max(1, Math.min(2, os.availableParallelism() - 1));
    slots = [];
    for (let i = 0; i < size; i++) slots.push(spawn(i));
  }
  return slots;
}

/** Small messages (large attachments already taken out) cost less to parse here than to hand over. */
const IN_PROCESS_MAX = 256 * 1024;

export async function parseParts(raw: Buffer, options: Record<string, unknown>): Promise<ParsedParts> {
  if (raw.length > IN_PROCESS_MAX) return parseInWorker(raw, options);
  let m: ParsedMail;
  try {
    // mailparser is loaded by the first message received, not by every server start.
    const { simpleParser } = require('mailparser') as { simpleParser: typeof SimpleParser };
    m = await simpleParser(raw, options as SimpleParserOptions);
  } catch (e) {
    throw new UnreadableMessage((e as Error).message ?? String(e));
  }
  return { ...m, html: typeof m.html === 'string' ? m.html : '' };
}

/** Parses in the least busy worker; a message that takes over a minute is given up as unreadable. */
function parseInWorker(raw: Buffer, options: Record<string, unknown>): Promise<ParsedParts> {
  const all = pool();
  const index = all.reduce((best, s, i) => (s.jobs.size < all[best]!.jobs.size ? i : best), 0);
  const slot = all[index]!;
  const id = nextId++;
  return new Promise<ParsedParts>((resolve, reject) => {
    const timer = setTimeout(() => {
      slot.jobs.delete(id);
      reject(new UnreadableMessage('parsing took too long'));
      // The worker may be stuck on it: replace it (its other jobs fail and are answered 451).
      void slot.worker.terminate();
    }, TIMEOUT_MS);
    timer.unref();
    slot.jobs.set(id, {
      resolve: (m) => {
        for (const a of m.attachments) a.content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
        resolve(m);
      },
      reject,
      timer,
    });
    slot.worker.postMessage({ id, raw, options });
  });
}
