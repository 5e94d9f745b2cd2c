/**
 * Planning a post as a practice manager does it: the real bot and the
 * Microsoft 365 Agents Playground in headless Chromium at 1400x1000 (the
 * house budget, STYLE.md "Cards that busy people can use"). Priya Shah,
 * Riverside Medical Centre's lead, types `plan`, writes a post with an NHS
 * number in it, sees the warning, takes the number out, saves, and the
 * announcement appears in the channel. Every card met (the plan card, the
 * warnings, the list after saving, the announcement, `plans` with a busy
 * fortnight, the weekly digest, the practice card with its services) is
 * measured (under 600 px), checked for text under 4.5:1, and photographed
 * under SCREENSHOT_DIR/plans; heights and paths are printed for the record.
 */
import type { Locator } from 'playwright-core';
import { DEMO_ADMIN, DEMO_PCN_ID, DEMO_PEOPLE, DEMO_TEAM } from '../../services/demo-pcn';
import { dayOf, addDays, type Person } from '../../services/domain';
import {
  cardSize,
  clickCardButton,
  fillCardInput,
  findPost,
  lowContrastText,
  openConversation,
  postInChannel,
  sendActivityAs,
  waitForCard,
} from '../support/playground-browser';
import { type PlaygroundStage, SCREENSHOT_DIR, startPlaygroundStage } from '../support/playground-journeys';

const WINDOW = { width: 1400, height: 1000 } as const;
/** The tallest a card may be (STYLE.md): the action a person came for shows without scrolling. */
const CARD_BUDGET_PX = 600;
const STEP_MS = 90_000;
const PRACTICE = 'Riverside Medical Centre';
const NHS_NUMBER = '943 476 5919';
const DRAFT = `Our flu clinic dates for December are on the website. Patient ${NHS_NUMBER} was first in line!`;
const FIXED = 'Our flu clinic dates for December are on the website. Thank you to everyone who came!';

const lead = (name: string): Person => {
  const p = DEMO_PEOPLE.find((d) => d.name === name)!;
  return { aadObjectId: p.aadObjectId, name: p.name };
};

describe('planning a post in the Agents Playground at 1400x1000 (headless Chromium)', () => {
  let stage: PlaygroundStage;
  const measured: Record<string, { height: number; screenshot: string }> = {};

  beforeAll(async () => {
    stage = await startPlaygroundStage({ viewport: WINDOW, shots: 'plans' });
    await stage.session.switchUser('Priya Shah');
    await openConversation(stage.page, { channel: 'General' });
    // Opening General installs the bot there: its welcome post must land before ours, or a post we pin could be it.
    await waitForCard(stage.page, 'Hello, Riverside Health PCN', { timeoutMs: 45_000 });
  }, 90_000);
  afterAll(async () => {
    console.log(
      `Plan card heights at 1400x1000 (screenshots under ${SCREENSHOT_DIR}/plans):\n${JSON.stringify(measured, null, 2)}`,
    );
    await stage?.close();
  }, 30_000);

  /** Measures, photographs and checks a card: under 600 px, and no text under 4.5:1. */
  const check = async (name: string, card: Locator) => {
    const { height } = await cardSize(card);
    measured[name] = { height, screenshot: await stage.shot(name, card) };
    expect({ name, height }).toEqual({ name, height: expect.any(Number) });
    expect(height).toBeLessThan(CARD_BUDGET_PX);
    expect(await lowContrastText(card)).toEqual([]);
  };

  /** Waits until the bot has sent everything it queued. */
  const outboxDrained = async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { counts } = await stage.app.deps.outbox.status(DEMO_PCN_ID);
      if (counts.pending + counts.sending === 0) break;
      if (Date.now() > deadline) throw new Error('The outbox did not drain');
      await stage.page.waitForTimeout(100);
    }
    await stage.app.deps.dispatcher.settle();
  };

  it(
    'when the lead plans a post with an NHS number, then the warning shows; with the number taken out it saves and the channel is told',
    async () => {
      const { page } = stage;
      const post = await postInChannel(page, 'plan');
      const form = await waitForCard(page, `Plan a post for ${PRACTICE}`, { within: post });
      await check('plan-form', form);
      expect(await form.getByRole('button', { name: 'Save', exact: true }).isVisible()).toBe(true);

      await fillCardInput(form, 'Platforms', 'Facebook');
      await fillCardInput(form, 'Campaign', 'Other (type its name)');
      await fillCardInput(form, "If Other, the campaign's name", 'Winter flu clinics');
      await fillCardInput(form, 'Summary or draft text', DRAFT);
      await clickCardButton(form, 'Save');

      const warning = await waitForCard(page, 'before saving', { within: post });
      await check('plan-warning', warning);
      const warned = await warning.innerText();
      expect(warned).toContain(NHS_NUMBER);
      expect(warned).toContain('Nothing is saved yet.');
      expect(await stage.store.plans.between(DEMO_PCN_ID, { start: '2000-01-01', end: '2100-01-01' })).toEqual([]);

      await clickCardButton(warning, 'Change it');
      const again = await waitForCard(page, 'Change what you need to', { within: post });
      await check('plan-form-again', again);
      await fillCardInput(again, 'Summary or draft text', FIXED);
      await clickCardButton(again, 'Save');

      const saved = await waitForCard(page, /Saved the plan for/, { within: post });
      await check('plans-after-save', saved);
      expect(await saved.innerText()).toContain('Winter flu clinics: Our flu clinic dates for December');
      const [stored] = await stage.store.plans.between(DEMO_PCN_ID, { start: '2000-01-01', end: '2100-01-01' });
      expect(stored).toMatchObject({ summary: FIXED, campaignName: 'Winter flu clinics', platforms: ['facebook'] });
      expect(stored!.warnings).toBeUndefined();

      await outboxDrained();
      const announcementPost = findPost(page, `${PRACTICE} plans a post`);
      const announcement = await waitForCard(page, `${PRACTICE} plans a post`, { within: announcementPost });
      await check('announcement', announcement);
      const told = await announcement.innerText();
      expect(told).toContain('Winter flu clinics');
      expect(told).toContain(FIXED);
      expect(told).not.toContain(NHS_NUMBER);
    },
    STEP_MS,
  );

  it(
    'when the fortnight is busy, then plans, an announcement with a warning gone ahead with, and the weekly digest each fit and read well',
    async () => {
      const { page, app } = stage;
      const today = dayOf(new Date());
      const practices = await stage.store.practices.list(DEMO_PCN_ID);
      const idOf = (name: string) => practices.find((p) => p.name === name)!.practiceId;
      const busy: [string, string, number, string, string][] = [
        [
          'Tom Fletcher',
          'Millbrook Surgery',
          1,
          'instagram',
          'Carers coffee morning this Thursday: all welcome, bring a friend.',
        ],
        [
          'Grace Okafor',
          'Oakfield Family Practice',
          2,
          'facebook,nextdoor',
          'Childhood immunisations: check your child is up to date.',
        ],
        ['Daniel Hughes', 'Canal Street Health Centre', 3, 'facebook', 'Our winter opening hours, in six community languages.'],
        ['Priya Shah', PRACTICE, 5, 'x,linkedin', 'We are recruiting a practice nurse: see the job advert on our website.'],
        ['Tom Fletcher', 'Millbrook Surgery', 8, 'website', 'Care home flu vaccination visits are under way across the area.'],
      ];
      for (const [who, practice, offset, platforms, summary] of busy) {
        const day = addDays(today, offset);
        const outcome = await app.deps.plans.save(DEMO_PCN_ID, lead(who), {
          practiceId: idOf(practice),
          start: day,
          end: day,
          platforms: platforms.split(',') as never,
          summary,
          ownerId: lead(who).aadObjectId,
        });
        expect({ summary, kind: outcome.kind }).toEqual({ summary, kind: 'saved' });
      }
      // Daniel goes ahead with a warning: the announcement says so.
      const draft = {
        practiceId: idOf('Canal Street Health Centre'),
        start: addDays(today, 4),
        end: addDays(today, 4),
        platforms: ['facebook' as const],
        summary: `Thank you to our patient ${NHS_NUMBER} for the kind review.`,
        ownerId: lead('Daniel Hughes').aadObjectId,
      };
      const first = await app.deps.plans.save(DEMO_PCN_ID, lead('Daniel Hughes'), draft);
      if (first.kind !== 'warnings') throw new Error('Expected the NHS number to be warned about');
      const ahead = await app.deps.plans.save(DEMO_PCN_ID, lead('Daniel Hughes'), draft, { ack: first.check.ack });
      expect(ahead.kind).toBe('saved');
      await outboxDrained();

      const wentAhead = await waitForCard(page, 'went ahead despite a warning', {
        within: findPost(page, 'went ahead despite a warning'),
      });
      await check('announcement-with-warning', wentAhead);

      const list = await waitForCard(page, 'coming plans', { within: await postInChannel(page, 'plans') });
      await check('plans-list', list);
      // Priya may change her own plans only; what does not fit is counted.
      expect(await list.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(1);
      expect(await list.innerText()).toContain('2 more plans are still to come.');

      const pcn = (await stage.store.pcns.get(DEMO_PCN_ID))!;
      expect(await app.deps.digest.queueWeekly(pcn, 'playground-week')).toBe(true);
      await outboxDrained();
      const digest = await waitForCard(page, 'Plans for the next two weeks', {
        within: findPost(page, 'Plans for the next two weeks'),
      });
      await check('digest', digest);
      expect(await digest.innerText()).toContain('Millbrook Surgery: Instagram');
    },
    STEP_MS,
  );

  it(
    "when an admin opens a practice's card in setup, then its services offered fit with the rest",
    async () => {
      const { page, session } = stage;
      await session.switchUser(DEMO_ADMIN.name);
      await openConversation(page, { channel: 'General' });
      const post = await postInChannel(page, 'plan');
      const choose = await waitForCard(page, 'Plan a post', { within: post });
      await check('plan-form-admin', choose);
      // An admin may change every plan: the list has the most buttons it can have.
      const all = await waitForCard(page, 'coming plans', { within: await postInChannel(page, 'plans') });
      await check('plans-list-admin', all);
      expect(await all.getByRole('button', { name: 'Mark posted', exact: true }).count()).toBe(4);

      await sendActivityAs(session.playground.url, DEMO_ADMIN, { conversationId: DEMO_TEAM.id, text: 'setup', mentionBot: true });
      const setup = await waitForCard(page, 'Set up Riverside Health PCN', {
        within: findPost(page, 'Set up Riverside Health PCN'),
      });
      const row = setup
        .locator('.ac-container')
        .filter({ hasText: 'Millbrook Surgery' })
        .filter({ has: page.getByRole('button', { name: 'Edit', exact: true }) })
        .last();
      await clickCardButton(row, 'Edit');
      const practice = await waitForCard(page, 'Edit Millbrook Surgery');
      await fillCardInput(practice, 'Services offered', 'Walk-in appointments');
      await fillCardInput(practice, 'Other services offered', 'Travel clinic');
      await check('setup-practice-services', practice);
      await clickCardButton(practice, 'Save practice');
      await waitForCard(page, 'Saved Millbrook Surgery');
      expect(await stage.store.practices.get(DEMO_PCN_ID, 'Y90012')).toMatchObject({
        services: ['walkIn'],
        otherServices: 'Travel clinic',
      });
    },
    STEP_MS,
  );
});
