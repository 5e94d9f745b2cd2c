import { performance } from 'node:perf_hooks';
import type { Shot } from '../inbound/load';

export interface Sample {
  /** When it was sent (ms since the epoch). */
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
}

/**
 * A person typing `help` now and then: an open loop at `perSecond`, each
 * request sent on time whether or not the last was answered, so a slow bot
 * shows as latency rather than as fewer samples.
 */
export function sampleEvery(url: string, next: (i: number) => Shot, perSecond: number): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  let i = 0;
  const timer = setInterval(() => {
    const shot = next(i++);
    const at = Date.now();
    const sent = performance.now();
    const p = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: shot.body })
      .then(async (res) => {
        const text = await res.text();
        samples.push({ at, ms: performance.now() - sent, ok: shot.check(res.status, text) });
      })
      .catch(() => void samples.push({ at, ms: performance.now() - sent, ok: false }))
      .finally(() => pending.delete(p));
    pending.add(p);
  }, 1000 / perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...pending]);
      return samples;
    },
  };
}
