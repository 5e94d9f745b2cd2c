import template from './quick-check-answered.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';
import { type AnsweredView, QUESTIONS, QUICK_CHECK_RULE, QUICK_CHECK_TITLE } from '../services/domain';

export type { AnsweredView } from '../services/domain';

/**
 * A practice's quick check after it answered, or once the round closed: it
 * replaces the form in place. Schema as the form (see quick-check.ts): 1.4
 * for Action.Execute with an Action.Submit fallback, body elements from 1.2.
 * Each answer sits on its question's row. No is "Attention" (dark red in
 * Teams' light theme); Yes is the default text colour, since Teams' "Good"
 * green is too pale to read on white. It mentions nobody: it waits for no one.
 */
export function renderAnsweredCard(view: AnsweredView): AdaptiveCard {
  const answered = !!view.answers;
  const changed = view.changes ? ` (changed ${view.changes === 1 ? 'once' : `${view.changes} times`})` : '';
  const statusLine = answered
    ? `Answered by ${view.answeredBy ?? 'a practice lead'} on ${view.answeredAtLabel ?? 'an unknown date'}${changed}.`
    : `${view.practiceName} did not answer this quick check.`;
  const closedLine =
    view.state === 'closed'
      ? `This quick check closed at the end of ${view.closesLabel}. The next one arrives at the start of the next quarter.`
      : '';
  const hasNo = answered && QUESTIONS.some((q) => view.answers?.[q.id] === 'no');
  return expandCard(template, {
    practiceName: view.practiceName,
    quarterLabel: view.quarterLabel,
    roundLine:
      view.state === 'open' ? `${view.quarterLabel} · closes ${view.closesDayLabel ?? view.closesLabel}` : view.quarterLabel,
    title: QUICK_CHECK_TITLE,
    statusLine,
    closedLine,
    questions: QUESTIONS.map((q) => {
      const answer = view.answers?.[q.id];
      return {
        number: q.number,
        text: q.text,
        answer: answer === 'yes' ? 'Yes' : answer === 'no' ? 'No' : '–',
        colour: answer === 'no' ? 'Attention' : 'Default',
      };
    }),
    comment: view.comment ?? '',
    ruleLine: hasNo ? `${QUICK_CHECK_RULE}: the advice for each No is in the reply to this card.` : '',
    canChange: view.state === 'open' && answered,
    roundId: view.roundId,
    practiceId: view.practiceId,
    pcnId: view.pcnId,
    verbs: Verbs,
  });
}
