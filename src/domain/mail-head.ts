/**
 * Whether bytes are a mail message at all: one begins with its header section, lines of
 * "Name: value" (or continuations, starting with a space or a tab) up to an empty line.
 * The MIME parser reads anything (random bytes become a message without a subject), so
 * the listener asks this first and answers what fails it 554 (docs/operations.md).
 * Lenient past the first line: a real sender's header section may hold a stray broken line.
 */
const FIELD = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const HEAD_SCAN = 64 * 1024;

export function hasHeaderSection(raw: Buffer): boolean {
  const head = raw.subarray(0, HEAD_SCAN).toString('latin1');
  const lines = head.split('\n');
  // The last line may be cut by the scan.
  if (raw.length > HEAD_SCAN) lines.pop();
  let fields = 0;
  let other = 0;
  for (const [i, full] of lines.entries()) {
    const line = full.endsWith('\r') ? full.slice(0, -1) : full;
    if (line === '') break;
    if (FIELD.test(line)) fields++;
    else if (i > 0 && (line[0] === ' ' || line[0] === '\t')) continue;
    else if (i === 0) return false;
    else other++;
  }
  return fields > 0 && other <= fields;
}
