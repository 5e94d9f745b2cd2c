import type { ZodError, ZodType, ZodTypeDef } from 'zod';
import { ValidationError } from '../errors';

// What a failed parse throws, for cards that check more than a schema can.
export { ValidationError } from '../errors';

/**
 * The one way card input is checked before a service sees it: a zod schema
 * plus a label per field, and the first problem becomes one sentence naming
 * the field ("ODS code must be a letter and digits, such as B82005.").
 *
 * A schema message that starts with a capital letter is already a whole
 * sentence and is used as it is; one that starts in lower case follows the
 * field's label. Inputs named `<field>_<id>` (one per practice on a card)
 * take the label of `<field>`.
 */
export type FieldLabels = Readonly<Record<string, string>>;

export const UNKNOWN_FIELDS_MESSAGE =
  'That submission had fields this card never sends, so I have not recorded it. Please use the buttons on the card.';

/**
 * Parses card input, or throws a ValidationError whose message names the
 * field to fix. For a button's own data, which nobody types, pass `message`:
 * any problem then means the card is not one the bot sent, and gets that one reply.
 */
export function parseInput<Output, Input = unknown>(
  schema: ZodType<Output, ZodTypeDef, Input>,
  data: unknown,
  labels: FieldLabels,
  options: { readonly message?: string } = {},
): Output {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  if (options.message) throw new ValidationError('button', options.message);
  throw validationErrorFrom(result.error, labels);
}

/** The first zod issue as a ValidationError for a person ("<Label> <what is wrong>."). */
export function validationErrorFrom(error: ZodError, labels: FieldLabels): ValidationError {
  const issue = error.issues[0];
  if (!issue) return new ValidationError('input', 'Something in that submission was not right. Please try again.');
  if (issue.code === 'unrecognized_keys') return new ValidationError('input', UNKNOWN_FIELDS_MESSAGE);
  const path = issue.path.map(String).join('.');
  const key = labels[path] !== undefined ? path : String(issue.path[0] ?? '').replace(/_[A-Za-z0-9-]+$/, '');
  const label = labels[key] ?? 'Something you entered';
  return new ValidationError(label, sentence(issue.message, label));
}

function sentence(message: string, label: string): string {
  const text = /^[A-Z]/.test(message) ? message : `${label} ${message || 'is not valid'}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
