import { performance } from 'node:perf_hooks';
import { percentile, round } from '../national/report';

export interface LoadResult {
  readonly requests: number;
  /** Every request made, warm-up and overrun included: what the target's CPU time over the run is divided by. */
  readonly sent: number;
  readonly failed: number;
  /** The first failure's status and body, to say why. */
  readonly firstFailure?: string;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** One request: the body to POST, and whether the answer is what the bot should give. */
export interface Shot {
  readonly body: string;
  readonly check: (status: number, text: string) => boolean;
}

/**
 * A closed loop: `concurrency` callers, each POSTing its next activity as
 * soon as the last was answered, for `seconds` after `warmUpSeconds` whose
 * answers are not counted. Throughput is answers per second; latency is
 * from sending to the whole answer read.
 */
export async function closedLoop(
  url: string,
  next: (i: number) => Shot,
  concurrency: number,
  seconds: number,
  warmUpSeconds: number,
): Promise<LoadResult> {
  const times: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  let i = 0;
  const start = performance.now();
  const measureFrom = start + warmUpSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  const worker = async () => {
    for (;;) {
      const sentAt = performance.now();
      if (sentAt >= end) return;
      const shot = next(i++);
      let ok = false;
      let detail = '';
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: shot.body });
        const text = await res.text();
        ok = shot.check(res.status, text);
        detail = `${res.status} ${text.slice(0, 200)}`;
      } catch (error) {
        detail = String(error);
      }
      const doneAt = performance.now();
      if (sentAt < measureFrom || doneAt > end) continue;
      times.push(doneAt - sentAt);
      if (!ok) {
        failed++;
        firstFailure ??= detail;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    sent: i,
    failed,
    firstFailure,
    seconds,
    perSecond: round(times.length / seconds, 1),
    p50Ms: round(percentile(times, 50), 2),
    p99Ms: round(percentile(times, 99), 2),
  };
}
