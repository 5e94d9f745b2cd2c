import type { ConversationAddress } from '../../../services/domain';
import type { DocumentStore, NewDocument } from '../../../services/store/documents';
import type { NewOutboxItem, OutboxError } from '../../../services/store/outbox-repository';
import { Store } from '../../../services/store/repositories';
import { note } from './fixtures';

/** Past a one-second ttl on both stores: Cosmos DB's _ts counts whole seconds, and the local server sweeps every 100 ms. */
const PAST_ONE_SECOND_MS = 2_500;

const PCN = 'tenant-1:team-a';
const channel: ConversationAddress = {
  conversationId: '19:general@thread.tacv2',
  serviceUrl: 'https://smba.example/uk/',
  tenantId: 'tenant-1',
  botId: '28:bot',
  isGroup: true,
  conversationType: 'channel',
};
const item = (key: string): NewOutboxItem => ({
  pcnId: PCN,
  key,
  target: { kind: 'conversation', address: channel },
  message: { text: 'Quick check' },
});
const failure = (): OutboxError => ({ at: new Date().toISOString(), kind: 'gone', status: 403, message: 'Gone', attempt: 1 });

/**
 * Expiry (a document's ttl, as Cosmos DB's time to live) and the outbox's
 * retention of sent items built on it: Cosmos DB expires documents itself,
 * SQLite when purgeExpired runs; either way the same documents go.
 */
export function expiryContract(documents: () => DocumentStore): void {
  it('when a ttl is not -1 or a whole number of seconds, then every write refuses it and nothing is written', async () => {
    for (const ttl of [0, -2, 1.5, '60', null]) {
      const doc = { ...note('pcn-a', 'plan:1'), ttl } as ReturnType<typeof note>;
      await expect(documents().create(doc)).rejects.toThrow(/Invalid ttl/);
      await expect(documents().upsert(doc)).rejects.toThrow(/Invalid ttl/);
      await expect(documents().batch('pcn-a', [{ op: 'create', doc }])).rejects.toThrow(/Invalid ttl/);
    }
    const kept = await documents().create(note('pcn-a', 'plan:1'));
    await expect(documents().replace({ ...note('pcn-a', 'plan:1'), ttl: 0 }, kept.etag)).rejects.toThrow(/Invalid ttl/);
    await expect(documents().get('pcn-a', 'plan', 'plan:1')).resolves.toEqual(kept);
  });

  it('when sent items pass their retention, then the store drops them and keeps every unsent item (pending, sending, parked)', async () => {
    const store = new Store(documents());
    const now = () => new Date();
    for (const key of ['sent-brief', 'sent-kept', 'parked', 'sending', 'retrying', 'pending'])
      await store.outbox.create(item(key), now());
    const claim = async (key: string) => store.outbox.claim((await store.outbox.get(PCN, key))!, 'test', now(), 600_000);
    // A one-second ttl may run out at once (Cosmos DB's _ts counts whole seconds), so its ttl is checked as written.
    const brief = await store.outbox.markSent(await claim('sent-brief'), { conversationId: 'c', activityId: '1' }, now(), 1);
    await store.outbox.markSent(await claim('sent-kept'), { conversationId: 'c', activityId: '2' }, now(), 3_600);
    await store.outbox.park(await claim('parked'), failure(), now());
    await claim('sending');
    await store.outbox.reschedule(await claim('retrying'), now(), failure(), now());
    // The same rule for any document, whichever way it was written.
    await documents().create({ ...note(PCN, 'plan:created'), ttl: 1 });
    await documents().upsert({ ...note(PCN, 'plan:upserted'), ttl: 1 });
    const batched: NewDocument<{ ttl: number }> = { ...note(PCN, 'plan:batched'), ttl: 1 };
    await documents().batch(PCN, [{ op: 'create', doc: batched }]);
    await documents().create({ ...note(PCN, 'plan:never'), ttl: -1 });
    await documents().create(note(PCN, 'plan:plain'));
    const ttlOf = async (key: string) => (await documents().get<{ ttl?: number }>(PCN, 'outbox', `outbox:${key}`))?.ttl;
    expect((brief as { ttl?: number } | undefined)?.ttl).toBe(1);
    await expect(Promise.all(['sent-kept', 'parked', 'sending', 'retrying', 'pending'].map(ttlOf))).resolves.toEqual([
      3_600,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);

    await new Promise((resolve) => setTimeout(resolve, PAST_ONE_SECOND_MS));
    await documents().purgeExpired();

    const left = async (key: string) => (await store.outbox.get(PCN, key))?.status ?? 'gone';
    await expect(Promise.all(['sent-brief', 'sent-kept', 'parked', 'sending', 'retrying', 'pending'].map(left))).resolves.toEqual(
      ['gone', 'sent', 'parked', 'sending', 'pending', 'pending'],
    );
    await expect(store.outbox.count(PCN, 'sent')).resolves.toBe(1);
    const plans = (await documents().query(PCN, 'plan')).items.map((d) => d.id);
    expect(plans).toEqual(['plan:never', 'plan:plain']);
  });
}
