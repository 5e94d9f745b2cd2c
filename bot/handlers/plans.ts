import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/expand';
import { PlanVerbs, renderPlanCheckCard, renderPlanFormCard, renderPlansCard } from '../../cards/plan';
import { parseAck, parsePlanId, parsePlanInput, parsePlanRef, typedPlanValues } from '../../cards/plan-inputs';
import { formatDay, type PlanNotice } from '../../services/domain';
import { NotFoundError, ValidationError } from '../../services/errors';
import { type PlanListService, type PlanService, StalePlanError } from '../../services/plans';
import { type CardActionResult, type Feature, type TeamTurn, teamAction, teamCommand } from '../features/types';

/** What the plan handlers need from BotDeps. */
export interface PlansBotDeps {
  readonly plans: PlanService;
  readonly planList: PlanListService;
}

/** The leads of the practice on the card, or an admin: the service decides, naming that practice's leads. */
const practice = { scope: 'team', audience: 'practice', refusal: 'change plans' } as const;

const send = (context: TurnContext, card: AdaptiveCard) =>
  context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

/**
 * `plan` (practice leads and PCN admins): the plan card, filled in from a
 * sentence when there is one ("plan a Facebook post about flu clinics on 3
 * Dec"). `plans` (anyone in the team): the coming plans, or one
 * practice's ("plans Riverside"), with Edit, Cancel and Mark posted for
 * those who may change them. Save shows the warnings first; nothing is
 * saved until they are answered.
 */
export function plansFeature(deps: PlansBotDeps): Feature {
  return {
    name: 'plans',
    commands: [planCommand(deps), plansCommand(deps)],
    actions: planActions(deps),
  };
}

function planCommand(deps: PlansBotDeps) {
  return teamCommand({
    scope: 'team',
    audience: 'leads',
    refusal: 'plan a post',
    name: 'plan',
    help: 'Plan a post for your practice.',
    button: 'Plan a post',
    matches: (text) => /^plan(\s|$)/.test(text),
    examples: ['plan a post', 'Plan a Facebook post about flu clinics on 3 Dec', 'plan Instagram for Stoptober next Tuesday'],
    async handle(context, turn, text) {
      const said = text.replace(/^plan\b/i, '').trim();
      await send(context, renderPlanFormCard(await deps.plans.form(turn.pcnId, turn.user, said)));
    },
  });
}

function plansCommand(deps: PlansBotDeps) {
  return teamCommand({
    scope: 'team',
    audience: 'anyone',
    name: 'plans',
    help: "Coming plans, or one practice's.",
    matches: (text) => /^plans(\s|$)/.test(text),
    examples: ['plans Riverside', 'Plans'],
    async handle(context, turn, text) {
      const practiceWords = text.replace(/^plans\b/i, '').trim();
      await send(context, renderPlansCard(await deps.planList.view(turn.pcnId, turn.user, { practiceWords })));
    },
  });
}

/** From the channel's announcement or digest: the answer is for the presser, and must not replace the posted card. */
const fromChannel = (data: Readonly<Record<string, unknown>>) => data.where === 'channel';

function planActions(deps: PlansBotDeps) {
  const list = async (turn: TeamTurn, practiceId?: string, notice?: PlanNotice): Promise<CardActionResult> => ({
    kind: 'card',
    card: renderPlansCard(await deps.planList.view(turn.pcnId, turn.user, { practiceId, notice })),
  });
  const privately = (card: AdaptiveCard, data: Readonly<Record<string, unknown>>): CardActionResult =>
    fromChannel(data) ? { kind: 'privateCard', card, fallback: { card } } : { kind: 'card', card };
  const outOfDate = (turn: TeamTurn) =>
    list(turn, undefined, { kind: 'error', text: 'That plan card is out of date. Here are the plans as they are now.' });

  const status = (verb: string, to: 'cancelled' | 'posted') =>
    teamAction({
      ...practice,
      verb,
      async handle(_context, turn, data) {
        const planId = parsePlanId(data);
        if (!planId) return outOfDate(turn);
        try {
          const { plan, changed } = await deps.plans.setStatus(turn.pcnId, turn.user, planId, to);
          const day = formatDay(plan.start, false);
          const text = !changed
            ? `That plan was already ${to === 'posted' ? 'marked posted' : 'cancelled'}.`
            : to === 'cancelled'
              ? `Cancelled the plan for ${day}. I am telling the PCN.`
              : `Marked the plan for ${day} as posted.`;
          return list(turn, plan.practiceId, { kind: 'success', text });
        } catch (error) {
          if (error instanceof NotFoundError || error instanceof ValidationError) {
            return list(turn, undefined, { kind: 'error', text: error.userMessage });
          }
          throw error;
        }
      },
    });

  return [
    teamAction({
      scope: 'team',
      audience: 'leads',
      refusal: 'plan a post',
      verb: PlanVerbs.open,
      handle: async (_context, turn, data) => privately(renderPlanFormCard(await deps.plans.form(turn.pcnId, turn.user)), data),
    }),
    teamAction({
      scope: 'team',
      audience: 'anyone',
      verb: PlanVerbs.list,
      async handle(_context, turn, data) {
        const practiceId =
          typeof data.practiceId === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(data.practiceId) ? data.practiceId : undefined;
        return privately(renderPlansCard(await deps.planList.view(turn.pcnId, turn.user, { practiceId })), data);
      },
    }),
    teamAction({ ...practice, verb: PlanVerbs.save, handle: (_context, turn, data) => save(deps, turn, data, list) }),
    teamAction({
      ...practice,
      verb: PlanVerbs.goAhead,
      handle: (_context, turn, data) => save(deps, turn, data, list, parseAck(data) ?? ''),
    }),
    teamAction({
      ...practice,
      verb: PlanVerbs.change,
      async handle(_context, turn, data) {
        const view = await deps.plans.typedForm(turn.pcnId, turn.user, typedPlanValues(data), parsePlanRef(data), {
          kind: 'success',
          text: 'Change what you need to, then press Save: I will check it again.',
        });
        return { kind: 'card', card: renderPlanFormCard(view) };
      },
    }),
    teamAction({
      ...practice,
      verb: PlanVerbs.edit,
      async handle(_context, turn, data) {
        const planId = parsePlanId(data);
        if (!planId) return outOfDate(turn);
        try {
          return { kind: 'card', card: renderPlanFormCard(await deps.plans.editForm(turn.pcnId, turn.user, planId)) };
        } catch (error) {
          if (error instanceof NotFoundError || error instanceof ValidationError) {
            return list(turn, undefined, { kind: 'error', text: error.userMessage });
          }
          throw error;
        }
      },
    }),
    status(PlanVerbs.cancel, 'cancelled'),
    status(PlanVerbs.posted, 'posted'),
  ];
}

/**
 * Save, or "Go ahead anyway" (with what it acknowledges): the warnings card
 * when there are warnings not yet answered; the practice's plans with what
 * was saved; or the card again as typed, naming what to fix. Nothing is
 * saved unless the plan is.
 */
async function save(
  deps: PlansBotDeps,
  turn: TeamTurn,
  data: Readonly<Record<string, unknown>>,
  list: (turn: TeamTurn, practiceId?: string, notice?: PlanNotice) => Promise<CardActionResult>,
  ack?: string,
): Promise<CardActionResult> {
  const editing = typeof data.planId === 'string' && data.planId !== '';
  const ref = parsePlanRef(data);
  if (editing && !ref) {
    return list(turn, undefined, { kind: 'error', text: 'That plan card is out of date. Nothing was saved.' });
  }
  const typedAgain = async (message: string): Promise<CardActionResult> => {
    const view = await deps.plans.typedForm(turn.pcnId, turn.user, typedPlanValues(data), ref, {
      kind: 'error',
      text: `${message} Nothing was saved.`,
    });
    return { kind: 'card', card: renderPlanFormCard(view) };
  };
  try {
    const outcome = await deps.plans.save(turn.pcnId, turn.user, parsePlanInput(data), { ref, ack });
    if (outcome.kind === 'warnings') return { kind: 'card', card: renderPlanCheckCard(outcome.check) };
    const day = formatDay(outcome.plan.start, false);
    const text =
      outcome.kind === 'unchanged'
        ? 'Nothing had changed, so there was nothing to save.'
        : `Saved the plan for ${day}. I am telling the PCN in ${outcome.channelName}.`;
    return list(turn, outcome.plan.practiceId, { kind: 'success', text });
  } catch (error) {
    if (error instanceof ValidationError) return typedAgain(error.userMessage);
    if (error instanceof StalePlanError && ref) {
      try {
        const view = await deps.plans.editForm(turn.pcnId, turn.user, ref.planId, { kind: 'error', text: error.userMessage });
        return { kind: 'card', card: renderPlanFormCard(view) };
      } catch (gone) {
        if (!(gone instanceof NotFoundError || gone instanceof ValidationError)) throw gone;
        return list(turn, undefined, { kind: 'error', text: gone.userMessage });
      }
    }
    if (error instanceof NotFoundError) return list(turn, undefined, { kind: 'error', text: error.userMessage });
    throw error;
  }
}
