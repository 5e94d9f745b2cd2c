import type { ChannelRecord } from '../../../services/domain/channels';
import { ConflictError } from '../../../services/errors';
import type { DocumentStore } from '../../../services/store/documents';
import { Store } from '../../../services/store/repositories';

const PCN = 'tenant-1:team-channels';
const LEAD = { aadObjectId: 'lead-1', name: 'Priya Shah' };

function channel(channelId: string, over: Partial<ChannelRecord> = {}): ChannelRecord {
  return {
    pcnId: PCN,
    channelId,
    practiceId: 'p-1',
    platform: 'facebook',
    address: '@RiversideSurgery',
    owner: LEAD,
    createdAt: '2026-11-01T09:00:00.000Z',
    createdBy: LEAD,
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...over,
  };
}

/** Practice channels and reminder states: the same on every store. */
export function channelContract(documents: () => DocumentStore): void {
  const store = () => new Store(documents());

  it('when channels are created, then the PCN lists its own in the order they were added, and no other PCN sees them', async () => {
    const channels = store().channels;
    await channels.create(channel('b', { createdAt: '2026-11-02T09:00:00.000Z' }));
    await channels.create(channel('a', { createdAt: '2026-11-01T09:00:00.000Z', platform: 'instagram' }));
    await channels.create({ ...channel('other'), pcnId: 'tenant-1:someone-else' });

    expect((await channels.list(PCN)).map((c) => c.channelId)).toEqual(['a', 'b']);
    expect((await channels.get(PCN, 'a'))?.platform).toBe('instagram');
    expect(await channels.get(PCN, 'other')).toBeUndefined();
  });

  it('when a channel is replaced or removed from a stale read, then ConflictError and the newer write stays', async () => {
    const channels = store().channels;
    await channels.create(channel('one'));
    const first = (await channels.get(PCN, 'one'))!;
    await channels.update(PCN, 'one', (c) => ({ ...c, lastRefreshedAt: '2026-11-30T10:00:00.000Z' }));

    await expect(channels.replace({ ...first, address: '@Stale' })).rejects.toBeInstanceOf(ConflictError);
    await expect(channels.remove(first)).rejects.toBeInstanceOf(ConflictError);
    expect((await channels.get(PCN, 'one'))?.lastRefreshedAt).toBe('2026-11-30T10:00:00.000Z');

    await channels.remove((await channels.get(PCN, 'one'))!);
    expect(await channels.get(PCN, 'one')).toBeUndefined();
  });

  it('when a reminder is snoozed and then said not relevant, then the latest is kept, one per kind and subject', async () => {
    const channels = store().channels;
    const base = { pcnId: PCN, subject: 'one', updatedAt: '2026-11-30T10:00:00.000Z', updatedBy: LEAD };
    await channels.saveReminder({ ...base, kind: 'stale', snoozedUntil: '2026-12-07' });
    await channels.saveReminder({ ...base, kind: 'about', snoozedUntil: '2026-12-07' });
    await channels.saveReminder({
      ...base,
      kind: 'stale',
      notRelevant: { reason: 'Closed account', basis: 'never', by: LEAD, at: base.updatedAt },
    });

    const stale = await channels.getReminder(PCN, 'stale', 'one');
    expect(stale?.snoozedUntil).toBeUndefined();
    expect(stale?.notRelevant?.reason).toBe('Closed account');
    expect((await channels.listReminders(PCN)).map((r) => r.kind).sort()).toEqual(['about', 'stale']);
  });
}
