import { AskService } from '../../services/ask/ask-service';
import { CampaignCalendarService } from '../../services/campaigns';
import type { PcnCampaign, Plan, Practice } from '../../services/domain';
import type { Store } from '../../services/store';
import { healthFair, PRIYA } from '../support/campaign-fixtures';
import { FakeClock } from '../support/fakes';

/**
 * A question is answered from the PCN's own campaigns read once: the
 * question's names and its answer both need them, and on the national data
 * each read is a store query (bench:inbound's question).
 */
const PCN = 'tenant:team';
const fair = healthFair(PCN, {
  aliases: ['the fair'],
  start: '2026-12-12',
  end: '2026-12-12',
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
});
const riverside = { pcnId: PCN, practiceId: 'riverside', name: 'Riverside Surgery' } as Practice;
const fairPost: Plan = {
  pcnId: PCN,
  planId: 'p1',
  practiceId: 'riverside',
  start: '2026-12-10',
  end: '2026-12-10',
  startMonth: '2026-12',
  platforms: ['facebook'],
  campaignId: fair.campaignId,
  summary: 'Come to the fair',
  status: 'planned',
  createdBy: PRIYA,
  owner: PRIYA,
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-02T09:00:00.000Z',
};

function askWithCountedReads(): { ask: AskService; reads: () => number } {
  let reads = 0;
  const calendar = new CampaignCalendarService({
    list: async () => {
      reads++;
      return [fair];
    },
  });
  const store = {
    practices: { list: async () => [riverside] },
    plans: { between: async () => [fairPost] },
  } as unknown as Pick<Store, 'practices' | 'plans'>;
  return { ask: new AskService(store, calendar, new FakeClock('2026-12-01T10:00:00Z')), reads: () => reads };
}

describe('AskService reading the PCN’s own campaigns', () => {
  it.each([
    ['What campaigns are coming up?', 'Riverside health fair'],
    ['When is the fair?', 'Riverside health fair'],
    ['Who is posting about the fair?', 'Come to the fair'],
  ])('when someone asks "%s", then the PCN’s campaigns are read once and the answer uses them', async (question, shown) => {
    const { ask, reads } = askWithCountedReads();

    const answer = await ask.answer(PCN, question);

    expect(JSON.stringify(answer)).toContain(shown);
    expect(reads()).toBe(1);
  });

  it('when the PCN adds a campaign between two questions, then the second question sees it', async () => {
    let own: PcnCampaign[] = [];
    const calendar = new CampaignCalendarService({ list: async () => own });
    const store = {
      practices: { list: async () => [riverside] },
      plans: { between: async () => [] },
    } as unknown as Pick<Store, 'practices' | 'plans'>;
    const ask = new AskService(store, calendar, new FakeClock('2026-12-01T10:00:00Z'));

    const before = await ask.answer(PCN, 'What campaigns are coming up?');
    own = [fair];
    const after = await ask.answer(PCN, 'What campaigns are coming up?');

    expect(JSON.stringify(before)).not.toContain('Riverside health fair');
    expect(JSON.stringify(after)).toContain('Riverside health fair');
  });
});
