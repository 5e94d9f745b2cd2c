import template from './quick-check.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';
import { QUESTIONS, QUICK_CHECK_TITLE, type QuickCheckFormView } from '../services/domain';

export type { QuickCheckFormView } from '../services/domain';

/**
 * The quick check form, one per practice per quarter.
 *
 * Which schema each Teams client gets: the card declares 1.4 because
 * Action.Execute (Universal Actions) needs it. Teams desktop and web render
 * up to 1.5, so they get everything: the Action.Execute button, labels,
 * required-field checks and error messages. The Teams mobile app renders up
 * to 1.2, so the body uses only 1.2 elements (TextBlock, Container,
 * Input.ChoiceSet expanded, multiline Input.Text); there the button falls
 * back to Action.Submit with the same data, and `label`, `isRequired` and
 * `errorMessage` (1.3) are ignored, which is why each question's text is
 * also a TextBlock and the bot validates every submission itself. A client
 * that renders no card at all shows `fallbackText`.
 */
export function renderQuickCheckCard(view: QuickCheckFormView): AdaptiveCard {
  return expandCard(template, quickCheckCardData(view));
}

/** The data the quick check template is expanded with. */
export function quickCheckCardData(view: QuickCheckFormView): object {
  return {
    practiceName: view.practiceName,
    quarterLabel: view.quarterLabel,
    title: QUICK_CHECK_TITLE,
    closesLabel: view.closesLabel,
    notice: view.notice ?? '',
    openActions: view.openActions ?? [],
    questions: QUESTIONS.map((q) => ({ id: q.id, number: q.number, text: q.text, value: view.answers?.[q.id] ?? '' })),
    comment: view.comment ?? '',
    roundId: view.roundId,
    practiceId: view.practiceId,
    pcnId: view.pcnId,
    verbs: Verbs,
  };
}
