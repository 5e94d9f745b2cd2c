import type { ConnectorStats } from '../connector-process';
import { percentile, round } from '../national/report';
import type { Sample } from './sampler';

/** Who opens the rounds: the scheduler at 09:30, or every PCN's admin typing `start quick check`. */
export type MorningMode = 'scheduler' | 'command';

export interface Latency {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
}

export function latency(samples: readonly Sample[]): Latency {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { samples: samples.length, p50: round(percentile(sorted, 50), 1), p99: round(percentile(sorted, 99), 1) };
}

export interface MorningResult {
  readonly mode: MorningMode;
  readonly rate: number;
  readonly quarter: string;
  readonly cards: number;
  readonly delivered: number;
  readonly duplicated: number;
  readonly complete: boolean;
  readonly readyMs: number;
  /** From the opening (scheduler) or the first command to the last card. */
  readonly wallMs: number;
  /** What must be sent at the rate: the cards, and in command mode each admin's reply. */
  readonly floorMs: number;
  readonly ratioToFloor: number;
  readonly allRequestsFloorMs: number;
  readonly ratioToAllRequestsFloor: number;
  readonly firstCardMs?: number;
  readonly requests: number;
  readonly throttled: number;
  readonly throttledShare: number;
  readonly throttledBy: ConnectorStats['throttledBy'];
  /** The admins' `start quick check` turns (command mode). */
  readonly commands?: Latency & { readonly failed: number; readonly spreadMs: number; readonly turnAnswered: Latency };
  readonly help: {
    readonly idle: Latency;
    readonly drain: Latency;
    readonly firstTenSeconds: Latency;
    readonly afterFirstTenSeconds: Latency;
    readonly failed: number;
    /** The HTTP answer to the turn (the latencies above are until the reply arrived at Teams). */
    readonly turnAnswered: { readonly idle: Latency; readonly drain: Latency };
  };
  readonly peakRssMb: number;
  readonly requestsPerSecond: readonly number[];
}

/** One line per run, each figure against its target. */
export function describe(r: MorningResult): string {
  const ok = (b: boolean) => (b ? 'met' : 'NOT met');
  const floorOf = r.mode === 'command' ? 'cards and replies' : 'cards';
  const commands = r.commands
    ? `${r.commands.samples} commands in ${(r.commands.spreadMs / 1000).toFixed(0)} s, ${r.commands.failed} failed, reply p50 ${r.commands.p50} ms, p99 ${r.commands.p99} ms (turn answered p99 ${r.commands.turnAnswered.p99} ms) | `
    : '';
  return (
    `  ${r.rate}/s by ${r.mode}: ${commands}${r.delivered}/${r.cards} cards${r.duplicated ? `, ${r.duplicated} DUPLICATED` : ''}${r.complete ? '' : ' (INCOMPLETE)'} | ` +
    `wall ${(r.wallMs / 1000).toFixed(1)} s, floor (${floorOf}) ${(r.floorMs / 1000).toFixed(1)} s: x${r.ratioToFloor} (${ok(r.ratioToFloor <= 1.1)}; ` +
    `x${r.ratioToAllRequestsFloor} of the floor for all ${r.requests} requests, replies included) | ` +
    `first card ${r.firstCardMs} ms (${ok((r.firstCardMs ?? 1e9) <= 2000)}) | ` +
    `429s ${r.throttled} of ${r.requests} requests, ${(r.throttledShare * 100).toFixed(2)}% (${ok(r.throttledShare < 0.01)}; ` +
    `app-wide ${r.throttledBy.global}, per thread ${r.throttledBy.thread}) | help reply p99 idle ${r.help.idle.p99} ms (${r.help.idle.samples}), ` +
    `drain ${r.help.drain.p99} ms (${r.help.drain.samples}): x${round(r.help.drain.p99 / Math.max(0.1, r.help.idle.p99), 2)} ` +
    `(${ok(r.help.drain.p99 < 2 * r.help.idle.p99)}; first 10 s ${r.help.firstTenSeconds.p99} ms, after ${r.help.afterFirstTenSeconds.p99} ms` +
    `${r.help.failed ? `, ${r.help.failed} FAILED` : ''}; turn answered p99 idle ${r.help.turnAnswered.idle.p99} ms, drain ${r.help.turnAnswered.drain.p99} ms) | ` +
    `peak RSS ${r.peakRssMb} MB\n`
  );
}
