import { parseSettingsInput } from '../../cards/settings-inputs';
import type { Pcn } from '../../services/domain';
import { ForbiddenError, ValidationError } from '../../services/errors';
import { InstallationService } from '../../services/installation';
import { PcnSettingsService } from '../../services/pcn-settings';
import { JOBS } from '../../services/scheduler/rules';
import { type JobRun, Scheduler } from '../../services/scheduler/scheduler';
import type { Store } from '../../services/store';
import type { Stored } from '../../services/store/documents';
import { PcnRepository } from '../../services/store/repositories';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const admin = { aadObjectId: 'aad-admin', name: 'Alex Morgan' };
const lead = { aadObjectId: 'aad-lead', name: 'Priya Shah' };
const member = { aadObjectId: 'aad-member', name: 'Sam Jones' };

/** A PCN repository where another admin's write lands between this service's read and its write, once. */
class RacingPcns extends PcnRepository {
  raced = false;
  override async get(pcnId: string): Promise<Stored<Pcn> | undefined> {
    const pcn = await super.get(pcnId);
    if (pcn && !this.raced) {
      this.raced = true;
      await super.replace({ ...pcn, admins: [...pcn.admins, lead] });
    }
    return pcn;
  }
}

/** What the settings card sends when nothing is touched (the defaults), with `changes` on top. */
const cardData = (changes: Record<string, unknown> = {}) => ({
  verb: 'settings.save',
  quickCheckEnabled: 'true',
  quickCheckTime: '09:30',
  reminderEnabled: 'true',
  reminderAfterDays: '7',
  digestWeekday: 'monday',
  digestTime: '09:00',
  refreshCheckTime: '10:00',
  quickCheckToLeads: 'false',
  staleAfterDays: '14',
  ...changes,
});

describe('PcnSettingsService', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: FakeClock;
  let service: PcnSettingsService;
  let pcnId: string;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    clock = new FakeClock('2026-12-02T10:00:00Z');
    const { pcn } = await new InstallationService(store, clock, silentLogger()).teamInstalled({
      tenantId: 'tenant-1',
      teamId: '19:team@thread.tacv2',
      aadGroupId: 'group-1',
      teamName: 'Riverside PCN',
      address: {
        conversationId: '19:team@thread.tacv2',
        serviceUrl: 'http://127.0.0.1:1/',
        tenantId: 'tenant-1',
        botId: 'bot',
        isGroup: true,
        conversationType: 'channel',
      },
      installer: admin,
    });
    pcnId = pcn.pcnId;
    service = new PcnSettingsService(store, clock, silentLogger());
  });

  afterEach(() => dispose());

  it('when an admin opens the settings of a new PCN, then the defaults are shown', async () => {
    const view = await service.view(pcnId, admin);

    expect(view).toMatchObject({
      pcnName: 'Riverside PCN',
      schedule: {
        quickCheck: { enabled: true, time: '09:30' },
        reminder: { enabled: true, afterDays: 7 },
        digest: { weekday: 'monday', time: '09:00' },
        refreshCheck: { time: '10:00' },
      },
      settings: { quickCheckToLeads: false, staleAfterDays: 14 },
    });
  });

  it('when an admin changes some settings, then only what differs from the defaults is stored', async () => {
    const { view, changed } = await service.save(
      pcnId,
      admin,
      parseSettingsInput(
        cardData({ quickCheckTime: '11:00', reminderEnabled: 'false', quickCheckToLeads: 'true', staleAfterDays: '21' }),
      ),
    );

    expect(changed).toBe(true);
    const stored = await store.pcns.get(pcnId);
    expect(stored?.schedule).toEqual({ quickCheck: { time: '11:00' }, reminder: { enabled: false } });
    expect(stored?.settings).toEqual({ quickCheckToLeads: true, staleAfterDays: 21 });
    expect(view.schedule.quickCheck).toEqual({ enabled: true, time: '11:00' });
    expect(view.schedule.reminder).toEqual({ enabled: false, afterDays: 7 });
  });

  it('when an admin puts every setting back to its default, then the PCN follows the defaults again', async () => {
    await service.save(pcnId, admin, parseSettingsInput(cardData({ digestWeekday: 'friday', digestTime: '16:30' })));

    await service.save(pcnId, admin, parseSettingsInput(cardData()));

    expect((await store.pcns.get(pcnId))?.schedule).toBeUndefined();
  });

  it('when the settings submitted are the ones in place, then nothing is written', async () => {
    const before = await store.pcns.get(pcnId);

    const { changed } = await service.save(pcnId, admin, parseSettingsInput(cardData()));

    expect(changed).toBe(false);
    expect((await store.pcns.get(pcnId))?.etag).toBe(before?.etag);
  });

  it('when a non-admin saves settings, then they are refused and nothing is written', async () => {
    const before = await store.pcns.get(pcnId);

    await expect(service.save(pcnId, member, parseSettingsInput(cardData({ quickCheckTime: '11:00' })))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(service.view(pcnId, member)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await store.pcns.get(pcnId))?.etag).toBe(before?.etag);
  });

  it.each([
    [{ schedule: { quickCheck: { time: '9.30am' } } }, 'Quick check time must be a time such as 09:30 (24-hour clock).'],
    [{ schedule: { reminder: { afterDays: 0 } } }, 'Days before the reminder must be at least 1 day.'],
    [{ settings: { staleAfterDays: 2 } }, 'Days without fresh content must be at least 3 days.'],
    [{ settings: { staleAfterDays: 61 } }, 'Days without fresh content must be at most 60 days.'],
    [{ schedule: { digest: { weekday: 'someday' } } }, 'Weekly digest day must be a day of the week, such as monday.'],
  ])('when the service is given %j, then it refuses naming the field and writes nothing', async (change, message) => {
    const before = await store.pcns.get(pcnId);

    const attempt = service.save(pcnId, admin, change as never);

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ userMessage: message });
    expect((await store.pcns.get(pcnId))?.etag).toBe(before?.etag);
  });

  it("when another admin's change lands between the read and the write, then both changes are kept", async () => {
    const pcns = new RacingPcns(store.documents);
    const racing = new PcnSettingsService({ pcns }, clock, silentLogger());

    await racing.save(pcnId, admin, parseSettingsInput(cardData({ quickCheckTime: '11:00' })));

    expect(pcns.raced).toBe(true);
    const stored = await store.pcns.get(pcnId);
    expect(stored?.admins.map((a) => a.name)).toEqual(['Alex Morgan', 'Priya Shah']);
    expect(stored?.schedule).toEqual({ quickCheck: { time: '11:00' } });
  });

  it("when an admin moves the quick check time, then the scheduler's next tick follows the new time", async () => {
    const runs: JobRun[] = [];
    const scheduler = new Scheduler(
      { pcns: store.pcns, schedule: store.schedule, clock, logger: silentLogger(), settingsOf: (pcn) => pcn.schedule },
      { instanceId: 'test' },
    ).register(JOBS.quickCheck, async (_pcn, run) => {
      runs.push(run);
    });
    await service.save(pcnId, admin, parseSettingsInput(cardData({ quickCheckTime: '11:00' })));

    // Friday 1 January 2027 is the quarter's first weekday: 10:00 is after the default 09:30 but before 11:00.
    clock.set('2027-01-01T10:00:00Z');
    await scheduler.tick();
    expect(runs).toHaveLength(0);

    clock.set('2027-01-01T11:00:00Z');
    await scheduler.tick();
    expect(runs.map((r) => [r.job, r.period, r.dueAt.toISOString()])).toEqual([
      [JOBS.quickCheck, '2027-Q1', '2027-01-01T11:00:00.000Z'],
    ]);
  });
});

describe('the settings card input', () => {
  it('when Teams sends strings, then they are read as switches, times and numbers', () => {
    const change = parseSettingsInput(cardData({ quickCheckTime: '9:05', digestTime: '17:45:00', digestWeekday: 'Friday' }));

    expect(change).toEqual({
      schedule: {
        quickCheck: { enabled: true, time: '09:05' },
        reminder: { enabled: true, afterDays: 7 },
        digest: { weekday: 'friday', time: '17:45' },
        refreshCheck: { time: '10:00' },
      },
      settings: { quickCheckToLeads: false, staleAfterDays: 14 },
    });
  });

  it.each([
    ['an hour of 25', { quickCheckTime: '25:00' }, 'Quick check time must be a time such as 09:30 (24-hour clock).'],
    ['a word for a time', { refreshCheckTime: 'noon' }, 'Refresh check time must be a time such as 09:30 (24-hour clock).'],
    ['half a day', { reminderAfterDays: '3.5' }, 'Days before the reminder must be a whole number of days from 1 to 60.'],
    ['90 stale days', { staleAfterDays: '90' }, 'Days without fresh content must be a whole number of days from 3 to 60.'],
    ['a switch neither on nor off', { quickCheckEnabled: 'maybe' }, 'Quick check on or off must be on or off.'],
    ['an unknown day', { digestWeekday: 'someday' }, 'Weekly digest day must be a day of the week, such as Monday.'],
    ['no digest time', { digestTime: undefined }, 'Weekly digest time is required.'],
  ])('when the card sends %s, then the message names the field', (_label, changes, message) => {
    expect(() => parseSettingsInput(cardData(changes))).toThrow(message);
  });
});
