import { performance } from 'node:perf_hooks';

/**
 * The longest a reply waits for a slot. Teams waits about 15 s for a turn's
 * answer; past this a reply goes anyway and, if Teams is over its limit,
 * botbuilder's own retry honours the Retry-After.
 */
export const MAX_REPLY_WAIT_MS = 8_000;

/** Requests are counted over this window, as Teams counts its per-app limit. */
const WINDOW_MS = 1_000;

/**
 * Paces replies within turns, and puts them first. Every request this
 * instance makes to Teams (a reply, or an outbox send) is logged here on the
 * wall clock; a reply waits while the last second already holds the
 * instance's whole rate, and while any reply waits the outbox sends nothing
 * (Dispatcher.runOnce), so a person's answer never queues behind a national
 * fan-out. Without this, 1,250 admins typing `start quick check` within ten
 * seconds sent 125 replies a second at Teams' 50, and four requests in ten
 * came back 429 (bench:morning -- --by command). The wall clock, not the
 * bot's: a reply waits in real time whatever time the bot's clock says.
 */
export class ReplyPacer {
  private readonly sent: number[] = [];
  private waitingNow = 0;

  constructor(
    /** Requests per second this instance may make now: its share of the app's rate, stepped down after a 429. */
    private readonly perSecond: () => number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** How many replies are waiting for a slot (the outbox holds back while any is). */
  get waiting(): number {
    return this.waitingNow;
  }

  /** A request went to Teams outside a reply (an outbox send). */
  noteSend(): void {
    this.sent.push(this.now());
  }

  /** Milliseconds until one more request fits in the last second; 0 means now. */
  waitMs(): number {
    const now = this.now();
    let old = 0;
    while (old < this.sent.length && (this.sent[old] as number) <= now - WINDOW_MS) old++;
    if (old > 0) this.sent.splice(0, old);
    const limit = Math.max(1, Math.floor(this.perSecond()));
    if (this.sent.length < limit) return 0;
    // Free once the request that keeps the window full has left it.
    return Math.max(1, (this.sent[this.sent.length - limit] as number) + WINDOW_MS - now);
  }

  /** Waits for a slot (at most `maxWaitMs`), takes it, and says how long it waited. */
  async slot(maxWaitMs = MAX_REPLY_WAIT_MS): Promise<number> {
    const start = this.now();
    if (this.waitMs() === 0) {
      this.sent.push(start);
      return 0;
    }
    this.waitingNow++;
    try {
      for (;;) {
        const wait = this.waitMs();
        const left = maxWaitMs - (this.now() - start);
        if (wait === 0 || left <= 0) break;
        await this.sleep(Math.min(wait, left));
      }
    } finally {
      this.waitingNow--;
    }
    const at = this.now();
    this.sent.push(at);
    return at - start;
  }
}
