import type { AccessService } from '../services/access';
import type { CalendarFeedService, PcnCampaignService } from '../services/campaigns';
import type { AskService } from '../services/ask/ask-service';
import type { Clock } from '../services/clock';
import type { Config } from '../services/config';
import type { CampaignCalendar } from '../services/domain';
import type { InstallationService } from '../services/installation';
import type { Logger } from '../services/logger';
import type { PracticeDirectory } from '../services/ods';
import type { Dispatcher } from '../services/outbox/dispatcher';
import type { DeliveryStatus } from '../services/outbox/delivery-status';
import type { Outbox } from '../services/outbox/outbox';
import type { PcnSettingsService } from '../services/pcn-settings';
import type { DigestService, PlanListService, PlanService } from '../services/plans';
import type { ChannelService, RefreshCheckService } from '../services/refresh';
import type { SetupService } from '../services/pcn-setup';
import type { QuickCheck } from '../services/quick-check';
import type { Scheduler } from '../services/scheduler/scheduler';
import type { Store } from '../services/store';
import type { Telemetry } from '../services/telemetry';

/** Everything the Teams edge hands to its handlers: config, ports and services. */
export interface BotDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: Store;
  /** Request metrics, outbox figures and exceptions (does nothing when telemetry is off). */
  readonly telemetry: Telemetry;
  /** Who may do what (the feature router asks before a handler runs). */
  readonly access: AccessService;
  readonly installation: InstallationService;
  readonly setup: SetupService;
  /** Practice names and PCN members from the NHS directory (ODS); answers nothing when look-ups are off. */
  readonly practiceDirectory: PracticeDirectory;
  readonly pcnSettings: PcnSettingsService;
  readonly quickCheck: QuickCheck;
  /** The national campaign calendar with each PCN's own campaigns (services/campaigns). */
  readonly campaigns: CampaignCalendar;
  /** A PCN's own campaigns, for its admins (`campaigns`). */
  readonly pcnCampaigns: PcnCampaignService;
  /** The PCN's calendar feed and its private links (`calendar link`). */
  readonly calendarFeed: CalendarFeedService;
  /** Questions about campaigns and plans, in plain English. */
  readonly ask: AskService;
  /** Planning posts: the plan card, its warnings, cancel and mark posted (`plan`). */
  readonly plans: PlanService;
  /** The coming plans, for anyone in the team (`plans`). */
  readonly planList: PlanListService;
  /** The weekly digest of plans and gaps (the scheduler's weekly-digest job). */
  readonly digest: DigestService;
  /** Practice channels (`channels`, `refreshed Facebook`) and the daily refresh reminders. */
  readonly channels: ChannelService;
  readonly refreshCheck: RefreshCheckService;
  readonly outbox: Outbox;
  readonly deliveryStatus: DeliveryStatus;
  readonly dispatcher: Dispatcher;
  readonly scheduler: Scheduler;
}
