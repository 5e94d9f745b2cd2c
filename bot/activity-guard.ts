import { z } from 'zod';

/**
 * The minimum every Bot Framework activity carries. Checked before the
 * adapter sees the body, so a malformed request gets a clear 400 and never
 * reaches a handler or the store.
 */
const ActivityEnvelope = z
  .object({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
    from: z.object({ id: z.string().min(1).max(512) }).passthrough(),
    recipient: z.object({ id: z.string().min(1).max(512) }).passthrough(),
  })
  .passthrough();

/** Undefined when the body looks like an activity; otherwise what is wrong, in one line. */
export function activityProblem(body: unknown): string | undefined {
  const result = ActivityEnvelope.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `Not a valid activity: ${issue.path.join('.') || 'body'} ${issue.message.toLowerCase()}.`;
}
