import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';

/**
 * One budget for everything the bot sends to Teams. Replies within a turn
 * and the outbox's proactive sends draw on the same per-app rate, but only
 * the outbox paced itself: on the national morning at 50 per second, a
 * person typing `help` five times a second pushed the total over Teams'
 * limit and a quarter of the requests came back 429, the replies among them
 * (bench:morning). Now the outbox runs a little under the rate, leaving a
 * reserve for replies; every reply is counted in the outbox's window, so
 * heavier interactive use slows the outbox; and when replies alone fill the
 * rate they wait their turn, ahead of the outbox, rather than trip Teams'
 * limit (1,250 admins typing at once: bench:morning -- --by command).
 */

/** Slots per second kept for replies: 5% of the rate, at least 2. */
export function replyReserve(perSecond: number): number {
  return Math.min(perSecond - 1, Math.max(2, Math.ceil(perSecond * 0.05)));
}

/** The rate the outbox may use: the app-wide rate less the reply reserve. */
export function outboxShare(perSecond: number): number {
  return perSecond - replyReserve(perSecond);
}

/** The reply reserve as a fraction of the outbox's rate: what each instance's share may borrow while quiet. */
export function reserveFraction(perSecond: number): number {
  return replyReserve(perSecond) / outboxShare(perSecond);
}

/** Activity types a turn "sends" that never reach Teams' connector (the invoke's HTTP answer, traces). */
const NOT_SENT = new Set(['invokeResponse', 'trace']);

/** What a turn's replies draw on: the dispatcher's slots, and the outbox when too many people are waiting. */
export interface ReplyBudget {
  replySlot(): Promise<void>;
  repliesBacklogged(): boolean;
  /** Queues the replies first in line; undefined when they must go within the turn. */
  queue(context: TurnContext, activities: readonly Partial<Activity>[]): Promise<ResourceResponse[] | undefined>;
}

/**
 * Each reply this turn sends takes a slot of the app-wide rate before it
 * goes out: at once while the rate has room, otherwise after a short wait
 * in which the outbox holds back (services/outbox/reply-pacer.ts). When
 * more replies are waiting than go out in a second, the turn's replies are
 * queued first in the outbox instead (bot/queued-replies.ts), so the turn
 * ends at once.
 */
export function countReplies(context: TurnContext, budget: ReplyBudget): void {
  context.onSendActivities(async (turnContext, activities, next) => {
    const sent = activities.filter((a) => !NOT_SENT.has(a.type ?? ''));
    if (sent.length > 0 && sent.length === activities.length && budget.repliesBacklogged()) {
      const queued = await budget.queue(turnContext, activities);
      if (queued) return queued;
    }
    for (let i = 0; i < sent.length; i++) await budget.replySlot();
    return next();
  });
}
