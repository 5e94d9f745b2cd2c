/**
 * Setting up a PCN of seven practices the way a new PCN admin would: the
 * real bot and the Microsoft 365 Agents Playground in headless Chromium, in
 * a 1400x1000 window (STYLE.md, "Cards that busy people can use"). Every
 * click and every field filled is counted through the wrappers below, and
 * the whole set-up, a lead chosen for each practice included, must take
 * under 3 minutes at 2 seconds a click or field (issue 10: today about 41
 * clicks and 225 keystrokes, 8 to 15 minutes). Each card met is measured
 * and photographed; the set-up card with seven practices must be under
 * 600 px tall.
 *
 * The stage seeds the demo PCN with four practices; the test removes them
 * first (through the set-up service, as an admin would with Remove), so
 * the admin starts from an empty PCN as after installing the bot.
 */
import type { Locator } from 'playwright-core';
import { DEMO_ADMIN, DEMO_BOT, DEMO_PCN_ID } from '../../services/demo-pcn';
import {
  cardSize,
  clickCardButton,
  fillCardInput,
  openConversation,
  postInChannel,
  waitForCard,
  waitForText,
} from '../support/playground-browser';
import { type PlaygroundStage, SETUP_TITLE, startPlaygroundStage } from '../support/playground-journeys';

const WINDOW = { width: 1400, height: 1000 } as const;
/** The tallest a card may be (STYLE.md). */
const CARD_BUDGET_PX = 600;
/** Issue 10's yardstick: 2 seconds a click or a field, and under 3 minutes for seven practices. */
const SECONDS_PER_STEP = 2;
const BUDGET_SECONDS = 180;

/** Seven practices as a PCN's list has them: copied from a spreadsheet, so name, a tab, ODS code. */
const PRACTICES = [
  ['Riverside Medical Centre', 'Y90021', 'Priya Shah'],
  ['Millbrook Surgery', 'Y90022', 'Tom Fletcher'],
  ['Oakfield Family Practice', 'Y90023', 'Grace Okafor'],
  ['Canal Street Health Centre', 'Y90024', 'Daniel Hughes'],
  ['Weir Lane Surgery', 'Y90025', 'Sam Patel'],
  ['Hillside Medical Practice', 'Y90026', 'Alex Morgan'],
  ["St John's Health Centre", 'Y90027', 'Priya Shah'],
] as const;
const PASTED = PRACTICES.map(([name, code]) => `${name}\t${code}`).join('\n');

/** What a person did, counted as issue 10 counts it. */
interface Counts {
  /** Buttons pressed, conversations opened, mention picks: one pointer click each. */
  clicks: number;
  /** Inputs filled: a box typed or pasted into, a person picked from a list (open it, tick a name). */
  fields: number;
  /** Characters typed or pasted, for comparison with the issue's 225 keystrokes. */
  characters: number;
  /** Clicks inside the fields: opening a list and ticking a name in it. */
  clicksInFields: number;
}

describe('setting up seven practices in the Agents Playground (1400x1000)', () => {
  let stage: PlaygroundStage;
  let counts: Counts;
  const shots: string[] = [];
  const heights: Record<string, number> = {};

  /** Empties the PCN, as after installing the bot (the stage seeds four demo practices). */
  const removeEveryPractice = async () => {
    const admin = { aadObjectId: DEMO_ADMIN.aadObjectId, name: DEMO_ADMIN.name };
    for (const practice of await stage.store.practices.list(DEMO_PCN_ID)) {
      await stage.app.deps.setup.removePractice(DEMO_PCN_ID, admin, practice.practiceId);
    }
  };

  beforeAll(async () => {
    stage = await startPlaygroundStage({ viewport: WINDOW, shots: 'setup' });
  }, 60_000);
  beforeEach(async () => {
    await removeEveryPractice();
    counts = { clicks: 0, fields: 0, characters: 0, clicksInFields: 0 };
  });
  afterAll(async () => {
    await stage?.close();
  }, 30_000);

  const report = (title: string) => {
    const steps = counts.clicks + counts.fields;
    return [
      title,
      `  ${counts.clicks} clicks + ${counts.fields} fields = ${steps} steps, ${steps * SECONDS_PER_STEP} s at ${SECONDS_PER_STEP} s each (budget ${BUDGET_SECONDS} s)`,
      `  ${counts.characters} characters typed or pasted; ${counts.clicksInFields} more clicks inside the fields (opening a list, ticking a name)`,
    ];
  };

  /** The helpers, wrapped to count what a person does. */
  const person = {
    async open(channel: string) {
      await openConversation(stage.page, { channel });
      counts.clicks += 1;
    },
    /** Click the composer, type "@PCN", pick the bot from the menu, type the command, press Post. */
    async post(text: string) {
      const post = await postInChannel(stage.page, text);
      counts.clicks += 3;
      counts.fields += 1;
      counts.characters += `@${DEMO_BOT.name.split(' ')[0]} ${text}`.length;
      return post;
    },
    async press(card: Locator, title: string) {
      await clickCardButton(card, title);
      counts.clicks += 1;
    },
    async type(card: Locator, label: string, text: string) {
      await fillCardInput(card, label, text);
      counts.fields += 1;
      counts.characters += text.length;
    },
    /** Open a people list and tick one name (fillCardInput closes the list again with Escape). */
    async pick(card: Locator, label: string, name: string) {
      await fillCardInput(card, label, name);
      counts.fields += 1;
      counts.clicksInFields += 2;
    },
  };

  const measure = async (name: string, card: Locator) => {
    const { height } = await cardSize(card);
    heights[name] = height;
    shots.push(await stage.shot(name, card));
    return height;
  };

  it('when the admin adds seven practices one at a time with today\'s "Add a practice", then it is counted the same way, for comparison', async () => {
    const { page } = stage;

    await person.open('General');
    const post = await person.post('setup');
    const card = await waitForCard(page, SETUP_TITLE, { within: post });
    for (const [index, [name, code, lead]] of PRACTICES.entries()) {
      await person.press(card, 'Add a practice');
      const form = await waitForCard(page, 'Practice name', { within: post });
      await person.type(form, 'Practice name', name);
      await person.type(form, 'ODS code', code);
      await person.pick(form, 'Practice leads', lead);
      await person.press(form, 'Add practice');
      await waitForText(page, `Practices (${index + 1})`, { within: post });
    }

    console.log(report('Setting up seven practices one at a time ("Add a practice"):').join('\n'));
    expect(await stage.store.practices.list(DEMO_PCN_ID)).toHaveLength(7);
    const typed = PRACTICES.reduce((sum, [name, code]) => sum + name.length + code.length, 0);
    expect(counts).toEqual({ clicks: 18, fields: 22, characters: typed + 10, clicksInFields: 14 });
  }, 180_000);

  it('when the admin pastes seven practices and picks a lead for each, then all are set up within 3 minutes of clicks and fields', async () => {
    const { page } = stage;

    await person.open('General');
    const post = await person.post('setup');
    const empty = await waitForCard(page, SETUP_TITLE, { within: post });
    await measure('setup-empty', empty);
    expect(await empty.innerText()).toContain('Practices (0)');
    // The first thing a new admin sees is how to add practices.
    const buttons = await empty.getByRole('button').allInnerTexts();
    expect(buttons.slice(0, 2)).toEqual(['Add a practice', 'Add several practices']);

    await person.press(empty, 'Add several practices');
    const several = await waitForCard(page, 'One practice a line', { within: post });
    await person.type(several, 'Practices', PASTED);
    await measure('setup-several-filled', several);
    await person.press(several, 'Add practices');

    for (const [index, [name, code, lead]] of PRACTICES.entries()) {
      const leads = await waitForCard(page, `Choose its leads: practice ${index + 1} of the 7`, { within: post });
      expect(await leads.innerText()).toContain(`${name} (${code})`);
      await person.pick(leads, 'Practice leads', lead);
      if (index === 0) await measure('setup-leads-first', leads);
      await person.press(leads, index < PRACTICES.length - 1 ? 'Save and next' : 'Save and finish');
    }

    await waitForText(page, "Saved St John's Health Centre (Y90027), the last of the 7 practices you added.", { within: post });
    const done = await waitForCard(page, SETUP_TITLE, { within: post });
    await measure('setup-seven-practices', done);
    const text = await done.innerText();
    expect(text).toContain('Practices (7)');
    for (const [name, code, lead] of PRACTICES) expect(text).toMatch(new RegExp(`${name} \\(${code}\\)\\s+Leads: ${lead}`));
    const stored = await stage.store.practices.list(DEMO_PCN_ID);
    expect(stored.map((p) => [p.name, p.odsCode, p.leads.map((l) => l.name).join()]).sort()).toEqual(
      PRACTICES.map((p) => [...p]).sort(),
    );

    const steps = counts.clicks + counts.fields;
    const seconds = steps * SECONDS_PER_STEP;
    console.log(
      [
        ...report('Setting up seven practices with "Add several practices" and "Save and next":'),
        `  card heights (px): ${Object.entries(heights)
          .map(([name, h]) => `${name} ${h}`)
          .join(', ')}`,
        '  screenshots:',
        ...shots.map((file) => `    ${file}`),
      ].join('\n'),
    );
    expect(seconds).toBeLessThan(BUDGET_SECONDS);
    // Counting every click inside a list as a step too, it is still well inside.
    expect((steps + counts.clicksInFields) * SECONDS_PER_STEP).toBeLessThan(BUDGET_SECONDS);
    expect(counts).toEqual({ clicks: 13, fields: 9, characters: PASTED.length + 10, clicksInFields: 14 });
    for (const [name, height] of Object.entries(heights))
      expect({ name, height: height < CARD_BUDGET_PX }).toEqual({ name, height: true });
  }, 180_000);
});
