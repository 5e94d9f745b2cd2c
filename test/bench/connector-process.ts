/**
 * The loopback Teams connector in a process of its own, so the bot under
 * benchmark does not share its CPU time with the stand-in it sends to. The
 * parent (run.ts) forks it with an IPC channel and BENCH_CONNECTOR (JSON
 * ConnectorProcessOptions) in the environment; it answers:
 *
 *   -> { type: 'ready', url }                        once listening
 *   -> { type: 'progress', delivered, at }           every `progressEvery` new keys
 *   -> { type: 'complete', at }                      when every expected key has arrived
 *   <- { type: 'stats' }   -> { type: 'stats', stats: ConnectorStats }
 *   <- { type: 'stop' }                              closes and exits
 */
import { writeFileSync } from 'node:fs';
import { type RandomFaultOptions, startTeamsConnector } from '../support/teams-connector';
import { classifyThrottling, scopeOf } from '../support/teams-throttling';

export interface ConnectorProcessOptions {
  /** How many distinct idempotency keys make the run complete. */
  readonly expected: number;
  /** Only keys with this prefix count. */
  readonly prefix: string;
  readonly globalPerSecond: number;
  readonly faults?: RandomFaultOptions;
  readonly progressEvery: number;
  /** Milliseconds before Teams answers each request (see TeamsConnectorOptions.latencyMs). */
  readonly latencyMs?: number;
}

export interface ConnectorStats {
  readonly requests: number;
  /** Requests that post a message (createConversation and friends), whatever the answer. */
  readonly messageRequests: number;
  readonly byStatus: Record<string, number>;
  readonly throttled: number;
  /** Why the 429s came: Teams' limits per thread or per app (the bot paced itself wrongly), or injected faults. */
  readonly throttledBy: { readonly thread: number; readonly global: number; readonly injected: number };
  readonly distinctDelivered: number;
  readonly deliveries: number;
  readonly duplicateKeys: readonly string[];
  readonly firstRequestAt?: number;
  readonly completeAt?: number;
  readonly lastDeliveryAt?: number;
  /** Requests answered per second from the first one (any status): shows stalls and the tail. */
  readonly requestsPerSecond: readonly number[];
  readonly throttledPerSecond: readonly number[];
  /**
   * When the first message arrived in each existing thread (ms since the
   * epoch): a reply to someone, whether sent within their turn or queued.
   * What a person waits for is this, not the HTTP answer to their turn.
   */
  readonly replyArrivals: Record<string, number>;
}

export type ConnectorMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'progress'; readonly delivered: number; readonly at: number }
  | { readonly type: 'complete'; readonly at: number }
  | { readonly type: 'stats'; readonly stats: ConnectorStats };

const MESSAGE_OPERATIONS = new Set(['createConversation', 'sendToConversation', 'replyToActivity', 'updateActivity']);

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_CONNECTOR ?? '{}') as ConnectorProcessOptions;
  const send = (message: ConnectorMessage) => process.send?.(message);
  const connector = await startTeamsConnector({
    tenantId: 'bench-tenant',
    // Teams' per-thread windows as they are; only the app-wide cap is scaled up so the run takes seconds.
    limits: { globalPerSecond: options.globalPerSecond },
    faults: options.faults,
    latencyMs: options.latencyMs,
  });

  const seen = new Set<string>();
  let completeAt: number | undefined;
  let lastDeliveryAt: number | undefined;
  connector.onActivity((activity) => {
    const key = activity.idempotencyKey;
    if (key === undefined || !key.startsWith(options.prefix)) return;
    lastDeliveryAt = activity.at;
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size % options.progressEvery === 0) send({ type: 'progress', delivered: seen.size, at: activity.at });
    if (seen.size === options.expected) {
      completeAt = activity.at;
      send({ type: 'complete', at: activity.at });
    }
  });

  const stats = (): ConnectorStats => {
    const requests = connector.requests();
    const byStatus: Record<string, number> = {};
    let messageRequests = 0;
    const first = requests[0]?.at ?? 0;
    const requestsPerSecond: number[] = [];
    const throttledPerSecond: number[] = [];
    for (const r of requests) {
      const second = Math.floor((r.at - first) / 1000);
      while (requestsPerSecond.length <= second) requestsPerSecond.push(0);
      requestsPerSecond[second] = (requestsPerSecond[second] as number) + 1;
      while (throttledPerSecond.length <= second) throttledPerSecond.push(0);
      if (r.status === 429) throttledPerSecond[second] = (throttledPerSecond[second] as number) + 1;
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      if (MESSAGE_OPERATIONS.has(r.operation)) messageRequests++;
    }
    const replyArrivals: Record<string, number> = {};
    for (const a of connector.activities()) {
      if ((a.kind === 'reply' || a.kind === 'send') && a.conversationId.includes(';messageid='))
        replyArrivals[a.conversationId] ??= a.at;
    }
    let deliveries = 0;
    for (const [key, n] of connector.deliveryCounts()) if (key.startsWith(options.prefix)) deliveries += n;
    return {
      requests: requests.length,
      messageRequests,
      byStatus,
      throttled: byStatus['429'] ?? 0,
      throttledBy: classifyThrottling(requests, options.globalPerSecond),
      distinctDelivered: seen.size,
      deliveries,
      duplicateKeys: connector.duplicateKeys().filter((k) => k.startsWith(options.prefix)),
      firstRequestAt: requests[0]?.at,
      completeAt,
      lastDeliveryAt,
      requestsPerSecond,
      throttledPerSecond,
      replyArrivals,
    };
  };

  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stats') send({ type: 'stats', stats: stats() });
    if (message.type === 'stop') {
      // For digging into a run: every request (time, status, key, scope) as JSON lines.
      if (process.env.BENCH_DUMP_REQUESTS) {
        const lines = connector
          .requests()
          .map((r) => JSON.stringify({ at: r.at, status: r.status, key: r.idempotencyKey, scope: scopeOf(r) }));
        writeFileSync(process.env.BENCH_DUMP_REQUESTS, `${lines.join('\n')}\n`);
      }
      void connector.stop().finally(() => process.exit(0));
    }
  });
  // The parent went away (crashed or was interrupted): do not linger.
  process.on('disconnect', () => void connector.stop().finally(() => process.exit(0)));
  send({ type: 'ready', url: connector.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`connector process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
