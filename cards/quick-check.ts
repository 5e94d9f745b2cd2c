import template from './quick-check.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';
import { type Person, QUESTIONS, QUICK_CHECK_TITLE, type QuickCheckFormView } from '../services/domain';

export type { QuickCheckFormView } from '../services/domain';

/** Said on the channel card of a practice nobody leads yet: nobody to @mention. */
export const NO_LEAD_LINE = 'No practice lead yet: a PCN admin can add one with setup.';

/**
 * The quick check form, one per practice per quarter.
 *
 * Which schema each Teams client gets: the card declares 1.4 because
 * Action.Execute (Universal Actions) needs it. Teams desktop and web render
 * up to 1.5, so they get everything: the Action.Execute button, required-field
 * checks and error messages. The Teams mobile app renders up to 1.2, so the
 * body uses only 1.2 elements (TextBlock, Container, ColumnSet,
 * Input.ChoiceSet expanded, Input.Text); there the button falls back to
 * Action.Submit with the same data, and `isRequired` and `errorMessage`
 * (1.3) are ignored, so the bot validates every submission itself. A client
 * that renders no card at all shows `fallbackText`.
 *
 * Each question is one row: its text beside its Yes/No choice. The choice
 * sets carry no `label`: a label draws a row of its own above the buttons
 * ("Answer to question 1"), which would say again what the question beside
 * it says and push Submit below the fold.
 *
 * The channel card @mentions the practice's leads (view.mention), so Teams
 * notifies them that it waits for them: `<at>Name</at>` in a TextBlock and,
 * for each, a mention entity in `msteams.entities` whose id is their Entra
 * object id, which Teams accepts for mentions in a bot's Adaptive Card.
 */
export function renderQuickCheckCard(view: QuickCheckFormView): AdaptiveCard {
  return withMentions(expandCard(template, quickCheckCardData(view)), view.mention ?? []);
}

/** "<at>Priya Shah</at>": how a card's text marks a mention; the entity's `text` must be exactly this. */
export function mentionText(person: Person): string {
  return `<at>${person.name}</at>`;
}

/** The card with a Teams mention entity for each person (their `<at>` text must be in a TextBlock). */
export function withMentions(card: AdaptiveCard, people: readonly Person[]): AdaptiveCard {
  if (people.length === 0) return card;
  const entities = people.map((p) => ({
    type: 'mention',
    text: mentionText(p),
    mentioned: { id: p.aadObjectId, name: p.name },
  }));
  const msteams = (card.msteams ?? {}) as Record<string, unknown>;
  return { ...card, msteams: { ...msteams, entities } };
}

/** "<at>Priya Shah</at>: please answer for your practice." for the leads the card waits for; the no-lead line when there are none. */
function whoLine(mention: readonly Person[] | undefined): string {
  if (!mention) return '';
  if (mention.length === 0) return NO_LEAD_LINE;
  return `${mention.map(mentionText).join(', ')}: please answer for your practice.`;
}

/** The data the quick check template is expanded with. */
export function quickCheckCardData(view: QuickCheckFormView): object {
  return {
    practiceName: view.practiceName,
    quarterLabel: view.quarterLabel,
    roundLine: `${view.quarterLabel} · closes ${view.closesDayLabel ?? view.closesLabel}`,
    whoLine: whoLine(view.mention),
    title: QUICK_CHECK_TITLE,
    notice: view.notice ?? '',
    openActionsLine: view.openActions?.length ? `Still open from earlier quick checks: ${view.openActions.join('; ')}.` : '',
    questions: QUESTIONS.map((q) => ({ id: q.id, number: q.number, text: q.text, value: view.answers?.[q.id] ?? '' })),
    comment: view.comment ?? '',
    roundId: view.roundId,
    practiceId: view.practiceId,
    pcnId: view.pcnId,
    verbs: Verbs,
  };
}
