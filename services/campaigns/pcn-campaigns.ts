import { randomUUID } from 'node:crypto';
import { requireAdmin, requirePcn } from '../access';
import type { Clock } from '../clock';
import {
  type CardNotice,
  campaignDatesProblem,
  CAMPAIGN_FIELD_LABELS,
  CAMPAIGN_DATE_MESSAGES,
  dayOf,
  formatDayRange,
  type PcnCalendarRecord,
  type PcnCampaign,
  type PcnCampaignFormView,
  type PcnCampaignInput,
  type PcnCampaignsView,
  type Person,
} from '../domain';
import { AlreadyExistsError, AppError, ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { BatchOperation, Stored } from '../store/documents';
import { foldName } from './matching';

/** How many campaigns the list card shows: enough for a season, short enough to fit the screen. */
export const CAMPAIGNS_ON_CARD = 6;
const ATTEMPTS = 5;

const WHAT = "change the PCN's own campaigns";

export const CAMPAIGN_GONE = 'That campaign has been removed, so there is nothing to change.';
export const CAMPAIGN_CHANGED =
  'Someone else changed this campaign while you were editing it, so I have not saved yours. Here it is as it is now.';

/** The stored version of an edit card did not match: the card is shown again from the store. */
export class StaleCampaignError extends AppError {
  constructor() {
    super('CONFLICT', CAMPAIGN_CHANGED);
  }
}

/**
 * A PCN's own campaigns (a local health fair, a PCN-wide push), for its
 * admins: list, add, edit and remove. Each write is one batch of the
 * campaign and the PCN's calendar record, both conditional on their ETags,
 * so a name is never used twice and an edit never overwrites a change made
 * since the card was opened. Members see these through CampaignCalendar.
 */
export class PcnCampaignService {
  private readonly log: Logger;

  constructor(
    private readonly store: Pick<Store, 'pcns' | 'campaigns' | 'batch'>,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'pcn-campaigns' });
  }

  /** The list card: campaigns on now or to come, soonest first. Admins only. */
  async view(pcnId: string, actor: Person, notice?: CardNotice): Promise<PcnCampaignsView> {
    const pcn = await this.admin(pcnId, actor);
    const today = dayOf(this.clock.now());
    const all = await this.store.campaigns.list(pcnId);
    const coming = all
      .filter((c) => c.end >= today)
      .sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name));
    return {
      pcnName: pcn.name,
      campaigns: coming.slice(0, CAMPAIGNS_ON_CARD).map((c) => ({
        campaignId: c.campaignId,
        name: c.name,
        datesLabel: formatDayRange(c),
        audience: c.audience,
        current: c.start <= today,
      })),
      moreCount: Math.max(0, coming.length - CAMPAIGNS_ON_CARD),
      pastCount: all.length - coming.length,
      notice,
    };
  }

  /** The add card (no id), or the edit card of a stored campaign. Admins only. */
  async form(pcnId: string, actor: Person, campaignId?: string, notice?: CardNotice): Promise<PcnCampaignFormView> {
    const pcn = await this.admin(pcnId, actor);
    if (!campaignId) {
      const today = dayOf(this.clock.now());
      return {
        pcnName: pcn.name,
        values: { name: '', start: today, end: today, description: '', audience: '', aliases: '' },
        notice,
      };
    }
    const stored = await this.store.campaigns.get(pcnId, campaignId);
    if (!stored) throw new NotFoundError(CAMPAIGN_GONE);
    return {
      pcnName: pcn.name,
      campaignId,
      version: stored.etag,
      values: {
        name: stored.name,
        start: stored.start,
        end: stored.end,
        description: stored.description,
        audience: stored.audience,
        aliases: stored.aliases.join(', '),
      },
      notice,
    };
  }

  /** Adds a campaign. ValidationError (naming the field) for a name already in use or bad dates; nothing is saved then. */
  async add(pcnId: string, actor: Person, input: PcnCampaignInput): Promise<Stored<PcnCampaign>> {
    checkDates(input);
    const campaignId = `pcn:${randomUUID()}`;
    const key = nameKey(input.name);
    await this.retrying(async () => {
      await this.admin(pcnId, actor);
      const calendar = await this.store.campaigns.calendar(pcnId);
      if (calendar?.names[key]) throw duplicate(input.name);
      const now = this.clock.now().toISOString();
      const campaign: PcnCampaign = {
        pcnId,
        campaignId,
        ...fields(input),
        createdBy: { aadObjectId: actor.aadObjectId, name: actor.name },
        createdAt: now,
        updatedAt: now,
      };
      await this.store.batch(pcnId, [
        this.store.campaigns.createStep(campaign),
        this.calendarStep(pcnId, calendar, { ...calendar?.names, [key]: campaignId }),
      ]);
    });
    this.log.info({ pcnId, campaignId }, 'campaign added');
    return (await this.store.campaigns.get(pcnId, campaignId))!;
  }

  /**
   * Saves an edit made on a card opened at `version`. StaleCampaignError if
   * the campaign changed since; ValidationError for a name in use or bad dates.
   */
  async update(pcnId: string, actor: Person, campaignId: string, version: string, input: PcnCampaignInput): Promise<void> {
    checkDates(input);
    const key = nameKey(input.name);
    await this.retrying(async () => {
      await this.admin(pcnId, actor);
      const [stored, calendar] = await Promise.all([
        this.store.campaigns.get(pcnId, campaignId),
        this.store.campaigns.calendar(pcnId),
      ]);
      if (!stored) throw new NotFoundError(CAMPAIGN_GONE);
      if (stored.etag !== version) throw new StaleCampaignError();
      const taken = calendar?.names[key];
      if (taken && taken !== campaignId) throw duplicate(input.name);
      const names = withoutCampaign(calendar?.names, campaignId);
      await this.store.batch(pcnId, [
        this.store.campaigns.replaceStep({ ...stored, ...fields(input), updatedAt: this.clock.now().toISOString() }),
        this.calendarStep(pcnId, calendar, { ...names, [key]: campaignId }),
      ]);
    });
    this.log.info({ pcnId, campaignId }, 'campaign changed');
  }

  /** Removes a campaign as seen on a card opened at `version`; returns its name. */
  async remove(pcnId: string, actor: Person, campaignId: string, version: string): Promise<string> {
    let name = '';
    await this.retrying(async () => {
      await this.admin(pcnId, actor);
      const [stored, calendar] = await Promise.all([
        this.store.campaigns.get(pcnId, campaignId),
        this.store.campaigns.calendar(pcnId),
      ]);
      if (!stored) throw new NotFoundError(CAMPAIGN_GONE);
      if (stored.etag !== version) throw new StaleCampaignError();
      name = stored.name;
      await this.store.batch(pcnId, [
        this.store.campaigns.deleteStep(stored),
        this.calendarStep(pcnId, calendar, withoutCampaign(calendar?.names, campaignId)),
      ]);
    });
    this.log.info({ pcnId, campaignId }, 'campaign removed');
    return name;
  }

  private async admin(pcnId: string, actor: Person) {
    const pcn = await requirePcn(this.store, pcnId);
    requireAdmin(pcn, actor, WHAT);
    return pcn;
  }

  /** The calendar record's step: created with the first campaign, replaced under its ETag after that. */
  private calendarStep(
    pcnId: string,
    current: Stored<PcnCalendarRecord> | undefined,
    names: Readonly<Record<string, string>>,
  ): BatchOperation {
    const updatedAt = this.clock.now().toISOString();
    return current
      ? this.store.campaigns.calendarReplaceStep({ ...current, names, updatedAt })
      : this.store.campaigns.calendarCreateStep({ pcnId, names, feedVersion: 1, updatedAt });
  }

  /** Runs a read-check-write again when another write got in first (the checks then see it). */
  private async retrying(attempt: () => Promise<void>): Promise<void> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        const raced = error instanceof ConflictError || error instanceof AlreadyExistsError;
        if (!raced || n >= ATTEMPTS) throw error;
      }
    }
  }
}

function fields(input: PcnCampaignInput) {
  return {
    name: input.name.trim(),
    start: input.start,
    end: input.end,
    description: input.description.trim(),
    audience: input.audience.trim(),
    aliases: [...new Set(input.aliases.map((a) => a.trim()).filter(Boolean))],
  };
}

/** Names compare as people read them: "Flu Clinic Day" and "flu-clinic day" are one name. */
function nameKey(name: string): string {
  const key = foldName(name);
  if (!key) throw new ValidationError(CAMPAIGN_FIELD_LABELS.name, 'Name needs at least one letter or number.');
  return key;
}

function withoutCampaign(names: Readonly<Record<string, string>> | undefined, campaignId: string): Record<string, string> {
  return Object.fromEntries(Object.entries(names ?? {}).filter(([, id]) => id !== campaignId));
}

function duplicate(name: string): ValidationError {
  return new ValidationError(
    CAMPAIGN_FIELD_LABELS.name,
    `Name "${name.trim()}" is already used by another of your PCN's campaigns. Choose a different name, or edit that one.`,
  );
}

/** The card checks these first; checked again here so no other way in can save them. */
function checkDates(input: PcnCampaignInput): void {
  const problem = campaignDatesProblem(input);
  if (problem) throw new ValidationError(CAMPAIGN_FIELD_LABELS.end, CAMPAIGN_DATE_MESSAGES[problem]);
}
