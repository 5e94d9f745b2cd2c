import type { PcnCampaign } from '../../services/domain';

/** A PCN admin who adds campaigns and plans in unit tests. */
export const PRIYA = { aadObjectId: 'priya', name: 'Priya Shah' };

/** A PCN's own one-day campaign (a health fair), with whatever a test needs changed. */
export function healthFair(pcnId: string, over: Partial<PcnCampaign> = {}): PcnCampaign {
  return {
    pcnId,
    campaignId: 'pcn:health-fair',
    name: 'Riverside health fair',
    aliases: [],
    description: 'A day of checks and advice.',
    audience: 'Everyone',
    start: '2027-05-08',
    end: '2027-05-08',
    createdBy: PRIYA,
    createdAt: '2027-01-01T09:00:00.000Z',
    updatedAt: '2027-01-01T09:00:00.000Z',
    ...over,
  };
}
