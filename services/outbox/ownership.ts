import type { Logger } from '../logger';
import type { Lease } from '../store/documents';

/** The leases the dispatcher needs (services/store/lease-repository.ts). */
export interface ConversationLeases {
  claimConversation(conversationKey: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined>;
  releaseConversation(conversationKey: string, owner: string): Promise<void>;
}

/**
 * Teams' per-thread windows: a new owner starting this long after the last
 * send of the one before finds the 1-second and 2-second windows clear.
 * Handing a conversation over sooner could put 8 sends into 2 s.
 */
export const SHORT_WINDOWS_MS = 2_100;
/** Past Teams' 30-second window (60 sends): a conversation is kept this long after its last send. */
const IDLE_RELEASE_MS = 31_000;
/**
 * How long to believe another instance holds a conversation before asking
 * the store again: a third of a lease, at least a second. The holder sends
 * everything queued for it, so asking sooner only matters when the holder
 * died, and then its lease lasts a whole lease time anyway; asking every
 * pass would cost a write per foreign conversation per pass.
 */
const recheckMs = (ttlMs: number) => Math.max(1_000, ttlMs / 3);

interface Held {
  expiresAt: number;
  lastUsedAt: number;
}

/**
 * Which conversations this instance may send into. Each conversation's sends
 * go through one instance at a time, under a lease renewed while the
 * instance uses it, so Teams' per-thread limit (7 a second, 8 in two, 60 in
 * thirty) is paced by one rate limiter whatever the number of instances. A
 * conversation is kept for 31 s after its last send, then released; an
 * instance that dies loses its conversations when their leases lapse, and one
 * restarted under the same INSTANCE_ID takes them back at once.
 */
export class ConversationOwnership {
  private readonly held = new Map<string, Held>();
  private readonly theirs = new Map<string, number>();

  constructor(
    private readonly leases: ConversationLeases,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  /** True when this instance may send into `key` now: it holds it, or has just claimed it. */
  async acquire(key: string, now: number): Promise<boolean> {
    const mine = this.held.get(key);
    if (mine && mine.expiresAt - now > this.ttlMs / 3) return true;
    if ((this.theirs.get(key) ?? 0) > now) return false;
    try {
      const lease = await this.leases.claimConversation(key, this.owner, this.ttlMs, new Date(now));
      if (lease) {
        this.held.set(key, { expiresAt: Date.parse(lease.expiresAt), lastUsedAt: mine?.lastUsedAt ?? now });
        this.theirs.delete(key);
        return true;
      }
    } catch (error) {
      // Without the lease, sending could break the thread's limit alongside another instance: wait and ask again.
      this.log.warn({ err: error }, 'could not claim a conversation for sending');
    }
    this.held.delete(key);
    this.theirs.set(key, now + recheckMs(this.ttlMs));
    return false;
  }

  /** A send into `key` started now. */
  used(key: string, now: number): void {
    const mine = this.held.get(key);
    if (mine) mine.lastUsedAt = now;
  }

  /**
   * The heartbeat: renews what is in use and due for renewal, and releases
   * what has been idle past Teams' 30-second window. `busy` says which
   * conversations still have sends in flight here.
   */
  async maintain(now: number, busy: (key: string) => boolean): Promise<void> {
    for (const [key, mine] of [...this.held]) {
      if (!busy(key) && now - mine.lastUsedAt >= IDLE_RELEASE_MS) {
        this.held.delete(key);
        await this.leases
          .releaseConversation(key, this.owner)
          .catch((e: unknown) => this.log.warn({ err: e }, 'could not release a conversation; its lease will lapse'));
      } else if (mine.expiresAt - now <= (2 * this.ttlMs) / 3) {
        await this.renew(key, mine, now);
      }
    }
    for (const [key, until] of this.theirs) if (until <= now) this.theirs.delete(key);
  }

  private async renew(key: string, mine: Held, now: number): Promise<void> {
    try {
      const lease = await this.leases.claimConversation(key, this.owner, this.ttlMs, new Date(now));
      if (lease) {
        mine.expiresAt = Date.parse(lease.expiresAt);
        return;
      }
      this.log.warn({ conversation: key.slice(0, 60) }, 'lost a conversation to another instance (this one stalled)');
      this.held.delete(key);
      this.theirs.set(key, now + recheckMs(this.ttlMs));
    } catch (error) {
      // Kept until it lapses: the next heartbeat tries again.
      this.log.warn({ err: error }, 'could not renew a conversation lease');
    }
  }

  /**
   * Stopping (SIGTERM): gives every conversation back, once Teams' short
   * windows have passed since this instance's last send into it, so the
   * instance taking over cannot break them. At most about two seconds.
   */
  async releaseAll(now: () => number, sleep: (ms: number) => Promise<void>, maxWaitMs = SHORT_WINDOWS_MS): Promise<void> {
    const last = Math.max(Number.NEGATIVE_INFINITY, ...[...this.held.values()].map((h) => h.lastUsedAt));
    const wait = Math.min(last + SHORT_WINDOWS_MS - now(), maxWaitMs);
    if (this.held.size > 0 && wait > 0) await sleep(wait);
    const keys = [...this.held.keys()];
    this.held.clear();
    await Promise.all(
      keys.map((key) =>
        this.leases
          .releaseConversation(key, this.owner)
          .catch((e: unknown) => this.log.warn({ err: e }, 'could not release a conversation')),
      ),
    );
  }

  /** How many conversations this instance holds (for reports and tests). */
  get size(): number {
    return this.held.size;
  }
}
