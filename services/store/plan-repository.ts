import type { DayRange, Plan } from '../domain';
import { MAX_PLAN_DAYS } from '../domain';
import { addDays, overlaps } from '../domain/days';
import { docId, readAll } from './doc-helpers';
import type { DocumentStore, Stored } from './documents';

/** The months (`YYYY-MM`) from the one holding `from` to the one holding `to`. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const id = `${year}-${String(month).padStart(2, '0')}`;
    months.push(id);
    if (id >= last) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** Plans in the PCN's partition (id `plan:<planId>`). */
export class PlanRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string, planId: string): Promise<Stored<Plan> | undefined> {
    return this.docs.get<Plan>(pcnId, 'plan', docId('plan', planId));
  }

  create(plan: Plan): Promise<Stored<Plan>> {
    return this.docs.create<Plan>({ ...plan, type: 'plan', id: docId('plan', plan.planId) });
  }

  /** Conditional on the ETag read; ConflictError if someone else wrote first. */
  replace(plan: Stored<Plan>): Promise<Stored<Plan>> {
    return this.docs.replace<Plan>({ ...plan, type: 'plan', id: docId('plan', plan.planId) }, plan.etag);
  }

  /**
   * Plans overlapping the range, soonest first. Single-partition equality
   * queries, one per month from MAX_PLAN_DAYS before the range (a plan runs
   * at most that long) to its end, so a question reads only the months it asks about.
   */
  async between(pcnId: string, range: DayRange): Promise<Stored<Plan>[]> {
    const months = monthsBetween(addDays(range.start, -MAX_PLAN_DAYS), range.end);
    const pages = await Promise.all(
      months.map((startMonth) => readAll((o) => this.docs.query<Plan>(pcnId, 'plan', { ...o, where: { startMonth } }))),
    );
    return pages
      .flat()
      .filter((p) => overlaps(p, range))
      .sort((a, b) => a.start.localeCompare(b.start) || a.createdAt.localeCompare(b.createdAt));
  }
}
