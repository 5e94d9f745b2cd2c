/**
 * Practice channels and their refresh reminders as a practice manager meets
 * them: the real bot and the Microsoft 365 Agents Playground in headless
 * Chromium at 1400x1000 (the house budget, STYLE.md "Cards that busy people
 * can use"). Priya Shah, Riverside Medical Centre's lead, types `channels`,
 * adds the practice's Facebook page, then sees the list with four channels;
 * a day's reminder card bundles three reminders, Snooze puts it off for 7
 * days on the bot's clock, it comes back and Done stops it; Alex Morgan, the PCN admin,
 * reads `refresh status`. Every card is measured (under 600 px), checked for
 * text under 4.5:1, and photographed under SCREENSHOT_DIR/channels.
 */
import type { Locator } from 'playwright-core';
import { DEMO_PCN_ID, DEMO_PEOPLE } from '../../services/demo-pcn';
import type { Person } from '../../services/domain';
import type { ChannelRecord } from '../../services/domain/channels';
import {
  cardSize,
  clickCardButton,
  fillCardInput,
  findPost,
  lowContrastText,
  drawnCharts,
  openConversation,
  postInChannel,
  waitForCard,
} from '../support/playground-browser';
import { ShiftedClock } from '../support/fakes';
import { type PlaygroundStage, SCREENSHOT_DIR, startPlaygroundStage } from '../support/playground-journeys';

const WINDOW = { width: 1400, height: 1000 } as const;
const CARD_BUDGET_PX = 600;
const STEP_MS = 90_000;
const PRACTICE = 'Riverside Medical Centre';

const person = (name: string): Person => {
  const p = DEMO_PEOPLE.find((d) => d.name === name)!;
  return { aadObjectId: p.aadObjectId, name: p.name };
};

describe('practice channels in the Agents Playground at 1400x1000 (headless Chromium)', () => {
  let stage: PlaygroundStage;
  // Tuesday 5 January 2027, running on: the reminders' day, then a week later.
  const clock = new ShiftedClock('2027-01-05T09:00:00Z');
  const measured: Record<string, { height: number; screenshot: string }> = {};

  beforeAll(async () => {
    stage = await startPlaygroundStage({ viewport: WINDOW, shots: 'channels', clock });
    // The stage runs no jobs on a set clock; the outbox's dispatcher still delivers what the days queue.
    stage.app.deps.dispatcher.start();
    await stage.session.switchUser('Priya Shah');
    await openConversation(stage.page, { channel: 'General' });
    // Opening General installs the bot there: its welcome post must land before ours, or a post we pin could be it.
    await waitForCard(stage.page, 'Hello, Riverside Health PCN', { timeoutMs: 45_000 });
  }, 90_000);
  afterAll(async () => {
    console.log(
      `Channel card heights at 1400x1000 (screenshots under ${SCREENSHOT_DIR}/channels):\n${JSON.stringify(measured, null, 2)}`,
    );
    await stage?.close();
  }, 30_000);

  const check = async (name: string, card: Locator) => {
    const { height } = await cardSize(card);
    measured[name] = { height, screenshot: await stage.shot(name, card) };
    expect(height).toBeLessThan(CARD_BUDGET_PX);
    expect(await lowContrastText(card)).toEqual([]);
  };

  const riverside = async () => (await stage.store.practices.list(DEMO_PCN_ID)).find((p) => p.name === PRACTICE)!.practiceId;

  it(
    'when the lead adds the Facebook page, then the form and the lists fit, and four channels still fit',
    async () => {
      const { page } = stage;
      const post = await postInChannel(page, 'channels');
      const empty = await waitForCard(page, `${PRACTICE}: channels`, { within: post });
      await check('channels-empty', empty);

      await clickCardButton(empty, 'Add a channel');
      const form = await waitForCard(page, 'Add a channel', { within: post });
      await check('channel-form', form);
      await fillCardInput(form, 'Handle or web address', '@RiversideMC');
      await clickCardButton(form, 'Save');
      const one = await waitForCard(page, 'Added the @RiversideMC channel', { within: post });
      await check('channels-one', one);
      const [stored] = await stage.store.channels.list(DEMO_PCN_ID);
      expect(stored).toMatchObject({ platform: 'facebook', address: '@RiversideMC', owner: person('Priya Shah') });

      const practiceId = await riverside();
      const priya = person('Priya Shah');
      const more: [string, ChannelRecord['platform'], string][] = [
        ['insta', 'instagram', '@riverside.mc'],
        ['x', 'x', '@RiversideMC'],
        ['web', 'website', 'https://www.riversidemedicalcentre.nhs.uk/news'],
      ];
      for (const [channelId, platform, address] of more) {
        await stage.store.channels.create({
          pcnId: DEMO_PCN_ID,
          channelId,
          practiceId,
          platform,
          address,
          owner: priya,
          lastRefreshedAt: '2026-10-01T12:00:00.000Z',
          aboutReviewedAt: '2026-06-01T12:00:00.000Z',
          createdAt: '2026-01-05T12:00:00.000Z',
          createdBy: priya,
          updatedAt: '2026-10-01T12:00:00.000Z',
        });
      }
      const busyPost = await postInChannel(page, 'channels');
      const busy = await waitForCard(page, `${PRACTICE}: channels`, { within: busyPost });
      await check('channels-four', busy);
      expect(await busy.getByRole('button', { name: 'Refreshed', exact: true }).count()).toBe(4);
    },
    STEP_MS,
  );

  /** Runs the day's refresh check at 10:00 on the bot's clock and delivers it; Priya's card, if she has one that day. */
  const refreshDay = async (day: string) => {
    const { app } = stage;
    clock.set(`${day}T10:00:00Z`);
    const pcn = (await stage.store.pcns.get(DEMO_PCN_ID))!;
    const [item] = (await app.deps.refreshCheck.queueDaily(pcn, day)).filter((i) =>
      i.key.endsWith(person('Priya Shah').aadObjectId),
    );
    for (let i = 0; i < 200 && (await app.deps.outbox.status(DEMO_PCN_ID)).counts.pending > 0; i++)
      await stage.page.waitForTimeout(100);
    await app.deps.dispatcher.settle();
    return item;
  };
  /** Priya's reminder card for the day, as the Playground shows it (her 1:1 chat, or a new post in the channel). */
  const reminderCard = async (item: NonNullable<Awaited<ReturnType<typeof refreshDay>>>, dayTitle: string) => {
    const { page } = stage;
    if (item.target.kind === 'conversation') await openConversation(page, 'personal');
    const title = `Riverside Medical Centre: reminders for ${dayTitle}`;
    return waitForCard(page, title, { within: item.target.kind === 'conversation' ? undefined : findPost(page, title) });
  };
  const reply = (text: RegExp | string) => stage.page.getByText(text).last().waitFor({ state: 'visible', timeout: 20_000 });

  it(
    'when a day brings three reminders, then they come on one card that fits; Snooze puts them off 7 days, they come back, and Done stops them',
    async () => {
      // Tuesday 5 January 2027: the three seeded channels are stale and their "about" text overdue.
      const first = await refreshDay('2027-01-05');
      expect(first).toBeDefined();
      const reminder = await reminderCard(first!, 'Tuesday 5 January');
      await check('refresh-reminder', reminder);
      for (const title of ['Done', 'Snooze 7 days', 'Not relevant']) {
        expect(await reminder.getByRole('button', { name: title, exact: true }).isVisible()).toBe(true);
      }
      await clickCardButton(reminder, 'Snooze 7 days');
      await reply('Snoozed until Tuesday 12 January. I will remind you again then if it is still due.');

      // Snoozed: nothing on the days between.
      for (const day of ['2027-01-06', '2027-01-07', '2027-01-08', '2027-01-11']) expect(await refreshDay(day)).toBeUndefined();

      // Seven days later it comes back, on a new card; Done answers all three.
      const again = await refreshDay('2027-01-12');
      expect(again).toBeDefined();
      const back = await reminderCard(again!, 'Tuesday 12 January');
      expect(await back.innerText()).toMatch(/Instagram \(@riverside\.mc\)/);
      await clickCardButton(back, 'Done');
      await reply('Thanks: marked done today.');

      // Done: the channels count as refreshed and their "about" text checked, so the next days bring nothing.
      for (const day of ['2027-01-13', '2027-01-14']) expect(await refreshDay(day)).toBeUndefined();
      const channels = await stage.store.channels.list(DEMO_PCN_ID);
      expect(channels.filter((c) => c.lastRefreshedAt?.startsWith('2027-01-12'))).toHaveLength(3);
    },
    STEP_MS * 2,
  );

  it(
    'when the PCN admin asks for refresh status, then the card fits and the most overdue channel comes first',
    async () => {
      const { page } = stage;
      await stage.session.switchUser('Alex Morgan');
      await openConversation(page, { channel: 'General' });
      const post = await postInChannel(page, 'refresh status');
      const status = await waitForCard(page, 'Channels, most in need first', { within: post });
      await check('refresh-status', status);
      expect(await status.innerText()).toContain(`${PRACTICE}: Instagram (@riverside.mc)`);
      // The Playground draws the freshness donut beside the title, so its fallback line is not shown.
      expect(await drawnCharts(status)).toBe(1);
      expect(await status.innerText()).not.toMatch(/channels? needs? attention\./);
    },
    STEP_MS,
  );
});
