/**
 * The quick check's cards as a practice manager sees them: the real bot and
 * the Microsoft 365 Agents Playground in headless Chromium, in a 1400x1000
 * window (the house budget, STYLE.md "Cards that busy people can use").
 * Each card is measured and photographed: the quick check form, the
 * answered card, the results card and the trend card must each be under
 * 600 px tall, and the form's Submit must sit inside the window when the
 * card's top is at the window's top.
 *
 * The Playground runs as the practice lead, Priya Shah, and the admin's
 * `start quick check` goes in through its activity API, as in
 * playground.test.ts; then as the PCN admin, Alex Morgan, whose results card
 * has "Remind now". Heights and screenshot paths are printed for the record.
 */
import type { Locator } from 'playwright-core';
import { quickCheckCards } from '../../cards/quick-check-renderer';
import { renderResultsCard } from '../../cards/results';
import { renderTrendCard } from '../../cards/results-trend';
import { DEMO_ADMIN, DEMO_PCN_ID, DEMO_TEAM } from '../../services/demo-pcn';
import type { OutboxItem } from '../../services/domain';
import { QUESTIONS } from '../../services/domain/questions';
import { answeredView, formView } from '../../services/quick-check/messages';
import { cardParts } from '../support/card-text';
import {
  cardSize,
  clickCardButton,
  drawnCharts,
  findPost,
  openConversation,
  postInChannel,
  sendActivityAs,
  waitForCard,
  waitForText,
} from '../support/playground-browser';
import { type PlaygroundStage, startPlaygroundStage } from '../support/playground-journeys';

const WINDOW = { width: 1400, height: 1000 } as const;
/** The tallest a card may be (STYLE.md): the action a person came for shows without scrolling. */
const CARD_BUDGET_PX = 600;
const STEP_MS = 60_000;
const PRACTICE = 'Riverside Medical Centre';

/** Where a card's button ends, measured from the card's top: the window must be taller than this. */
async function buttonBottomFromCardTop(card: Locator, title: string): Promise<number> {
  const button = card.getByRole('button', { name: title, exact: true });
  const [cardBox, buttonBox] = [await card.boundingBox(), await button.boundingBox()];
  if (!cardBox || !buttonBox) throw new Error(`The card or its "${title}" button is not visible`);
  return Math.round(buttonBox.y + buttonBox.height - cardBox.y);
}

/**
 * The text of each part of the card a person reads, with its colour as
 * drawn, and that colour's contrast against white (WCAG 2 relative luminance).
 */
async function textContrasts(card: Locator): Promise<{ text: string; colour: string; ratio: number }[]> {
  return card.evaluate((root) => {
    // Runs in the page; this project compiles without the DOM lib, hence the local shapes.
    interface Node {
      readonly childNodes: ArrayLike<{ readonly nodeType: number; readonly textContent: string | null }>;
      readonly textContent: string | null;
      readonly offsetParent: unknown;
      querySelectorAll(selector: string): ArrayLike<Node>;
    }
    const win = globalThis as unknown as { getComputedStyle(e: Node): { color: string } };
    const channel = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (rgb: number[]) => 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    const out: { text: string; colour: string; ratio: number }[] = [];
    const all = Array.from((root as unknown as Node).querySelectorAll('*'));
    for (const element of all) {
      const own = Array.from(element.childNodes)
        .filter((n) => n.nodeType === 3)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own || element.offsetParent === null) continue;
      const colour = win.getComputedStyle(element).color;
      const rgb = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const ratio = (1 + 0.05) / (luminance(rgb) + 0.05);
      out.push({ text: own, colour, ratio: Math.round(ratio * 100) / 100 });
    }
    return out;
  });
}

/** The grid row of a practice on the results card that has its own "Remind now". */
function rowOf(card: Locator, practice: string): Locator {
  const button = card.page().getByRole('button', { name: 'Remind now', exact: true });
  return card.locator('div').filter({ hasText: practice }).filter({ has: button }).last();
}

/** Ticks question `index`'s Yes or No the way a lead does (the radios come in question order). */
async function tick(card: Locator, index: number, answer: 'Yes' | 'No'): Promise<void> {
  await card.getByRole('radio', { name: answer, exact: true }).nth(index).check();
}

describe('the quick check cards in the Agents Playground at 1400x1000 (headless Chromium)', () => {
  let stage: PlaygroundStage;
  const measured: string[] = [];

  beforeAll(async () => {
    stage = await startPlaygroundStage({ viewport: WINDOW, shots: 'quick-check-cards' });
  }, 90_000);
  afterAll(async () => {
    if (measured.length) console.log(`Card heights at ${WINDOW.width}x${WINDOW.height}:\n${measured.join('\n')}`);
    await stage?.close();
  }, 30_000);

  /** Measures and photographs a card and reports both. */
  async function measure(name: string, card: Locator): Promise<{ height: number }> {
    const { height } = await cardSize(card);
    const file = await stage.shot(name, card);
    measured.push(`  ${name}: ${height} px (${file})`);
    console.log(`${name}: ${height} px tall, screenshot ${file}`);
    return { height };
  }

  /** No text in the card is drawn below 4.5:1 against white. */
  async function expectReadable(card: Locator): Promise<void> {
    const faint = (await textContrasts(card)).filter((t) => t.ratio < 4.5);
    expect(faint).toEqual([]);
  }

  /** Waits until the bot has sent everything it queued (cards, updates, advice). */
  async function outboxDrained(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { counts } = await stage.app.deps.outbox.status(DEMO_PCN_ID);
      if (counts.pending + counts.sending === 0) break;
      if (Date.now() > deadline) throw new Error('The outbox did not drain');
      await stage.page.waitForTimeout(100);
    }
    await stage.app.deps.dispatcher.settle();
  }

  const riversideCard = () =>
    stage.page.locator('.ac-adaptiveCard').filter({ hasText: PRACTICE }).filter({ hasText: QUESTIONS[0].text }).last();

  it(
    "when the admin starts the quick check, then Riverside's card is under 600 px with Submit in the window, its questions word for word, readable",
    async () => {
      const { page, session } = stage;
      await session.switchUser('Priya Shah');
      await openConversation(page, { channel: 'General' });

      await sendActivityAs(session.playground.url, DEMO_ADMIN, {
        conversationId: DEMO_TEAM.id,
        text: 'start quick check',
        mentionBot: true,
      });

      await waitForText(page, 'I have opened the quick check for');
      const card = riversideCard();
      await card.waitFor({ state: 'visible', timeout: 20_000 });
      const { height } = await measure('quick-check-card', card);
      const submitBottom = await buttonBottomFromCardTop(card, 'Submit');
      console.log(`quick-check-card: Submit ends ${submitBottom} px below the card's top`);
      const text = await card.innerText();
      for (const question of QUESTIONS) expect(text).toContain(question.text);
      // The Playground draws the mention as the name; Teams, from the card's mention entity, as an @mention.
      expect(text).toContain('Priya Shah: please answer for your practice.');
      const sent = (await stage.store.documents.query<OutboxItem>(DEMO_PCN_ID, 'outbox', { limit: 1000 })).items.find(
        (item) => item.about?.what === 'quick check' && item.about.practiceName === PRACTICE,
      );
      expect((sent?.message.card as { msteams?: unknown }).msteams).toEqual({
        entities: [{ type: 'mention', text: '<at>Priya Shah</at>', mentioned: expect.objectContaining({ name: 'Priya Shah' }) }],
      });
      expect(height).toBeLessThan(CARD_BUDGET_PX);
      expect(submitBottom).toBeLessThan(WINDOW.height);
      await expectReadable(card);
    },
    STEP_MS,
  );

  it(
    'when the lead answers with one No, then the answered card is under 600 px, names her, and is readable',
    async () => {
      const card = riversideCard();
      for (const [index, answer] of (['Yes', 'No', 'Yes', 'Yes'] as const).entries()) await tick(card, index, answer);
      await clickCardButton(card, 'Submit');

      const post = findPost(stage.page, PRACTICE);
      await waitForText(stage.page, /Answered by Priya Shah on /, { within: post });
      const answered = riversideCard();
      await answered.getByRole('button', { name: 'Change answers', exact: true }).waitFor();
      // The shared card is then updated through the outbox, and the Playground draws it again: measure after that.
      await outboxDrained();
      await waitForText(stage.page, 'answered No to one question', { within: post });
      const { height } = await measure('quick-check-answered-card', answered);
      expect(await answered.innerText()).toMatch(/Answered by Priya Shah on \w+day \d{1,2} \w+, \d{2}:\d{2}/);
      expect(height).toBeLessThan(CARD_BUDGET_PX);
      await expectReadable(answered);
    },
    STEP_MS,
  );

  it(
    'when results is asked, then the results card is under 600 px and readable',
    async () => {
      const post = await postInChannel(stage.page, 'results');

      const card = await waitForCard(stage.page, 'Social media quick check:', { within: post });
      const { height } = await measure('results-card', card);
      expect(height).toBeLessThan(CARD_BUDGET_PX);
      await expectReadable(card);
      // The Playground draws the response-rate donut (an SVG chart), so its fallback line is not shown.
      expect(await drawnCharts(card)).toBe(1);
      expect(await card.innerText()).not.toContain('Response rate: ');
    },
    STEP_MS,
  );

  it(
    'when the trend is asked, then the trend card is under 600 px and readable',
    async () => {
      const post = await postInChannel(stage.page, 'results trend');

      const card = await waitForCard(stage.page, 'the last four quarters', { within: post });
      const { height } = await measure('results-trend-card', card);
      expect(height).toBeLessThan(CARD_BUDGET_PX);
      await expectReadable(card);
      // Yes per question as grouped bars first; the practice grid one press away, and back.
      expect(await drawnCharts(card)).toBe(1);
      expect(await card.innerText()).not.toContain('Practices answered');
      await clickCardButton(card, 'Each practice');
      await waitForText(stage.page, 'Practices answered', { within: card });
      expect(await drawnCharts(card)).toBe(0);
      const grid = await measure('results-trend-card-each-practice', card);
      expect(grid.height).toBeLessThan(CARD_BUDGET_PX);
      await expectReadable(card);
      await clickCardButton(card, 'By question');
      await card.locator('svg').first().waitFor();
      expect(await drawnCharts(card)).toBe(1);
    },
    STEP_MS,
  );

  it(
    'when a PCN admin asks for results and presses Remind now beside Millbrook Surgery, then the card stays under 600 px and says the reminder is on its way, once a day',
    async () => {
      const { page, session } = stage;
      await session.switchUser('Alex Morgan');
      await openConversation(page, { channel: 'General' });
      const post = await postInChannel(page, 'results');
      const card = await waitForCard(page, 'Social media quick check:', { within: post });
      expect(await card.getByRole('button', { name: 'Remind now', exact: true }).count()).toBe(3);
      const admin = await measure('results-card-for-an-admin', card);
      expect(admin.height).toBeLessThan(CARD_BUDGET_PX);

      await clickCardButton(rowOf(card, 'Millbrook Surgery'), 'Remind now');

      await waitForText(page, "I am reminding Millbrook Surgery's practice lead (Tom Fletcher) now.", { within: post });
      const { height } = await measure('results-card-after-remind-now', card);
      expect(height).toBeLessThan(CARD_BUDGET_PX);
      await expectReadable(card);
      const queued = (await stage.store.documents.query<OutboxItem>(DEMO_PCN_ID, 'outbox', { limit: 1000 })).items;
      const remindNow = queued.filter((item) => item.key.startsWith('quick-check-remind-now:'));
      expect(remindNow.map((item) => item.message.mentions)).toEqual([[expect.objectContaining({ name: 'Tom Fletcher' })]]);

      await clickCardButton(rowOf(card, 'Millbrook Surgery'), 'Remind now');

      await waitForText(page, /I reminded them today already/, { within: post });
      const again = (await stage.store.documents.query<OutboxItem>(DEMO_PCN_ID, 'outbox', { limit: 1000 })).items;
      expect(again.filter((item) => item.key.startsWith('quick-check-remind-now:'))).toHaveLength(1);
    },
    STEP_MS,
  );

  it('when these cards are drawn, then no TextBlock uses the pale Good or Accent colour, or subtle text', async () => {
    const { quickCheck } = stage.app.deps;
    const practice = (await stage.store.practices.list(DEMO_PCN_ID)).find((p) => p.name === PRACTICE)!;
    const quarter = quickCheck.rounds.currentQuarter();
    const answer = await quickCheck.answers.current(DEMO_PCN_ID, quarter.id, practice.practiceId);
    const cards = [
      quickCheckCards.form(formView(quarter, practice, { mentionLeads: true })),
      quickCheckCards.answered(answeredView(quarter, practice, answer, 'open')),
      quickCheckCards.answered(answeredView(quarter, practice, answer, 'closed')),
      renderResultsCard(await quickCheck.results.roundResults(DEMO_PCN_ID, { kind: 'current' }, DEMO_ADMIN)),
      renderTrendCard(await quickCheck.results.trend(DEMO_PCN_ID)),
    ];

    const pale = cards
      .flatMap((card) => cardParts(card))
      .filter((p) => p.type === 'TextBlock' && (['good', 'accent'].includes(String(p.color ?? '').toLowerCase()) || p.isSubtle));
    expect(pale).toEqual([]);
  });
});
