import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import {
  CampaignVerbs,
  renderCalendarLinkCard,
  renderCalendarOfferCard,
  renderCampaignFormCard,
  renderCampaignsCard,
} from '../../cards/campaigns';
import { parseCampaignInput, parseCampaignRef, typedCampaignValues } from '../../cards/campaigns-inputs';
import type { AdaptiveCard } from '../../cards/expand';
import type { CalendarFeedService, PcnCampaignService } from '../../services/campaigns';
import { StaleCampaignError } from '../../services/campaigns';
import type { CardNotice } from '../../services/domain';
import { NotFoundError, ValidationError } from '../../services/errors';
import { type CardActionResult, type Feature, type TeamTurn, teamAction, teamCommand } from '../features/types';

/** What the campaign handlers need from BotDeps. */
export interface CampaignsBotDeps {
  readonly pcnCampaigns: PcnCampaignService;
  readonly calendarFeed: CalendarFeedService;
}

const admins = { scope: 'team', audience: 'admins', refusal: "change the PCN's own campaigns" } as const;
const anyone = { scope: 'team', audience: 'anyone' } as const;

/**
 * `campaigns` (PCN admins): the PCN's own campaigns on a card, to add,
 * edit and remove. `calendar link` (anyone in the team): a private link to
 * the PCN's calendar feed, given on a card only the presser sees.
 * `calendar link reset` (PCN admins): every link given so far stops working.
 */
export function campaignsFeature(deps: CampaignsBotDeps): Feature {
  return {
    name: 'campaigns',
    commands: [campaignsCommand(deps), calendarLinkCommand(deps), calendarResetCommand(deps)],
    actions: [...campaignActions(deps), calendarLinkAction(deps)],
  };
}

const send = (context: TurnContext, card: AdaptiveCard) =>
  context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

function campaignsCommand(deps: CampaignsBotDeps) {
  return teamCommand({
    ...admins,
    name: 'campaigns',
    help: "Add or change the PCN's own campaigns.",
    menu: "PCN admins: the PCN's own campaigns (add, change, remove)",
    matches: (text) => /^(campaigns|our campaigns|pcn campaigns|add a campaign)$/.test(text),
    examples: ['our campaigns', 'pcn campaigns', 'add a campaign'],
    async handle(context, turn) {
      await send(context, renderCampaignsCard(await deps.pcnCampaigns.view(turn.pcnId, turn.user)));
    },
  });
}

function calendarLinkCommand(deps: CampaignsBotDeps) {
  return teamCommand({
    ...anyone,
    name: 'calendar link',
    help: "Your private link to the PCN's calendar.",
    menu: "A private link to the PCN's campaign calendar for Outlook or your phone",
    matches: (text) => /^(calendar link|calendar|calendar feed|my calendar link)$/.test(text),
    examples: ['calendar', 'calendar feed'],
    async handle(context, turn) {
      // Refuses now (links switched off) rather than on the button. The link itself is never posted in the channel.
      const { pcnName } = await deps.calendarFeed.check(turn.pcnId);
      await send(context, renderCalendarOfferCard({ pcnName }));
    },
  });
}

function calendarResetCommand(deps: CampaignsBotDeps) {
  return teamCommand({
    scope: 'team',
    audience: 'admins',
    refusal: 'reset the calendar link',
    name: 'calendar link reset',
    help: 'Stop old calendar links working.',
    matches: (text) => /^(calendar link reset|reset calendar link|reset the calendar link)$/.test(text),
    examples: ['reset calendar link'],
    async handle(context, turn) {
      await deps.calendarFeed.reset(turn.pcnId, turn.user);
      await context.sendActivity(
        'Done: every calendar link given out before has stopped working. Anyone who still wants the calendar can type **calendar link** for a new one.',
      );
    },
  });
}

const EditInput = z.object({ campaignId: z.string().regex(/^pcn:[A-Za-z0-9-]{1,64}$/) });

function campaignActions(deps: CampaignsBotDeps) {
  const list = async (turn: TeamTurn, notice?: CardNotice): Promise<CardActionResult> => ({
    kind: 'card',
    card: renderCampaignsCard(await deps.pcnCampaigns.view(turn.pcnId, turn.user, notice)),
  });
  const form = async (turn: TeamTurn, campaignId?: string, notice?: CardNotice): Promise<CardActionResult> => {
    try {
      return {
        kind: 'card',
        card: renderCampaignFormCard(await deps.pcnCampaigns.form(turn.pcnId, turn.user, campaignId, notice)),
      };
    } catch (error) {
      if (error instanceof NotFoundError) return list(turn, { kind: 'error', text: error.userMessage });
      throw error;
    }
  };

  return [
    teamAction({ ...admins, verb: CampaignVerbs.show, handle: (_context, turn) => list(turn) }),
    teamAction({ ...admins, verb: CampaignVerbs.add, handle: (_context, turn) => form(turn) }),
    teamAction({
      ...admins,
      verb: CampaignVerbs.edit,
      async handle(_context, turn, data) {
        const parsed = EditInput.safeParse(data);
        if (!parsed.success)
          return list(turn, {
            kind: 'error',
            text: 'That campaign card is out of date. Here are the campaigns as they are now.',
          });
        return form(turn, parsed.data.campaignId);
      },
    }),
    teamAction({
      ...admins,
      verb: CampaignVerbs.save,
      handle: (_context, turn, data) => save(deps, turn, data, { list, form }),
    }),
    teamAction({
      ...admins,
      verb: CampaignVerbs.remove,
      async handle(_context, turn, data) {
        const ref = parseCampaignRef(data);
        if (!ref)
          return list(turn, {
            kind: 'error',
            text: 'That campaign card is out of date. Here are the campaigns as they are now.',
          });
        try {
          const name = await deps.pcnCampaigns.remove(turn.pcnId, turn.user, ref.campaignId, ref.version);
          return list(turn, { kind: 'success', text: `Removed ${name}.` });
        } catch (error) {
          if (error instanceof StaleCampaignError) return form(turn, ref.campaignId, { kind: 'error', text: error.userMessage });
          if (error instanceof NotFoundError) return list(turn, { kind: 'error', text: error.userMessage });
          throw error;
        }
      },
    }),
  ];
}

/**
 * "Save": a new campaign (no id on the card) or an edit. A bad or clashing
 * field comes back on the card as typed, naming the field, and nothing is saved.
 */
async function save(
  deps: CampaignsBotDeps,
  turn: TeamTurn,
  data: Readonly<Record<string, unknown>>,
  show: {
    list: (turn: TeamTurn, notice?: CardNotice) => Promise<CardActionResult>;
    form: (turn: TeamTurn, campaignId?: string, notice?: CardNotice) => Promise<CardActionResult>;
  },
): Promise<CardActionResult> {
  const editing = typeof data.campaignId === 'string' && data.campaignId !== '';
  const ref = parseCampaignRef(data);
  if (editing && !ref) return show.list(turn, { kind: 'error', text: 'That campaign card is out of date. Nothing was saved.' });
  try {
    const input = parseCampaignInput(data);
    if (ref) await deps.pcnCampaigns.update(turn.pcnId, turn.user, ref.campaignId, ref.version, input);
    else await deps.pcnCampaigns.add(turn.pcnId, turn.user, input);
    return show.list(turn, { kind: 'success', text: `Saved ${input.name}.` });
  } catch (error) {
    if (error instanceof ValidationError) return typedAgain(deps, turn, data, ref, `${error.userMessage} Nothing was saved.`);
    if (error instanceof StaleCampaignError) return show.form(turn, ref?.campaignId, { kind: 'error', text: error.userMessage });
    if (error instanceof NotFoundError) return show.list(turn, { kind: 'error', text: error.userMessage });
    throw error;
  }
}

/** The card again with what the person typed and what to fix. The form view also checks they are an admin. */
async function typedAgain(
  deps: CampaignsBotDeps,
  turn: TeamTurn,
  data: Readonly<Record<string, unknown>>,
  ref: { campaignId: string; version: string } | undefined,
  message: string,
): Promise<CardActionResult> {
  const blank = await deps.pcnCampaigns.form(turn.pcnId, turn.user);
  return {
    kind: 'card',
    card: renderCampaignFormCard({
      pcnName: blank.pcnName,
      campaignId: ref?.campaignId,
      version: ref?.version,
      values: typedCampaignValues(data),
      notice: { kind: 'error', text: message },
    }),
  };
}

/** The offer card's button: the feed link, for the person who pressed it and nobody else. */
function calendarLinkAction(deps: CampaignsBotDeps) {
  return teamAction({
    ...anyone,
    verb: CampaignVerbs.calendarLink,
    async handle(_context, turn) {
      const link = await deps.calendarFeed.link(turn.pcnId);
      return {
        kind: 'privateCard',
        card: renderCalendarLinkCard(link),
        fallback: {
          text: 'To keep your calendar link private, I can only give it in Teams on a computer or in a web browser. Please press the button there.',
        },
      };
    },
  });
}
