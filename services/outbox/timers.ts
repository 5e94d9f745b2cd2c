/**
 * Timers as a port, beside the Clock, so the dispatcher and the scheduler can
 * be driven by a fake clock in tests. The system timers are unref'd: a
 * pending wake-up never keeps the process alive on its own.
 */
/** Opaque: whatever the Timers implementation hands back. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's setTimeout caps delays at about 24.8 days; longer ones would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/**
 * A sleep that can be cut short: `wait(ms)` resolves after ms or at the next
 * `wake()`, whichever comes first. Used by the polling loops so new work (an
 * enqueue, a stop) is picked up without waiting for the poll interval.
 */
export class Sleeper {
  private pending?: { handle: TimerHandle; resolve: () => void };
  private woken = false;

  constructor(private readonly timers: Timers) {}

  wait(ms: number): Promise<void> {
    if (this.woken) {
      // A wake() with nobody waiting still counts: the next wait returns at once.
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const handle = this.timers.setTimeout(() => this.settle(), ms);
      this.pending = { handle, resolve };
    });
  }

  wake(): void {
    if (!this.pending) {
      this.woken = true;
      return;
    }
    this.timers.clearTimeout(this.pending.handle);
    this.settle();
  }

  private settle(): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve();
  }
}
