import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Rendered pages kept in memory with their ETag and compressed forms, so a page is built
 * and compressed once per change rather than once per visitor. The cache is emptied when
 * the data's fingerprint changes: the portal's version counter (bumped in every portal
 * transaction, by any server), the directory's latest change, and the date in Vietnam.
 * The fingerprint is read at most once per `ttlMs`, and at once after a change this
 * process made — so other servers' changes show within `ttlMs`, this server's at once.
 */
export interface CachedPage {
  body: Buffer;
  type: string;
  etag: string;
  gzip?: Buffer;
  br?: Buffer;
}

export class PageCache {
  private entries = new Map<string, CachedPage>();
  private bytes = 0;
  private version: string | null = null;
  private checkedAt = 0;
  private dirty = true;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly fingerprint: () => Promise<string>,
    private readonly ttlMs = 1000,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /** Something changed here: look at the fingerprint before the next answer. */
  markDirty() {
    this.dirty = true;
  }

  /** Makes sure the entries match the data; answers the version the next render belongs to. */
  async current(): Promise<string> {
    if (this.dirty || Date.now() - this.checkedAt >= this.ttlMs) {
      this.pending ??= this.check().finally(() => (this.pending = null));
      await this.pending;
    }
    return this.version!;
  }

  private async check() {
    this.dirty = false;
    const v = await this.fingerprint();
    this.checkedAt = Date.now();
    if (v !== this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = v;
    }
  }

  get(key: string): CachedPage | undefined {
    const e = this.entries.get(key);
    if (e) {
      // Least recently used goes first: re-insert at the end.
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  /** Stores a page rendered from data of `version`; a page of older data is answered but not kept. */
  put(key: string, body: Buffer, type: string, version: string): CachedPage {
    const page: CachedPage = { body, type, etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"` };
    if (version !== this.version || body.length > this.maxBytes / 8) return page;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.body.length;
    this.entries.set(key, page);
    this.bytes += body.length;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.body.length;
    }
    return page;
  }

  get size() {
    return this.entries.size;
  }
}

/** The body in the encoding the client prefers (br, then gzip), compressed once per page. */
export function encoded(page: CachedPage, acceptEncoding: string | undefined): { body: Buffer; encoding: string | null } {
  const accept = acceptEncoding ?? '';
  if (page.body.length < 1024) return { body: page.body, encoding: null };
  if (/\bbr\b/.test(accept)) {
    page.br ??= brotliCompressSync(page.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: page.body.length } });
    return { body: page.br, encoding: 'br' };
  }
  if (/\bgzip\b/.test(accept)) {
    page.gzip ??= gzipSync(page.body, { level: 6 });
    return { body: page.gzip, encoding: 'gzip' };
  }
  return { body: page.body, encoding: null };
}
