/**
 * The stage for the Playground browser tests: the real bot (real HTTP, a
 * fresh SQLite file, the demo PCN seeded as local mode does) on a free port,
 * the Microsoft 365 Agents Playground pointed at it on another free port, and
 * headless Chromium on the Playground, plus a few reading helpers for what
 * the cards show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createApp, type App } from '../../bot/app';
import type { Clock } from '../../services/clock';
import { loadConfig } from '../../services/config';
import { DEMO_TEAM, demoPcnData } from '../../services/demo-pcn';
import { QUICK_CHECK_TITLE } from '../../services/domain/questions';
import type { Store } from '../../services/store';
import { silentLogger } from './fakes';
import { clickCardButton, type PlaygroundSession, SELECTORS, sendActivityAs, startPlaygroundSession } from './playground-browser';

/**
 * Screenshots of the last run, for a person to look at (never committed).
 * One fixed folder, emptied at the start of a run, so runs do not pile up.
 */
export const SCREENSHOT_DIR = path.join(os.tmpdir(), 'pcn-playground-screenshots');

export interface PlaygroundStage {
  readonly app: App;
  readonly store: Store;
  /** The Playground and the browser page on it; `session.page` stays the same across switchUser. */
  readonly session: PlaygroundSession;
  readonly page: Page;
  /** Saves a PNG named `<n>-<name>.png` (numbered in the order taken) of the page, or of one element. */
  shot(name: string, of?: Locator): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the bot with the demo PCN on a temp SQLite store (PLAYGROUND off in
 * its config: the stage starts the Playground itself, on a free port), then
 * the Playground as the PCN admin, then Chromium on it.
 */
export async function startPlaygroundStage(
  options: {
    /** The browser window; the house budget is measured at 1400x1000 (STYLE.md). */
    readonly viewport?: { readonly width: number; readonly height: number };
    /** Screenshots go to SCREENSHOT_DIR/<shots>/, so suites running side by side keep theirs. */
    readonly shots?: string;
    /**
     * The bot's clock, for journeys across days (a ShiftedClock keeps running, so pacing and timers behave).
     * With one, the scheduler does not run by itself (JOBS=0): the test runs the day's jobs when it moves the clock.
     */
    readonly clock?: Clock;
  } = {},
): Promise<PlaygroundStage> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcn-playground-e2e-'));
  const shotsDir = path.join(SCREENSHOT_DIR, options.shots ?? 'journeys');
  const config = loadConfig({
    PLAYGROUND: '0',
    DEMO: '1',
    SQLITE_PATH: path.join(dir, 'bot.sqlite'),
    LOG_LEVEL: 'silent',
    ...(options.clock ? { JOBS: '0' } : {}),
  });
  const logger = silentLogger();
  let app: App | undefined;
  try {
    await rm(shotsDir, { recursive: true, force: true });
    await mkdir(shotsDir, { recursive: true });
    const clock = options.clock;
    app = await createApp({ config, logger, clock, demo: demoPcnData((clock?.now() ?? new Date()).toISOString()) });
    const { port } = await app.listen(0, '127.0.0.1');
    // Tall enough that a quick check card and its thread fit in one screenshot.
    const session = await startPlaygroundSession({
      botEndpoint: `http://127.0.0.1:${port}/api/messages`,
      logger,
      chromium: { viewport: options.viewport ?? { width: 1400, height: 1500 } },
    });
    let taken = 0;
    const started = app;
    return {
      app: started,
      store: started.deps.store,
      session,
      page: session.page,
      async shot(name, of) {
        const file = path.join(shotsDir, `${String(++taken).padStart(2, '0')}-${name}.png`);
        await (of ?? session.page).screenshot({ path: file });
        return file;
      },
      async close() {
        try {
          await session.close();
        } finally {
          await started.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export type YesNo = 'Yes' | 'No';

/**
 * Answers the quick check card's four questions the way a lead does: one
 * radio button per question. The choice sets carry no label (each sits
 * beside its question), so the radios are taken in question order.
 */
export async function answerQuickCheck(card: Locator, answers: readonly [YesNo, YesNo, YesNo, YesNo]): Promise<void> {
  for (const [index, answer] of answers.entries()) {
    await card.getByRole('radio', { name: answer, exact: true }).nth(index).check();
  }
}

/** A practice's quick check card: its title is the practice, and it asks the quick check's question. */
export function quickCheckCard(scope: Page | Locator, practice: string): Locator {
  return scope.locator(SELECTORS.card).filter({ hasText: practice }).filter({ hasText: QUICK_CHECK_TITLE }).last();
}

/**
 * One row of a card's grid (a ColumnSet per row) as the words a person reads
 * across it, starting with `firstCell`: the smallest block around that text
 * holding at least `cells` lines.
 */
export async function gridRow(card: Locator, firstCell: string, cells: number): Promise<string[]> {
  return card
    .getByText(firstCell, { exact: true })
    .first()
    .evaluate((element, min) => {
      // Runs in the page; this project compiles without the DOM lib, hence the local shape.
      interface Block {
        readonly innerText: string;
        readonly parentElement: Block | null;
      }
      const lines = (node: Block) =>
        node.innerText
          .split('\n')
          .map((line: string) => line.trim())
          .filter(Boolean);
      let node: Block | null = element as unknown as Block;
      while (node && lines(node).length < min) node = node.parentElement;
      return node ? lines(node) : [];
    }, cells);
}

/**
 * Presses "Edit" beside one practice on the set-up card, the way a person
 * picks the button under that practice's name: the innermost container
 * showing `practiceLine` (for example "Millbrook Surgery (Y90012)").
 */
export async function editPracticeOnCard(card: Locator, practiceLine: string): Promise<void> {
  // The practice's row holds its name and its own Edit button (the name sits beside Edit, not above it).
  const row = card
    .locator('.ac-container')
    .filter({ hasText: practiceLine })
    .filter({ has: card.page().getByRole('button', { name: 'Edit', exact: true }) })
    .last();
  await clickCardButton(row, 'Edit');
}

/** The set-up card's title for the demo PCN. */
export const SETUP_TITLE = 'Set up Riverside Health PCN';
let setupPosts = 0;

/**
 * Posts `setup` in General as `person` through the Playground's activity API
 * (the UI's user may be someone else, who then sees the card) and returns
 * that post, pinned, and its set-up card. Posts list newest first.
 */
export async function postSetupAs(
  stage: PlaygroundStage,
  person: Parameters<typeof sendActivityAs>[1],
): Promise<{ post: Locator; card: Locator }> {
  const posts = stage.page.locator(SELECTORS.post).filter({ hasText: SETUP_TITLE });
  const before = await posts.count();
  await sendActivityAs(stage.session.playground.url, person, { conversationId: DEMO_TEAM.id, text: 'setup', mentionBot: true });
  await posts.nth(before).waitFor({ state: 'visible' });
  const mark = String(++setupPosts);
  await posts.first().evaluate((element, id) => {
    (element as unknown as { setAttribute(name: string, value: string): void }).setAttribute('data-e2e-setup', id);
  }, mark);
  const post = stage.page.locator(`${SELECTORS.post}[data-e2e-setup="${mark}"]`);
  return { post, card: post.locator(SELECTORS.card).filter({ hasText: SETUP_TITLE }).last() };
}

/** How many Adaptive Cards a post (a channel thread) holds. */
export function cardCount(post: Locator): Promise<number> {
  return post.locator(SELECTORS.card).count();
}
