import { AlreadyExistsError, ConflictError } from '../../services/errors';
import type { DocumentStore } from '../../services/store/documents';
import { batchAndLeaseContract } from './parts/batch-and-leases';
import { campaignContract } from './parts/campaigns';
import { channelContract } from './parts/channels';
import { expiryContract } from './parts/expiry';
import { ids, type Note, note } from './parts/fixtures';
import { instancesContract } from './parts/instances';
import { planContract } from './parts/plans';
import { queryContract } from './parts/queries';
import { repositoryContract } from './parts/repositories';

/**
 * The one contract every DocumentStore adapter must pass, run by
 * sqlite.test.ts and cosmos.test.ts with the same tests and no skips. A store
 * method that behaves differently between adapters is a defect, so a
 * difference found here is fixed in the adapter, never in the test.
 */
export function documentStoreContract(adapter: string, makeStore: () => Promise<DocumentStore>): void {
  describe(`DocumentStore contract (${adapter})`, () => {
    let store: DocumentStore;
    const current = () => store;

    beforeEach(async () => {
      store = await makeStore();
      await store.init();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('point reads and writes', () => pointContract(current));
    describe('queries', () => queryContract(current));
    describe('batches and leases', () => batchAndLeaseContract(current));
    describe('instances and conversation leases', () => instancesContract(current));
    describe('typed repositories (Store)', () => repositoryContract(current));
    describe('plans', () => planContract(current));
    describe('campaigns', () => campaignContract(current));
    describe('practice channels and refresh reminders', () => channelContract(current));
    describe('expiry (ttl) and the retention of sent outbox items', () => expiryContract(current));

    it('when an id holds a character Cosmos DB forbids (or is empty), then every write is refused with a clear error', async () => {
      for (const id of ['a/b', 'a\\b', 'a?b', 'a#b', '']) {
        await expect(store.create({ pcnId: 'pcn-a', type: 'plan', id })).rejects.toThrow(/Invalid document id/);
        await expect(store.upsert({ pcnId: 'pcn-a', type: 'plan', id })).rejects.toThrow(/Invalid document id/);
      }
    });

    it('when a query orders by a field without a composite index, then it fails naming where to declare it', async () => {
      await expect(store.query('pcn-a', 'plan', { orderBy: { field: 'colour' } })).rejects.toThrow(/SORTABLE_FIELDS/);
    });

    it('when a sort field holds mixed types, then every adapter orders missing, null, booleans, numbers, then text', async () => {
      for (const [id, flag] of [
        ['t', 'a'],
        ['n', 3],
        ['b', true],
        ['z', null],
      ] as const) {
        await store.create(note('pcn-a', `plan:${id}`, { flag }));
      }
      await store.create(note('pcn-a', 'plan:m'));
      const page = await store.query('pcn-a', 'plan', { orderBy: { field: 'flag' } });
      expect(ids(page.items)).toEqual(['plan:m', 'plan:z', 'plan:b', 'plan:n', 'plan:t']);
    });

    it('when the store is initialised, then ping answers true and it names its kind', async () => {
      await expect(store.ping()).resolves.toBe(true);
      expect(['sqlite', 'cosmos']).toContain(store.kind);
    });
  });
}

function pointContract(store: () => DocumentStore): void {
  it('when a document is created, then a point read returns its fields and an etag, and no system fields', async () => {
    const created = await store().create(note('pcn-a', 'plan:1', { name: 'Flu clinic', rank: 2 }));

    const read = await store().get<Note>('pcn-a', 'plan', 'plan:1');

    expect(read).toEqual({ pcnId: 'pcn-a', type: 'plan', id: 'plan:1', name: 'Flu clinic', rank: 2, etag: created.etag });
    expect(typeof created.etag).toBe('string');
    expect(Object.keys(read ?? {}).filter((k) => k.startsWith('_'))).toEqual([]);
  });

  it('when a document is absent, of another type, or in another partition, then a point read returns undefined', async () => {
    await store().create(note('pcn-a', 'plan:1'));

    await expect(store().get('pcn-a', 'plan', 'plan:2')).resolves.toBeUndefined();
    await expect(store().get('pcn-a', 'channel', 'plan:1')).resolves.toBeUndefined();
    await expect(store().get('pcn-b', 'plan', 'plan:1')).resolves.toBeUndefined();
  });

  it('when a document is written with an etag or system fields in its body, then they are not stored', async () => {
    const body = { ...note('pcn-a', 'plan:1', { name: 'x' }), etag: 'forged', _ts: 1, _rid: 'r' };

    const created = await store().create(body);

    expect(created.etag).not.toBe('forged');
    const read = await store().get<Record<string, unknown>>('pcn-a', 'plan', 'plan:1');
    expect(read).not.toHaveProperty('_ts');
    expect(read).not.toHaveProperty('_rid');
    expect(read?.etag).toBe(created.etag);
  });

  it('when an id is already taken in the partition, then create fails with AlreadyExistsError and the original stays', async () => {
    await store().create(note('pcn-a', 'plan:1', { name: 'first' }));

    await expect(store().create(note('pcn-a', 'plan:1', { name: 'second' }))).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(store().get<Note>('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ name: 'first' });
  });

  it('when the same id is created in two partitions, then both exist (ids are unique per PCN only)', async () => {
    await store().create(note('pcn-a', 'plan:1', { name: 'a' }));
    await store().create(note('pcn-b', 'plan:1', { name: 'b' }));

    await expect(store().get<Note>('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ name: 'a' });
    await expect(store().get<Note>('pcn-b', 'plan', 'plan:1')).resolves.toMatchObject({ name: 'b' });
  });

  it('when replacing with the current etag, then the new version is stored under a new etag', async () => {
    const created = await store().create(note('pcn-a', 'plan:1', { name: 'old' }));

    const replaced = await store().replace(note('pcn-a', 'plan:1', { name: 'new' }), created.etag);

    expect(replaced.etag).not.toBe(created.etag);
    await expect(store().get<Note>('pcn-a', 'plan', 'plan:1')).resolves.toEqual({
      ...note('pcn-a', 'plan:1', { name: 'new' }),
      etag: replaced.etag,
    });
  });

  it('when replacing with a stale etag, then ConflictError and the stored version is unchanged', async () => {
    const created = await store().create(note('pcn-a', 'plan:1', { name: 'old' }));
    await store().replace(note('pcn-a', 'plan:1', { name: 'newer' }), created.etag);

    await expect(store().replace(note('pcn-a', 'plan:1', { name: 'lost' }), created.etag)).rejects.toBeInstanceOf(ConflictError);
    await expect(store().get<Note>('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ name: 'newer' });
  });

  it('when replacing a document that does not exist, then ConflictError and nothing is created', async () => {
    await expect(store().replace(note('pcn-a', 'plan:9'), '"whatever"')).rejects.toBeInstanceOf(ConflictError);
    await expect(store().get('pcn-a', 'plan', 'plan:9')).resolves.toBeUndefined();
  });

  it('when upserting an absent and then a present document, then the last writer wins under a new etag', async () => {
    const first = await store().upsert(note('pcn-a', 'plan:1', { name: 'one' }));
    const second = await store().upsert(note('pcn-a', 'plan:1', { name: 'two' }));

    expect(second.etag).not.toBe(first.etag);
    await expect(store().get<Note>('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ name: 'two', etag: second.etag });
  });

  it('when deleting without an etag, then the document goes, and deleting it again is a no-op', async () => {
    await store().create(note('pcn-a', 'plan:1'));

    await store().delete('pcn-a', 'plan', 'plan:1');
    await store().delete('pcn-a', 'plan', 'plan:1');

    await expect(store().get('pcn-a', 'plan', 'plan:1')).resolves.toBeUndefined();
  });

  it('when deleting under another type, then nothing is deleted', async () => {
    await store().create(note('pcn-a', 'plan:1'));

    await store().delete('pcn-a', 'channel', 'plan:1');

    await expect(store().get('pcn-a', 'plan', 'plan:1')).resolves.toBeDefined();
  });

  it('when deleting with a stale etag, then ConflictError and the document stays; with the current one, it goes', async () => {
    const created = await store().create(note('pcn-a', 'plan:1', { name: 'old' }));
    const replaced = await store().replace(note('pcn-a', 'plan:1', { name: 'new' }), created.etag);

    await expect(store().delete('pcn-a', 'plan', 'plan:1', created.etag)).rejects.toBeInstanceOf(ConflictError);
    await expect(store().get('pcn-a', 'plan', 'plan:1')).resolves.toBeDefined();
    await store().delete('pcn-a', 'plan', 'plan:1', replaced.etag);
    await expect(store().get('pcn-a', 'plan', 'plan:1')).resolves.toBeUndefined();
  });

  it('when deleting an absent document with an etag, then ConflictError', async () => {
    await expect(store().delete('pcn-a', 'plan', 'plan:9', '"gone"')).rejects.toBeInstanceOf(ConflictError);
  });

  it('when two writers replace the same document at once from the same read, then exactly one wins and the other gets ConflictError', async () => {
    await store().create(note('pcn-a', 'plan:1', { name: 'start' }));
    const read = await store().get<Note>('pcn-a', 'plan', 'plan:1');
    const etag = read?.etag ?? '';

    const outcomes = await Promise.allSettled([
      store().replace(note('pcn-a', 'plan:1', { name: 'writer A' }), etag),
      store().replace(note('pcn-a', 'plan:1', { name: 'writer B' }), etag),
    ]);

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    const winner = outcomes[0].status === 'fulfilled' ? 'writer A' : 'writer B';
    await expect(store().get<Note>('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ name: winner });
  });
}
