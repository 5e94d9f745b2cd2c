import type { PlanCardRenderer } from '../services/domain';
import { renderAnnouncementCard } from './announcement';
import { renderDigestCard } from './digest';

/** The cards the plan services queue (announcements, the weekly digest), wired in bot/app.ts. */
export const planCards: PlanCardRenderer = {
  announcement: renderAnnouncementCard,
  digest: renderDigestCard,
};
