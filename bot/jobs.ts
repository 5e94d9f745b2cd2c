import { setImmediate as nextTurnOfTheLoop } from 'node:timers/promises';
import type { Outbox } from '../services/outbox/outbox';
import type { DigestService } from '../services/plans';
import type { QuickCheck } from '../services/quick-check';
import type { RefreshCheckService } from '../services/refresh';
import { JOBS } from '../services/scheduler/rules';
import type { JobHandler, Scheduler } from '../services/scheduler/scheduler';
import { effectiveSchedule } from '../services/scheduler/settings';

const DAY_MS = 86_400_000;

/**
 * Plugs the product's scheduled work into the scheduler. Every handler is
 * idempotent: it only queues outbox items keyed by the period, so a run
 * repeated after a crash queues nothing twice.
 */
export function registerJobs(
  scheduler: Scheduler,
  quickCheck: QuickCheck,
  outbox: Outbox,
  digest: Pick<DigestService, 'queueWeekly'>,
  refreshCheck?: Pick<RefreshCheckService, 'queueDaily'>,
): void {
  const enqueueAll = async (items: readonly Parameters<Outbox['enqueue']>[0][]) => {
    for (const item of items) await outbox.enqueue(item);
  };
  // The SQLite store answers without I/O, so a tick's runs would chain through promises that never wait: on
  // the national morning, 1,250 rounds opened in one 4 s stretch with no request answered and no card sent
  // (bench:morning). Each run first lets the event loop turn, so turns and the dispatcher go in between.
  const register = (job: string, handler: JobHandler) =>
    scheduler.register(job, async (pcn, run) => {
      await nextTurnOfTheLoop();
      await handler(pcn, run);
    });
  register(JOBS.quickCheck, async (pcn, run) => {
    const opened = await quickCheck.rounds.openRound(pcn.pcnId, run.period);
    await quickCheck.rounds.queue(opened.messages);
  });
  // A practice is reminded once its card has been open for the reminder's interval, never within a day of
  // it: a reminder caught up after downtime does not follow a card that was itself just caught up.
  register(JOBS.reminder, async (pcn, run) => {
    const openFor = effectiveSchedule(pcn.schedule).reminder.afterDays * DAY_MS;
    await enqueueAll(await quickCheck.reminders.remindNonRespondents(pcn.pcnId, run.period, 1, { openFor }));
  });
  register(JOBS.secondReminder, async (pcn, run) => {
    const openFor = 2 * effectiveSchedule(pcn.schedule).reminder.afterDays * DAY_MS;
    await enqueueAll(await quickCheck.reminders.remindNonRespondents(pcn.pcnId, run.period, 2, { openFor }));
  });
  register(JOBS.roundClose, async (pcn, run) => {
    const closed = await quickCheck.reminders.closeRound(pcn.pcnId, run.period);
    await enqueueAll(closed.updates);
  });
  // Monday 09:00 by default: the next two weeks' plans and the gaps, once per PCN per ISO week (the period).
  register(JOBS.digest, async (pcn, run) => {
    await digest.queueWeekly(pcn, run.period);
  });
  // Daily (10:00 London by default; the period is the London day): nothing at weekends or on bank holidays.
  if (refreshCheck) register(JOBS.refreshCheck, async (pcn, run) => void (await refreshCheck.queueDaily(pcn, run.period)));
}
