import { Verbs } from '../../cards/verbs';
import { cardOf, cardText, type Harness, PCN_ID, PEOPLE, startHarness } from '../support/bot-harness';
import { FakeClock } from '../support/fakes';
import { captureLogs } from '../support/log-capture';

/**
 * The logs of a whole journey (install, setup, a quick check answered, a
 * question, an export link used) at the most verbose level hold no secret,
 * no token and nothing anyone typed. Each secret is a unique value the test
 * can look for; the journey's own steps are checked, so it cannot pass by
 * doing nothing.
 */
const SECRETS = {
  MicrosoftAppPassword: 'app-password-6f1c2d0e9a8b7c6d',
  EXPORT_SECRET: 'export-secret-3b4c5d6e7f8091a2b3c4d5e6f708192a',
  COSMOS_KEY: 'cosmos-key-0a9b8c7d6e5f4a3b2c1d',
};
const BEARER = 'eyJhbGciOiJSUzI1NiJ9.eyJzZW50aW5lbCI6dHJ1ZX0.c2lnbmF0dXJlLXNlbnRpbmVs';
const TYPED = {
  question: 'what campaigns are coming up?',
  chatter: 'my neighbour Mrs Quillfeather-Smith asked about her appointment',
  comment: 'Our practice manager Zebediah is on leave until March',
  results: 'results for Mr Oswaldtwistle please',
};

describe('logs of a whole journey', () => {
  let h: Harness;
  const logs = captureLogs('trace');
  const consoleLines: string[] = [];

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '));
      });
    }
    h = await startHarness({
      clock: new FakeClock('2027-01-04T09:30:00Z'),
      env: { ...SECRETS, LOG_LEVEL: 'trace' },
      logger: logs.logger,
      headers: { authorization: `Bearer ${BEARER}` },
    });
  });
  afterAll(async () => {
    await h.close();
    jest.restoreAllMocks();
  });

  it('when a PCN is set up, answers its quick check, asks a question and exports, then no secret, token or typed text is logged', async () => {
    await h.install(PEOPLE.admin);
    await h.say(PEOPLE.admin, 'setup');
    await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });
    const [practice] = await h.store.practices.list(PCN_ID);
    expect(practice?.name).toBe('Riverside Surgery');

    await h.say(PEOPLE.admin, 'start quick check');
    await h.connector.waitForCount(1, (a) => a.kind === 'newThread');
    await h.app.deps.dispatcher.settle();
    const answered = await h.invoke(PEOPLE.lead, Verbs.quickCheckSubmit, {
      roundId: '2027-Q1',
      practiceId: practice!.practiceId,
      pcnId: PCN_ID,
      strategy: 'yes',
      managed: 'no',
      impact: 'yes',
      value: 'yes',
      comment: TYPED.comment,
    });
    expect(answered.status).toBe(200);

    await h.say(PEOPLE.member, TYPED.question);
    await h.connector.waitFor((a) => /coming up/i.test(cardText(cardOf(a.activity))));
    // A reply Teams refuses: the turn fails and its error is logged, with whatever the HTTP client put on it.
    h.connector.scriptFault({ conversationId: `a:personal-${PEOPLE.member.aadObjectId}`, status: 400, times: 2 });
    await h.say(PEOPLE.member, TYPED.chatter, 'personal');
    expect(logs.lines()).toContainEqual(expect.objectContaining({ msg: 'turn failed' }));

    // A command with words the bot cannot take: the refusal is logged, what was typed is not.
    await h.say(PEOPLE.admin, TYPED.results);
    await h.connector.waitFor((a) => /didn't understand/.test(String(a.activity.text)));

    await h.say(PEOPLE.admin, 'export');
    const { body } = await h.invoke(PEOPLE.admin, Verbs.exportLink, { quarter: 'all' });
    const link = new URL((body.value as { actions: { url: string }[] }).actions[0]!.url);
    const download = await fetch(`${h.url}${link.pathname}${link.search}`);
    expect(download.status).toBe(200);
    expect(await download.text()).toContain(TYPED.comment);
    const tampered = await fetch(`${h.url}${link.pathname}${link.search.replace(/sig=[^&]+/, 'sig=AAAA')}`);
    expect(tampered.status).toBe(403);
    await h.app.deps.dispatcher.settle();

    const logged = `${logs.text()}\n${consoleLines.join('\n')}`;
    expect(logs.lines().length).toBeGreaterThan(5);
    const signatures = [...link.searchParams.entries()].filter(([k]) => /sig|token|signature/i.test(k)).map(([, v]) => v);
    expect(signatures.length).toBeGreaterThan(0);
    for (const secret of [...Object.values(SECRETS), BEARER, ...signatures]) expect(logged).not.toContain(secret);
    expect(logged).not.toMatch(/bearer\s+[A-Za-z0-9_-]{8,}/i);
    for (const typed of Object.values(TYPED)) expect(logged.toLowerCase()).not.toContain(typed.toLowerCase());
    // Nor the distinctive words of what was typed, in case a log line holds part of it.
    for (const word of ['Quillfeather', 'Zebediah', 'Oswaldtwistle']) expect(logged).not.toContain(word);
  });
});
