import { DEFAULT_PCN_SETTINGS, type Pcn } from '../../services/domain';
import type { TimerHandle, Timers } from '../../services/outbox/timers';
import { JOBS } from '../../services/scheduler/rules';
import { type JobRun, Scheduler, type SchedulerOptions } from '../../services/scheduler/scheduler';
import type { ScheduleSettings } from '../../services/scheduler/settings';
import type { Store } from '../../services/store';
import type { Stored } from '../../services/store/documents';
import { ScheduleRepository } from '../../services/store/schedule-repository';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const pcn = (n: number, extra: Partial<Pcn> = {}): Pcn => ({
  pcnId: `tenant-1:group-${n}`,
  tenantId: 'tenant-1',
  teamId: `19:team-${n}@thread.tacv2`,
  name: `PCN ${n}`,
  admins: [{ aadObjectId: 'aad-admin', name: 'Alex Morgan' }],
  postingChannel: { id: `19:team-${n}@thread.tacv2`, name: 'General' },
  serviceUrl: 'https://smba.example/uk/',
  botId: '28:bot',
  installedAt: '2026-11-01T10:00:00.000Z',
  active: true,
  settings: DEFAULT_PCN_SETTINGS,
  odsCodes: {},
  ...extra,
});

class ManualTimers implements Timers {
  pending: { ms: number; callback: () => void }[] = [];
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { ms, callback };
    this.pending.push(timer);
    return timer;
  }
  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((t) => t !== handle);
  }
}

describe('Scheduler', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: FakeClock;
  let runs: (JobRun & { pcnId: string; instance: string })[];
  let overrides: Map<string, ScheduleSettings>;

  /** One bot instance: its own scheduler (and memory) over the shared store. */
  const instance = (name: string, options: SchedulerOptions = {}, timers?: Timers) =>
    new Scheduler(
      {
        pcns: store.pcns,
        schedule: new ScheduleRepository(store.documents),
        clock,
        timers,
        logger: silentLogger(),
        settingsOf: (p: Stored<Pcn>) => overrides.get(p.pcnId),
      },
      { instanceId: name, ...options },
    ).register(JOBS.quickCheck, async (p, run) => {
      runs.push({ ...run, pcnId: p.pcnId, instance: name });
    });
  const quickChecks = () => runs.filter((r) => r.job === JOBS.quickCheck).map((r) => `${r.period}:${r.pcnId}`);

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    clock = new FakeClock('2027-01-01T09:30:00Z');
    runs = [];
    overrides = new Map();
    await store.pcns.create(pcn(1));
    await store.pcns.create(pcn(2));
    await store.pcns.create(pcn(3, { active: false }));
  });
  afterEach(() => dispose());

  it('when the quick check falls due, then it runs once for each active PCN, and a later tick does not run it again', async () => {
    const scheduler = instance('a');

    const first = await scheduler.tick();
    clock.advance(3_600_000);
    await scheduler.tick();

    expect(quickChecks()).toEqual(['2027-Q1:tenant-1:group-1', '2027-Q1:tenant-1:group-2']);
    expect(runs[0]?.leaseId).toBe('quick-check:2027-Q1:tenant-1:group-1');
    expect(first.nextDueAt?.toISOString()).toBe('2027-04-01T08:30:00.000Z');
  });

  it('when three instances tick at the same moment, then each PCN’s run happens exactly once', async () => {
    const instances = ['a', 'b', 'c'].map((name) => instance(name));

    await Promise.all(instances.map((s) => s.tick()));
    await Promise.all(instances.map((s) => s.tick()));

    expect(quickChecks().sort()).toEqual(['2027-Q1:tenant-1:group-1', '2027-Q1:tenant-1:group-2']);
  });

  it('when the bot was down when the next quick check fell due, then the first tick after the restart catches it up once', async () => {
    clock.set('2027-03-31T12:00:00Z');
    await instance('before-restart').tick();
    runs = [];
    clock.set('2027-04-03T10:00:00Z');
    const restarted = instance('after-restart');

    const result = await restarted.tick();
    await restarted.tick();

    expect(quickChecks()).toEqual(['2027-Q2:tenant-1:group-1', '2027-Q2:tenant-1:group-2']);
    expect(runs[0]?.dueAt.toISOString()).toBe('2027-04-01T08:30:00.000Z');
    expect(result.runs.map((r) => r.outcome)).toEqual(['ran', 'ran']);
  });

  it('when the bot was down for a whole quarter, then only the latest missed quick check is run', async () => {
    clock.set('2027-07-20T12:00:00Z');

    await instance('a').tick();

    expect(quickChecks()).toEqual(['2027-Q3:tenant-1:group-1', '2027-Q3:tenant-1:group-2']);
  });

  it('when a run fails, then it is not recorded as done and the next tick runs it again', async () => {
    let failures = 1;
    const scheduler = instance('a').register(JOBS.quickCheck, async (p, run) => {
      if (p.pcnId === 'tenant-1:group-1' && failures-- > 0) throw new Error('store unavailable');
      runs.push({ ...run, pcnId: p.pcnId, instance: 'a' });
    });

    const first = await scheduler.tick();
    await scheduler.tick();

    expect(first.runs.map((r) => r.outcome)).toEqual(['failed', 'ran']);
    expect(quickChecks()).toEqual(['2027-Q1:tenant-1:group-2', '2027-Q1:tenant-1:group-1']);
  });

  it('when another instance holds the lease (it died mid-run), then the run waits for the lease to expire, then runs', async () => {
    await store.documents.claimLease('quick-check:2027-Q1:tenant-1:group-1', 'crashed', 15 * 60_000, clock.now());
    const scheduler = instance('a');

    const held = await scheduler.tick();
    clock.advance(15 * 60_000);
    await scheduler.tick();

    expect(held.runs.find((r) => r.pcnId === 'tenant-1:group-1')?.outcome).toBe('held-elsewhere');
    expect(quickChecks()).toEqual(['2027-Q1:tenant-1:group-2', '2027-Q1:tenant-1:group-1']);
  });

  it('when a PCN installed the bot after the due time, then nothing is owed for that period', async () => {
    await store.pcns.create(pcn(4, { installedAt: '2027-01-15T10:00:00.000Z' }));
    clock.set('2027-02-01T12:00:00Z');

    await instance('a').tick();

    expect(quickChecks()).not.toContain('2027-Q1:tenant-1:group-4');
  });

  it('when a PCN overrides its quick check time, then it runs at its own time and the others at the default', async () => {
    overrides.set('tenant-1:group-2', { quickCheck: { time: '14:00' } });
    const scheduler = instance('a');

    await scheduler.tick();
    const atDefault = quickChecks();
    clock.set('2027-01-01T14:00:00Z');
    await scheduler.tick();

    expect(atDefault).toEqual(['2027-Q1:tenant-1:group-1']);
    expect(quickChecks()).toEqual(['2027-Q1:tenant-1:group-1', '2027-Q1:tenant-1:group-2']);
  });

  it('when a job has no handler registered, then it is not run', async () => {
    clock.set('2027-01-04T09:00:00Z');

    const result = await instance('a').tick();

    expect(result.runs.map((r) => r.job)).not.toContain(JOBS.digest);
  });

  it('when started, then it catches up at once and sleeps until the next due time', async () => {
    const timers = new ManualTimers();
    clock.set('2027-03-31T22:00:00Z');
    const scheduler = instance('a', { refreshMs: 24 * 3_600_000 }, timers);

    scheduler.start();
    for (let i = 0; i < 200 && timers.pending.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    const sleepMs = timers.pending[0]?.ms;
    await scheduler.stop();

    expect(quickChecks()).toEqual(['2027-Q1:tenant-1:group-1', '2027-Q1:tenant-1:group-2']);
    // Next due: 09:30 BST on Thursday 1 April 2027 (08:30 UTC), 10.5 hours on.
    expect(sleepMs).toBe(10.5 * 3_600_000);
  });
});
