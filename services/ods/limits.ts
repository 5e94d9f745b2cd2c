/**
 * Spaces request starts at least `intervalMs` apart, first come first
 * served (5 a second: 200 ms). Spacing rather than a bucket of tokens: ODS
 * asks for under 5 a second, and a burst of 5 at once is not "under".
 */
export class RequestSpacer {
  private nextStart = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when this request may start; later callers queue behind it. */
  async wait(): Promise<void> {
    const now = this.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }

  /** Holds every request back for `ms` (ODS said "Retry-After"). */
  pause(ms: number): void {
    this.nextStart = Math.max(this.nextStart, this.now() + ms);
  }
}

/**
 * A small map that forgets entries after `ttlMs` and drops the least
 * recently used beyond `capacity`. Values may be undefined ("no such
 * practice" is worth remembering too), so reads return a box.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
    private readonly now: () => number,
  ) {}

  get(key: string): { readonly value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) return undefined;
    this.entries.set(key, entry); // most recently used last
    return { value: entry.value };
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
