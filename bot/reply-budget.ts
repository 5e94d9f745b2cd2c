import type { TurnContext } from 'botbuilder';

/**
 * One budget for everything the bot sends to Teams. Replies within a turn
 * and the outbox's proactive sends draw on the same per-app rate, but only
 * the outbox paced itself: on the national morning at 50 per second, a
 * person typing `help` five times a second pushed the total over Teams'
 * limit and a quarter of the requests came back 429, the replies among them
 * (bench:morning). Now the outbox runs a little under the rate, leaving a
 * reserve so a person's reply never waits behind a national fan-out, and
 * every reply is counted in the outbox's window, so heavier interactive use
 * slows the outbox rather than tripping Teams' limit.
 */

/** Slots per second kept for replies: 5% of the rate, at least 2. */
export function replyReserve(perSecond: number): number {
  return Math.min(perSecond - 1, Math.max(2, Math.ceil(perSecond * 0.05)));
}

/** The rate the outbox may use: the app-wide rate less the reply reserve. */
export function outboxShare(perSecond: number): number {
  return perSecond - replyReserve(perSecond);
}

/** Activity types a turn "sends" that never reach Teams' connector (the invoke's HTTP answer, traces). */
const NOT_SENT = new Set(['invokeResponse', 'trace']);

/** Counts each reply this turn sends against the app-wide rate, as it goes out. */
export function countReplies(context: TurnContext, budget: { noteReply(): void }): void {
  context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities) if (!NOT_SENT.has(activity.type ?? '')) budget.noteReply();
    return next();
  });
}
