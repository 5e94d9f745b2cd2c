import { HELP_RUN_VERB } from '../../cards/help';
import { Verbs } from '../../cards/verbs';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, type Someone, startHarness } from '../support/bot-harness';

/** The titles of a card's buttons, in order. */
function buttons(card: unknown): string[] {
  const actions = (card as { actions?: { title?: string }[] }).actions ?? [];
  return actions.map((a) => String(a.title));
}

/** The command names a help card lists (its FactSet titles). */
function listed(card: unknown): string[] {
  const body = (card as { body: { type: string; facts?: { title: string }[] }[] }).body;
  return body.flatMap((b) => (b.type === 'FactSet' ? (b.facts ?? []).map((f) => f.title) : []));
}

/** The command names in the help card's "Also:" line (the commands with neither a menu line nor a button). */
function also(card: unknown): string[] {
  const line = /^Also: (.*)\.$/m.exec(cardText(card))?.[1] ?? '';
  return line ? line.split(', ').map((name) => name.replace(/\*\*/g, '')) : [];
}

describe('help, by role, with buttons for the next steps', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.install(PEOPLE.admin);
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });
    h.connector.reset();
  });
  afterEach(() => h.close());

  const helpCardFor = async (who: Someone, text = 'help', where: 'channel' | 'personal' = 'channel') => {
    await h.say(who, text, where);
    return cardOf((await h.connector.waitFor((a) => !!cardOf(a.activity))).activity);
  };

  it('when a PCN admin asks for help, then every command is there (the main ones with a line each), with buttons for the next steps', async () => {
    const card = await helpCardFor(PEOPLE.admin);

    expect(listed(card)).toEqual([
      'setup',
      'start quick check',
      'results',
      'export',
      'settings',
      'status',
      'campaigns',
      'calendar link',
      'plan',
      'upcoming',
    ]);
    expect(also(card)).toEqual(['calendar link reset', 'plans', 'channels', 'refreshed', 'refresh status']);
    expect(buttons(card)).toEqual(['Set up practices', 'Start quick check', 'Results', 'Plan a post', 'Coming up']);
  });

  it.each([
    [
      'a practice lead',
      PEOPLE.lead,
      ['results', 'calendar link', 'plan', 'upcoming'],
      ['plans', 'channels', 'refreshed'],
      ['Results', 'Plan a post', 'Coming up'],
    ],
    ['a member', PEOPLE.member, ['results', 'calendar link', 'upcoming'], ['plans'], ['Results', 'Coming up']],
  ])(
    'when %s asks for help, then admin-only commands are left out and they are told admins see more',
    async (_who, person, commands, more, offered) => {
      const card = await helpCardFor(person);

      expect(listed(card)).toEqual(commands);
      expect(also(card)).toEqual(more);
      expect(buttons(card)).toEqual(offered);
      expect(cardText(card)).toContain('PCN admins see more here');
    },
  );

  it('when a lead presses Plan a post on the help card, then the plan card for their practice is posted', async () => {
    const { body } = await h.invoke(PEOPLE.lead, HELP_RUN_VERB, { command: 'plan' });
    const posted = await h.connector.waitFor((a) => cardText(cardOf(a.activity)).startsWith('Plan a post for Riverside Surgery'));

    expect(cardText(body.value)).toContain('What I can do');
    expect(cardText(cardOf(posted.activity))).toContain('Summary or draft text');
  });

  it('when someone asks in a 1:1 chat, then no team buttons are offered and no admin commands listed', async () => {
    const card = await helpCardFor(PEOPLE.admin, 'help', 'personal');

    expect(listed(card)).toEqual(['results', 'calendar link', 'upcoming']);
    expect(also(card)).toEqual(['plans']);
    expect(buttons(card)).toEqual(['Coming up']);
  });

  it('when someone says good morning, then they are greeted by their first name with the help card', async () => {
    const card = await helpCardFor(PEOPLE.member, 'Good morning!');

    expect(cardText(card)).toMatch(/^Hello, Sam/);
  });

  it('when a member presses Results on the help card, then the results are posted and the help card stays', async () => {
    const { body } = await h.invoke(PEOPLE.member, HELP_RUN_VERB, { command: 'results' });
    // No round yet this quarter: the results command says so, as it does when typed.
    const results = await h.connector.waitFor((a) => /no quick check results yet/.test(String(a.activity.text ?? '')));

    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('What I can do');
    expect(results.activity.text).toMatch(/a PCN admin can type \*\*start quick check\*\*/);
  });

  it('when a member sends a tampered button to start the quick check, then they are refused and no round opens', async () => {
    const { body } = await h.invoke(PEOPLE.member, HELP_RUN_VERB, { command: 'start quick check' });

    expect(String(body.value)).toMatch(/^Only a PCN admin can start the quick check/);
    expect(await h.store.quickCheck.getRound(PCN_ID, '2026-Q4')).toBeUndefined();
  });

  it('when a button names a command the bot does not have, then it says the card is out of date', async () => {
    const { body } = await h.invoke(PEOPLE.member, HELP_RUN_VERB, { command: 'delete everything' });

    expect(String(body.value)).toBe('That button is out of date. Type **help** for the current list.');
  });

  it('when someone asks how to change their answers, then they are told which button to press', async () => {
    await h.say(PEOPLE.lead, 'How do I change my answers?');
    const reply = await h.connector.waitFor((a) => typeof a.activity.text === 'string');

    expect(reply.activity.text).toMatch(/^To change your practice's answers, press \*\*Change answers\*\*/);
  });
});

describe('the welcome card', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('when the bot is added to a new team, then the welcome offers Set up this PCN and Help', async () => {
    await h.install(PEOPLE.admin);
    const welcome = cardOf((await h.connector.waitFor((a) => cardText(cardOf(a.activity)).includes('Hello, '))).activity);

    expect(buttons(welcome)).toEqual(['Set up this PCN', 'Help']);
  });
});
