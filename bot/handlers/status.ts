import { CardFactory, MessageFactory } from 'botbuilder';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/expand';
import { renderStatusCard, type StatusView } from '../../cards/status';
import { Verbs } from '../../cards/verbs';
import type { Person } from '../../services/domain';
import type { BotDeps } from '../deps';
import { TEAM_ONLY } from './quick-check-common';
import type { CardActionHandler, CardActionResult, CommandHandler } from './types';

/** What the status handlers need from BotDeps. */
export type StatusBotDeps = Pick<BotDeps, 'clock' | 'store' | 'setup' | 'outbox'>;

export const STATUS_ADMINS_ONLY =
  'Only a PCN admin can see the delivery status. If you think a message from me has not arrived, ask one of your PCN admins (listed on the set-up card) to type **status**.';

const RetryInput = z.object({
  // Outbox keys are at most 255 characters once stored as ids; anything longer is not one of ours.
  key: z.string({ required_error: 'missing', invalid_type_error: 'missing' }).min(1).max(255),
});

async function buildStatusCard(deps: StatusBotDeps, pcnId: string, notice?: StatusView['notice']): Promise<AdaptiveCard> {
  const [pcn, report, practices] = await Promise.all([
    deps.store.pcns.get(pcnId),
    deps.outbox.status(pcnId),
    deps.store.practices.list(pcnId),
  ]);
  return renderStatusCard({ pcnName: pcn?.name ?? 'your PCN', report, practices, checkedAt: deps.clock.now(), notice });
}

/** The PCN the admin is looking at, or the message to answer instead (not in a team, not an admin). */
async function adminPcn(
  deps: StatusBotDeps,
  pcnId: string | undefined,
  user: Person,
): Promise<{ pcnId: string } | { refusal: string }> {
  if (!pcnId) return { refusal: TEAM_ONLY };
  return (await deps.setup.isAdmin(pcnId, user)) ? { pcnId } : { refusal: STATUS_ADMINS_ONLY };
}

/** `status`: PCN admins see what the outbox holds for their PCN; anyone else a polite refusal. */
export function statusCommand(deps: StatusBotDeps): CommandHandler {
  return {
    name: 'status',
    description: 'PCN admins: see which of my messages are waiting, sent or could not be delivered, and try them again.',
    matches: (text) => text === 'status' || text === 'delivery status',
    async handle(context, turn) {
      const access = await adminPcn(deps, turn.pcnId, turn.user);
      if ('refusal' in access) {
        await context.sendActivity(access.refusal);
        return;
      }
      const card = await buildStatusCard(deps, access.pcnId);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  };
}

/** The status card's buttons: Refresh, and Try again on a parked message (it must be this PCN's). */
export function statusActions(deps: StatusBotDeps): CardActionHandler[] {
  return [
    {
      verb: Verbs.statusShow,
      async handle(_context, turn): Promise<CardActionResult> {
        const access = await adminPcn(deps, turn.pcnId, turn.user);
        if ('refusal' in access) return { kind: 'message', text: access.refusal };
        return { kind: 'card', card: await buildStatusCard(deps, access.pcnId) };
      },
    },
    {
      verb: Verbs.statusRetry,
      async handle(_context, turn, data): Promise<CardActionResult> {
        const access = await adminPcn(deps, turn.pcnId, turn.user);
        if ('refusal' in access) return { kind: 'message', text: access.refusal };
        const { pcnId } = access;
        const parsed = RetryInput.safeParse(data);
        if (!parsed.success) {
          return { kind: 'message', text: "Sorry, I don't recognise that button. Type **status** to start again." };
        }
        // Looked up in this PCN's own records only, so a key from another team's card can never be requeued here.
        const item = await deps.outbox.get(pcnId, parsed.data.key);
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
    },
  ];
}
