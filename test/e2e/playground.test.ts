/**
 * The product as a newcomer meets it: the real bot and the Microsoft 365
 * Agents Playground, driven in headless Chromium the way a person would
 * (open a channel, @mention the bot, tick radio buttons, press Submit), with
 * assertions on what the page shows. One bot, one browser and one Playground
 * at a time serve the whole file, so the tests run in order and build on each
 * other, as a PCN's first day would.
 *
 * The Playground fixes its current user for the life of its process and keeps
 * its chats in memory, so playing someone else starts a new Playground
 * (`switchUser`) with empty chats. For the quick check the Playground therefore
 * runs as the practice lead, Priya Shah, from the start, and the admin's
 * `start quick check` goes in through the Playground's "Mock an Activity" API
 * (sendActivityAs) as Alex Morgan: the cards then land in the chats Priya sees.
 *
 * Screenshots of each key step are left in SCREENSHOT_DIR (a temp folder).
 */
import { DEMO_ADMIN, DEMO_PCN_ID, DEMO_TEAM } from '../../services/demo-pcn';
import { QUESTIONS, QUICK_CHECK_TITLE } from '../../services/domain/questions';
import {
  clickCardButton,
  fillCardInput,
  openConversation,
  postInChannel,
  SELECTORS,
  sendActivityAs,
  sendMessage,
  waitForCard,
  waitForText,
} from '../support/playground-browser';
import {
  answerQuickCheck,
  cardCount,
  editPracticeOnCard,
  gridRow,
  type PlaygroundStage,
  postSetupAs,
  quickCheckCard,
  SETUP_TITLE,
  startPlaygroundStage,
} from '../support/playground-journeys';

const DEMO_PRACTICES = [
  'Canal Street Health Centre (Y90014)',
  'Millbrook Surgery (Y90012)',
  'Oakfield Family Practice (Y90013)',
  'Riverside Medical Centre (Y90011)',
];
const STEP_MS = 45_000;
/** Text only the focused set-up cards show: their first input's label. */
const ADD_PRACTICE_CARD = 'Practice name';
const SETTINGS_CARD = 'Channel the bot posts in';

describe('the bot in the Microsoft 365 Agents Playground (headless Chromium)', () => {
  let stage: PlaygroundStage;

  beforeAll(async () => {
    stage = await startPlaygroundStage();
  }, 60_000);
  afterAll(async () => {
    await stage?.close();
  }, 30_000);

  const practiceList = () => stage.store.practices.list(DEMO_PCN_ID);
  const practiceNames = async () => (await practiceList()).map((p) => p.name);

  describe('issue 2: welcome, help and set-up', () => {
    it(
      "when the admin first opens the team's General channel, then the bot's welcome card is posted there",
      async () => {
        const { page } = stage;

        await openConversation(page, { channel: 'General' });

        const card = await waitForCard(page, 'Hello, Riverside Health PCN');
        await stage.shot('welcome-card', card);
        const text = await card.innerText();
        expect(text).toMatch(/What I am not for/);
        expect(text).toMatch(/not for one-to-one private, medical, emergency/);
        expect(text).toMatch(/call 111.*999/s);
        // The demo PCN is set up already, so the admin's next steps are the quick check and its results.
        for (const button of ['Start quick check', 'Results', 'Help']) {
          expect(await card.getByRole('button', { name: button, exact: true }).isVisible()).toBe(true);
        }
      },
      STEP_MS,
    );

    it(
      'when help is posted in the channel with an @mention, then the help card renders in that thread',
      async () => {
        const { page } = stage;

        const post = await postInChannel(page, 'help');

        const card = await waitForCard(page, /What I can do/, { within: post });
        await stage.shot('help-in-channel', post);
        const text = await card.innerText();
        expect(text).toMatch(/Type one of these after @ and my name, or ask a question/);
        for (const command of ['setup', 'start quick check', 'results']) expect(text).toContain(command);
        for (const button of ['Set up practices', 'Start quick check', 'Results']) {
          expect(await card.getByRole('button', { name: button, exact: true }).isVisible()).toBe(true);
        }
        // The Playground sent two install events when the channel opened: still one welcome.
        expect(await page.locator(SELECTORS.card).filter({ hasText: 'Hello, Riverside Health PCN' }).count()).toBe(1);
      },
      STEP_MS,
    );

    it(
      'when help is typed in the personal chat, then the help card renders there, with what works outside the team',
      async () => {
        const { page } = stage;
        await openConversation(page, 'personal');

        await sendMessage(page, 'help');

        const card = await waitForCard(page, /What I can do/);
        await stage.shot('help-in-personal-chat');
        const text = await card.innerText();
        expect(text).toContain('results');
        expect(text).toMatch(/most of them work in your PCN's team channel/);
      },
      STEP_MS,
    );

    it(
      'when the admin types setup, presses "Add a practice" and adds one with a lead, then the set-up card comes back in place with the new practice',
      async () => {
        const { page } = stage;
        await openConversation(page, { channel: 'General' });

        const post = await postInChannel(page, 'setup');
        const card = await waitForCard(page, SETUP_TITLE, { within: post });
        const before = await card.innerText();
        await clickCardButton(card, 'Add a practice');
        const form = await waitForCard(page, ADD_PRACTICE_CARD, { within: post });
        expect(await cardCount(post)).toBe(1);
        await fillCardInput(form, 'Practice name', 'Weir Lane Surgery');
        await fillCardInput(form, 'ODS code', 'Y90015');
        await fillCardInput(form, 'Practice leads', 'Sam Patel');
        await stage.shot('setup-add-practice-filled', post);
        await clickCardButton(form, 'Add practice');

        await waitForText(page, 'Added Weir Lane Surgery (Y90015).', { within: post });
        await stage.shot('setup-practice-added', post);
        expect(before).toContain('Practices (4)');
        for (const practice of DEMO_PRACTICES) expect(before).toContain(practice);
        const after = await card.innerText();
        expect(after).toContain('Practices (5)');
        expect(after).toMatch(/Weir Lane Surgery \(Y90015\)\s+Leads: Sam Patel/);
        expect(await cardCount(post)).toBe(1);
        expect(await practiceNames()).toContain('Weir Lane Surgery');
      },
      STEP_MS,
    );

    it(
      'when the admin presses "Change channel and admins" and chooses Social media, then the set-up card comes back in place showing it, and choosing General puts it back',
      async () => {
        const { page } = stage;
        const post = await postInChannel(page, 'setup');
        const card = await waitForCard(page, SETUP_TITLE, { within: post });
        expect(await card.innerText()).toMatch(/Bot posts in\s+General/);

        const changeChannel = async (channel: string) => {
          await clickCardButton(card, 'Change channel and admins');
          const form = await waitForCard(page, SETTINGS_CARD, { within: post });
          await fillCardInput(form, 'Channel the bot posts in', channel);
          if (channel !== 'General') await stage.shot('setup-channel-chosen', post);
          await clickCardButton(form, 'Save');
          await waitForText(page, `Saved. I will post in ${channel}; admins: Alex Morgan.`, { within: post });
        };

        await changeChannel('Social media');
        await stage.shot('setup-channel-saved', post);
        expect(await card.innerText()).toMatch(/Bot posts in\s+Social media/);
        expect((await stage.store.pcns.get(DEMO_PCN_ID))?.postingChannel.name).toBe('Social media');

        // The quick check below is read in General.
        await changeChannel('General');
        expect(await card.innerText()).toMatch(/Bot posts in\s+General/);
        expect(await cardCount(post)).toBe(1);
        expect((await stage.store.pcns.get(DEMO_PCN_ID))?.postingChannel.name).toBe('General');
      },
      STEP_MS,
    );

    it(
      "when the admin presses Edit on a practice, adds a lead and saves, then the set-up card comes back in place with the practice's new leads",
      async () => {
        const { page } = stage;
        const post = await postInChannel(page, 'setup');
        const card = await waitForCard(page, SETUP_TITLE, { within: post });

        await editPracticeOnCard(card, 'Millbrook Surgery (Y90012)');
        const edit = await waitForCard(page, 'Edit Millbrook Surgery', { within: post });
        await stage.shot('setup-edit-practice-opened', post);
        expect(await edit.getByRole('textbox', { name: /^Practice name/ }).inputValue()).toBe('Millbrook Surgery');
        expect(await edit.getByRole('textbox', { name: /^ODS code/ }).inputValue()).toBe('Y90012');
        expect(await edit.getByRole('combobox', { name: /^Practice leads/ }).inputValue()).toBe('Tom Fletcher');
        await fillCardInput(edit, 'Practice leads', 'Sam Patel');
        await stage.shot('setup-edit-practice-filled', post);
        await clickCardButton(edit, 'Save practice');

        await waitForText(page, 'Saved Millbrook Surgery (Y90012).', { within: post });
        await stage.shot('setup-practice-saved', post);
        expect(await card.innerText()).toMatch(
          /Millbrook Surgery \(Y90012\)\s+Leads: (Tom Fletcher, Sam Patel|Sam Patel, Tom Fletcher)/,
        );
        expect(await cardCount(post)).toBe(1);
        const millbrook = await stage.store.practices.get(DEMO_PCN_ID, 'Y90012');
        expect(millbrook?.leads.map((l) => l.name).sort()).toEqual(['Sam Patel', 'Tom Fletcher']);
      },
      STEP_MS,
    );

    it.each([
      ['Edit on Oakfield Family Practice', 'Edit Oakfield Family Practice'],
      ['Add a practice', ADD_PRACTICE_CARD],
      ['Change channel and admins', SETTINGS_CARD],
    ])(
      'when the admin presses %s, then Back to setup brings the set-up card back as it was and nothing changes',
      async (opener, focused) => {
        const { page } = stage;
        const before = { pcn: await stage.store.pcns.get(DEMO_PCN_ID), practices: await practiceList() };
        const post = await postInChannel(page, 'setup');
        const card = await waitForCard(page, SETUP_TITLE, { within: post });
        const shown = await card.innerText();

        if (opener === 'Add a practice' || opener === 'Change channel and admins') await clickCardButton(card, opener);
        else await editPracticeOnCard(card, 'Oakfield Family Practice (Y90013)');
        const edit = await waitForCard(page, focused, { within: post });
        await clickCardButton(edit, 'Back to setup');

        await waitForCard(page, SETUP_TITLE, { within: post });
        expect(await card.innerText()).toBe(shown);
        expect(await cardCount(post)).toBe(1);
        expect({ pcn: await stage.store.pcns.get(DEMO_PCN_ID), practices: await practiceList() }).toEqual(before);
      },
      STEP_MS,
    );

    it(
      'when an ordinary member (Sam Patel) types setup, then the bot refuses politely and shows no set-up card',
      async () => {
        const { page, session } = stage;
        await session.switchUser('Sam Patel');
        await openConversation(page, { channel: 'General' });

        const post = await postInChannel(page, 'setup');

        await waitForText(page, /Only a PCN admin can change the set-up/, { within: post });
        await stage.shot('setup-refused-for-member', post);
        expect(await cardCount(post)).toBe(0);
        const pcn = await stage.store.pcns.get(DEMO_PCN_ID);
        expect(pcn?.admins.map((a) => a.name)).toEqual(['Alex Morgan']);
      },
      STEP_MS,
    );

    it.each(['Edit', 'Add a practice', 'Change channel and admins'])(
      'when Sam presses %s on a set-up card an admin posted in the channel, then he is refused politely and nothing changes',
      async (button) => {
        const before = { pcn: await stage.store.pcns.get(DEMO_PCN_ID), practices: await practiceList() };
        const { post, card } = await postSetupAs(stage, DEMO_ADMIN);
        const shown = await card.innerText();

        if (button === 'Edit') await editPracticeOnCard(card, 'Millbrook Surgery (Y90012)');
        else await clickCardButton(card, button);

        await waitForText(stage.page, /Only a PCN admin can change the set-up/, { within: post });
        await stage.shot(`setup-${button.toLowerCase().replace(/ /g, '-')}-refused-for-member`, post);
        expect(await card.innerText()).toBe(shown);
        expect({ pcn: await stage.store.pcns.get(DEMO_PCN_ID), practices: await practiceList() }).toEqual(before);
      },
      STEP_MS,
    );
  });

  describe('issue 5: the quarterly quick check', () => {
    it(
      'when the admin starts the quick check, then one card per practice is posted in the channel',
      async () => {
        const { page, session } = stage;
        await session.switchUser('Priya Shah');
        await openConversation(page, { channel: 'General' });
        const practices = await practiceNames();

        await sendActivityAs(session.playground.url, DEMO_ADMIN, {
          conversationId: DEMO_TEAM.id,
          text: 'start quick check',
          mentionBot: true,
        });

        await waitForText(page, `I have opened the quick check for`);
        await waitForText(page, `I am posting a card for each of ${practices.length} practices`);
        for (const name of practices) await quickCheckCard(page, name).waitFor({ timeout: 20_000 });
        await stage.shot('quick-check-cards-posted');
        const cardPosts = page
          .locator(SELECTORS.post)
          .filter({ has: page.locator(SELECTORS.card).filter({ hasText: QUICK_CHECK_TITLE }) });
        expect(await cardPosts.count()).toBe(practices.length);
        const riverside = await quickCheckCard(page, 'Riverside Medical Centre').innerText();
        for (const question of QUESTIONS) expect(riverside).toContain(question.text);
        expect(riverside).toContain('Is the approach to social media right/working?');
      },
      STEP_MS,
    );

    it(
      "when the practice lead answers her practice's card with one No, then the card shows the recorded answers in place and the advice follows in its thread",
      async () => {
        const { page } = stage;
        const post = page
          .locator(SELECTORS.post)
          .filter({ has: quickCheckCard(page, 'Riverside Medical Centre') })
          .first();
        const card = quickCheckCard(post, 'Riverside Medical Centre');

        await answerQuickCheck(card, ['Yes', 'No', 'Yes', 'Yes']);
        await stage.shot('quick-check-answers-chosen', post);
        await clickCardButton(card, 'Submit');

        await waitForText(page, /Answered by Priya Shah on /, { within: post });
        await waitForText(page, 'Riverside Medical Centre answered No to one question.', { within: post });
        await stage.shot('quick-check-answered-with-advice', post);
        const answered = await card.innerText();
        const [strategy, managed, impact, value] = QUESTIONS.map((q) => q.text.replace(/[?]/g, '\\?'));
        expect(answered).toMatch(new RegExp(`${strategy}\\s+Yes`));
        expect(answered).toMatch(new RegExp(`${managed}\\s+No`));
        expect(answered).toMatch(new RegExp(`${impact}\\s+Yes`));
        expect(answered).toMatch(new RegExp(`${value}\\s+Yes`));
        expect(await card.getByRole('button', { name: 'Submit', exact: true }).count()).toBe(0);
        expect(await card.getByRole('button', { name: 'Change answers', exact: true }).isVisible()).toBe(true);
        expect(await cardCount(post)).toBe(1);
        const thread = await post.innerText();
        expect(thread).toContain('Moderate and remove inappropriate content, and make regular checks.');
      },
      STEP_MS,
    );

    it(
      "when results is asked, then the grid shows Riverside Medical Centre's answers and the others as not answered",
      async () => {
        const { page } = stage;
        const practices = await practiceNames();

        const post = await postInChannel(page, 'results');

        const card = await waitForCard(page, 'Social media quick check:', { within: post });
        await stage.shot('results-grid', post);
        expect(await card.innerText()).toContain(`1 of ${practices.length} practices answered`);
        expect((await gridRow(card, 'Riverside Medical Centre', 6)).slice(0, 5)).toEqual([
          'Riverside Medical Centre',
          'Yes',
          'No',
          'Yes',
          'Yes',
        ]);
        expect((await gridRow(card, 'Millbrook Surgery', 6)).slice(0, 6)).toEqual(['Millbrook Surgery', '–', '–', '–', '–', '–']);
        expect(await card.innerText()).toContain('Riverside Medical Centre: 2. Managed');
      },
      STEP_MS,
    );
  });
});
