import { type QuestionId, QUESTIONS, QUICK_CHECK_RULE, questionById } from '../domain/questions';
import { parseQuarter, quarterShortLabel } from '../domain/quarters';
import type { FollowUpAction } from '../domain/quick-check';

/**
 * The reply in the card's thread after a practice answers: the guidance's
 * advice for each No, as a practice manager would want it, and a word on
 * any follow-up the new answers closed. Undefined when there is nothing to say.
 */
export function adviceReply(
  practiceName: string,
  noes: readonly QuestionId[],
  closed: readonly FollowUpAction[],
): string | undefined {
  const parts: string[] = [];
  if (noes.length > 0) {
    const count = noes.length === 1 ? 'one question' : `${noes.length} questions`;
    parts.push(`**${practiceName} answered No to ${count}.** ${QUICK_CHECK_RULE}. Here is what the guidance suggests:`);
    for (const id of QUESTIONS.map((q) => q.id).filter((id) => noes.includes(id))) {
      const q = questionById(id);
      parts.push(`**${q.number}. ${q.text}**\n\n${q.advice.map((line) => `- ${line}`).join('\n')}`);
    }
    parts.push(
      `I have noted each No as a follow-up action for ${practiceName}. It closes when the answer changes to Yes, here or in a later quick check. Type **results** to see where every practice stands.`,
    );
  }
  if (closed.length > 0) {
    const lines = closed.map((a) => {
      const q = questionById(a.questionId);
      const from = parseQuarter(a.quarter);
      return `- ${q.number}. ${q.short}${from ? ` (No in ${quarterShortLabel(from)})` : ''}`;
    });
    parts.push(`Well done: these follow-up actions are now closed because the answer is Yes:\n\n${lines.join('\n')}`);
  }
  return parts.length ? parts.join('\n\n') : undefined;
}
