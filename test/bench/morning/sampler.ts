import { performance } from 'node:perf_hooks';
import type { Shot } from '../inbound/load';

export interface Sample {
  /** When it was sent (ms since the epoch). */
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
  /** The thread the person wrote in: where their reply lands. */
  readonly conversationId?: string;
}

/** The conversation of an activity's JSON body. */
export function conversationOf(body: string): string | undefined {
  return (JSON.parse(body) as { conversation?: { id?: string } }).conversation?.id;
}

/**
 * Each sample's wait until its reply arrived at Teams (replies may be queued
 * after the turn is answered); a reply that never came counts as failed.
 */
export function untilReplied(samples: readonly Sample[], arrivals: Readonly<Record<string, number>>): Sample[] {
  return samples.map((s) => {
    const arrived = s.conversationId === undefined ? undefined : arrivals[s.conversationId];
    return arrived === undefined ? { ...s, ok: false } : { ...s, ms: Math.max(s.ms, arrived - s.at) };
  });
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
    const conversationId = conversationOf(shot.body);
    const at = Date.now();
    const sent = performance.now();
    const p = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: shot.body })
      .then(async (res) => {
        const text = await res.text();
        samples.push({ at, ms: performance.now() - sent, ok: shot.check(res.status, text), conversationId });
      })
      .catch(() => void samples.push({ at, ms: performance.now() - sent, ok: false, conversationId }))
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
