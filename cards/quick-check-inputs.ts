import { z } from 'zod';
import { QUESTIONS, type QuestionId } from '../services/quick-check/questions';

/**
 * What the quick check card sends back, checked before any service sees it.
 * Strict: a field the card never sends means a tampered or foreign
 * submission, and is refused rather than ignored.
 */
export const MAX_COMMENT_LENGTH = 1000;

const quarterId = z
  .string({ required_error: 'is missing', invalid_type_error: 'is not a quick check I know' })
  .regex(/^\d{4}-Q[1-4]$/, 'is not a quick check I know');

const practiceId = z
  .string({ required_error: 'is missing', invalid_type_error: 'is not a practice I know' })
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a practice I know');

const yesNo = (n: number) =>
  z.enum(['yes', 'no'], {
    errorMap: (issue) => ({
      message:
        issue.code === 'invalid_type' && issue.received === 'undefined'
          ? `Question ${n}: please choose Yes or No.`
          : `Question ${n}: the answer must be Yes or No.`,
    }),
  });

const answerShape = Object.fromEntries(QUESTIONS.map((q) => [q.id, yesNo(q.number)])) as Record<
  QuestionId,
  ReturnType<typeof yesNo>
>;

const comment = z
  .string({ invalid_type_error: 'Comment: must be text.' })
  .max(MAX_COMMENT_LENGTH * 4, `Comment: please keep it to ${MAX_COMMENT_LENGTH} characters.`)
  .transform((v) => v.trim())
  .pipe(z.string().max(MAX_COMMENT_LENGTH, `Comment: please keep it to ${MAX_COMMENT_LENGTH} characters.`))
  .optional()
  .transform((v) => (v ? v : undefined));

const pcnId = z.string({ invalid_type_error: 'is not a PCN I know' }).regex(/^[A-Za-z0-9:._@-]{1,300}$/, 'is not a PCN I know');

/** The card's own fields: which PCN, round and practice the button belongs to. */
const reference = {
  verb: z.string(),
  roundId: quarterId,
  practiceId,
  // In a team the turn names the PCN and this must match it; a lead's 1:1 copy relies on it.
  pcnId: pcnId.optional(),
};

/** Submit: the four answers (all required, exactly "yes" or "no") and an optional comment. */
export const QuickCheckSubmitInput = z
  .object({
    ...reference,
    ...answerShape,
    comment,
  })
  .strict();

export type QuickCheckSubmission = z.infer<typeof QuickCheckSubmitInput>;

/** "Change answers": the answered card has no inputs, so only the reference comes back. */
export const QuickCheckChangeInput = z.object(reference).strict();

/** Turns the first zod issue into one sentence for the person who clicked. */
export function quickCheckProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Something in that submission was not right. Please try again.';
  if (issue.code === 'unrecognized_keys') {
    return 'That submission had fields this card never sends, so I have not recorded it. Please use the buttons on the card.';
  }
  const field = String(issue.path[0] ?? '');
  if (field === 'roundId') return `This quick check ${issue.message}. Please use the newest card.`;
  if (field === 'practiceId') return `The practice on this card ${issue.message}. Please use the newest card.`;
  if (field === 'pcnId') return 'This card belongs to a PCN I do not know. Please use the newest card.';
  if (field === 'verb') return 'That button is not one I know.';
  // Answer and comment messages are written as whole sentences above.
  return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
}
