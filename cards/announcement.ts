import template from './announcement.json';
import { type AdaptiveCard, expandCard } from './expand';
import { PlanVerbs } from './plan';
import type { AnnouncementView } from '../services/domain';

const TITLES = {
  planned: (practice: string) => `${practice} plans a post`,
  changed: (practice: string) => `${practice} changed a plan`,
  cancelled: (practice: string) => `${practice} cancelled a plan`,
} as const;

/**
 * The short card posted in the PCN's channel when a practice plans a post,
 * changes a plan or cancels one: which practice, what, when, where, for
 * which campaign, and any warnings the planner went ahead with. It waits on
 * nobody, so it mentions nobody; its buttons are what people do next.
 */
export function renderAnnouncementCard(view: AnnouncementView): AdaptiveCard {
  const title = TITLES[view.kind](view.practiceName);
  const facts = [
    { title: 'When', value: view.when },
    { title: 'Where', value: view.where },
    ...(view.campaign ? [{ title: 'Campaign', value: view.campaign }] : []),
    ...(view.owner ? [{ title: 'Owner', value: view.owner }] : []),
  ];
  const warnings = view.wentAheadWith;
  return expandCard(template, {
    title,
    facts,
    summary: view.kind === 'cancelled' ? `Was: ${view.summary}` : view.summary,
    warnings,
    warningsHeading: `${view.wentAheadBy ?? 'The planner'} went ahead despite ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}:`,
    warningsText: warnings.map((w) => `- ${w}`).join('\n'),
    verbs: PlanVerbs,
    fallbackText: `${title}: ${view.where}, ${view.when}.`,
  });
}
