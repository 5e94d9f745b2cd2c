import template from './digest.json';
import { type AdaptiveCard, expandCard } from './expand';
import { PlanVerbs } from './plan';
import type { DigestView } from '../services/domain';

const lines = (items: readonly string[]) => items.map((l) => `- ${l}`).join('\n');

/**
 * The weekly digest in the PCN's channel: every practice's plans for the
 * next two weeks by day, and the calendar campaigns starting within two
 * weeks that nobody plans for, with "Plan a post". Full width: it is a
 * list people scan.
 */
export function renderDigestCard(view: DigestView): AdaptiveCard {
  const more =
    view.morePlans === 0
      ? ''
      : `${view.morePlans === 1 ? '1 more plan' : `${view.morePlans} more plans`}: type **plans** to see them.`;
  return expandCard(template, {
    pcnName: view.pcnName,
    period: view.period,
    days: view.days.map((d) => ({ day: d.day, plansText: lines(d.plans) })),
    more,
    gaps: view.gaps,
    gapsText: lines(view.gaps),
    verbs: PlanVerbs,
    fallbackText: `Plans for the next two weeks, ${view.period}.`,
  });
}
