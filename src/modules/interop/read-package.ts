import { parsePackageEncoded, withDecoded, type PackageAttachment, type ParsedPackage } from '../../domain/edxml/parse.js';
import type { EdxmlLimits } from '../../domain/edxml/read.js';
import { verifyPackageSignature, type SignatureCheck } from '../../domain/edxml/signature.js';
import { child, textOf } from '../../domain/edxml/tree.js';
import { digestAndDecode, type DecodedRun } from '../blobs/thread.js';

export interface ReadPackage {
  pkg: ParsedPackage;
  check: SignatureCheck;
  /** The SHA-256 of a file decoded on the file thread (it hashed it there), for the store. */
  knownSha(a: PackageAttachment): string | undefined;
}

/**
 * Reads a package, lets the transport check its sender, and verifies its signature. The
 * files are decoded on the file thread, in the same trip as the reference digest that
 * already carries their base64 there (an unsigned package's files make a trip of their
 * own): megabytes of base64 never become strings on the thread that serves requests.
 */
export async function readPackage(bytes: Buffer, limits: EdxmlLimits, checkSender?: (senderCode: string) => Promise<void>): Promise<ReadPackage> {
  const encoded = parsePackageEncoded(bytes, limits);
  if (checkSender) await checkSender(textOf(child(encoded.header, 'From'), 'OrganId') ?? '');
  const runs = encoded.input.runs;
  const wanted = new Set(encoded.attachments.filter((a) => a.bytes === null).map((a) => a.binary.run!));
  const decoded = new Map<number, DecodedRun>();
  const check = await verifyPackageSignature(encoded.input, async (algorithm, parts) => {
    const r = await digestAndDecode(algorithm, parts, runs, wanted);
    for (const [index, d] of r.decoded) decoded.set(index, d);
    return Buffer.from(r.digest!, 'base64');
  });
  const missing = [...wanted].filter((index) => !decoded.has(index)).map((index) => runs[index]!);
  if (missing.length) for (const [index, d] of (await digestAndDecode(null, missing, runs, wanted)).decoded) decoded.set(index, d);
  const pkg = withDecoded(encoded, new Map([...decoded].map(([index, d]) => [index, d.bytes])), limits);
  return { pkg, check, knownSha: (a) => (a.binary.run !== undefined && decoded.get(a.binary.run)?.bytes === a.bytes ? decoded.get(a.binary.run)!.sha256 : undefined) };
}
