/**
 * Health-awareness campaigns: the national calendar shipped with the bot,
 * a PCN's own campaigns, and the calendar feed. Construct the calendar once
 * with the store's campaign repository: `new CampaignCalendarService(store.campaigns)`.
 */
export { CampaignCalendarService, goesOutOfDate, type PcnCampaignSource, pcnOccurrence } from './calendar';
export { CalendarFeedService, type CalendarFeedOptions, type FeedResult, FEEDS_OFF } from './calendar-feed';
export { CALENDAR_PATH, signFeedPath, verifyFeedFile } from './feed-links';
export { CampaignNameMatcher, foldName } from './matching';
export { NATIONAL_CAMPAIGNS } from './national';
export type { CalendarSource, CampaignDuration, CampaignOverride, NationalCampaign } from './national-types';
export { datesIn, nationalId, occurrenceIn } from './occurrences';
export { CAMPAIGN_CHANGED, CAMPAIGN_GONE, CAMPAIGNS_ON_CARD, PcnCampaignService, StaleCampaignError } from './pcn-campaigns';
