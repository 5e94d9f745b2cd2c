import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import {
  ChannelVerbs,
  parseChannelId,
  parseChannelInput,
  renderChannelFormCard,
  renderChannelsCard,
  typedChannelValues,
} from '../../cards/channel';
import type { AdaptiveCard } from '../../cards/expand';
import { RefreshVerbs, renderRefreshStatusCard } from '../../cards/refresh';
import type { ChannelNotice } from '../../services/domain/channels';
import { ForbiddenError, NotFoundError, ValidationError } from '../../services/errors';
import type { ChannelService, RefreshCheckService, ReminderAnswer, ReminderRef } from '../../services/refresh';
import { anywhereAction, type CardActionResult, type Feature, type TeamTurn, teamAction, teamCommand } from '../features/types';
import { pcnForCard } from './quick-check-common';

/** What the channel handlers need from BotDeps. */
export interface ChannelsBotDeps {
  readonly channels: ChannelService;
  readonly refreshCheck: RefreshCheckService;
}

const send = (context: TurnContext, card: AdaptiveCard) =>
  context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

/** The leads of the channel's practice, or an admin: the service decides, naming that practice's leads. */
const practice = { scope: 'team', audience: 'practice', refusal: 'change practice channels' } as const;

const OUT_OF_DATE = 'That channel card is out of date. Here are the channels as they are now.';

/**
 * `channels` (practice leads for their practices, PCN admins for any): the
 * channels with when each was last refreshed and its "about" text last
 * checked, and buttons to add, change and remove them, and to say one was
 * refreshed or its "about" text checked. `refreshed Facebook` typed in the
 * channel says the same as the Refreshed button.
 */
export function channelsFeature(deps: ChannelsBotDeps): Feature {
  return {
    name: 'channels',
    commands: [
      teamCommand({
        scope: 'team',
        audience: 'leads',
        refusal: 'keep practice channels',
        name: 'channels',
        help: 'Your practice channels: when each was last refreshed, and add, change or remove them.',
        matches: (text) => text === 'channels',
        examples: ['Channels'],
        async handle(context, turn) {
          await send(context, renderChannelsCard(await deps.channels.view(turn.pcnId, turn.user)));
        },
      }),
      teamCommand({
        scope: 'team',
        audience: 'leads',
        refusal: 'say a channel was refreshed',
        name: 'refreshed',
        help: 'Say a channel has fresh content today ("refreshed Facebook").',
        matches: (text) => /^refreshed(\s|$)/.test(text),
        examples: ['refreshed Facebook', 'Refreshed Instagram Riverside'],
        async handle(context, turn, text) {
          await context.sendActivity(
            await deps.channels.refreshedByWords(turn.pcnId, turn.user, text.replace(/^refreshed\b/i, '')),
          );
        },
      }),
      teamCommand({
        scope: 'team',
        audience: 'admins',
        refusal: "see every practice's channels",
        name: 'refresh status',
        help: "Every practice's channels, the most in need of fresh content first.",
        matches: (text) => text === 'refresh status',
        examples: ['Refresh status'],
        async handle(context, turn) {
          await send(context, renderRefreshStatusCard(await deps.refreshCheck.status(turn.pcnId, turn.user)));
        },
      }),
    ],
    actions: [...channelActions(deps), ...reminderActions(deps)],
  };
}

function channelActions(deps: ChannelsBotDeps) {
  const list = async (turn: TeamTurn, notice?: ChannelNotice): Promise<CardActionResult> => ({
    kind: 'card',
    card: renderChannelsCard(await deps.channels.view(turn.pcnId, turn.user, notice)),
  });
  /** Runs a change; a gone channel or a refusal comes back as the list with the reason. */
  const guarded = async (turn: TeamTurn, run: () => Promise<CardActionResult>): Promise<CardActionResult> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ForbiddenError) return { kind: 'message', text: error.userMessage };
      if (error instanceof NotFoundError) return list(turn, { kind: 'error', text: error.userMessage });
      throw error;
    }
  };
  const withChannel = (verb: string, run: (turn: TeamTurn, channelId: string) => Promise<CardActionResult>) =>
    teamAction({
      ...practice,
      verb,
      handle: (_context, turn, data) => {
        const channelId = parseChannelId(data);
        if (!channelId) return list(turn, { kind: 'error', text: OUT_OF_DATE });
        return guarded(turn, () => run(turn, channelId));
      },
    });
  const lead = { scope: 'team', audience: 'leads', refusal: 'keep practice channels' } as const;

  return [
    teamAction({ ...lead, verb: ChannelVerbs.list, handle: (_context, turn) => list(turn) }),
    teamAction({
      ...lead,
      verb: ChannelVerbs.add,
      handle: async (_context, turn) => ({
        kind: 'card',
        card: renderChannelFormCard(await deps.channels.form(turn.pcnId, turn.user)),
      }),
    }),
    withChannel(ChannelVerbs.edit, async (turn, channelId) => ({
      kind: 'card',
      card: renderChannelFormCard(await deps.channels.form(turn.pcnId, turn.user, channelId)),
    })),
    withChannel(ChannelVerbs.remove, async (turn, channelId) =>
      list(turn, { kind: 'success', text: await deps.channels.remove(turn.pcnId, turn.user, channelId) }),
    ),
    withChannel(ChannelVerbs.refreshed, async (turn, channelId) =>
      list(turn, { kind: 'success', text: await deps.channels.mark(turn.pcnId, turn.user, channelId, 'refreshed') }),
    ),
    withChannel(ChannelVerbs.about, async (turn, channelId) =>
      list(turn, { kind: 'success', text: await deps.channels.mark(turn.pcnId, turn.user, channelId, 'about') }),
    ),
    teamAction({
      ...practice,
      verb: ChannelVerbs.save,
      async handle(_context, turn, data) {
        const channelId = parseChannelId(data);
        if (data.channelId !== undefined && !channelId) return list(turn, { kind: 'error', text: OUT_OF_DATE });
        try {
          const input = parseChannelInput(data);
          const saved = await deps.channels.save(turn.pcnId, turn.user, input, channelId);
          const what = channelId ? 'Saved the changes to' : 'Added';
          return list(turn, { kind: 'success', text: `${what} the ${saved.address} channel.` });
        } catch (error) {
          if (error instanceof ValidationError) {
            const view = await deps.channels.form(turn.pcnId, turn.user, channelId, typedChannelValues(data), {
              kind: 'error',
              text: `${error.userMessage} Nothing was saved.`,
            });
            return { kind: 'card', card: renderChannelFormCard(view) };
          }
          if (error instanceof ForbiddenError) return { kind: 'message', text: error.userMessage };
          if (error instanceof NotFoundError) return list(turn, { kind: 'error', text: error.userMessage });
          throw error;
        }
      },
    }),
  ];
}

const REMINDER = /^(stale|about|actions|season):([A-Za-z0-9-]{1,64})$/;

/** The reminders a card's button names, or undefined when the card is not one the bot sent. */
function parseReminders(data: Readonly<Record<string, unknown>>): ReminderRef[] | undefined {
  if (typeof data.reminders !== 'string' || data.reminders.length > 2000) return undefined;
  const refs = data.reminders.split(',').map((r) => REMINDER.exec(r));
  if (!refs.length || refs.some((m) => !m)) return undefined;
  return refs.map((m) => ({ kind: m![1] as ReminderRef['kind'], subject: m![2]! }));
}

/**
 * Done, Snooze 7 days and Not relevant on a refresh reminder: in the
 * owner's 1:1 chat (the card names its PCN) or in the channel. The owner,
 * the practice's other leads or a PCN admin may answer.
 */
function reminderActions(deps: ChannelsBotDeps) {
  const answer = (verb: string, kind: ReminderAnswer['kind']) =>
    anywhereAction({
      scope: 'anywhere',
      audience: 'practice',
      verb,
      async handle(_context, turn, data) {
        const pcn = pcnForCard(turn, typeof data.pcnId === 'string' ? data.pcnId : undefined);
        if ('problem' in pcn) return { kind: 'message', text: pcn.problem };
        const refs = parseReminders(data);
        if (!refs) return { kind: 'message', text: 'That reminder card is out of date, so I have not changed anything.' };
        const reason = typeof data.reason === 'string' ? data.reason : '';
        const said: ReminderAnswer = kind === 'notRelevant' ? { kind, reason } : { kind };
        try {
          return { kind: 'message', text: await deps.refreshCheck.answer(pcn.pcnId, turn.user, refs, said) };
        } catch (error) {
          if (error instanceof ValidationError || error instanceof ForbiddenError || error instanceof NotFoundError) {
            return { kind: 'message', text: error.userMessage };
          }
          throw error;
        }
      },
    });
  return [
    answer(RefreshVerbs.done, 'done'),
    answer(RefreshVerbs.snooze, 'snooze'),
    answer(RefreshVerbs.notRelevant, 'notRelevant'),
  ];
}
