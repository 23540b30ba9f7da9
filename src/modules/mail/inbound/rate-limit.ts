/**
 * Messages per sender in the last minute, kept in this process's memory: a sliding window
 * of timestamps per key, bounded in keys and in stamps per key.
 */
export class SlidingWindow {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  /** Records a hit and answers true, or answers false without recording when the key is over its limit. */
  take(key: string, now = Date.now()): boolean {
    if (this.limit <= 0) return true;
    const since = now - this.windowMs;
    const stamps = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (stamps.length >= this.limit) {
      this.hits.set(key, stamps);
      return false;
    }
    stamps.push(now);
    this.hits.delete(key);
    this.hits.set(key, stamps);
    if (this.hits.size > this.maxKeys) this.prune(now);
    return true;
  }

  /** Forgets quiet keys; if still too many, the least recently used ones. */
  private prune(now: number) {
    const since = now - this.windowMs;
    for (const [key, stamps] of this.hits) if (!stamps.some((t) => t > since)) this.hits.delete(key);
    for (const key of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys / 2) break;
      this.hits.delete(key);
    }
  }
}
