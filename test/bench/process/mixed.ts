import type { PcnShape } from '../national/shape';
import { MESSAGE_TYPES, shots } from '../inbound/activities';
import type { Shot } from '../inbound/load';

/** The four message types in turn (Submit, help, results, a question), each from its own seeded stream. */
export function mixedShots(nation: readonly PcnShape[], serviceUrl: string, now: Date, seed = 1): (i: number) => Shot {
  const streams = MESSAGE_TYPES.map((type, n) => shots(type, nation, serviceUrl, now, seed * 10 + n));
  return (i) => (streams[i % streams.length] as (i: number) => Shot)(i);
}
