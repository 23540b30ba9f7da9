import type { PackageAttachment, ParsedPackage } from '../../domain/edxml/parse.js';
import type { EdxmlLimits } from '../../domain/edxml/read.js';
import type { SignatureCheck } from '../../domain/edxml/signature.js';
import { child, textOf } from '../../domain/edxml/tree.js';
import { asBuffers, readOnThread } from './edxml-pool.js';

export interface ReadPackage {
  pkg: ParsedPackage;
  check: SignatureCheck;
  /** The SHA-256 of a file, computed where it was decoded, for the store. */
  knownSha(a: PackageAttachment): string | undefined;
}

/**
 * Reads a package, lets the transport check its sender, and verifies its signature. All of
 * it is done on the reading thread (edxml-pool.ts): the shape limits are counted on the
 * bytes before any tree is built, the tree is made with a capped heap, and megabytes of
 * base64 never become strings on the thread that serves requests.
 */
export async function readPackage(bytes: Buffer, limits: EdxmlLimits, checkSender?: (senderCode: string) => Promise<void>): Promise<ReadPackage> {
  const r = await readOnThread(bytes, limits);
  asBuffers(r);
  const runs = r.runs.map(([start, end]) => bytes.subarray(start, end));
  const pkg: ParsedPackage = { kind: r.kind, tree: r.tree, header: r.header, attachments: r.attachments, input: { skeleton: r.skeleton, token: r.token, runs } };
  if (checkSender) await checkSender(textOf(child(pkg.header, 'From'), 'OrganId') ?? '');
  const shas = new Map(r.attachments.map((a, i) => [a, r.sha256[i]!]));
  return { pkg, check: r.check, knownSha: (a) => shas.get(a) };
}
