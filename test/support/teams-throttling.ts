import type { RecordedRequest } from './teams-connector';

/**
 * Telling the loopback connector's 429s apart, after a run: Teams' limits per
 * thread, its limit per app, or injected faults. Used by the benchmarks and
 * the several-instances e2e test.
 */

/** The thread a request counts against: its conversation, or the channel a new thread goes into. */
export function scopeOf(request: RecordedRequest): string {
  if (request.operation !== 'createConversation') return request.conversationId ?? '';
  const body = request.body as { channelData?: { channel?: { id?: string } } } | undefined;
  return body?.channelData?.channel?.id ?? '';
}

/**
 * Replays the connector's windows to tell its own 429s from injected ones:
 * a 429 that met a full window (of requests the limits let through, injected
 * failures included) was the limits; any other was the dice.
 */
export function classifyThrottling(requests: readonly RecordedRequest[], globalPerSecond: number) {
  const result = { thread: 0, global: 0, injected: 0 };
  const admitted: RecordedRequest[] = [];
  for (const r of requests) {
    while (admitted.length > 0 && (admitted[0] as RecordedRequest).at <= r.at - 30_000) admitted.shift();
    if (r.status === 429) {
      const scope = scopeOf(r);
      const recent = (ms: number, thread?: string) =>
        admitted.filter((a) => a.at > r.at - ms && (thread === undefined || scopeOf(a) === thread)).length;
      if (recent(1_000) >= globalPerSecond) {
        result.global++;
        continue;
      }
      if (recent(1_000, scope) >= 7 || recent(2_000, scope) >= 8 || recent(30_000, scope) >= 60) {
        result.thread++;
        continue;
      }
      result.injected++;
    }
    admitted.push(r);
  }
  return result;
}
