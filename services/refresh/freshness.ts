import type { DayRange, LondonDay, Plan, Platform } from '../domain';
import { addDays } from '../domain/days';
import type { Store } from '../store';

/**
 * A plan marked posted is fresh content for its practice's channels on its
 * platforms. Read here rather than written by the plan service, so marking
 * a plan posted needs nothing from this feature: the plan's `updatedAt` is
 * when it was marked posted (a posted plan can no longer change).
 */

/** How far back plans are read: a plan marked posted starts at most this long before today and still counts. */
const LOOKBACK_DAYS = 120;

export function postedKey(practiceId: string, platform: Platform): string {
  return `${practiceId}|${platform}`;
}

/** The latest time a plan was marked posted, per practice and platform. */
export async function latestPostedPlans(
  store: Pick<Store, 'plans'>,
  pcnId: string,
  today: LondonDay,
): Promise<Map<string, string>> {
  return latestPosted(await store.plans.between(pcnId, postedLookback(today)));
}

/** The days whose plans latestPosted needs: plans marked posted up to LOOKBACK_DAYS ago still count. */
export function postedLookback(today: LondonDay): DayRange {
  return { start: addDays(today, -LOOKBACK_DAYS), end: today };
}

/** latestPostedPlans from plans already read (at least postedLookback's); older plans make no difference. */
export function latestPosted(plans: readonly Plan[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const plan of plans) {
    if (plan.status !== 'posted') continue;
    for (const platform of plan.platforms) {
      const key = postedKey(plan.practiceId, platform);
      const current = latest.get(key);
      if (!current || plan.updatedAt > current) latest.set(key, plan.updatedAt);
    }
  }
  return latest;
}
