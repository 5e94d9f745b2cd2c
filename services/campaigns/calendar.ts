import type {
  CampaignCalendar,
  CampaignMatch,
  CampaignName,
  CampaignOccurrence,
  DayRange,
  LondonDay,
  PcnCampaign,
} from '../domain';
import { overlaps } from '../domain';
import { CampaignNameMatcher } from './matching';
import { NATIONAL_CAMPAIGNS } from './national';
import type { NationalCampaign } from './national-types';
import { byStart, nationalBetween, nationalId, occurrenceIn } from './occurrences';

/** Where a PCN's own campaigns come from: the store's campaign repository (store.campaigns). */
export interface PcnCampaignSource {
  list(pcnId: string): Promise<readonly PcnCampaign[]>;
}

/** A PCN's own campaign as an occurrence: its one set of dates. */
export function pcnOccurrence(campaign: PcnCampaign): CampaignOccurrence {
  return {
    campaignId: campaign.campaignId,
    name: campaign.name,
    description: campaign.description,
    audience: campaign.audience,
    kind: 'pcn',
    source: `Added by ${campaign.createdBy.name} for the PCN`,
    start: campaign.start,
    end: campaign.end,
  };
}

const SEASONAL = new Set(NATIONAL_CAMPAIGNS.filter((c) => c.seasonal).map((c) => nationalId(c.slug)));

/**
 * Whether posts for a campaign go out of date when it ends: a seasonal
 * national campaign (flu clinics, a sign-up challenge), or any of the PCN's
 * own (they are events, such as a health fair).
 */
export function goesOutOfDate(campaignId: string): boolean {
  return campaignId.startsWith('pcn:') || SEASONAL.has(campaignId);
}

/** A range longer than this is refused: no question needs more, and each year costs a pass over the rules. */
const MAX_YEARS = 25;

/**
 * The campaign calendar questions are answered from: the national calendar
 * shipped with the bot (services/campaigns/national.ts) for any year, with
 * the PCN's own campaigns from the store when a PCN is given. Construct it
 * once: `new CampaignCalendarService(store.campaigns)`.
 */
export class CampaignCalendarService implements CampaignCalendar {
  private readonly nationalNames: readonly CampaignName[];
  private readonly nationalMatcher: CampaignNameMatcher;

  constructor(
    private readonly pcnCampaigns: PcnCampaignSource,
    private readonly national: readonly NationalCampaign[] = NATIONAL_CAMPAIGNS,
    matching?: { readonly names: readonly CampaignName[]; readonly matcher: CampaignNameMatcher },
  ) {
    this.nationalNames =
      matching?.names ?? national.map((c) => ({ campaignId: nationalId(c.slug), name: c.name, aliases: c.aliases }));
    this.nationalMatcher = matching?.matcher ?? new CampaignNameMatcher(this.nationalNames);
  }

  async forPcn(pcnId: string | undefined): Promise<CampaignCalendar> {
    const own = await this.own(pcnId);
    return new CampaignCalendarService({ list: async () => own }, this.national, {
      names: this.nationalNames,
      matcher: this.nationalMatcher,
    });
  }

  async between(pcnId: string | undefined, range: DayRange): Promise<readonly CampaignOccurrence[]> {
    if (range.end < range.start) return [];
    if (Number(range.end.slice(0, 4)) - Number(range.start.slice(0, 4)) > MAX_YEARS) {
      throw new Error(`A calendar range of more than ${MAX_YEARS} years: ${range.start} to ${range.end}`);
    }
    const own = (await this.own(pcnId)).map(pcnOccurrence).filter((o) => overlaps(o, range));
    return [...nationalBetween(this.national, range), ...own].sort(byStart);
  }

  async find(pcnId: string | undefined, name: string): Promise<CampaignMatch | undefined> {
    const own = await this.own(pcnId);
    if (!own.length) return this.nationalMatcher.match(name);
    return new CampaignNameMatcher([...this.nationalNames, ...own.map(nameOf)]).match(name);
  }

  async next(pcnId: string | undefined, campaignId: string, day: LondonDay): Promise<CampaignOccurrence | undefined> {
    const national = this.national.find((c) => nationalId(c.slug) === campaignId);
    if (national) {
      const year = Number(day.slice(0, 4));
      // Last year's may still be on (flu season); otherwise this year's, or next year's once this year's is over.
      for (const y of [year - 1, year, year + 1]) {
        const occurrence = occurrenceIn(national, y);
        if (occurrence && occurrence.end >= day) return occurrence;
      }
      return undefined;
    }
    const own = (await this.own(pcnId)).find((c) => c.campaignId === campaignId);
    return own && own.end >= day ? pcnOccurrence(own) : undefined;
  }

  async names(pcnId: string | undefined): Promise<readonly CampaignName[]> {
    return [...this.nationalNames, ...(await this.own(pcnId)).map(nameOf)];
  }

  /** The national campaigns themselves (their rules and sources), for listing the calendar. */
  nationalCampaigns(): readonly NationalCampaign[] {
    return this.national;
  }

  private async own(pcnId: string | undefined): Promise<readonly PcnCampaign[]> {
    return pcnId ? this.pcnCampaigns.list(pcnId) : [];
  }
}

function nameOf(campaign: PcnCampaign): CampaignName {
  return { campaignId: campaign.campaignId, name: campaign.name, aliases: campaign.aliases };
}
