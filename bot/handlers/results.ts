import { CardFactory, MessageFactory } from 'botbuilder';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/expand';
import { renderResultsCard } from '../../cards/results';
import { renderTrendCard } from '../../cards/results-trend';
import { Verbs } from '../../cards/verbs';
import { parseQuarter } from '../../services/domain/quarters';
import { parseResultsArgument, type ResultsRequest } from '../../services/quick-check/results';
import { type Feature, teamAction, teamCommand } from '../features/types';
import { parseInput, type Person } from '../../services/domain';
import type { QuickCheckBotDeps } from './quick-check-common';

/** The card for `request`, as `viewer` may use it (a PCN admin gets "Remind now" while the round is open). */
async function resultsCard(
  deps: QuickCheckBotDeps,
  pcnId: string,
  request: ResultsRequest,
  viewer: Person,
): Promise<AdaptiveCard> {
  return request.kind === 'trend'
    ? renderTrendCard(await deps.quickCheck.results.trend(pcnId))
    : renderResultsCard(await deps.quickCheck.results.roundResults(pcnId, request, viewer));
}

/**
 * `results`, `results trend`, `results 2026-Q3`: anyone in the team may
 * look; a PCN admin may press "Remind now" beside a practice that has not
 * answered.
 */
export function resultsFeature(deps: QuickCheckBotDeps): Feature {
  return { name: 'results', commands: [resultsCommand(deps)], actions: [...resultsActions(deps), remindAction(deps)] };
}

function resultsCommand(deps: QuickCheckBotDeps) {
  return teamCommand({
    scope: 'team',
    audience: 'anyone',
    name: 'results',
    help: 'Results; add last quarter or trend.',
    menu: "This quarter's quick check results",
    button: 'Results',
    matches: (text) => /^results(\s|$)/.test(text),
    examples: [
      'results trend',
      'results last quarter',
      'results for last quarter',
      'results Q3 2026/27',
      'results October',
      'results 2026-Q3',
    ],
    async handle(context, turn, text) {
      const request = parseResultsArgument(text.replace(/^results/i, ''), deps.clock.now());
      const card = await resultsCard(deps, turn.pcnId, request, turn.user);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  });
}

const UNKNOWN_RESULTS_BUTTON = "Sorry, I don't recognise that button. Type **results** to start again.";

/** A quarter as a results card's button carries it (`2026-Q4`), read into the Quarter it names. */
const quarterId = z
  .string()
  .max(10)
  .transform((text, ctx) => parseQuarter(text) ?? (ctx.addIssue({ code: 'custom', message: 'not a quarter' }), z.NEVER));

const ResultsShowInput = z
  .object({
    verb: z.string(),
    view: z.enum(['trend', 'quarter']),
    quarter: quarterId.optional(),
  })
  .strict()
  .refine((input) => input.view === 'trend' || input.quarter);

/** The results card's buttons ("Trend over four quarters", "Previous quarter"): the new view replaces the card. */
function resultsActions(deps: QuickCheckBotDeps) {
  return [
    teamAction({
      scope: 'team',
      audience: 'anyone',
      verb: Verbs.resultsShow,
      async handle(_context, turn, data) {
        const input = parseInput(ResultsShowInput, data, {}, { message: UNKNOWN_RESULTS_BUTTON });
        const request: ResultsRequest = input.quarter ? { kind: 'quarter', quarter: input.quarter } : { kind: 'trend' };
        return { kind: 'card', card: await resultsCard(deps, turn.pcnId, request, turn.user) };
      },
    }),
  ];
}

const ResultsRemindInput = z
  .object({
    verb: z.string(),
    quarter: quarterId,
    practiceId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  })
  .strict();

/**
 * "Remind now" beside a practice that has not answered: the reminder is
 * queued through the outbox (at most once a day per practice) and the
 * results card comes back in place with a line saying what happened.
 */
function remindAction(deps: QuickCheckBotDeps) {
  return teamAction({
    scope: 'team',
    audience: 'admins',
    refusal: 'remind a practice',
    verb: Verbs.resultsRemind,
    async handle(_context, turn, data) {
      const { quarter, practiceId } = parseInput(ResultsRemindInput, data, {}, { message: UNKNOWN_RESULTS_BUTTON });
      const { notice } = await deps.quickCheck.reminders.remindNow(turn.pcnId, turn.user, quarter.id, practiceId);
      const view = await deps.quickCheck.results.roundResults(turn.pcnId, { kind: 'quarter', quarter }, turn.user);
      return { kind: 'card', card: renderResultsCard({ ...view, notice }) };
    },
  });
}
