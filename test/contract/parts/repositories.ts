import {
  type ConversationRecord,
  DEFAULT_PCN_SETTINGS,
  type Pcn,
  type Practice,
  type UserRecord,
} from '../../../services/domain';
import { ConflictError } from '../../../services/errors';
import type { DocumentStore } from '../../../services/store/documents';
import { Store } from '../../../services/store/repositories';

const TENANT = 'tenant-1';

function pcn(pcnId: string, name = 'Riverside PCN'): Pcn {
  return {
    pcnId,
    tenantId: TENANT,
    teamId: `team-${pcnId}`,
    name,
    admins: [{ aadObjectId: 'admin-1', name: 'Dr Admin' }],
    postingChannel: { id: `team-${pcnId}`, name: 'General' },
    serviceUrl: 'https://smba.example/uk/',
    botId: 'bot-1',
    installedAt: '2027-01-04T09:00:00.000Z',
    active: true,
    settings: DEFAULT_PCN_SETTINGS,
    odsCodes: {},
  };
}

function practice(pcnId: string, practiceId: string, name: string): Practice {
  return {
    pcnId,
    practiceId,
    name,
    odsCode: `B8${practiceId.padStart(4, '0')}`,
    leads: [],
    createdAt: '2027-01-04T09:00:00.000Z',
  };
}

function conversation(pcnId: string, conversationId: string, serviceUrl: string): ConversationRecord {
  return {
    pcnId,
    address: { conversationId, serviceUrl, tenantId: TENANT, botId: 'bot-1', isGroup: true, conversationType: 'channel' },
    active: true,
    updatedAt: '2027-01-04T09:00:00.000Z',
  };
}

/** The typed repositories the services use, run over the adapter under test. */
export function repositoryContract(documents: () => DocumentStore): void {
  const store = () => new Store(documents());

  it('when a PCN is created and read, then replacing it from a stale read fails with ConflictError', async () => {
    await store().pcns.create(pcn('tenant-1:team-a'));
    const read = await store().pcns.get('tenant-1:team-a');
    await store().pcns.replace({ ...read!, name: 'Renamed PCN' });

    await expect(store().pcns.replace({ ...read!, name: 'Lost update' })).rejects.toBeInstanceOf(ConflictError);
    await expect(store().pcns.get('tenant-1:team-a')).resolves.toMatchObject({ name: 'Renamed PCN' });
  });

  it('when two updates of a PCN race, then update retries on conflict and both changes survive', async () => {
    await store().pcns.create(pcn('tenant-1:team-a'));

    await Promise.all([
      store().pcns.update('tenant-1:team-a', (p) => ({ ...p, odsCodes: { ...p.odsCodes, B82001: 'p1' } })),
      store().pcns.update('tenant-1:team-a', (p) => ({ ...p, odsCodes: { ...p.odsCodes, B82002: 'p2' } })),
    ]);

    await expect(store().pcns.get('tenant-1:team-a')).resolves.toMatchObject({ odsCodes: { B82001: 'p1', B82002: 'p2' } });
  });

  it('when PCNs live in several partitions, then listAll (a job-only query) finds them all', async () => {
    await store().pcns.create(pcn('tenant-1:team-b', 'Brookside PCN'));
    await store().pcns.create(pcn('tenant-1:team-a', 'Abbey PCN'));

    const page = await store().pcns.listAll();

    expect(page.items.map((p) => p.name)).toEqual(['Abbey PCN', 'Brookside PCN']);
  });

  it("when practices are added, then list returns the PCN's own practices sorted by name, and remove needs the current etag", async () => {
    await store().practices.create(practice('tenant-1:team-a', 'p2', 'Willow Surgery'));
    const abbey = await store().practices.create(practice('tenant-1:team-a', 'p1', 'Abbey Medical Centre'));
    await store().practices.create(practice('tenant-1:team-b', 'p3', 'Elsewhere Practice'));
    await store().practices.replace({ ...abbey, name: 'Abbey Medical Practice' });

    const names = (await store().practices.list('tenant-1:team-a')).map((p) => p.name);
    await expect(store().practices.remove(abbey)).rejects.toBeInstanceOf(ConflictError);

    expect(names).toEqual(['Abbey Medical Practice', 'Willow Surgery']);
  });

  it("when repositories' batch steps are committed together, then all apply; with one stale ETag, none does (Store.batch)", async () => {
    const pcnId = 'tenant-1:team-a';
    await store().pcns.create(pcn(pcnId));
    const read = (await store().pcns.get(pcnId))!;
    const abbey = practice(pcnId, 'p1', 'Abbey Medical Centre');

    await store().batch(pcnId, [
      store().pcns.replaceStep({ ...read, odsCodes: { [abbey.odsCode]: 'p1' } }),
      store().practices.createStep(abbey),
    ]);
    const added = (await store().practices.get(pcnId, 'p1'))!;
    const current = (await store().pcns.get(pcnId))!;
    const renamed = await store().practices.replace({ ...added, name: 'Abbey Medical Practice' });

    await expect(
      store().batch(pcnId, [store().pcns.replaceStep({ ...read, odsCodes: {} }), store().practices.deleteStep(renamed)]),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      store().batch(pcnId, [
        store().pcns.replaceStep({ ...current, odsCodes: {} }),
        store().practices.replaceStep({ ...added, name: 'Lost rename' }),
      ]),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(store().pcns.get(pcnId)).resolves.toMatchObject({ odsCodes: { [abbey.odsCode]: 'p1' }, etag: current.etag });
    await expect(store().practices.list(pcnId)).resolves.toEqual([
      expect.objectContaining({ name: 'Abbey Medical Practice', etag: renamed.etag }),
    ]);
  });

  it('when a conversation reference is saved twice, then the newest address wins (ids with : and @ are escaped safely)', async () => {
    const id = '19:abc123@thread.tacv2';
    await store().conversations.save(conversation('tenant-1:team-a', id, 'https://smba.example/old/'));
    await store().conversations.save(conversation('tenant-1:team-a', id, 'https://smba.example/new/'));

    const read = await store().conversations.get('tenant-1:team-a', id);
    const all = await store().conversations.list('tenant-1:team-a');

    expect(read?.address.serviceUrl).toBe('https://smba.example/new/');
    expect(all).toHaveLength(1);
  });

  it("when a user's 1:1 chat is saved, then it is read back from the tenant's partition", async () => {
    const user: UserRecord = {
      tenantId: TENANT,
      aadObjectId: 'user-1',
      name: 'Sam Lead',
      active: true,
      updatedAt: '2027-01-04T09:00:00.000Z',
    };

    await store().users.save(user);

    await expect(store().users.get(TENANT, 'user-1')).resolves.toMatchObject({ name: 'Sam Lead' });
    await expect(store().users.get('tenant-2', 'user-1')).resolves.toBeUndefined();
  });
}
