/**
 * How many sends to keep in flight, by Little's law: in flight = rate x
 * latency. Enough to reach the global rate at the latency sends actually
 * take, and no more, because every send in flight when the process dies may
 * have reached Teams without being recorded, and is sent again on restart:
 * the sends in flight are the duplicates a crash can cause.
 *
 * Teams answers in 100 to 300 ms, so 50 per second needs 6 to 16 in flight;
 * the loopback connector answers in about a millisecond, so 500 per second
 * needs 2. The latency is smoothed (EWMA) over recent sends. More in flight
 * than needed does not send faster (the rate limiter decides that); it only
 * queues sends behind each other inside the process, which lengthens their
 * latency and would make this estimate grow for nothing.
 */
export class InFlightLimit {
  private latencyMs?: number;

  /**
   * @param ratePerSecond the most sends per second this instance may make (the global limit)
   * @param max the ceiling whatever the latency (DispatcherOptions.concurrency)
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly max: number,
  ) {}

  /**
   * Sends allowed in flight now. One until a send has finished: the first is
   * slow (a client to build, a token to fetch, a connection to open), and
   * sends started beside it would reach Teams bunched up behind it, breaking
   * a window the rate limiter, counting from the start of each send, thought clear.
   */
  get limit(): number {
    if (this.latencyMs === undefined) return 1;
    const needed = Math.ceil((this.ratePerSecond * this.latencyMs * 1.25) / 1000);
    return Math.min(this.max, Math.max(1, needed));
  }

  /** A send (successful or not) took `ms` from its start to Teams' answer. */
  observe(ms: number): void {
    const sample = Math.max(0, ms);
    this.latencyMs = this.latencyMs === undefined ? sample : 0.8 * this.latencyMs + 0.2 * sample;
  }
}
