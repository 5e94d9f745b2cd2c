import { createHash } from 'node:crypto';
import {
  type DayRange,
  type DraftContext,
  formatDay,
  type Plan,
  type PlanWarning,
  type Practice,
  SERVICES,
  type ServiceCode,
} from '../domain';
import { addDays, mondayOf } from '../domain/days';
import { checkDraft } from './checks';
import { sameCampaign } from './plan-text';

/**
 * The warnings a plan is checked for before it is saved: the five text
 * checks (services/plans/checks) and overlap with another practice's plan.
 * Gaps are for the digest and answers, not for one plan.
 */

/**
 * What the text checks know of the PCN for a plan by `practiceId`: the
 * services every other practice offers, and whether there are others.
 */
export function draftContext(practiceId: string, practices: readonly Pick<Practice, 'practiceId' | 'services'>[]): DraftContext {
  const partners = practices.filter((p) => p.practiceId !== practiceId);
  if (partners.length === 0) return { offeredByAllPartners: new Set(), hasPartners: false };
  const codes = Object.keys(SERVICES) as ServiceCode[];
  return {
    offeredByAllPartners: new Set(codes.filter((code) => partners.every((p) => p.services?.includes(code)))),
    hasPartners: true,
  };
}

/** The Monday-to-Sunday weeks a plan touches. */
export function weeksOf(range: DayRange): DayRange {
  return { start: mondayOf(range.start), end: addDays(mondayOf(range.end), 6) };
}

/** What a plan being saved is, for the overlap check. */
export interface PlanDraft extends DayRange {
  readonly planId?: string;
  readonly practiceId: string;
  readonly campaignId?: string;
  readonly campaignName?: string;
}

/**
 * Another practice planning the same campaign in the same ISO week (a
 * Monday-to-Sunday week either plan touches): one warning naming them,
 * suggesting one joint PCN post. `others` are the PCN's plans around those weeks.
 */
export function overlapWarning(
  draft: PlanDraft,
  others: readonly Plan[],
  practiceName: (practiceId: string) => string,
): PlanWarning | undefined {
  if (!draft.campaignId && !draft.campaignName) return undefined;
  const weeks = weeksOf(draft);
  const clashes = others.filter(
    (p) =>
      p.status !== 'cancelled' &&
      p.planId !== draft.planId &&
      p.practiceId !== draft.practiceId &&
      sameCampaign(p, draft) &&
      weeksOf(p).start <= weeks.end &&
      weeks.start <= weeksOf(p).end,
  );
  if (clashes.length === 0) return undefined;
  const names = [...new Set(clashes.map((p) => practiceName(p.practiceId)))];
  const who = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const campaign = draft.campaignName ?? clashes[0]!.campaignName ?? 'this campaign';
  const week = formatDay(mondayOf(clashes[0]!.start < draft.start ? draft.start : clashes[0]!.start), false);
  return {
    code: 'overlap',
    reason: `${who} also ${names.length === 1 ? 'plans' : 'plan'} a post for ${campaign} in the week of ${week}.`,
    fix: `Suggest one joint PCN post instead: agree the words with ${who} and post it once for the whole PCN, or choose another week.`,
  };
}

/** Every warning for a plan: the text checks on its summary, then overlap. */
export function planWarnings(
  draft: PlanDraft & { readonly summary: string },
  context: { readonly practices: readonly Pick<Practice, 'practiceId' | 'services'>[]; readonly others: readonly Plan[] },
  practiceName: (practiceId: string) => string,
): PlanWarning[] {
  const text = checkDraft(draft.summary, draftContext(draft.practiceId, context.practices));
  const overlap = overlapWarning(draft, context.others, practiceName);
  return overlap ? [...text, overlap] : text;
}

/**
 * What "Go ahead anyway" acknowledges: these warnings, word for word. A
 * plan changed since (a different NHS number, another practice now
 * overlapping) has other warnings, so it is checked and shown again.
 */
export function acknowledgement(warnings: readonly PlanWarning[]): string {
  const text = warnings.map((w) => `${w.code}\n${w.reason}`).join('\n\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
