import type { DocumentStore } from '../../../services/store/documents';
import { conversationLeaseId, LeaseRepository } from '../../../services/store/lease-repository';

const T0 = new Date('2027-01-04T09:30:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** The instance registry and conversation leases (services/store/lease-repository.ts), on every adapter. */
export function instancesContract(store: () => DocumentStore): void {
  it('when instances beat, then the live ones are listed until their heartbeat lapses, and one that leaves at once', async () => {
    const leases = new LeaseRepository(store());
    await leases.heartbeat('a', 45_000, T0);
    await leases.heartbeat('b', 45_000, at(10_000));
    await leases.heartbeat('c', 45_000, at(20_000));

    const all = await leases.liveInstances(at(30_000));
    await leases.leave('c');
    const afterLeave = await leases.liveInstances(at(30_000));
    const afterLapse = await leases.liveInstances(at(50_000));

    expect(all.sort()).toEqual(['a', 'b', 'c']);
    expect(afterLeave.sort()).toEqual(['a', 'b']);
    expect(afterLapse).toEqual(['b']);
  });

  it('when a conversation id holds characters Cosmos DB forbids in ids, then its lease id is still valid and one holder wins', async () => {
    const leases = new LeaseRepository(store());
    const thread = '19:abc/def?x#y@thread.tacv2;messageid=1700000000000';

    const claims = await Promise.all(['a', 'b', 'c'].map((owner) => leases.claimConversation(thread, owner, 45_000, T0)));

    expect(conversationLeaseId(thread)).toMatch(/^send:[0-9a-f]{40}$/);
    expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
  });
}
