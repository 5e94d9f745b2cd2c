import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../support/teams-connector';
import { adminCommand } from '../inbound/activities';
import type { PcnShape } from '../national/shape';
import { conversationOf, type Sample } from './sampler';

/**
 * Every PCN's admin types `start quick check` in their PCN channel, the
 * 1,250 commands spread evenly over `spreadMs` (in a shuffled order, so the
 * store's writes are not in key order), each sent on time whether or not
 * the last was answered: the morning as people, not the scheduler, open it.
 */
export async function everyAdminStarts(
  url: string,
  nation: readonly PcnShape[],
  serviceUrl: string,
  spreadMs: number,
): Promise<Sample[]> {
  const order = shuffled(nation);
  const started = Date.now();
  const samples: Sample[] = [];
  const sends = order.map(async (pcn, i) => {
    const dueIn = started + (i * spreadMs) / order.length - Date.now();
    if (dueIn > 0) await new Promise((resolve) => setTimeout(resolve, dueIn));
    const shot = adminCommand(serviceUrl, pcn, 'start quick check');
    const conversationId = conversationOf(shot.body);
    const at = Date.now();
    const sent = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: shot.body });
      const text = await res.text();
      samples.push({ at, ms: performance.now() - sent, ok: shot.check(res.status, text), conversationId });
    } catch {
      samples.push({ at, ms: performance.now() - sent, ok: false, conversationId });
    }
  });
  await Promise.all(sends);
  return samples.sort((a, b) => a.at - b.at);
}

/** A fixed shuffle (seeded), so runs compare. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  const random = seededRandom(16);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
