import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { parsePackage } from '../../domain/edxml/parse.js';
import type { EdxmlLimits } from '../../domain/edxml/read.js';
import { verifyPackageSignature } from '../../domain/edxml/signature.js';
import { DomainError } from '../../domain/errors.js';
import type { WorkerReply } from './edxml-pool.js';

/**
 * The thread that reads edXML packages (started by edxml-pool.ts, with a cap on its heap):
 * the tree, the signature check and the decoded files are made here, so a package of
 * megabytes never holds the thread that serves requests, and one that would need too much
 * memory stops this thread, not the server.
 */
parentPort!.on('message', async (m: { id: number; bytes: Uint8Array; limits: EdxmlLimits }) => {
  const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
  let reply: WorkerReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const pkg = parsePackage(bytes, m.limits);
    const check = await verifyPackageSignature(pkg.input, async (algorithm, parts) => {
      const h = createHash(algorithm);
      for (const p of parts) h.update(p);
      return h.digest();
    });
    // The runs are the caller's bytes: where they are is enough.
    const runs = pkg.input.runs.map((r): [number, number] => [r.byteOffset - bytes.byteOffset, r.byteOffset - bytes.byteOffset + r.length]);
    const sha256 = pkg.attachments.map((a) => createHash('sha256').update(a.bytes).digest('hex'));
    // A file's bytes that own their memory cross without a copy.
    for (const a of pkg.attachments) {
      const b = a.bytes.buffer as ArrayBuffer;
      if (a.bytes.byteOffset === 0 && a.bytes.byteLength === b.byteLength && !transfer.includes(b)) transfer.push(b);
    }
    const { kind, tree, header, attachments } = pkg;
    reply = { id: m.id, ok: true, kind, tree, header, attachments, check, skeleton: pkg.input.skeleton, token: pkg.input.token, runs, sha256 };
  } catch (e) {
    if (!(e instanceof DomainError)) reply = { id: m.id, ok: false, failure: String((e as Error)?.stack ?? e) };
    else reply = { id: m.id, ok: false, error: { kind: e.kind, code: e.code, messageVi: e.messageVi, messageEn: e.messageEn, field: e.field } };
  }
  parentPort!.postMessage(reply, transfer);
});
