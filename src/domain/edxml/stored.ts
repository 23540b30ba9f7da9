import { runPattern, type PackageText } from './read.js';

/**
 * How a received package is kept: its text, with the base64 of each attachment replaced by
 * a reference to the stored file (U+FFFF, which XML text cannot hold, around the SHA-256).
 * The package is rebuilt byte for byte from it, without a second copy of every file.
 */
const MARK = '\uFFFF';
const REFERENCE = /\uFFFF([0-9a-f]{64})\uFFFF/g;

/** The kept form, or null when the text is too unusual to keep this way (then keep the bytes). */
export function storedForm(input: PackageText, attachmentRuns: Map<number, string>, maxChars = 1 << 20): string | null {
  if (input.skeleton.includes(MARK)) return null;
  const out = input.skeleton.replace(runPattern(input.token), (_, i: string) => {
    const sha = attachmentRuns.get(Number(i));
    return sha ? `${MARK}${sha}${MARK}` : input.runs[Number(i)]!.toString('latin1');
  });
  return out.length <= maxChars ? out : null;
}

/** The package bytes again, the files read back and encoded as they were. */
export async function restoreStored(form: string, readFile: (sha256: string) => Promise<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of form.matchAll(REFERENCE)) {
    parts.push(Buffer.from(form.slice(last, m.index), 'utf8'), Buffer.from((await readFile(m[1]!)).toString('base64'), 'latin1'));
    last = m.index! + m[0].length;
  }
  parts.push(Buffer.from(form.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
