import { EventEmitter } from 'node:events';
import { isWithin } from './faults';
import type { ConnectorActivity, RecordedRequest, SentActivity, VisibleMessage } from './types';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

type Predicate = (activity: SentActivity) => boolean;

interface Waiter {
  readonly predicate: Predicate;
  readonly count: number;
  readonly found: SentActivity[];
  readonly resolve: (found: SentActivity[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * What the bot did to the connector: every request, every accepted activity,
 * the messages as users would now see them, and deliveries per idempotency key.
 */
export class Recorder {
  private log: RecordedRequest[] = [];
  private sent: SentActivity[] = [];
  private visible = new Map<
    string,
    { conversationId: string; activity: ConnectorActivity; versions: number; deleted: boolean }
  >();
  private keys = new Map<string, number>();
  private waiters = new Set<Waiter>();
  private readonly events = new EventEmitter();

  request(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded = { seq: this.log.length + 1, ...entry };
    this.log.push(recorded);
    return recorded;
  }

  /** An activity Teams accepted; notifies anyone waiting for it. */
  accepted(entry: Omit<SentActivity, 'seq'>): SentActivity {
    const sent = { seq: this.sent.length + 1, ...entry };
    this.sent.push(sent);
    const previous = this.visible.get(sent.activityId);
    if (sent.kind === 'update') {
      // An update of a message the connector never saw (a test's invented id) still becomes visible.
      const conversationId = previous?.conversationId ?? sent.conversationId;
      this.visible.set(sent.activityId, {
        conversationId,
        activity: sent.activity,
        versions: (previous?.versions ?? 0) + 1,
        deleted: false,
      });
    } else {
      this.visible.set(sent.activityId, {
        conversationId: sent.conversationId,
        activity: sent.activity,
        versions: 1,
        deleted: false,
      });
      if (sent.idempotencyKey !== undefined) this.keys.set(sent.idempotencyKey, (this.keys.get(sent.idempotencyKey) ?? 0) + 1);
    }
    for (const waiter of [...this.waiters]) this.offer(waiter, sent);
    this.events.emit('activity', sent);
    return sent;
  }

  deleted(activityId: string): void {
    const message = this.visible.get(activityId);
    if (message) message.deleted = true;
  }

  requests(): readonly RecordedRequest[] {
    return [...this.log];
  }

  activities(): readonly SentActivity[] {
    return [...this.sent];
  }

  /** Messages in a conversation (a channel id includes its threads), in posting order, updates applied. */
  messagesIn(conversationId: string): VisibleMessage[] {
    return [...this.visible.entries()]
      .filter(([, m]) => isWithin(m.conversationId, conversationId))
      .map(([activityId, m]) => ({ activityId, ...m }));
  }

  /** The Adaptive Cards users now see in a conversation (deleted messages left out). */
  cardsIn(conversationId: string): unknown[] {
    return this.messagesIn(conversationId)
      .filter((m) => !m.deleted)
      .flatMap((m) => (m.activity.attachments ?? []).filter((a) => a.contentType === ADAPTIVE_CARD).map((a) => a.content));
  }

  /** How many new messages carried this idempotency key (updates are not counted). */
  deliveries(key: string): number {
    return this.keys.get(key) ?? 0;
  }

  deliveryCounts(): ReadonlyMap<string, number> {
    return new Map(this.keys);
  }

  /** Keys delivered more than once: each is a duplicate a user would see. */
  duplicateKeys(): string[] {
    return [...this.keys.entries()].filter(([, n]) => n > 1).map(([key]) => key);
  }

  /** Resolves with the first `count` accepted activities matching `predicate`, already seen or still to come. */
  waitFor(predicate: Predicate, count: number, timeoutMs: number): Promise<SentActivity[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.sent.map((a) => `${a.kind} ${a.activity.type ?? '?'} to ${a.conversationId}`).slice(-10);
        reject(
          new Error(
            `Found ${waiter.found.length} of ${count} matching activities within ${timeoutMs} ms; last seen: [${seen.join('; ')}]`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = { predicate, count, found: [], resolve, reject, timer };
      this.waiters.add(waiter);
      for (const sent of this.sent) if (this.waiters.has(waiter)) this.offer(waiter, sent);
    });
  }

  /** Subscribe to accepted activities (for benchmarks that stream); returns the unsubscribe function. */
  onActivity(listener: (activity: SentActivity) => void): () => void {
    this.events.on('activity', listener);
    return () => this.events.off('activity', listener);
  }

  /** Fail every pending wait now, so no test hangs on a stopped or cleared connector. */
  cancelWaits(reason: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.waiters.clear();
  }

  /** Forget everything recorded. */
  reset(): void {
    this.cancelWaits('The connector was reset while waiting');
    this.log = [];
    this.sent = [];
    this.visible = new Map();
    this.keys = new Map();
  }

  private offer(waiter: Waiter, sent: SentActivity): void {
    if (!waiter.predicate(sent)) return;
    waiter.found.push(sent);
    if (waiter.found.length < waiter.count) return;
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(waiter.found);
  }
}
