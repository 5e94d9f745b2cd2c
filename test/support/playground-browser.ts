/**
 * Drives the Microsoft 365 Agents Playground's web UI in headless Chromium for
 * end-to-end tests, the way a person would: open a chat or a channel, type,
 * @mention the bot, read and click Adaptive Cards, take screenshots.
 *
 * Facts about the UI (Playground 0.2.28) the helpers rely on:
 * - Conversations are `treeitem`s named "Personal Chat", the group chat's
 *   name, and "<team name> - <channel name>".
 * - The composer is a Lexical editor (`[data-lexical-editor=true]`). In a
 *   chat, Enter sends. A channel shows a "Start a new post" composer with a
 *   "Post" button, and each post (a `div.fui-Card[role=group]`) has its own
 *   reply composer.
 * - Outside the personal chat the Playground forwards a message to the bot
 *   only when it @mentions the bot: typing "@" opens a menu of `menuitem`s.
 * - Cards render with the Adaptive Cards JS renderer (`.ac-adaptiveCard`);
 *   inputs carry their `label` as an accessible label, buttons their title.
 * - The current user is fixed per Playground process, so `switchUser` starts a
 *   new Playground as that person (same bot, new port) and reloads the page.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startPlayground, type RunningPlayground } from '../../bot/local-playground';
import { DEMO_BOT, DEMO_GROUP_CHAT, DEMO_TEAM, DEMO_TENANT_ID, type DemoPerson } from '../../services/demo-pcn';
import type { Logger } from '../../services/logger';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Resolve nothing but loopback, so Chromium makes no DNS queries at all (the UI asks a CDN for fonts).
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];
const DEFAULT_WAIT_MS = 20_000;

export type ConversationTarget = 'personal' | 'group' | { readonly channel: string };

/** Which conversation each page has open (the UI does not mark it in an accessible way). */
const openTargets = new WeakMap<Page, ConversationTarget>();

export const SELECTORS = {
  composer: '[data-lexical-editor=true]',
  post: 'div.fui-Card[role=group]',
  card: '.ac-adaptiveCard',
} as const;

export interface ChromiumOptions {
  readonly executablePath?: string;
  readonly headless?: boolean;
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface PlaygroundBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes Chromium and deletes its profile folder. */
  close(): Promise<void>;
}

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
}

/**
 * Launches Chromium with a fresh profile and opens the Playground at `url`,
 * waiting until its conversation list shows. Requests off this machine (the
 * UI asks a CDN for fonts) are aborted, so tests stay offline and quick.
 */
export async function openPlayground(url: string, options: ChromiumOptions = {}): Promise<PlaygroundBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'pcn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1400, height: 900 },
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  };
  try {
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    const page = context.pages()[0] ?? (await context.newPage());
    await gotoPlayground(page, url);
    return { context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Loads the Playground UI and waits until it has its config (it first waits for the bot to answer). */
export async function gotoPlayground(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('treeitem', { name: 'Personal Chat' }).waitFor({ timeout: DEFAULT_WAIT_MS });
  openTargets.set(page, 'personal');
}

/** Opens the personal chat, the group chat, or a channel of the demo team ("General", "Social media"). */
export async function openConversation(page: Page, target: ConversationTarget): Promise<void> {
  const name =
    target === 'personal' ? 'Personal Chat' : target === 'group' ? DEMO_GROUP_CHAT.name : `${DEMO_TEAM.name} - ${target.channel}`;
  await page.getByRole('treeitem', { name, exact: true }).click();
  // A channel shows its "Post" composer; a chat its single composer.
  const ready =
    typeof target === 'object' ? page.getByRole('button', { name: 'Post', exact: true }) : page.locator(SELECTORS.composer);
  await ready.first().waitFor({ timeout: DEFAULT_WAIT_MS });
  openTargets.set(page, target);
}

/** Types an @mention of the bot by picking it from the Playground's mention menu. */
async function typeBotMention(page: Page): Promise<void> {
  await page.keyboard.type(`@${DEMO_BOT.name.split(' ')[0]}`);
  await page.getByRole('menuitem', { name: DEMO_BOT.name }).click();
  await page.keyboard.type(' ');
}

async function typeInto(page: Page, composer: Locator, text: string, mentionBot: boolean): Promise<void> {
  await composer.click();
  if (mentionBot) await typeBotMention(page);
  await page.keyboard.type(text);
}

/**
 * Sends `text` in the open chat. In the personal chat the bot gets every
 * message; in the group chat only @mentions, so `mentionBot` defaults to on there.
 */
export async function sendMessage(page: Page, text: string, options: { mentionBot?: boolean } = {}): Promise<void> {
  const composer = page.locator(SELECTORS.composer).last();
  await typeInto(page, composer, text, options.mentionBot ?? openTargets.get(page) === 'group');
  await page.keyboard.press('Enter');
}

let pinnedPosts = 0;

/**
 * Starts a new post in the open channel, @mentioning the bot unless told not
 * to. Returns a locator pinned to that post: a text search alone could match
 * an older post (the welcome card says "type help") before the new one
 * renders, and the newest post changes whenever the bot starts a thread.
 */
export async function postInChannel(page: Page, text: string, options: { mentionBot?: boolean } = {}): Promise<Locator> {
  const posts = page.locator(SELECTORS.post);
  const before = await posts.count();
  const composer = posts.first().locator(SELECTORS.composer);
  await typeInto(page, composer, text, options.mentionBot ?? true);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  const deadline = Date.now() + DEFAULT_WAIT_MS;
  while ((await posts.count()) <= before) {
    if (Date.now() > deadline) throw new Error(`The post "${text}" did not appear in the channel`);
    await page.waitForTimeout(50);
  }
  // The UI lists the composer, then posts newest first; it keeps each post's element, so a mark on it stays.
  const id = String(++pinnedPosts);
  await findPost(page, text).evaluate((element, mark) => {
    (element as unknown as { setAttribute(name: string, value: string): void }).setAttribute('data-e2e-post', mark);
  }, id);
  return page.locator(`${SELECTORS.post}[data-e2e-post="${id}"]`);
}

/** The newest channel post (or thread) containing `text`; a thread holds its replies, cards included. */
export function findPost(page: Page, text: string | RegExp): Locator {
  return page.locator(SELECTORS.post).filter({ hasText: text }).first();
}

/** Replies in the thread of `post`, @mentioning the bot unless told not to. */
export async function replyInThread(
  page: Page,
  post: Locator,
  text: string,
  options: { mentionBot?: boolean } = {},
): Promise<void> {
  await typeInto(page, post.locator(SELECTORS.composer), text, options.mentionBot ?? true);
  await page.keyboard.press('Enter');
}

/**
 * Waits for an Adaptive Card containing `text` and returns the last such card
 * in the page (chats list oldest first; a channel lists its newest post
 * first, so pass a post as `within` there).
 */
export async function waitForCard(
  page: Page,
  text: string | RegExp,
  options: { within?: Locator; timeoutMs?: number } = {},
): Promise<Locator> {
  const scope = options.within ?? page;
  const card = scope.locator(SELECTORS.card).filter({ hasText: text }).last();
  await card.waitFor({ state: 'visible', timeout: options.timeoutMs ?? DEFAULT_WAIT_MS });
  return card;
}

/** Waits for any visible text (a plain bot reply, a validation error). */
export async function waitForText(
  page: Page,
  text: string | RegExp,
  options: { within?: Locator; timeoutMs?: number } = {},
): Promise<Locator> {
  const found = (options.within ?? page).getByText(text).last();
  await found.waitFor({ state: 'visible', timeout: options.timeoutMs ?? DEFAULT_WAIT_MS });
  return found;
}

/** Clicks a card action (Action.Submit, Action.Execute, ...) by its title. */
export async function clickCardButton(card: Locator, title: string): Promise<void> {
  await card.getByRole('button', { name: title, exact: true }).click();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Sets a card input found by its label, the way a person would with the
 * Playground's (Fluent UI) controls: types into Input.Text and Input.Number;
 * types a date as YYYY-MM-DD into Input.Date and closes its calendar; opens a
 * compact Input.ChoiceSet and picks the option titled `value`; ticks an
 * Input.Toggle for "true". Expanded choice sets: use chooseCardOption.
 */
export async function fillCardInput(card: Locator, label: string, value: string): Promise<void> {
  // After a failed validation the input's accessible name is its label followed by the error.
  const startsWithLabel = new RegExp(`^${escapeRegExp(label)}(\\s|$)`);
  const named = (role: 'textbox' | 'spinbutton' | 'combobox') => card.getByRole(role, { name: startsWithLabel });
  for (const role of ['textbox', 'spinbutton'] as const) {
    if ((await named(role).count()) > 0) return named(role).first().fill(value);
  }
  const combo = named('combobox').first();
  if ((await named('combobox').count()) > 0) {
    if ((await combo.getAttribute('aria-haspopup')) === 'dialog') {
      await combo.fill(value);
      await combo.press('Escape');
    } else {
      await combo.click();
      // A single-select list offers `option`s and closes on a pick; a multi-select one offers
      // `menuitemcheckbox`es and stays open, so close it to leave the card as a person would.
      const page = card.page();
      const option = page
        .getByRole('option', { name: value, exact: true })
        .or(page.getByRole('menuitemcheckbox', { name: value, exact: true }));
      await option.first().click();
      if ((await combo.getAttribute('aria-expanded')) === 'true') await combo.press('Escape');
    }
    return;
  }
  // A toggle's accessible name is its label followed by its title.
  const toggle = card.getByRole('checkbox', { name: startsWithLabel });
  if ((await toggle.count()) > 0) return toggle.first().setChecked(value === 'true');
  throw new Error(`No input labelled "${label}" on the card`);
}

/**
 * Ticks a radio button, or a checkbox of a multi-select choice set, by its
 * title. When several expanded choice sets offer the same titles (Yes/No per
 * question), pass the set's label as `group`.
 */
export async function chooseCardOption(card: Locator, title: string, options: { group?: string } = {}): Promise<void> {
  const scope = options.group ? card.getByRole('radiogroup', { name: options.group, exact: true }) : card;
  const radio = scope.getByRole('radio', { name: title, exact: true });
  if (options.group || (await radio.count()) > 0) return radio.first().check();
  // A multi-select option's accessible name is the set's label followed by the title.
  await card
    .getByRole('checkbox', { name: new RegExp(`(^|\\s)${escapeRegExp(title)}$`) })
    .first()
    .check();
}

/**
 * A card's rendered size in CSS pixels, and how far its last action
 * button's bottom edge sits below the top of the window once the card's
 * top is scrolled to the top: the "fits the screen" budget (STYLE.md) is
 * that this is under the window's height, and the card under 600 px.
 */
export async function cardSize(card: Locator): Promise<{ width: number; height: number }> {
  await card.scrollIntoViewIfNeeded();
  const box = await card.boundingBox();
  if (!box) throw new Error('The card is not visible, so it has no size');
  return { width: Math.round(box.width), height: Math.round(box.height) };
}

/** Runs in the page (it has the DOM; this file's compile does not): see lowContrastText. */
const LOW_CONTRAST_IN_PAGE = String.raw`(root, min) => {
    const rgb = (css) => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      const [r = 0, g = 0, b = 0, a = 1] = (m?.[1] ?? '0,0,0,0').split(',').map((v) => Number.parseFloat(v));
      return [r, g, b, m ? a : 0];
    };
    const luminance = ([r, g, b]) => {
      const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el)=> {
      for (let node = el; node; node = node.parentElement) {
        const bg = getComputedStyle(node).backgroundColor;
        if (rgb(bg)[3] > 0) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    const found = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const el = node.parentElement;
      if (!text || !el || !el.offsetParent) continue;
      const colour = getComputedStyle(el).color;
      const bg = background(el);
      const [l1, l2] = [luminance(rgb(colour)), luminance(rgb(bg))];
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      if (ratio < min) found.push({ text: text.slice(0, 60), colour, background: bg, ratio: Math.round(ratio * 100) / 100 });
    }
    return found;
}`;

/**
 * Text in the card whose colour has less than `minimum` contrast with what
 * is behind it (WCAG 2 relative luminance): each as its text, colours and
 * ratio. The house rule is 4.5:1 (STYLE.md).
 */
export async function lowContrastText(
  card: Locator,
  minimum = 4.5,
): Promise<{ text: string; colour: string; background: string; ratio: number }[]> {
  // The page function is built from text: this file is compiled without the DOM's types.
  return card.evaluate((root, args) => new Function('root', 'min', `return (${args.code})(root, min);`)(root, args.min), {
    code: LOW_CONTRAST_IN_PAGE,
    min: minimum,
  });
}

/** The card's visible text, for assertions. */
export function cardText(card: Locator): Promise<string> {
  return card.innerText();
}

/** Saves a full-page PNG, creating folders as needed; returns the path. */
export async function screenshot(page: Page, filePath: string): Promise<string> {
  await mkdir(path.dirname(filePath), { recursive: true });
  await page.screenshot({ path: filePath, fullPage: true });
  return filePath;
}

/**
 * Sends an activity to the bot as any demo person, through the Playground's
 * "custom activity" API, without changing the UI's user. The bot's replies
 * show in the UI. For a channel conversation the Teams channelData is added.
 */
export async function sendActivityAs(
  playgroundUrl: string,
  from: Pick<DemoPerson, 'teamsUserId' | 'name' | 'aadObjectId'>,
  activity: {
    readonly conversationId: string;
    readonly type?: string;
    readonly text?: string;
    readonly value?: unknown;
    readonly mentionBot?: boolean;
  },
): Promise<void> {
  const templateUrl = `${playgroundUrl}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(activity.conversationId)}`;
  const templateRes = await fetch(templateUrl);
  if (!templateRes.ok) throw new Error(`Playground has no conversation ${activity.conversationId}: ${templateRes.status}`);
  const template = (await templateRes.json()) as Record<string, unknown>;
  const mention = `<at>${DEMO_BOT.name}</at>`;
  const text = activity.text !== undefined && activity.mentionBot ? `${mention} ${activity.text}` : activity.text;
  const channelId = activity.conversationId.split(';')[0] ?? activity.conversationId;
  const inTeam = channelId === DEMO_TEAM.id || DEMO_TEAM.channels.some((c) => c.id === channelId);
  const body = {
    ...template,
    type: activity.type ?? 'message',
    from: { id: from.teamsUserId, name: from.name, aadObjectId: from.aadObjectId },
    ...(text !== undefined ? { text, textFormat: 'plain' } : {}),
    ...(activity.value !== undefined ? { value: activity.value } : {}),
    ...(activity.mentionBot
      ? { entities: [{ type: 'mention', text: mention, mentioned: { id: DEMO_BOT.id, name: DEMO_BOT.name } }] }
      : {}),
    channelData: inTeam
      ? {
          tenant: { id: DEMO_TENANT_ID },
          team: { id: DEMO_TEAM.id },
          channel: { id: channelId },
          teamsTeamId: DEMO_TEAM.id,
          teamsChannelId: channelId,
        }
      : { tenant: { id: DEMO_TENANT_ID } },
  };
  const res = await fetch(`${playgroundUrl}/_internal/v1/customActivities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Playground refused the custom activity: ${res.status}`);
}

/** A Playground plus a browser on it, for one end-to-end test. */
export interface PlaygroundSession {
  readonly page: Page;
  /** The Playground currently running (it changes on switchUser). */
  readonly playground: RunningPlayground;
  /** Starts a Playground as another demo person (AAD object id, Teams id or name) and reloads the page there. */
  switchUser(actAs: string): Promise<void>;
  /** Closes the browser and stops the Playground. */
  close(): Promise<void>;
}

/**
 * Starts a Playground against `botEndpoint` (on a free port, as `actAs` or the
 * PCN admin) and opens it in Chromium.
 */
export async function startPlaygroundSession(options: {
  readonly botEndpoint: string;
  readonly logger: Logger;
  readonly actAs?: string;
  readonly chromium?: ChromiumOptions;
}): Promise<PlaygroundSession> {
  const start = (actAs?: string) =>
    startPlayground({ botEndpoint: options.botEndpoint, logger: options.logger, port: 0, ...(actAs ? { actAs } : {}) });
  let playground = await start(options.actAs);
  let browser: PlaygroundBrowser;
  try {
    browser = await openPlayground(playground.url, options.chromium);
  } catch (error) {
    await playground.stop();
    throw error;
  }
  return {
    page: browser.page,
    get playground() {
      return playground;
    },
    async switchUser(actAs: string) {
      await playground.stop();
      playground = await start(actAs);
      await gotoPlayground(browser.page, playground.url);
    },
    async close() {
      await browser.close();
      await playground.stop();
    },
  };
}

/** How many charts the Playground has drawn in the card (each is an SVG of some size), fallbacks aside. */
export async function drawnCharts(card: Locator): Promise<number> {
  return card.evaluate((root) => {
    // Runs in the page; this project compiles without the DOM lib, hence the local shape.
    interface Drawn {
      getBoundingClientRect(): { width: number; height: number };
      closest(selector: string): unknown;
    }
    const svgs = Array.from((root as unknown as { querySelectorAll(s: string): ArrayLike<Drawn> }).querySelectorAll('svg'));
    // Icons are small SVGs too: a chart is at least 80 px each way, and not inside a button.
    return svgs.filter((svg) => {
      const box = svg.getBoundingClientRect();
      return box.width >= 80 && box.height >= 80 && !svg.closest('button');
    }).length;
  });
}
