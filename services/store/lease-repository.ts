import { createHash } from 'node:crypto';
import type { DocumentStore, Lease } from './documents';
import { docId, readAll } from './doc-helpers';

export type { Lease } from './documents';

const CONVERSATION_PREFIX = 'send:';
/**
 * The partition of instance heartbeats: one small document per instance,
 * listed with one single-partition query (the leases container is not
 * indexed, so it is only ever read by id). Each document expires by itself
 * (ttl) a minute after its heartbeat lapses.
 */
const INSTANCES_PARTITION = 'instances';
const KEEP_AFTER_LAPSE_SECONDS = 60;

interface InstanceHeartbeat {
  readonly instanceId: string;
  readonly expiresAt: string;
  readonly ttl: number;
}

/**
 * A conversation's lease id. Conversation ids hold characters Cosmos DB
 * forbids in ids and can be long, so the id is a digest of the key.
 */
export function conversationLeaseId(conversationKey: string): string {
  return `${CONVERSATION_PREFIX}${createHash('sha256').update(conversationKey).digest('hex').slice(0, 40)}`;
}

/**
 * Leases other than a scheduled run's: which instance sends into a
 * conversation (so Teams' per-thread limit is paced by one instance at a
 * time; same semantics as the scheduler's: create-only or ETag-checked,
 * renewed by claiming again, taken over once expired), and which instances
 * are alive (heartbeats, so each takes its share of the app-wide rate).
 */
export class LeaseRepository {
  constructor(private readonly docs: DocumentStore) {}

  /** Takes (or renews) the right to send into a conversation; undefined while another instance holds it. */
  claimConversation(conversationKey: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    return this.docs.claimLease(conversationLeaseId(conversationKey), owner, ttlMs, now);
  }

  releaseConversation(conversationKey: string, owner: string): Promise<void> {
    return this.docs.releaseLease(conversationLeaseId(conversationKey), owner);
  }

  /** Says this instance is alive until now + ttl (its heartbeat). Each instance writes only its own document. */
  async heartbeat(instanceId: string, ttlMs: number, now: Date): Promise<boolean> {
    await this.docs.upsert<InstanceHeartbeat>({
      pcnId: INSTANCES_PARTITION,
      type: 'instance',
      id: docId('instance', instanceId),
      instanceId,
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      ttl: Math.ceil(ttlMs / 1000) + KEEP_AFTER_LAPSE_SECONDS,
    });
    return true;
  }

  /** This instance is stopping: the others take its share of the rate at their next look. */
  leave(instanceId: string): Promise<void> {
    return this.docs.delete(INSTANCES_PARTITION, 'instance', docId('instance', instanceId));
  }

  /** The instances whose heartbeat has not lapsed at `now`. */
  async liveInstances(now: Date): Promise<string[]> {
    const all = await readAll((o) => this.docs.query<InstanceHeartbeat>(INSTANCES_PARTITION, 'instance', o));
    const at = now.toISOString();
    return all.filter((h) => h.expiresAt > at).map((h) => h.instanceId);
  }
}
