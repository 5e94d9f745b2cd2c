import { QUICK_CHECK_LABELS, QuickCheckChangeInput, QuickCheckSubmitInput } from '../../cards/quick-check-inputs';
import { parseInput } from '../../services/domain';
import { Verbs } from '../../cards/verbs';
import { renderQuickCheckCard } from '../../cards/quick-check';
import { renderAnsweredCard } from '../../cards/quick-check-answered';
import { answeredView, formView } from '../../services/quick-check/messages';
import { quarterLabel, quarterLastDayLabel } from '../../services/domain/quarters';
import { formatLondonDateTime } from '../../services/domain/london-dates';
import type { ZodType, ZodTypeDef } from 'zod';
import { anywhereAction, type Feature, teamCommand } from '../features/types';
import type { TurnInfo } from '../turn';
import { pcnForCard, type QuickCheckBotDeps } from './quick-check-common';

/**
 * The quarterly quick check: `start quick check` (a PCN admin opens this
 * quarter's round now; the cards go out through the outbox), and the card's
 * buttons, Submit and "Change answers", which a lead may also press on their
 * 1:1 copy outside the team.
 */
export function quickCheckFeature(deps: QuickCheckBotDeps): Feature {
  return {
    name: 'quick check',
    commands: [startCommand(deps)],
    actions: quickCheckActions(deps),
  };
}

function startCommand(deps: QuickCheckBotDeps) {
  return teamCommand({
    scope: 'team',
    audience: 'admins',
    refusal: 'start the quick check',
    name: 'start quick check',
    help: "Send this quarter's quick check now.",
    menu: "PCN admins: open this quarter's quick check now",
    button: 'Start quick check',
    matches: (text) => /^start (the )?quick ?check$/.test(text),
    examples: ['start the quick check', 'start quickcheck'],
    async handle(context, turn) {
      const { round, created, messages } = await deps.quickCheck.rounds.start(turn.pcnId, turn.user);
      const q = deps.quickCheck.rounds.currentQuarter();
      // One channel card (a new thread) per practice; 1:1 copies to leads come on top.
      const channelCards = messages.filter((m) => m.target.kind === 'newThread').length;
      const cards = channelCards === 1 ? 'a card for 1 practice' : `a card for each of ${channelCards} practices`;
      const text = created
        ? `I have opened the quick check for ${quarterLabel(q)} and I am posting ${cards} in the PCN channel now. Practice leads can answer until the end of ${quarterLastDayLabel(q)}. Type **results** to see who has answered.`
        : round.status === 'closed'
          ? `The quick check for ${quarterLabel(q)} has already closed.`
          : `The quick check for ${quarterLabel(q)} is already open (since ${formatLondonDateTime(round.openedAt)}).${
              channelCards ? ` I am posting ${cards} that did not have one yet.` : ''
            } Type **results** to see who has answered.`;
      await context.sendActivity(text);
    },
  });
}

/** A quick check button's data, checked, and the PCN its card belongs to (or why that cannot be told). */
function cardInput<T extends { pcnId?: string }>(schema: ZodType<T, ZodTypeDef, unknown>, turn: TurnInfo, data: unknown) {
  const input = parseInput(schema, data, QUICK_CHECK_LABELS);
  return { input, pcn: pcnForCard(turn, input.pcnId) };
}

/** The quick check card's buttons: Submit, and "Change answers" on the answered card. */
function quickCheckActions(deps: QuickCheckBotDeps) {
  // The practice's leads or an admin: the answer service checks against the card's practice and names its leads.
  const rule = { scope: 'anywhere', audience: 'practice' } as const;
  return [
    anywhereAction({
      ...rule,
      verb: Verbs.quickCheckSubmit,
      async handle(context, turn, data) {
        const { input, pcn } = cardInput(QuickCheckSubmitInput, turn, data);
        if ('problem' in pcn) return { kind: 'message', text: pcn.problem };
        const outcome = await deps.quickCheck.answers.record({
          pcnId: pcn.pcnId,
          actor: turn.user,
          roundId: input.roundId,
          practiceId: input.practiceId,
          answers: { strategy: input.strategy, managed: input.managed, impact: input.impact, value: input.value },
          comment: input.comment,
          activityId: context.activity.id,
          // The card's own conversation: its thread in the channel, or the lead's 1:1 chat.
          replyTo: { kind: 'conversation', address: turn.address },
        });
        return {
          kind: 'card',
          card: renderAnsweredCard(answeredView(outcome.quarter, outcome.practice, outcome.answer, 'open')),
        };
      },
    }),
    anywhereAction({
      ...rule,
      verb: Verbs.quickCheckChange,
      async handle(_context, turn, data) {
        const { input, pcn } = cardInput(QuickCheckChangeInput, turn, data);
        if ('problem' in pcn) return { kind: 'message', text: pcn.problem };
        const { practice, quarter } = await deps.quickCheck.answers.context(
          pcn.pcnId,
          turn.user,
          input.roundId,
          input.practiceId,
        );
        const current = await deps.quickCheck.answers.current(pcn.pcnId, quarter.id, practice.practiceId);
        const form = renderQuickCheckCard(formView(quarter, practice, { answers: current }));
        // The form is for the lead making the change; everyone else keeps seeing the answers until they are saved.
        return { kind: 'privateCard', card: form, fallback: { card: form } };
      },
    }),
  ];
}
