import { DEFAULT_PCN_SETTINGS, type Pcn } from '../../services/domain';
import type { TimerHandle, Timers } from '../../services/outbox/timers';
import { JOBS } from '../../services/scheduler/rules';
import { DEFAULT_LEASE_TTL_MS, Scheduler } from '../../services/scheduler/scheduler';
import type { Store } from '../../services/store';
import { ScheduleRepository } from '../../services/store/schedule-repository';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

/** Run leases with a heartbeat: a dead holder loses a run within a minute, a restarted one takes it back at once. */
const PCN: Pcn = {
  pcnId: 'tenant-1:group-1',
  tenantId: 'tenant-1',
  teamId: '19:team-1@thread.tacv2',
  name: 'PCN 1',
  admins: [{ aadObjectId: 'aad-admin', name: 'Alex Morgan' }],
  postingChannel: { id: '19:team-1@thread.tacv2', name: 'General' },
  serviceUrl: 'https://smba.example/uk/',
  botId: '28:bot',
  installedAt: '2026-11-01T10:00:00.000Z',
  active: true,
  settings: DEFAULT_PCN_SETTINGS,
  odsCodes: {},
};
const LEASE = 'quick-check:2027-Q1:tenant-1:group-1';

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
  /** Fires every timer pending now (not those they set). */
  fire(): void {
    const due = this.pending;
    this.pending = [];
    due.forEach((t) => t.callback());
  }
}

describe('Scheduler leases', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: FakeClock;
  let ran: string[];

  const instance = (name: string, handler?: () => Promise<void>, timers?: Timers) =>
    new Scheduler(
      { pcns: store.pcns, schedule: new ScheduleRepository(store.documents), clock, timers, logger: silentLogger() },
      { instanceId: name },
    ).register(JOBS.quickCheck, async () => {
      await handler?.();
      ran.push(name);
    });

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    clock = new FakeClock('2027-01-04T09:30:00Z');
    ran = [];
    await store.pcns.create({ ...PCN, schedule: { reminder: { enabled: false }, roundClose: { enabled: false } } });
  });
  afterEach(() => dispose());

  it('when the instance holding a run stops renewing its lease (it died), then another takes the run over within a minute', async () => {
    await store.documents.claimLease(LEASE, 'killed', DEFAULT_LEASE_TTL_MS, clock.now());
    const other = instance('b');

    const held = await other.tick();
    clock.advance(DEFAULT_LEASE_TTL_MS);
    const taken = await other.tick();

    expect(held.runs[0]?.outcome).toBe('held-elsewhere');
    expect(taken.runs[0]?.outcome).toBe('ran');
    expect(DEFAULT_LEASE_TTL_MS).toBeLessThanOrEqual(60_000);
    expect(ran).toEqual(['b']);
  });

  it('when an instance restarts under the same INSTANCE_ID, then it takes its own lease back at once and runs', async () => {
    await store.documents.claimLease(LEASE, 'instance-1', DEFAULT_LEASE_TTL_MS, clock.now());

    const result = await instance('instance-1').tick();

    expect(result.runs[0]?.outcome).toBe('ran');
    expect(ran).toEqual(['instance-1']);
  });

  it('when a run outlasts its lease, then the heartbeat renews it every third, so no other instance runs it meanwhile', async () => {
    const timers = new ManualTimers();
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const running = instance('a', () => slow, timers).tick();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const contested: (string | undefined)[] = [];
    for (let beat = 0; beat < 6; beat++) {
      expect(timers.pending.map((t) => t.ms)).toEqual([DEFAULT_LEASE_TTL_MS / 3]);
      clock.advance(DEFAULT_LEASE_TTL_MS / 3);
      timers.fire();
      await new Promise((resolve) => setTimeout(resolve, 20));
      contested.push((await instance('b').tick()).runs[0]?.outcome);
    }
    finish();
    await running;

    expect(contested).toEqual(contested.map(() => 'held-elsewhere'));
    expect(ran).toEqual(['a']);
    expect(timers.pending).toEqual([]);
  });
});

describe('Scheduler stopping', () => {
  it('when stopped (SIGTERM) during a catch-up over many PCNs, then it starts no further run and stops once those running finish', async () => {
    const { store, dispose } = await tempSqliteStore();
    try {
      for (let n = 1; n <= 12; n++)
        await store.pcns.create({
          ...PCN,
          pcnId: `tenant-1:group-${n}`,
          schedule: { reminder: { enabled: false }, roundClose: { enabled: false } },
        });
      const clock = new FakeClock('2027-01-04T09:30:00Z');
      const ran: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const scheduler = new Scheduler(
        { pcns: store.pcns, schedule: new ScheduleRepository(store.documents), clock, logger: silentLogger() },
        { instanceId: 'a', concurrency: 2 },
      ).register(JOBS.quickCheck, async (pcn) => {
        await gate;
        ran.push(pcn.pcnId);
      });

      scheduler.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stopped = scheduler.stop();
      release();
      await stopped;

      expect(ran).toHaveLength(2);
    } finally {
      await dispose();
    }
  });
});
