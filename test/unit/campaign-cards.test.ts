import {
  CampaignVerbs,
  renderCalendarLinkCard,
  renderCalendarOfferCard,
  renderCampaignFormCard,
  renderCampaignsCard,
} from '../../cards/campaigns';
import { parseCampaignInput, parseCampaignRef, typedCampaignValues } from '../../cards/campaigns-inputs';
import type { PcnCampaignsView } from '../../services/domain';
import { ValidationError } from '../../services/errors';
import { cardText } from '../support/card-text';

type Node = Record<string, unknown>;

/** Every object in a card, depth first. */
function nodes(card: unknown): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      out.push(n as Node);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Elements and actions newer than Adaptive Cards 1.2 (Teams mobile), except labels on inputs, which older clients ignore. */
const NEWER_THAN_1_2 = ['Action.Execute', 'Table'];

function checkCard(card: unknown) {
  expect((card as Node).version).toBe('1.4');
  for (const n of nodes(card)) {
    if (n.type === 'Action.Execute') {
      // Every Action.Execute falls back to an Action.Submit carrying the same verb and data.
      expect(n.fallback).toEqual({ type: 'Action.Submit', title: n.title, data: n.data });
      expect((n.data as Node).verb).toBe(n.verb);
      expect(Object.values(CampaignVerbs)).toContain(n.verb);
    } else if (typeof n.type === 'string') {
      expect(NEWER_THAN_1_2.filter((t) => t !== 'Action.Execute')).not.toContain(n.type);
    }
    // Teams' "Good" green is under 4.5:1 on white; "isSubtle" grey is too.
    expect(n.color).not.toBe('Good');
    expect(n.isSubtle).not.toBe(true);
  }
  expect(JSON.stringify(card)).not.toContain('${');
}

const view = (over: Partial<PcnCampaignsView> = {}): PcnCampaignsView => ({
  pcnName: 'Riverside PCN',
  campaigns: [
    {
      campaignId: 'pcn:fair',
      name: 'Riverside Health Fair',
      datesLabel: 'Saturday 3 October 2026',
      audience: 'Everyone in Riverside',
      current: false,
    },
    {
      campaignId: 'pcn:walk',
      name: 'Walk to school',
      datesLabel: 'Monday 14 September to Friday 18 September 2026',
      audience: '',
      current: true,
    },
  ],
  moreCount: 2,
  pastCount: 1,
  ...over,
});

describe('the campaign cards', () => {
  it('when the list is shown, then the PCN is the title, each campaign has its dates and an Edit button, and Add a campaign is a button', () => {
    const card = renderCampaignsCard(view());

    checkCard(card);
    const text = cardText(card);
    expect(text).toMatch(/^Riverside PCN's own campaigns/);
    expect(text).toContain('Riverside Health Fair');
    expect(text).toContain('Saturday 3 October 2026. Everyone in Riverside');
    expect(text).toContain('On now: Monday 14 September to Friday 18 September 2026');
    expect(text).toContain('2 more are still to come. 1 campaign has ended; it stays in the calendar.');
    const edits = nodes(card).filter((n) => n.type === 'Action.Execute' && n.verb === CampaignVerbs.edit);
    expect(edits.map((e) => e.data)).toEqual([
      { verb: CampaignVerbs.edit, campaignId: 'pcn:fair' },
      { verb: CampaignVerbs.edit, campaignId: 'pcn:walk' },
    ]);
    expect(((card as Node).actions as Node[]).map((a) => a.title)).toEqual(['Add a campaign', 'Get my calendar link']);
  });

  it('when there are none, then the card says so and what one might add', () => {
    const card = renderCampaignsCard(
      view({ campaigns: [], moreCount: 0, pastCount: 0, notice: { kind: 'success', text: 'Removed Walk to school.' } }),
    );

    checkCard(card);
    expect(cardText(card)).toContain('None on now or to come. Add one for a local event');
    expect(cardText(card)).toContain('Removed Walk to school.');
  });

  it('when a campaign is added, then the card has every field empty but the dates, and no Remove', () => {
    const card = renderCampaignFormCard({
      pcnName: 'Riverside PCN',
      values: { name: '', start: '2026-09-15', end: '2026-09-15', description: '', audience: '', aliases: '' },
    });

    checkCard(card);
    const inputs = nodes(card).filter((n) => String(n.type).startsWith('Input.'));
    expect(inputs.map((i) => [i.id, i.type, i.value ?? ''])).toEqual([
      ['name', 'Input.Text', ''],
      ['start', 'Input.Date', '2026-09-15'],
      ['end', 'Input.Date', '2026-09-15'],
      ['description', 'Input.Text', ''],
      ['audience', 'Input.Text', ''],
      ['aliases', 'Input.Text', ''],
    ]);
    expect(cardText(card)).toMatch(/^New campaign for Riverside PCN/);
    expect(((card as Node).actions as Node[]).map((a) => a.title)).toEqual(['Save', 'Back to campaigns']);
  });

  it('when a campaign is edited, then its name is the title, the fields are filled and Save and Remove carry its id and version', () => {
    const card = renderCampaignFormCard({
      pcnName: 'Riverside PCN',
      campaignId: 'pcn:fair',
      version: '"etag-1"',
      values: {
        name: 'Riverside Health Fair',
        start: '2026-10-03',
        end: '2026-10-04',
        description: 'Stalls.',
        audience: 'Everyone',
        aliases: 'health fair, fair',
      },
      notice: { kind: 'error', text: 'To must be on or after the From date. Nothing was saved.' },
    });

    checkCard(card);
    expect(cardText(card)).toMatch(/^Riverside Health Fair\nTo must be on or after the From date. Nothing was saved./);
    const actions = (card as Node).actions as Node[];
    expect(actions.map((a) => [a.title, a.data])).toEqual([
      ['Save', { verb: CampaignVerbs.save, campaignId: 'pcn:fair', version: '"etag-1"' }],
      ['Remove', { verb: CampaignVerbs.remove, campaignId: 'pcn:fair', version: '"etag-1"' }],
      ['Back to campaigns', { verb: CampaignVerbs.show }],
    ]);
  });

  it('when the calendar is offered in a channel, then the card has no link on it, only the button for a private one', () => {
    const card = renderCalendarOfferCard({ pcnName: 'Riverside PCN' });

    checkCard(card);
    expect(cardText(card)).toMatch(/^Riverside PCN social media calendar/);
    expect(JSON.stringify(card)).not.toContain('/api/calendar');
  });

  it('when the link is given, then it is on the card to copy and open, with how to subscribe in Outlook', () => {
    const url = 'https://bot.example.nhs.uk/api/calendar/abc.def.ics';
    const card = renderCalendarLinkCard({ pcnName: 'Riverside PCN', url });

    checkCard(card);
    expect(cardText(card)).toContain(url);
    expect(cardText(card)).toContain('Subscribe from web');
    expect((card as Node).actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the calendar file', url }]);
  });
});

describe('reading the campaign card', () => {
  const typed = (over: Record<string, unknown> = {}) => ({
    verb: CampaignVerbs.save,
    name: '  Riverside Health Fair ',
    start: '2026-10-03',
    end: '2026-10-04',
    description: 'Stalls from every practice.',
    audience: 'Everyone',
    aliases: 'health fair, fair , , health fair',
    ...over,
  });
  const problem = (over: Record<string, unknown>) => {
    try {
      parseCampaignInput(typed(over));
    } catch (error) {
      if (error instanceof ValidationError) return error.userMessage;
      throw error;
    }
    return 'no problem';
  };

  it('when the card is filled in, then the fields are trimmed and the other names split at commas, each once', () => {
    expect(parseCampaignInput(typed())).toEqual({
      name: 'Riverside Health Fair',
      start: '2026-10-03',
      end: '2026-10-04',
      description: 'Stalls from every practice.',
      audience: 'Everyone',
      aliases: ['health fair', 'fair'],
    });
    expect(parseCampaignInput(typed({ description: undefined, audience: undefined, aliases: undefined }))).toMatchObject({
      description: '',
      audience: '',
      aliases: [],
    });
  });

  it.each([
    ['an empty name', { name: '' }, 'Name is required.'],
    ['no name', { name: undefined }, 'Name is required.'],
    ['an 81-character name', { name: 'x'.repeat(81) }, 'Name must be at most 80 characters.'],
    ['no From', { start: '' }, 'From is required.'],
    ['30 February', { start: '2026-02-30' }, 'From must be a date, such as 1 October 2026.'],
    ['To as words', { end: '3 October' }, 'To must be a date, such as 1 October 2026.'],
    ['To before From', { end: '2026-10-02' }, 'To must be on or after the From date.'],
    ['a year and a day', { end: '2027-10-03' }, 'To must be less than a year after From: a campaign runs for a year at most.'],
    ['a 501-character description', { description: 'x'.repeat(501) }, 'Description must be at most 500 characters.'],
    ['11 other names', { aliases: 'a,b,c,d,e,f,g,h,i,j,k' }, 'Other names can be at most 10 names.'],
  ])('when the card sends %s, then it is refused naming the field', (_what, over, message) => {
    expect(problem(over)).toBe(message);
  });

  it('when a campaign runs exactly a year less a day, or one day, then it is accepted', () => {
    expect(problem({ start: '2026-10-03', end: '2027-10-02' })).toBe('no problem');
    expect(problem({ start: '2026-10-03', end: '2026-10-03' })).toBe('no problem');
    expect(problem({ start: '2028-02-29', end: '2029-02-28' })).toBe('no problem');
  });

  it('when a card names its campaign, then the id and version are read; a made-up id is not', () => {
    expect(parseCampaignRef({ campaignId: 'pcn:5b0f0c2e-1d1e-4a4a-9d59-3f8a1c2b7e10', version: '"0a00"' })).toEqual({
      campaignId: 'pcn:5b0f0c2e-1d1e-4a4a-9d59-3f8a1c2b7e10',
      version: '"0a00"',
    });
    expect(parseCampaignRef({ campaignId: 'national:stoptober', version: 'x' })).toBeUndefined();
    expect(parseCampaignRef({ campaignId: '', version: '' })).toBeUndefined();
  });

  it('when a card is shown again after a mistake, then what was typed is kept as typed', () => {
    expect(typedCampaignValues(typed({ end: '2026-10-02', name: 42 }))).toEqual({
      name: '',
      start: '2026-10-03',
      end: '2026-10-02',
      description: 'Stalls from every practice.',
      audience: 'Everyone',
      aliases: 'health fair, fair , , health fair',
    });
  });
});
