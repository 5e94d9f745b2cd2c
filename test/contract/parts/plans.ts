import type { Plan } from '../../../services/domain';
import { ConflictError } from '../../../services/errors';
import type { DocumentStore } from '../../../services/store/documents';
import { Store } from '../../../services/store/repositories';

const PCN = 'tenant-1:team-plans';

function plan(planId: string, start: string, end = start, over: Partial<Plan> = {}): Plan {
  return {
    pcnId: PCN,
    planId,
    practiceId: 'p-1',
    start,
    end,
    startMonth: start.slice(0, 7),
    platforms: ['facebook'],
    summary: `Plan ${planId}`,
    status: 'planned',
    createdBy: { aadObjectId: 'lead-1', name: 'Priya Shah' },
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...over,
  };
}

/** Plans: read by the months a question asks about, including one still running from the month before. */
export function planContract(documents: () => DocumentStore): void {
  const store = () => new Store(documents());

  it('when plans are asked for a range, then those overlapping it come back soonest first, and no others', async () => {
    const plans = store().plans;
    await plans.create(plan('before', '2026-11-20'));
    await plans.create(plan('running-in', '2026-11-25', '2026-12-05'));
    await plans.create(plan('inside-late', '2026-12-20'));
    await plans.create(plan('inside-early', '2026-12-02'));
    await plans.create(plan('after', '2027-01-03'));
    await plans.create({ ...plan('other-pcn', '2026-12-10'), pcnId: 'tenant-1:someone-else' });

    const found = await plans.between(PCN, { start: '2026-12-01', end: '2026-12-31' });

    expect(found.map((p) => p.planId)).toEqual(['running-in', 'inside-early', 'inside-late']);
  });

  it('when a plan is replaced from a stale read, then ConflictError and the newer write stays', async () => {
    const plans = store().plans;
    await plans.create(plan('one', '2026-12-02'));
    const first = (await plans.get(PCN, 'one'))!;
    await plans.replace({ ...first, summary: 'Changed' });

    await expect(plans.replace({ ...first, summary: 'Stale' })).rejects.toBeInstanceOf(ConflictError);
    expect((await plans.get(PCN, 'one'))?.summary).toBe('Changed');
  });
}
