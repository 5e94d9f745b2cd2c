import {
  type AnnouncementKind,
  type AnnouncementView,
  type ConversationAddress,
  formatDayRange,
  type NewOutboxItem,
  type Plan,
  type PlanCardRenderer,
  platformList,
} from '../domain';
import { cut } from './plan-text';

/**
 * The short card the PCN's posting channel gets when a plan is made,
 * changed or cancelled: queued in the same batch as the plan's write, keyed
 * by the plan's version, so each version is told once and a retried save
 * tells nobody twice.
 */

/** The outbox key of a plan version's announcement. */
export function announcementKey(planId: string, version: number): string {
  return `plan-announcement:${planId}:v${version}`;
}

export function announcementView(plan: Plan, practiceName: string, kind: AnnouncementKind): AnnouncementView {
  const warnings = kind === 'cancelled' ? [] : (plan.warnings ?? []);
  return {
    kind,
    practiceName,
    when: formatDayRange(plan),
    where: platformList(plan.platforms),
    campaign: plan.campaignName,
    summary: cut(plan.summary, 300),
    owner: plan.owner?.name,
    wentAheadWith: warnings.map((w) => w.reason),
    wentAheadBy: warnings.length ? plan.goAhead?.by.name : undefined,
  };
}

/** The announcement of this version of the plan, for the PCN's posting channel. */
export function announcementItem(
  plan: Plan,
  practiceName: string,
  kind: AnnouncementKind,
  channel: ConversationAddress,
  cards: PlanCardRenderer,
): NewOutboxItem {
  const view = announcementView(plan, practiceName, kind);
  const what = kind === 'planned' ? 'plans a post' : kind === 'changed' ? 'changed a plan' : 'cancelled a plan';
  return {
    pcnId: plan.pcnId,
    key: announcementKey(plan.planId, plan.version ?? 1),
    target: { kind: 'newThread', address: channel, channelId: channel.conversationId },
    message: { card: cards.announcement(view), summary: `${practiceName} ${what}: ${view.where}, ${view.when}` },
    source: { type: 'plan', id: plan.planId },
    about: { what: 'plan announcement', practiceName, daysLabel: view.when },
  };
}
