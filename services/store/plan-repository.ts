import type { DayRange, Plan } from '../domain';
import { MAX_PLAN_DAYS } from '../domain';
import { addDays, overlaps } from '../domain/days';
import { docId, readAll } from './doc-helpers';
import type { BatchOperation, DocumentStore, NewDocument, Stored } from './documents';

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

function planDocument(plan: Plan): NewDocument<Plan> {
  const { etag: _etag, ...fields } = plan as Plan & { etag?: string };
  return { ...fields, type: 'plan', id: docId('plan', plan.planId) };
}

/** Plans in the PCN's partition (id `plan:<planId>`). */
export class PlanRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string, planId: string): Promise<Stored<Plan> | undefined> {
    return this.docs.get<Plan>(pcnId, 'plan', docId('plan', planId));
  }

  create(plan: Plan): Promise<Stored<Plan>> {
    return this.docs.create<Plan>(planDocument(plan));
  }

  /** Conditional on the ETag read; ConflictError if someone else wrote first. */
  replace(plan: Stored<Plan>): Promise<Stored<Plan>> {
    return this.docs.replace<Plan>(planDocument(plan), plan.etag);
  }

  /** Batch step (Store.batch): create the plan; the batch fails with AlreadyExistsError if it exists. */
  createStep(plan: Plan): BatchOperation {
    return { op: 'create', doc: planDocument(plan) };
  }

  /** Batch step (Store.batch): replace the plan, conditional on the ETag it was read with. */
  replaceStep(plan: Stored<Plan>): BatchOperation {
    return { op: 'replace', doc: planDocument(plan), ifMatch: plan.etag };
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
