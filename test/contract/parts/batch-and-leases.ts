import { AlreadyExistsError, ConflictError } from '../../../services/errors';
import type { BatchOperation, DocumentStore } from '../../../services/store/documents';
import { type Note, note } from './fixtures';

const T0 = new Date('2027-01-04T09:30:00.000Z');
const MINUTE = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Atomic batches within one partition, and scheduler leases (claim, hold, expiry, release, races). */
export function batchAndLeaseContract(store: () => DocumentStore): void {
  it('when a batch creates, upserts, replaces and deletes, then all apply and the written documents come back in order', async () => {
    const old = await store().create(note('pcn-a', 'plan:old', { name: 'old' }));
    await store().create(note('pcn-a', 'plan:gone'));

    const written = await store().batch('pcn-a', [
      { op: 'create', doc: note('pcn-a', 'plan:new', { name: 'new' }) },
      { op: 'upsert', doc: note('pcn-a', 'plan:up', { name: 'up' }) },
      { op: 'replace', doc: note('pcn-a', 'plan:old', { name: 'changed' }), ifMatch: old.etag },
      { op: 'delete', type: 'plan', id: 'plan:gone' },
    ]);

    expect(written.map((d) => [d.id, (d as Note).name])).toEqual([
      ['plan:new', 'new'],
      ['plan:up', 'up'],
      ['plan:old', 'changed'],
    ]);
    for (const d of written) await expect(store().get('pcn-a', 'plan', d.id)).resolves.toMatchObject({ etag: d.etag });
    await expect(store().get('pcn-a', 'plan', 'plan:gone')).resolves.toBeUndefined();
  });

  it('when one operation in a batch fails on a taken id, then AlreadyExistsError and none of the batch is written', async () => {
    const old = await store().create(note('pcn-a', 'plan:old', { name: 'old' }));
    await store().create(note('pcn-a', 'plan:taken'));

    const attempt = store().batch('pcn-a', [
      { op: 'create', doc: note('pcn-a', 'plan:new') },
      { op: 'replace', doc: note('pcn-a', 'plan:old', { name: 'changed' }), ifMatch: old.etag },
      { op: 'create', doc: note('pcn-a', 'plan:taken') },
    ]);

    await expect(attempt).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(store().get('pcn-a', 'plan', 'plan:new')).resolves.toBeUndefined();
    await expect(store().get<Note>('pcn-a', 'plan', 'plan:old')).resolves.toMatchObject({ name: 'old', etag: old.etag });
  });

  it('when a batch replaces or deletes with a stale etag, then ConflictError and none of the batch is written', async () => {
    const first = await store().create(note('pcn-a', 'plan:1', { name: 'v1' }));
    await store().replace(note('pcn-a', 'plan:1', { name: 'v2' }), first.etag);
    const other = await store().create(note('pcn-a', 'plan:2'));

    const staleReplace = store().batch('pcn-a', [
      { op: 'upsert', doc: note('pcn-a', 'plan:3') },
      { op: 'replace', doc: note('pcn-a', 'plan:1', { name: 'v3' }), ifMatch: first.etag },
    ]);
    const staleDelete = store().batch('pcn-a', [
      { op: 'delete', type: 'plan', id: 'plan:2', ifMatch: other.etag },
      { op: 'delete', type: 'plan', id: 'plan:1', ifMatch: first.etag },
    ]);

    await expect(staleReplace).rejects.toBeInstanceOf(ConflictError);
    await expect(staleDelete).rejects.toBeInstanceOf(ConflictError);
    await expect(store().get('pcn-a', 'plan', 'plan:3')).resolves.toBeUndefined();
    await expect(store().get('pcn-a', 'plan', 'plan:2')).resolves.toBeDefined();
    await expect(store().get<Note>('pcn-a', 'plan', 'plan:1')).resolves.toMatchObject({ name: 'v2' });
  });

  it('when a batch deletes an absent document without an etag, then that delete is a no-op and the rest applies', async () => {
    const written = await store().batch('pcn-a', [
      { op: 'delete', type: 'plan', id: 'plan:never' },
      { op: 'create', doc: note('pcn-a', 'plan:1') },
      { op: 'delete', type: 'channel', id: 'plan:1' },
    ]);

    expect(written.map((d) => d.id)).toEqual(['plan:1']);
    await expect(store().get('pcn-a', 'plan', 'plan:1')).resolves.toBeDefined();
  });

  it('when a batch holds a document of another partition or too many operations, then it fails and writes nothing', async () => {
    const tooMany: BatchOperation[] = Array.from({ length: 101 }, (_, i) => ({ op: 'upsert', doc: note('pcn-a', `plan:${i}`) }));

    await expect(
      store().batch('pcn-a', [
        { op: 'create', doc: note('pcn-a', 'plan:1') },
        { op: 'create', doc: note('pcn-b', 'plan:2') },
      ]),
    ).rejects.toThrow();
    await expect(store().batch('pcn-a', tooMany)).rejects.toThrow();
    await expect(store().get('pcn-a', 'plan', 'plan:1')).resolves.toBeUndefined();
    await expect(store().get('pcn-a', 'plan', 'plan:0')).resolves.toBeUndefined();
    await expect(store().batch('pcn-a', [])).resolves.toEqual([]);
  });

  it('when a lease is free, then the first claimer gets it and another claimer does not while it is held', async () => {
    const lease = await store().claimLease('quick-check:2027-Q1:pcn-a', 'instance-1', 10 * MINUTE, T0);

    const other = await store().claimLease('quick-check:2027-Q1:pcn-a', 'instance-2', 10 * MINUTE, at(5 * MINUTE));

    expect(lease).toMatchObject({
      id: 'quick-check:2027-Q1:pcn-a',
      owner: 'instance-1',
      expiresAt: at(10 * MINUTE).toISOString(),
    });
    expect(typeof lease?.etag).toBe('string');
    expect(other).toBeUndefined();
  });

  it('when the holder claims its lease again (a heartbeat, or a restart under the same instance id), then it is renewed at once', async () => {
    await store().claimLease('quick-check:2027-Q4:pcn-a', 'instance-1', MINUTE, T0);

    const renewed = await store().claimLease('quick-check:2027-Q4:pcn-a', 'instance-1', MINUTE, at(30_000));
    const other = await store().claimLease('quick-check:2027-Q4:pcn-a', 'instance-2', MINUTE, at(MINUTE + 1_000));
    const takenOver = await store().claimLease('quick-check:2027-Q4:pcn-a', 'instance-2', MINUTE, at(MINUTE + 31_000));

    expect(renewed).toMatchObject({ owner: 'instance-1', expiresAt: at(90_000).toISOString() });
    expect(other).toBeUndefined();
    expect(takenOver).toMatchObject({ owner: 'instance-2' });
  });

  it('when many instances claim a free lease at once, then exactly one wins', async () => {
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store().claimLease('quick-check:2027-Q2:pcn-a', `instance-${i}`, 10 * MINUTE, T0)),
    );

    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
  });

  it('when many instances claim an expired lease at once, then exactly one takes it over', async () => {
    await store().claimLease('quick-check:2027-Q3:pcn-a', 'old-instance', MINUTE, T0);

    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store().claimLease('quick-check:2027-Q3:pcn-a', `instance-${i}`, 10 * MINUTE, at(2 * MINUTE)),
      ),
    );

    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.owner).not.toBe('old-instance');
  });
}
