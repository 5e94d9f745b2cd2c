import type { AddressInfo } from 'node:net';
import { version } from '../package.json';
import { AccessService } from '../services/access';
import { AskService } from '../services/ask/ask-service';
import { CalendarFeedService, CampaignCalendarService, PcnCampaignService } from '../services/campaigns';
import { type Clock, systemClock } from '../services/clock';
import type { Config } from '../services/config';
import { seedDemoIfEmpty } from '../services/demo-seed';
import type { Pcn, Practice } from '../services/domain';
import { InstallationService } from '../services/installation';
import type { Logger } from '../services/logger';
import { createPracticeDirectory } from '../services/ods';
import { PcnSettingsService } from '../services/pcn-settings';
import { DigestService, PlanListService, PlanService } from '../services/plans';
import { ChannelService, RefreshCheckService } from '../services/refresh';
import { SetupService } from '../services/pcn-setup';
import { createStore, type Store } from '../services/store';
import { Dispatcher } from '../services/outbox/dispatcher';
import { DeliveryStatus } from '../services/outbox/delivery-status';
import { Outbox } from '../services/outbox/outbox';
import { sentRetentionFrom } from '../services/outbox/retention';
import { retireInStore } from '../services/outbox/retire';
import { QuickCheck } from '../services/quick-check';
import { resolveExportSecret } from '../services/quick-check/export';
import { Scheduler } from '../services/scheduler/scheduler';
import { noTelemetry, type Telemetry } from '../services/telemetry';
import { planCards } from '../cards/plan-renderer';
import { refreshCards } from '../cards/refresh';
import { quickCheckCards } from '../cards/quick-check-renderer';
import { createAdapter, createBotAuthentication } from './adapter';
import { InboundGate } from './inbound-gate';
import { InboundLimits } from './inbound-limits';
import type { BotDeps } from './deps';
import { registerCalendarRoute } from './calendar-route';
import { registerExportRoute } from './export-route';
import { registerJobs } from './jobs';
import type { FeatureRouter } from './features/router';
import { featureTable } from './features/table';
import type { Feature } from './features/types';
import { PcnBot } from './pcn-bot';
import { outboxShare, replyReserve, reserveFraction } from './reply-budget';
import { createServer } from './server';
import { TeamsMessenger } from './teams-messenger';

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** An already-built store (tests); otherwise the configured one. */
  readonly store?: Store;
  /** Demo PCN to seed on an empty store (local mode with DEMO on). */
  readonly demo?: { readonly pcn: Pcn; readonly practices: readonly Practice[] };
  /** How long a shutdown waits for in-flight turns. */
  readonly drainTimeoutMs?: number;
  /**
   * How long a stopping dispatcher waits before handing its conversations to
   * other instances (default: Teams' short per-thread windows, about 2 s).
   * In-process test bots, which nobody takes over from, use 0.
   */
  readonly handOverWaitMs?: number;
  /** The feature table; default the bot's own (bot/features/table.ts). Tests add a feature here. */
  readonly features?: (deps: BotDeps) => readonly Feature[];
  /** Where metrics, requests and exceptions go (see services/telemetry); default nowhere. */
  readonly telemetry?: Telemetry;
}

export interface App {
  readonly deps: BotDeps;
  /** The feature table as the bot routes it (its commands, card actions and who may use them). */
  readonly router: FeatureRouter;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, lets in-flight turns finish, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** Wires config, store, services, bot and HTTP server. Tests boot it on port 0. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const telemetry = options.telemetry ?? noTelemetry;
  const store = options.store ?? createStore(config, logger);
  await store.init();
  if (options.demo) await seedDemoIfEmpty(store, options.demo, logger);

  const botAuth = createBotAuthentication(config);
  const adapter = createAdapter(config, logger, botAuth, telemetry);
  const gate = new InboundGate({
    auth: botAuth,
    limits: new InboundLimits(config.inboundLimits),
    allowedTenants: config.allowedTenants,
    logger,
  });
  // Proactive delivery: everything unprompted goes through the outbox; the dispatcher sends it at Teams' pace.
  const messenger = new TeamsMessenger(adapter, { appId: config.microsoftApp.appId });
  // The rate this instance paces at: a fixed one if set, else the app-wide one (shared among instances).
  const teamsRate = config.teamsRatePerSecond ?? config.teamsAppRatePerSecond;
  const dispatcher = new Dispatcher(
    {
      outbox: store.outbox,
      messenger,
      clock,
      logger,
      retire: retireInStore(store, clock),
      sentRetention: sentRetentionFrom(store.pcns, clock, logger),
      // A card's thread is noted on its round in the same write as "sent": reminders reply there, the close updates it.
      sentWith: (item, sent) => quickCheck.rounds.postedSteps(item, sent),
      leases: store.leases,
      onOutcome: (outcome) => telemetry.delivery(outcome),
    },
    {
      instanceId: config.instanceId,
      // The outbox leaves a reserve of the app's rate for replies within turns (bot/reply-budget.ts), and uses
      // it too while nobody has been answered for a while.
      limits: {
        globalPerSecond: outboxShare(teamsRate),
        lendReserveWhenQuiet: { fraction: reserveFraction(teamsRate) },
      },
      replyAllowancePerSecond: replyReserve(teamsRate),
      // A claim outlives a send by far; twice a lease, so a dead instance's sends are taken over within two minutes.
      claimTtlMs: 2 * config.leaseTtlMs,
      sharing: {
        appRatePerSecond: outboxShare(config.teamsAppRatePerSecond),
        fixedRate: config.teamsRatePerSecond !== undefined,
        leaseTtlMs: config.leaseTtlMs,
        handOverWaitMs: options.handOverWaitMs,
      },
    },
  );
  telemetry.observeWaiting(() => dispatcher.waiting());
  const outbox = new Outbox(store, clock, () => dispatcher.wake());
  // One signing key for export and calendar links: in local mode it is random per process, so it is made once.
  const linkSecret = resolveExportSecret(config, logger);
  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const quickCheck = new QuickCheck({
    cards: quickCheckCards,
    store,
    clock,
    logger,
    outbox,
    export: { secret: linkSecret, baseUrl },
  });
  const scheduler = new Scheduler(
    { pcns: store.pcns, schedule: store.schedule, clock, logger, settingsOf: (pcn) => pcn.schedule },
    { instanceId: config.instanceId, leaseTtlMs: config.leaseTtlMs },
  );
  const campaigns = new CampaignCalendarService(store.campaigns);
  const planDeps = { store, calendar: campaigns, clock, logger, outbox, cards: planCards };
  const digest = new DigestService(planDeps);
  const refreshCheck = new RefreshCheckService({ store, clock, logger, outbox, cards: refreshCards, calendar: campaigns });
  registerJobs(scheduler, quickCheck, outbox, digest, refreshCheck);

  const deps: BotDeps = {
    config,
    logger,
    clock,
    store,
    telemetry,
    access: new AccessService(store),
    installation: new InstallationService(store, clock, logger),
    setup: new SetupService(store, clock, logger),
    practiceDirectory: createPracticeDirectory(config, { logger, clock }),
    pcnSettings: new PcnSettingsService(store, clock, logger),
    quickCheck,
    campaigns,
    ask: new AskService(store, campaigns, clock),
    plans: new PlanService(planDeps),
    planList: new PlanListService(store, clock),
    digest,
    channels: new ChannelService(store, clock, logger),
    refreshCheck,
    pcnCampaigns: new PcnCampaignService(store, clock, logger),
    calendarFeed: new CalendarFeedService({ store, calendar: campaigns, clock, logger }, { secret: linkSecret, baseUrl }),
    outbox,
    deliveryStatus: new DeliveryStatus(store, outbox),
    dispatcher,
    scheduler,
  };
  const bot = new PcnBot(deps, (options.features ?? featureTable)(deps));
  const http = createServer({
    adapter,
    gate,
    bot,
    store,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version,
    ...(config.jobs ? { delivery: () => dispatcher.pacingReport() } : {}),
  });
  registerExportRoute(http.server, deps);
  registerCalendarRoute(http.server, deps);
  if (config.jobs) {
    dispatcher.start();
    scheduler.start();
  }
  let closing: Promise<void> | undefined;

  return {
    deps,
    router: bot.router,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        http.server.server.once('error', reject);
        http.server.listen(port, host, () => {
          const actual = (http.server.server.address() as AddressInfo).port;
          resolve({ port: actual, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}` });
        });
      }),
    close: () =>
      (closing ??= (async () => {
        const log = logger.child({ module: 'shutdown' });
        // Sending stops at once, beside the turns' drain: the sends in flight finish and are recorded (so none
        // is repeated), and the conversations go to the other instances, well within App Service's grace period.
        const delivery = Promise.all([scheduler.stop(), dispatcher.stop()]);
        const stopped = new Promise<void>((resolve) => {
          http.server.close(() => resolve());
          http.server.server.closeIdleConnections();
        });
        const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), options.drainTimeoutMs ?? 10_000).unref());
        const finished = Promise.all([stopped, http.drained()]);
        if ((await Promise.race([finished, timeout])) === 'timeout') {
          log.warn({ inFlight: http.inFlight() }, 'gave up waiting for turns');
          http.server.server.closeAllConnections();
        }
        await delivery;
        await store.close();
        log.info('stopped');
      })()),
  };
}
