import type { Container } from '@azure/cosmos';
import type { Lease } from '../documents';
import { guard, statusOf } from './cosmos-errors';
import { assertCosmosId } from './cosmos-documents';

interface LeaseDocument {
  readonly id: string;
  readonly owner: string;
  readonly expiresAt: string;
  /** Seconds until Cosmos DB deletes the document: long after expiry, so it only tidies up. */
  readonly ttl: number;
}

/** Expired leases linger this long before Cosmos DB's time-to-live removes them. */
const KEEP_AFTER_EXPIRY_SECONDS = 7 * 24 * 3600;
const ATTEMPTS = 5;

/**
 * Scheduler leases in the `leases` container (partition /id). A claim is a
 * create-only write, or, when the lease has expired, a replace conditional on
 * the ETag just read: whichever of N instances writes first wins, and every
 * other gets 409 or 412 and walks away. Never a read-then-blind-write. The
 * owner itself may claim its lease again at any time: that renews it.
 */
export class CosmosLeases {
  constructor(private readonly container: () => Promise<Container>) {}

  async claim(id: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    assertCosmosId(id);
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const doc: LeaseDocument = { id, owner, expiresAt, ttl: Math.ceil(ttlMs / 1000) + KEEP_AFTER_EXPIRY_SECONDS };
    const leases = await this.container();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const created = await guard('claim lease', () => leases.items.create(doc));
        return { id, owner, expiresAt, etag: created.etag };
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
      const current = await guard('read lease', () => leases.item(id, id).read<LeaseDocument>());
      if (!current.resource) continue; // released between our create and read: try to create again
      // Ours already (a heartbeat, or this instance restarted under its name): renewed at once, as on SQLite.
      if (current.resource.owner !== owner && Date.parse(current.resource.expiresAt) > now.getTime()) return undefined;
      try {
        const taken = await guard('take over lease', () =>
          leases.item(id, id).replace(doc, { accessCondition: { type: 'IfMatch', condition: current.etag } }),
        );
        return { id, owner, expiresAt, etag: taken.etag };
      } catch (error) {
        const status = statusOf(error);
        if (status === 412) return undefined; // another instance took it over first
        if (status !== 404) throw error;
      }
    }
    return undefined;
  }

  async release(id: string, owner: string): Promise<void> {
    assertCosmosId(id);
    const leases = await this.container();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const current = await guard('read lease', () => leases.item(id, id).read<LeaseDocument>());
      if (!current.resource || current.resource.owner !== owner) return;
      try {
        await guard('release lease', () =>
          leases.item(id, id).delete({ accessCondition: { type: 'IfMatch', condition: current.etag } }),
        );
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404) return;
        if (status !== 412) throw error;
      }
    }
  }
}
