/**
 * Planned social activity: the plan card and its warnings, the `plans`
 * list, announcements to the PCN's channel and the weekly digest. The five
 * text checks are in checks/ (checkDraft).
 */
export { announcementItem, announcementKey, announcementView } from './announcements';
export { DIGEST_DAYS, DigestService, digestKey, GAP_DAYS } from './digest';
export { PLANS_ON_CARD, PlanListService } from './plan-list';
export {
  PLAN_CHANGED,
  PLAN_GONE,
  type PlanRef,
  PlanService,
  type PlanServiceDeps,
  type SaveOutcome,
  StalePlanError,
  type StatusOutcome,
} from './plan-service';
export { acknowledgement, draftContext, overlapWarning, planWarnings } from './plan-warnings';
export { type PlanShortcut, readShortcut } from './shortcut';
