import type { DayRange, Plan } from '../domain';
import { MAX_PLAN_DAYS } from '../domain';
import { addDays, overlaps } from '../domain/days';
import { docId, readAll } from './doc-helpers';
import type { BatchOperation, DocumentStore, NewDocument, QueryOptions, Stored } from './documents';

function planDocument(plan: Plan): NewDocument<Plan> {
  const { etag: _etag, ...fields } = plan as Plan & { etag?: string };
  return { ...fields, type: 'plan', id: docId('plan', plan.planId) };
}

/** The query for plans that may overlap `range`: starting at most MAX_PLAN_DAYS before it, ending within or after it. */
export function plansOverlapping(range: DayRange): Pick<QueryOptions, 'ranges'> {
  return { ranges: { start: { from: addDays(range.start, -MAX_PLAN_DAYS), to: range.end }, end: { from: range.start } } };
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
   * Plans overlapping the range, soonest first. One single-partition query:
   * plans starting from MAX_PLAN_DAYS before the range (a plan runs at most
   * that long) to its end, and ending on or after its start, so the store
   * returns only the plans the range holds.
   */
  async between(pcnId: string, range: DayRange): Promise<Stored<Plan>[]> {
    const plans = await readAll((o) => this.docs.query<Plan>(pcnId, 'plan', { ...o, ...plansOverlapping(range) }));
    return plans
      .filter((p) => overlaps(p, range))
      .sort((a, b) => a.start.localeCompare(b.start) || a.createdAt.localeCompare(b.createdAt));
  }
}
