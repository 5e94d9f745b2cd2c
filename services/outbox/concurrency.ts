/** Recent send latencies kept for the estimate. */
const SAMPLES = 32;

/**
 * How many sends to keep in flight, by Little's law: in flight = rate x
 * latency. Enough to reach the global rate at the latency sends actually
 * take, and no more, because every send in flight when the process dies may
 * have reached Teams without being recorded, and is sent again on restart:
 * the sends in flight are the duplicates a crash can cause.
 *
 * Teams answers in 100 to 300 ms, so 50 per second needs 6 to 16 in flight;
 * the loopback connector answers in about a millisecond, so 500 per second
 * needs 1 or 2. The latency is the median of the last 32 sends, not an
 * average: when the process stalls (a large store read, garbage collection)
 * every send then in flight finishes late at once, and an average would
 * jump with them, letting more sends start, and so more be duplicated by a
 * crash, for no gain: more in flight does not send faster (the rate limiter
 * decides that), it only queues sends behind each other inside the process.
 */
export class InFlightLimit {
  private readonly recent: number[] = [];

  /**
   * @param ratePerSecond the most sends per second this instance may make (the global limit)
   * @param max the ceiling whatever the latency (DispatcherOptions.concurrency)
   */
  constructor(
    private ratePerSecond: number,
    private readonly max: number,
  ) {}

  /** This instance's share of the rate changed. */
  setRate(ratePerSecond: number): void {
    this.ratePerSecond = ratePerSecond;
  }

  /** How many send latencies are known (at most the last 32). */
  get samples(): number {
    return this.recent.length;
  }

  /** The median of the recent send latencies (ms), if any send has finished yet. */
  get medianLatencyMs(): number | undefined {
    if (this.recent.length === 0) return undefined;
    return [...this.recent].sort((a, b) => a - b)[Math.floor(this.recent.length / 2)];
  }

  /**
   * Sends allowed in flight now. One until a send has finished: the first is
   * slow (a client to build, a token to fetch, a connection to open), and
   * sends started beside it would reach Teams bunched up behind it, breaking
   * a window the rate limiter, counting from the start of each send, thought clear.
   */
  get limit(): number {
    if (this.recent.length === 0) return 1;
    const sorted = [...this.recent].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    const needed = Math.ceil((this.ratePerSecond * median * 1.25) / 1000);
    return Math.min(this.max, Math.max(1, needed));
  }

  /** A send (successful or not) took `ms` from its start to Teams' answer. */
  observe(ms: number): void {
    this.recent.push(Math.max(0, ms));
    if (this.recent.length > SAMPLES) this.recent.shift();
  }
}
