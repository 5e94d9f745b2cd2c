import { z } from 'zod';
import { type FieldLabels, QUESTIONS, type QuestionId } from '../services/domain';

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

const pcnId = z
  .string({ invalid_type_error: 'belongs to a PCN I do not know. Please use the newest card' })
  .regex(/^[A-Za-z0-9:._@-]{1,300}$/, 'belongs to a PCN I do not know. Please use the newest card');

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

/** Labels for the reference fields, whose messages follow them ("This quick check is not a quick check I know."). */
export const QUICK_CHECK_LABELS: FieldLabels = {
  roundId: 'This quick check',
  practiceId: 'The practice on this card',
  pcnId: 'This card',
  verb: 'That button',
};
