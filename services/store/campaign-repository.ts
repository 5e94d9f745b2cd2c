import type { PcnCalendarRecord, PcnCampaign } from '../domain';
import { docId, readAll } from './doc-helpers';
import type { BatchOperation, DocumentStore, NewDocument, Stored } from './documents';

/** The one calendar record of a PCN. */
const CALENDAR_ID = 'calendar';

/**
 * A PCN's own campaigns (one `campaign` document each) and its calendar
 * record (`calendar`: the folded names in use and the feed link version),
 * all in the PCN's partition. Adding, renaming or removing a campaign is a
 * batch of a campaign step and a calendar step, both conditional, so two
 * admins can never give two campaigns one name.
 */
export class CampaignRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string, campaignId: string): Promise<Stored<PcnCampaign> | undefined> {
    return this.docs.get<PcnCampaign>(pcnId, 'campaign', docId('campaign', campaignId));
  }

  /** Every campaign of the PCN, by name (a PCN has tens, not thousands). */
  list(pcnId: string): Promise<Stored<PcnCampaign>[]> {
    return readAll((o) => this.docs.query<PcnCampaign>(pcnId, 'campaign', { ...o, orderBy: { field: 'name' } }));
  }

  /** Batch step: create the campaign; the batch fails with AlreadyExistsError if its id is taken. */
  createStep(campaign: PcnCampaign): BatchOperation {
    return { op: 'create', doc: campaignDocument(campaign) };
  }

  /** Batch step: replace the campaign, conditional on the ETag it was read with. */
  replaceStep(campaign: Stored<PcnCampaign>): BatchOperation {
    return { op: 'replace', doc: campaignDocument(campaign), ifMatch: campaign.etag };
  }

  /** Batch step: delete the campaign, conditional on the ETag it was read with. */
  deleteStep(campaign: Stored<PcnCampaign>): BatchOperation {
    return { op: 'delete', type: 'campaign', id: docId('campaign', campaign.campaignId), ifMatch: campaign.etag };
  }

  /** The PCN's calendar record; undefined until its first campaign or link reset. */
  calendar(pcnId: string): Promise<Stored<PcnCalendarRecord> | undefined> {
    return this.docs.get<PcnCalendarRecord>(pcnId, 'calendar', CALENDAR_ID);
  }

  /** Batch step: create the calendar record; AlreadyExistsError if another write made it first. */
  calendarCreateStep(record: PcnCalendarRecord): BatchOperation {
    return { op: 'create', doc: calendarDocument(record) };
  }

  /** Batch step: replace the calendar record, conditional on the ETag it was read with. */
  calendarReplaceStep(record: Stored<PcnCalendarRecord>): BatchOperation {
    return { op: 'replace', doc: calendarDocument(record), ifMatch: record.etag };
  }
}

function campaignDocument(campaign: PcnCampaign): NewDocument<PcnCampaign> {
  return { ...campaign, type: 'campaign', id: docId('campaign', campaign.campaignId) };
}

function calendarDocument(record: PcnCalendarRecord): NewDocument<PcnCalendarRecord> {
  return { ...record, type: 'calendar', id: CALENDAR_ID };
}
