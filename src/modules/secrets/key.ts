import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { SecretsConfig } from '../../server/config.js';

/** A key that seals secrets, and the short id a sealed value names it by. */
export interface SecretsKey {
  id: string;
  key: Buffer;
}

export const KEY_BYTES = 32;
export const DEFAULT_KEY_FILE = 'secrets.key';

/**
 * Every key this process has loaded, by id. A sealed value names its key, so it is opened
 * where no context is at hand (a repository reading a signing key inside a transaction).
 * A server holds one key; `secrets reseal` holds the old one too; a test process running
 * several servers holds theirs.
 */
const held = new Map<string, Buffer>();

export const keyIdOf = (key: Buffer): string => createHash('sha256').update('lienthong secrets key id\0').update(key).digest('hex').slice(0, 12);

export function holdKey(key: Buffer): SecretsKey {
  if (key.length !== KEY_BYTES) throw new Error(`A secrets key is ${KEY_BYTES} bytes, got ${key.length}`);
  const id = keyIdOf(key);
  if (!held.has(id)) held.set(id, Buffer.from(key));
  return { id, key: held.get(id)! };
}

export const heldKey = (id: string): Buffer | null => held.get(id) ?? null;

const bilingual = (vi: string, en: string) => Object.assign(new Error(en), { messageVi: vi });

/** A key file holds the 32 bytes, or their base64 (as SECRETS_KEY does). */
export function readKeyFile(file: string, setting: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw bilingual(`${setting}: không đọc được tệp khóa ${file} (${code}).`, `${setting}: cannot read the key file ${file} (${code}).`);
  }
  if (bytes.length === KEY_BYTES) return bytes;
  const text = bytes.toString('latin1').trim();
  const decoded = Buffer.from(text, 'base64');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && decoded.length === KEY_BYTES) return decoded;
  throw bilingual(`${setting}: tệp ${file} phải chứa đúng 32 byte, hoặc dạng base64 của chúng.`, `${setting}: ${file} must hold exactly 32 bytes, or their base64.`);
}

/** `<dataDir>/secrets.key`, made on first start (32 random bytes, mode 0600) so a fresh machine needs nothing. */
function defaultKey(dataDir: string): Buffer {
  const file = path.join(dataDir, DEFAULT_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    // Written whole under another name, then linked: a process starting at the same moment
    // never reads half a key, and the first link wins.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return readKeyFile(file, file);
}

/** The key of this process: SECRETS_KEY, SECRETS_KEY_FILE, or the data directory's key file. */
export function loadSecretsKey(config: { dataDir: string; secrets: SecretsConfig }): SecretsKey {
  if (config.secrets.key) return holdKey(config.secrets.key);
  if (config.secrets.keyFile) return holdKey(readKeyFile(config.secrets.keyFile, 'SECRETS_KEY_FILE'));
  return holdKey(defaultKey(config.dataDir));
}
