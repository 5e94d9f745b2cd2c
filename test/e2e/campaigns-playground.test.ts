/**
 * The campaign cards as Teams would draw them: the real bot and the
 * Microsoft 365 Agents Playground in headless Chromium at 1400x1000, the
 * size STYLE.md budgets for. Each card is measured (under 600 px, its
 * buttons inside the window), checked for text under 4.5:1 contrast, and
 * left as a screenshot in SCREENSHOT_DIR/campaigns.
 */
import type { Locator } from 'playwright-core';
import { DEMO_ADMIN, DEMO_PCN_ID } from '../../services/demo-pcn';
import {
  cardSize,
  clickCardButton,
  fillCardInput,
  lowContrastText,
  openConversation,
  postInChannel,
  waitForCard,
} from '../support/playground-browser';
import { type PlaygroundStage, SCREENSHOT_DIR, startPlaygroundStage } from '../support/playground-journeys';

const BUDGET_PX = 600;
const STEP_MS = 60_000;
const ADMIN = { aadObjectId: DEMO_ADMIN.aadObjectId, name: DEMO_ADMIN.name };

/** A busy autumn: six of the PCN's own campaigns, the most the list card shows, and one more to come. */
const OWN = [
  ['Walk to school week', 0, 4],
  ['Riverside Health Fair', 10, 11],
  ['Saturday flu clinics at Millbrook Surgery', 14, 45],
  ['Carers coffee morning', 20, 20],
  ['Pharmacy First: what your pharmacist can treat', 25, 38],
  ['Men’s mental health evening', 40, 40],
  ['Winter warmth packs', 60, 90],
] as const;

describe('the campaign cards in the Playground at 1400x1000: size and contrast', () => {
  let stage: PlaygroundStage;
  const measured: Record<string, { height: number; screenshot: string }> = {};

  beforeAll(async () => {
    stage = await startPlaygroundStage({ viewport: { width: 1400, height: 1000 }, shots: 'campaigns' });
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const [name, from, to] of OWN) {
      await stage.app.deps.pcnCampaigns.add(DEMO_PCN_ID, ADMIN, {
        name,
        start: day(from),
        end: day(to),
        description: '',
        audience: 'Everyone in the PCN',
        aliases: [],
      });
    }
    await openConversation(stage.page, { channel: 'General' });
  }, 60_000);
  afterAll(async () => {
    console.log(
      `Campaign card heights at 1400x1000 (screenshots under ${SCREENSHOT_DIR}/campaigns):\n${JSON.stringify(measured, null, 2)}`,
    );
    await stage?.close();
  }, 30_000);

  const check = async (name: string, card: Locator) => {
    const { height } = await cardSize(card);
    measured[name] = { height, screenshot: await stage.shot(name, card) };
    expect({ name, height }).toEqual({ name, height: expect.any(Number) });
    expect(height).toBeLessThan(BUDGET_PX);
    expect(await lowContrastText(card)).toEqual([]);
  };

  it(
    'when an admin lists, adds and saves a campaign, then each card fits with its buttons, and every line is readable',
    async () => {
      const post = await postInChannel(stage.page, 'campaigns');
      const list = await waitForCard(stage.page, /Riverside Health PCN's own campaigns/, { within: post });
      await check('campaigns-list', list);
      expect(await list.getByRole('button', { name: 'Add a campaign', exact: true }).isVisible()).toBe(true);

      await clickCardButton(list, 'Add a campaign');
      const form = await waitForCard(stage.page, /New campaign for Riverside Health PCN/, { within: post });
      await check('campaigns-new', form);
      expect(await form.getByRole('button', { name: 'Save', exact: true }).isVisible()).toBe(true);

      await fillCardInput(form, 'Name', 'Riverside Health Fair');
      await clickCardButton(form, 'Save');
      const refused = await waitForCard(stage.page, /already used by another/, { within: post });
      await check('campaigns-refused', refused);

      await fillCardInput(refused, 'Name', 'Riverside Spring Fair');
      await clickCardButton(refused, 'Save');
      await check('campaigns-saved', await waitForCard(stage.page, /Saved Riverside Spring Fair/, { within: post }));
    },
    STEP_MS,
  );

  it(
    'when someone asks for the calendar link, then the offer and the private link card fit, and every line is readable',
    async () => {
      const post = await postInChannel(stage.page, 'calendar link');
      const offer = await waitForCard(stage.page, /Press the button for your private link/, { within: post });
      await check('calendar-offer', offer);

      await clickCardButton(offer, 'Get my calendar link');
      await check('calendar-link', await waitForCard(stage.page, /Only you can see this card/, { within: post }));
    },
    STEP_MS,
  );
});
