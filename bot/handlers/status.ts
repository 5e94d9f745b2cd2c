import { CardFactory, MessageFactory } from 'botbuilder';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/expand';
import { renderStatusCard, type StatusView } from '../../cards/status';
import { Verbs } from '../../cards/verbs';
import { parseInput } from '../../services/domain';
import type { BotDeps } from '../deps';
import { type CardActionResult, type Feature, teamAction, teamCommand } from '../features/types';

/** What the status handlers need from BotDeps. */
export type StatusBotDeps = Pick<BotDeps, 'clock' | 'outbox' | 'deliveryStatus'>;

const rule = { scope: 'team', audience: 'admins', refusal: 'see the delivery status' } as const;

const RetryInput = z.object({
  // Outbox keys are at most 255 characters once stored as ids; anything longer is not one of ours.
  key: z.string({ required_error: 'missing', invalid_type_error: 'missing' }).min(1).max(255),
});

async function buildStatusCard(deps: StatusBotDeps, pcnId: string, notice?: StatusView['notice']): Promise<AdaptiveCard> {
  const overview = await deps.deliveryStatus.overview(pcnId);
  return renderStatusCard({ ...overview, checkedAt: deps.clock.now(), notice });
}

/** `status`: PCN admins see what the outbox holds for their PCN. */
export function statusFeature(deps: StatusBotDeps): Feature {
  return { name: 'status', commands: [statusCommand(deps)], actions: statusActions(deps) };
}

function statusCommand(deps: StatusBotDeps) {
  return teamCommand({
    ...rule,
    name: 'status',
    help: 'Messages waiting, sent or not delivered.',
    menu: 'PCN admins: messages waiting, sent or not delivered',
    matches: (text) => text === 'status' || text === 'delivery status',
    examples: ['delivery status'],
    async handle(context, turn) {
      const card = await buildStatusCard(deps, turn.pcnId);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  });
}

/** The status card's buttons: Refresh, and Try again on a parked message (it must be this PCN's). */
function statusActions(deps: StatusBotDeps) {
  return [
    teamAction({
      ...rule,
      verb: Verbs.statusShow,
      async handle(_context, turn): Promise<CardActionResult> {
        return { kind: 'card', card: await buildStatusCard(deps, turn.pcnId) };
      },
    }),
    teamAction({
      ...rule,
      verb: Verbs.statusRetry,
      async handle(_context, turn, data): Promise<CardActionResult> {
        const { pcnId } = turn;
        const { key } = parseInput(
          RetryInput,
          data,
          {},
          {
            message: "Sorry, I don't recognise that button. Type **status** to start again.",
          },
        );
        // Looked up in this PCN's own records only, so a key from another team's card can never be requeued here.
        const item = await deps.outbox.get(pcnId, key);
        let notice: StatusView['notice'];
        if (!item) {
          notice = { kind: 'error', text: "That message is not one of this PCN's, so I have not changed anything." };
        } else if (await deps.outbox.requeue(pcnId, item.key)) {
          notice = { kind: 'success', text: 'I will try sending that message again now.' };
        } else {
          notice = {
            kind: 'error',
            text: 'That message is no longer waiting for you: it may already have been tried again. Here is the latest.',
          };
        }
        return { kind: 'card', card: await buildStatusCard(deps, pcnId, notice) };
      },
    }),
  ];
}
