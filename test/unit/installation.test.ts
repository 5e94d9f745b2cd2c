import type { ConversationAddress } from '../../services/domain';
import { InstallationService } from '../../services/installation';
import type { Store } from '../../services/store';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const installer = { aadObjectId: 'aad-admin', name: 'Alex Morgan' };
const general = (serviceUrl: string): ConversationAddress => ({
  conversationId: '19:team@thread.tacv2',
  serviceUrl,
  tenantId: 'tenant-1',
  botId: 'bot',
  isGroup: true,
  conversationType: 'channel',
  channelId: '19:team@thread.tacv2',
});
const install = (serviceUrl = 'https://smba.example/one/') => ({
  tenantId: 'tenant-1',
  teamId: '19:team@thread.tacv2',
  aadGroupId: 'group-1',
  teamName: 'Riverside PCN',
  address: general(serviceUrl),
  installer,
});

describe('InstallationService', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let service: InstallationService;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    service = new InstallationService(store, new FakeClock('2026-12-02T10:00:00Z'), silentLogger());
  });
  afterEach(() => dispose());

  it('when the bot is added to a team, then the PCN is recorded with the installer as its first admin', async () => {
    const { pcn, shouldWelcome } = await service.teamInstalled(install());
    expect(shouldWelcome).toBe(true);
    expect(pcn).toMatchObject({
      pcnId: 'tenant-1:19:team@thread.tacv2',
      name: 'Riverside PCN',
      admins: [installer],
      postingChannel: { id: '19:team@thread.tacv2', name: 'General' },
      active: true,
    });
    expect(await store.conversations.get(pcn.pcnId, '19:team@thread.tacv2')).toMatchObject({ active: true });
  });

  it('when Teams delivers both install events at once, then the welcome is claimed exactly once', async () => {
    const results = await Promise.all([service.teamInstalled(install()), service.teamInstalled(install())]);
    expect(results.filter((r) => r.shouldWelcome)).toHaveLength(1);
  });

  it('when the bot is removed and added again, then the PCN is reactivated, welcomed again and keeps its admins', async () => {
    await service.teamInstalled(install());
    await service.teamRemoved('tenant-1', '19:team@thread.tacv2');
    const removed = await store.pcns.get('tenant-1:19:team@thread.tacv2');
    expect(removed?.active).toBe(false);
    expect((await store.conversations.get('tenant-1:19:team@thread.tacv2', '19:team@thread.tacv2'))?.active).toBe(false);

    const again = await service.teamInstalled({ ...install(), installer: { aadObjectId: 'someone-else', name: 'Other' } });
    expect(again.shouldWelcome).toBe(true);
    expect(again.pcn.active).toBe(true);
    expect(again.pcn.admins).toEqual([installer]);
  });

  it('when an activity arrives on a new serviceUrl, then the stored references follow it', async () => {
    await service.teamInstalled(install('https://smba.example/one/'));
    await service.refreshAddress('tenant-1:19:team@thread.tacv2', general('https://smba.example/two/'));
    expect((await store.pcns.get('tenant-1:19:team@thread.tacv2'))?.serviceUrl).toBe('https://smba.example/two/');
    expect((await store.conversations.get('tenant-1:19:team@thread.tacv2', '19:team@thread.tacv2'))?.address.serviceUrl).toBe(
      'https://smba.example/two/',
    );
  });

  it('when people post in new threads of a channel, then one reference per channel is kept and not rewritten', async () => {
    const pcnId = 'tenant-1:19:team@thread.tacv2';
    await service.teamInstalled(install('https://smba.example/one/'));
    const before = await store.conversations.get(pcnId, '19:team@thread.tacv2');
    const thread = (n: number) => ({
      ...general('https://smba.example/one/'),
      conversationId: `19:team@thread.tacv2;messageid=${n}`,
    });
    for (const n of [101, 102, 103]) await service.refreshAddress(pcnId, thread(n));
    expect(await store.conversations.list(pcnId)).toHaveLength(1);
    expect((await store.conversations.get(pcnId, '19:team@thread.tacv2'))?.etag).toBe(before?.etag);
    await service.refreshAddress(pcnId, { ...thread(104), serviceUrl: 'https://smba.example/two/' });
    const after = await store.conversations.list(pcnId);
    expect(after.map((r) => [r.address.conversationId, r.address.serviceUrl])).toEqual([
      ['19:team@thread.tacv2', 'https://smba.example/two/'],
    ]);
  });

  it('when a person installs the bot personally and later removes it, then their 1:1 reference is kept then retired', async () => {
    const address: ConversationAddress = {
      conversationId: 'a:1on1',
      serviceUrl: 'https://smba.example/one/',
      tenantId: 'tenant-1',
      botId: 'bot',
      isGroup: false,
      conversationType: 'personal',
      user: installer,
    };
    await service.personalInstalled(address, installer);
    expect(await store.users.get('tenant-1', 'aad-admin')).toMatchObject({ active: true, address });
    await service.personalRemoved('tenant-1', installer);
    expect((await store.users.get('tenant-1', 'aad-admin'))?.active).toBe(false);
  });

  it('when a reference changes between the read and the write of a removal, then the removal retries on the newer version', async () => {
    await service.teamInstalled(install());
    const pcnId = 'tenant-1:19:team@thread.tacv2';
    const conversationId = '19:team@thread.tacv2';
    let calls = 0;

    const updated = await store.conversations.update(pcnId, conversationId, (current) => {
      calls++;
      // Another instance refreshes the address after this read (SQLite writes synchronously within the call).
      if (calls === 1) void store.conversations.save({ ...current, address: general('https://smba.example/two/') });
      return { ...current, active: false };
    });

    expect(calls).toBe(2);
    expect(updated).toMatchObject({ active: false, address: { serviceUrl: 'https://smba.example/two/' } });
    expect(await store.conversations.get(pcnId, conversationId)).toMatchObject({
      active: false,
      address: { serviceUrl: 'https://smba.example/two/' },
    });
  });
});
