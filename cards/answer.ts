import template from './answer.json';
import { type AdaptiveCard, expandCard } from './expand';
import type { AnswerView } from '../services/domain';

/** The answer card's buttons ask a question, as if it had been typed. */
export const ASK_VERB = 'ask.question';

/** What to offer after an answer: the questions people ask next. */
const NEXT_QUESTIONS = ['What campaigns are coming up?', "What's planned next week?"];

const lines = (items: readonly string[]) => items.map((l) => `- ${l}`).join('\n');

/**
 * An answer to a question, on one compact card: campaigns with their dates,
 * what practices plan for them and any gap; or plans by day. Full width in
 * Teams desktop and web; 1.2 elements in the body for Teams mobile, where
 * the buttons fall back to Action.Submit.
 */
export function renderAnswerCard(view: AnswerView): AdaptiveCard {
  const questions = view.examples ?? NEXT_QUESTIONS.filter((q) => q.toLowerCase() !== view.title.toLowerCase());
  return expandCard(template, {
    title: view.title,
    intro: view.intro ?? '',
    campaigns: view.campaigns.map((c) => ({
      name: c.name,
      dates: c.dates,
      note: c.note ?? '',
      description: c.description ?? '',
      audience: c.audience ?? '',
      plansText: lines(c.plans),
      gap: c.gap ?? '',
    })),
    days: view.days.map((d) => ({ day: d.day, plansText: lines(d.plans) })),
    empty: view.empty ?? '',
    buttons: questions.map((q) => ({ title: q, question: q })),
    verb: ASK_VERB,
    fallbackText: [view.title, ...view.campaigns.map((c) => `${c.name}: ${c.dates}`), view.empty ?? '']
      .filter(Boolean)
      .join('. '),
  });
}
