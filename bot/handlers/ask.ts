import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ASK_VERB, renderAnswerCard } from '../../cards/answer';
import { parseInput } from '../../services/domain';
import type { BotDeps } from '../deps';
import { anywhereAction, anywhereCommand, type Feature } from '../features/types';
import type { TurnInfo } from '../turn';

const AskInput = z.object({ verb: z.string(), question: z.string().trim().min(1).max(300) }).strict();

/**
 * Ask the bot: anything that is not a command is a question about health
 * campaigns and the PCN's plans ("what campaigns are coming up?", "when is
 * Stoptober?", "what is Riverside doing in January?"), answered on one
 * card. `upcoming` is the command form of "what is coming up". Outside a
 * team (a 1:1 chat) the answer has the national campaigns only.
 */
export function askFeature(deps: Pick<BotDeps, 'ask'>): Feature {
  const reply = async (context: TurnContext, turn: TurnInfo, question: string) => {
    const card = renderAnswerCard(await deps.ask.answer(turn.pcnId, question));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  };
  return {
    name: 'ask',
    commands: [
      anywhereCommand({
        scope: 'anywhere',
        audience: 'anyone',
        name: 'upcoming',
        help: 'Campaigns of the next six weeks.',
        menu: 'Health campaigns coming up, and who plans what',
        button: 'Coming up',
        matches: (text) => /^(upcoming|coming up|campaigns coming up)$/.test(text),
        examples: ['coming up', 'Upcoming'],
        async handle(context, turn) {
          const card = renderAnswerCard(await deps.ask.upcoming(turn.pcnId));
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        },
      }),
    ],
    actions: [
      anywhereAction({
        scope: 'anywhere',
        audience: 'anyone',
        verb: ASK_VERB,
        async handle(_context, turn, data) {
          const { question } = parseInput(AskInput, data, { question: 'That question' });
          return { kind: 'card', card: renderAnswerCard(await deps.ask.answer(turn.pcnId, question)) };
        },
      }),
    ],
    async freeText(context, turn, text) {
      await reply(context, turn, text);
      return true;
    },
  };
}
