import checkTemplate from './plan-check.json';
import formTemplate from './plan-form.json';
import listTemplate from './plans.json';
import { type AdaptiveCard, expandCard } from './expand';
import {
  type PlanCheckView,
  type PlanFormValues,
  type PlanFormView,
  type PlanNotice,
  type PlansListView,
  PLATFORMS,
} from '../services/domain';

/** The plan cards' verbs: the cards carry them, bot/handlers/plans.ts answers them. */
export const PlanVerbs = {
  /** A blank plan card ("Plan a post" on the list, the announcement and the digest). */
  open: 'plans.open',
  /** Save on the plan card: a new plan without an id, an edit with the id and the version it was opened at. */
  save: 'plans.save',
  /** "Go ahead anyway" on the warnings: saves with the warnings it acknowledges recorded. */
  goAhead: 'plans.goAhead',
  /** "Change it" on the warnings: the plan card again, as typed. */
  change: 'plans.change',
  edit: 'plans.edit',
  cancel: 'plans.cancel',
  posted: 'plans.posted',
  /** The coming plans (a practice's, when the button names one). */
  list: 'plans.list',
} as const;

// Teams' "Good" green is under 4.5:1 on white: a success notice is bold default text.
const noticeFields = (notice?: PlanNotice) => ({
  notice: notice?.text ?? '',
  noticeColour: notice?.kind === 'error' ? 'Attention' : 'Default',
});

const PLATFORM_CHOICES = Object.entries(PLATFORMS).map(([value, title]) => ({ value, title }));

/** What a plan card's buttons carry besides its inputs: which plan and version, and the fixed practice. */
function refData(view: { planId?: string; version?: string }): Record<string, string> {
  return view.planId ? { planId: view.planId, version: view.version ?? '' } : {};
}

/**
 * The plan card: practice (a choice for admins and leads of several, else
 * named), owner, From and To, platforms, campaign (the calendar's coming
 * campaigns and Other) and the summary or draft text. The same card for a
 * new plan, one filled in from a sentence, and an edit. Full width, so the
 * fields sit side by side and Save stays in view.
 */
export function renderPlanFormCard(view: PlanFormView): AdaptiveCard {
  const single = view.practices.length === 1 ? view.practices[0] : undefined;
  const editing = !!view.planId;
  return expandCard(formTemplate, {
    title: editing ? 'Change a plan' : single ? `Plan a post for ${single.title}` : 'Plan a post',
    ...noticeFields(view.notice),
    practiceName: single?.title ?? '',
    practices: view.practices,
    owners: view.owners,
    platforms: PLATFORM_CHOICES,
    campaigns: view.campaigns,
    values: view.values,
    planId: view.planId ?? '',
    saveData: { verb: PlanVerbs.save, ...refData(view), ...(single ? { practiceId: single.value } : {}) },
    verbs: PlanVerbs,
  });
}

/** The values sent back from the warnings card with either choice. */
function valuesData(values: PlanFormValues): Record<string, string> {
  return { ...values };
}

/**
 * What comes back on Save when a plan has warnings: each warning's reason
 * and fix, the text as typed, "Change it" (the plan card again) and "Go
 * ahead anyway" (saved with the warnings recorded). Nothing is saved yet.
 */
export function renderPlanCheckCard(view: PlanCheckView): AdaptiveCard {
  const values = valuesData(view.values);
  return expandCard(checkTemplate, {
    heading:
      view.warnings.length === 1 ? 'One thing to check before saving' : `${view.warnings.length} things to check before saving`,
    title: view.title,
    warnings: view.warnings.map((w) => ({ reason: w.reason, fix: w.fix })),
    summary: view.summary,
    changeData: { verb: PlanVerbs.change, ...values, ...refData(view) },
    goAheadData: { verb: PlanVerbs.goAhead, ...values, ...refData(view), ack: view.ack },
    verbs: PlanVerbs,
  });
}

/** `plans`: the coming plans, with Edit, Cancel and Mark posted where the person may change them. */
export function renderPlansCard(view: PlansListView): AdaptiveCard {
  const more =
    view.moreCount === 0
      ? ''
      : `${view.moreCount === 1 ? '1 more plan is' : `${view.moreCount} more plans are`} still to come. Type **plans** and a practice's name to see one practice's.`;
  return expandCard(listTemplate, {
    title: view.title,
    ...noticeFields(view.notice),
    intro: view.intro,
    plans: view.plans,
    more,
    canPlan: view.canPlan,
    verbs: PlanVerbs,
    fallbackText: [view.title, ...view.plans.map((p) => `${p.heading}. ${p.detail}`)].join('. '),
  });
}
