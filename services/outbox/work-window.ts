import type { Stored } from '../store/documents';
import type { OutboxItem, OutboxRepository } from '../store/outbox-repository';
import { backlogFirst, readDueWork, RetryList, withRetries } from './work-queue';

const MIN_REFILL_MS = 100;
const BUSY_POLL_FACTOR = 5;

export interface WorkWindowOptions {
  /** Items per page read. */
  readonly pageSize: number;
  /** Pages read per refill at most. */
  readonly maxPages: number;
  /** How often to look for work queued by other processes. */
  readonly pollMs: number;
  /** The conversation whose limits an item counts against. */
  readonly keyOf: (item: Stored<OutboxItem>) => string;
}

/**
 * The dispatcher's view of due work: a window read from the store, plus its
 * own retries held until due. Reading the store costs a query and a parse
 * per item (documents carry whole cards), so it reads when a read can find
 * something: work is due there, the window has run out (or holds only items
 * their conversations' limits hold back) while the store has more, or the
 * poll interval has passed for work other processes queued. While sending
 * at the global limit with work in hand it polls five times less often:
 * what it has is due first anyway.
 */
export class WorkWindow {
  private queue: Stored<OutboxItem>[] = [];
  private readonly retries = new RetryList();
  private readAt = Number.NEGATIVE_INFINITY;
  /** When something in the store not yet due becomes due (from the last read). */
  private nextDueAt?: number;
  private more = false;
  private dirty = true;
  /** The last pass went through the whole window without meeting the global limit: capacity went unused. */
  private hungry = true;

  constructor(
    private readonly repo: OutboxRepository,
    private readonly options: WorkWindowOptions,
  ) {}

  /** Items held waiting to be sent: the window read from the store, and this instance's own retries. */
  get waiting(): number {
    return this.queue.length + this.retries.size;
  }

  /** New work was queued in this process. */
  markDirty(): void {
    this.dirty = true;
  }

  /** An item this instance rescheduled (as stored, with its ETag): tried again once due, without a read. */
  retry(item: Stored<OutboxItem>): void {
    this.retries.add(item);
  }

  /** The items to try now, in order: due retries first, then the window (see backlogFirst). */
  async due(now: number): Promise<readonly Stored<OutboxItem>[]> {
    if (this.shouldRead(now)) await this.read(now);
    this.queue = withRetries(this.queue, this.retries.takeDue(new Date(now).toISOString()));
    return this.queue;
  }

  /** What a pass left untried, and whether it stopped at the global limit. */
  passed(left: Stored<OutboxItem>[], stoppedAtGlobalLimit: boolean): void {
    this.queue = left;
    this.hungry = !stoppedAtGlobalLimit;
  }

  /** When the window itself next has something to do (a retry or store item due, a refill), if known. */
  wakeAt(now: number): number | undefined {
    const times = [this.nextDueAt, this.retries.nextAt()];
    if (this.dirty || this.more) {
      if (this.queue.length === 0) times.push(now);
      else if (this.low()) times.push(this.readAt + MIN_REFILL_MS);
    }
    const known = times.filter((t): t is number => t !== undefined);
    return known.length > 0 ? Math.min(...known) : undefined;
  }

  /**
   * After a pass left capacity unused, the items still queued are all held
   * by their conversations' limits: reading brings in other work unless they
   * fill most of what a read returns. (Reading ahead while busy was tried: it
   * costs more in reads than it gains.)
   */
  private low(): boolean {
    return this.hungry && this.queue.length < (this.options.pageSize * this.options.maxPages) / 2;
  }

  private shouldRead(now: number): boolean {
    const age = now - this.readAt;
    const { pollMs } = this.options;
    if (this.nextDueAt !== undefined && now >= this.nextDueAt) return true;
    if (this.queue.length === 0 && (this.dirty || this.more)) return true;
    if ((this.dirty || this.more) && age >= MIN_REFILL_MS && this.low()) return true;
    if (age < pollMs) return false;
    return this.hungry || !this.more || age >= BUSY_POLL_FACTOR * pollMs;
  }

  private async read(now: number): Promise<void> {
    this.dirty = false;
    const work = await readDueWork(this.repo, new Date(now), {
      pageSize: this.options.pageSize,
      maxPages: this.options.maxPages,
      held: (item) => this.retries.has(item),
    });
    this.retries.supersede(work.items);
    this.queue = backlogFirst(work.items, this.options.keyOf);
    this.nextDueAt = work.nextDueAt;
    this.more = work.more;
    this.readAt = now;
  }
}
