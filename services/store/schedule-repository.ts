import { AlreadyExistsError } from '../errors';
import type { DocumentStore, Lease, Stored } from './documents';
import { docId } from './doc-helpers';

/**
 * What the scheduler persists: a lease per run while it is running (the
 * `leases` table/container, so N instances run it once), and a completion
 * record per run afterwards (in the PCN's partition), so a run is never
 * repeated and a run missed while the bot was down is known to be missing.
 */

/** A finished scheduled run: job + period for one PCN. */
export interface JobRunRecord {
  readonly pcnId: string;
  readonly kind: 'jobRun';
  readonly job: string;
  readonly period: string;
  /** The lease id the run held: `<job>:<period>:<pcnId>`. */
  readonly leaseId: string;
  /** When the rule said it was due, and when it actually finished (later if caught up after downtime). */
  readonly dueAt: string;
  readonly completedAt: string;
  readonly instance: string;
}

/** The lease id of one run: `<job>:<period>:<pcnId>`, for example `quick-check:2027-Q1:<pcnId>`. */
export function runLeaseId(job: string, period: string, pcnId: string): string {
  return `${job}:${period}:${pcnId}`;
}

function runDocId(job: string, period: string): string {
  // 'processed' is the store's type for "this was done once"; the kind field tells job runs apart.
  return docId('processed', `job-run:${job}:${period}`);
}

export class ScheduleRepository {
  constructor(private readonly docs: DocumentStore) {}

  /** The completion record of a run, if it finished. */
  completed(pcnId: string, job: string, period: string): Promise<Stored<JobRunRecord> | undefined> {
    return this.docs.get<JobRunRecord>(pcnId, 'processed', runDocId(job, period));
  }

  /** Records that a run finished; true if this call recorded it, false if it was already recorded. */
  async markCompleted(record: Omit<JobRunRecord, 'kind' | 'leaseId'>): Promise<boolean> {
    try {
      await this.docs.create<JobRunRecord>({
        ...record,
        kind: 'jobRun',
        leaseId: runLeaseId(record.job, record.period, record.pcnId),
        type: 'processed',
        id: runDocId(record.job, record.period),
      });
      return true;
    } catch (error) {
      if (error instanceof AlreadyExistsError) return false;
      throw error;
    }
  }

  /** Claims the run's lease until now + ttl; undefined if another instance holds it. */
  claim(leaseId: string, owner: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    return this.docs.claimLease(leaseId, owner, ttlMs, now);
  }

  release(leaseId: string, owner: string): Promise<void> {
    return this.docs.releaseLease(leaseId, owner);
  }
}
