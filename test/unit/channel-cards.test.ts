import { ChannelVerbs, parseChannelInput, renderChannelFormCard, renderChannelsCard } from '../../cards/channel';
import { RefreshVerbs, renderRefreshReminderCard, renderRefreshStatusCard } from '../../cards/refresh';
import type { ChannelFormView, ChannelsView, RefreshReminderView } from '../../services/domain/channels';
import { ValidationError } from '../../services/errors';
import { cardParts, cardText } from '../support/card-text';

type Node = Record<string, unknown>;

/** Elements newer than Adaptive Cards 1.2 (Teams mobile), except Action.Execute, which falls back to Action.Submit. */
const NEWER_THAN_1_2 = ['Table', 'Input.Rating', 'Rating', 'Icon', 'Carousel', 'Badge'];
const VERBS: readonly string[] = [...Object.values(ChannelVerbs), ...Object.values(RefreshVerbs)];

function checkCard(card: unknown) {
  expect((card as Node).version).toBe('1.4');
  for (const n of cardParts(card)) {
    expect(NEWER_THAN_1_2).not.toContain(n.type);
    if (n.type === 'Action.Execute') {
      expect(n.fallback).toMatchObject({ type: 'Action.Submit', title: n.title, data: n.data });
      expect((n.data as Node).verb).toBe(n.verb);
      expect(VERBS).toContain(n.verb);
    }
    expect(n.color).not.toBe('Good');
    expect(n.isSubtle).not.toBe(true);
  }
  expect(JSON.stringify(card)).not.toContain('${');
}

const PRIYA = { aadObjectId: 'aad-lead', name: 'Priya Shah' };

const list = (over: Partial<ChannelsView> = {}): ChannelsView => ({
  title: 'Riverside Surgery: channels',
  canAdd: true,
  practices: [
    {
      practiceId: 'p-1',
      name: 'Riverside Surgery',
      empty: '',
      channels: [
        {
          channelId: 'ch-1',
          heading: 'Facebook: @RiversideSurgery',
          detail: 'Refreshed never; "about" checked never. Owner Priya Shah.',
          canChange: true,
        },
      ],
    },
  ],
  ...over,
});

const form = (over: Partial<ChannelFormView> = {}): ChannelFormView => ({
  title: 'Add a channel',
  practices: [{ value: 'p-1', title: 'Riverside Surgery' }],
  owners: [{ value: 'aad-lead', title: 'Priya Shah' }],
  platforms: [
    { value: 'facebook', title: 'Facebook' },
    { value: 'instagram', title: 'Instagram' },
  ],
  values: { practiceId: 'p-1', platform: 'facebook', address: '', ownerId: 'aad-lead' },
  ...over,
});

const reminder = (over: Partial<RefreshReminderView> = {}): RefreshReminderView => ({
  pcnId: 'tenant:team',
  day: '2026-12-07',
  owner: PRIYA,
  mention: false,
  items: [
    { kind: 'stale', subject: 'ch-1', text: 'nothing new since Friday 20 November (17 days)' },
    { kind: 'about', subject: 'ch-1', text: '"about" text last checked Tuesday 1 September (97 days)' },
  ],
  title: 'Riverside Surgery: reminders for Monday 7 December',
  lines: [
    'Facebook (@RiversideSurgery): nothing new since Friday 20 November (17 days); "about" text last checked Tuesday 1 September (97 days).',
  ],
  note: 'Check each "about" text says what the channel is for, and to call 111, or 999 in an emergency.',
  ...over,
});

describe('the channel cards', () => {
  it('when a lead lists their channels, then each has Refreshed, About checked and Edit with its id, and Add a channel is offered', () => {
    const card = renderChannelsCard(list());

    checkCard(card);
    expect(cardText(card)).toMatch(/^Riverside Surgery: channels\nFacebook: @RiversideSurgery\n/);
    const buttons = cardParts(card).filter((p) => p.type === 'Action.Execute');
    expect(buttons.map((b) => b.title)).toEqual(['Refreshed', 'About checked', 'Edit', 'Add a channel']);
    expect(buttons[0]!.data).toEqual({ verb: ChannelVerbs.refreshed, channelId: 'ch-1' });
    // The practice is the title: not repeated above its channels.
    expect(cardText(card).match(/Riverside Surgery/g)).toHaveLength(1);
  });

  it('when an admin lists several practices, then each practice is named above its channels', () => {
    const card = renderChannelsCard(
      list({
        title: 'Practice channels',
        practices: [
          ...list().practices,
          { practiceId: 'p-2', name: 'Hillside Medical Centre', empty: 'No channels yet.', channels: [] },
        ],
      }),
    );
    checkCard(card);
    expect(cardText(card)).toContain('Hillside Medical Centre\nNo channels yet.');
  });

  it('when the add card is for one practice, then the practice is named and rides in Save; the edit card offers Remove', () => {
    const add = renderChannelFormCard(form());
    checkCard(add);
    expect(cardText(add)).toMatch(/^Add a channel\nRiverside Surgery\n/);
    expect(cardParts(add).find((p) => p.title === 'Save')!.data).toEqual({ verb: ChannelVerbs.save, practiceId: 'p-1' });
    expect(cardParts(add).some((p) => p.title === 'Remove this channel')).toBe(false);

    const edit = renderChannelFormCard(form({ channelId: 'ch-1', title: "Change Riverside Surgery's Facebook channel" }));
    checkCard(edit);
    expect(cardParts(edit).find((p) => p.title === 'Save')!.data).toEqual({
      verb: ChannelVerbs.save,
      channelId: 'ch-1',
      practiceId: 'p-1',
    });
    expect(cardParts(edit).find((p) => p.title === 'Remove this channel')!.data).toEqual({
      verb: ChannelVerbs.remove,
      channelId: 'ch-1',
    });
  });

  it('when a submission has a field the card never sends, or misses one, then it is refused naming the field', () => {
    const good = { verb: ChannelVerbs.save, practiceId: 'p-1', platform: 'facebook', address: '@x', ownerId: 'aad-lead' };
    expect(parseChannelInput(good)).toMatchObject({ address: '@x' });
    expect(() => parseChannelInput({ ...good, admin: 'true' })).toThrow(ValidationError);
    expect(() => parseChannelInput({ ...good, address: '' })).toThrow('Handle or web address is required.');
  });
});

describe('the refresh reminder and status cards', () => {
  it("when a reminder goes to the owner's 1:1 chat, then it mentions nobody and every button names the reminders and PCN", () => {
    const card = renderRefreshReminderCard(reminder());

    checkCard(card);
    expect(cardText(card)).toMatch(
      /^Riverside Surgery: reminders for Monday 7 December\nFacebook \(@RiversideSurgery\): nothing new/,
    );
    expect((card.msteams as Node | undefined)?.entities).toBeUndefined();
    const buttons = cardParts(card).filter((p) => p.type === 'Action.Execute');
    expect(buttons.map((b) => b.title)).toEqual(['Done', 'Snooze 7 days', 'Not relevant']);
    for (const b of buttons) {
      expect(b.data).toMatchObject({ pcnId: 'tenant:team', day: '2026-12-07', reminders: 'stale:ch-1,about:ch-1' });
    }
    expect(cardParts(card).find((p) => p.id === 'reason')).toMatchObject({ type: 'Input.Text', maxLength: 300 });
  });

  it('when a reminder is posted in the channel, then it @mentions the owner with a mention entity', () => {
    const card = renderRefreshReminderCard(reminder({ mention: true }));
    checkCard(card);
    expect(cardText(card)).toContain('<at>Priya Shah</at>, these are waiting for you.');
    expect((card.msteams as Node).entities).toEqual([
      { type: 'mention', text: '<at>Priya Shah</at>', mentioned: { id: 'aad-lead', name: 'Priya Shah' } },
    ]);
  });

  it('when refresh status has lines, then they are listed in the order given', () => {
    const card = renderRefreshStatusCard({
      empty: '',
      lines: [
        { heading: 'Hillside Medical Centre: X (@HillsideMC)', detail: 'Needs attention: never refreshed.' },
        { heading: 'Riverside Surgery: Facebook (@RiversideSurgery)', detail: 'refreshed Monday 30 November (today).' },
      ],
    });
    checkCard(card);
    expect(cardText(card)).toMatch(/^Channels, most in need first\nHillside Medical Centre: X/);
  });
});
