import { createHash } from 'node:crypto';
import type { DocumentStore, Lease } from './documents';

/**
 * Leases other than a scheduled run's: which instance sends into a
 * conversation (so Teams' per-thread limit is paced by one instance at a
 * time), and which instances are alive (so each takes its share of the
 * app-wide rate). Same semantics as the scheduler's: create-only or
 * ETag-checked, renewed by claiming again, taken over once expired.
 */
export type { Lease } from './documents';

const CONVERSATION_PREFIX = 'send:';
const INSTANCE_PREFIX = 'instance:';

/**
 * A conversation's lease id. Conversation ids hold characters Cosmos DB
 * forbids in ids and can be long, so the id is a digest of the key.
 */
export function conversationLeaseId(conversationKey: string): string {
  return `${CONVERSATION_PREFIX}${createHash('sha256').update(conversationKey).digest('hex').slice(0, 40)}`;
}

export class LeaseRepository {
  constructor(private readonly docs: DocumentStore) {}

  /** Takes (or renews) the right to send into a conversation; undefined while another instance holds it. */
  claimConversation(conversationKey: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    return this.docs.claimLease(conversationLeaseId(conversationKey), owner, ttlMs, now);
  }

  releaseConversation(conversationKey: string, owner: string): Promise<void> {
    return this.docs.releaseLease(conversationLeaseId(conversationKey), owner);
  }

  /** Says this instance is alive until now + ttl (its heartbeat). */
  async heartbeat(instanceId: string, ttlMs: number, now: Date): Promise<boolean> {
    return (await this.docs.claimLease(`${INSTANCE_PREFIX}${instanceId}`, instanceId, ttlMs, now)) !== undefined;
  }

  /** This instance is stopping: the others take its share of the rate at their next look. */
  leave(instanceId: string): Promise<void> {
    return this.docs.releaseLease(`${INSTANCE_PREFIX}${instanceId}`, instanceId);
  }

  /** The instances whose heartbeat has not lapsed at `now`. */
  async liveInstances(now: Date): Promise<string[]> {
    return (await this.docs.liveLeases(INSTANCE_PREFIX, now)).map((lease) => lease.owner);
  }
}
