import type { AnswerHistoryEntry, AnswerSet, FollowUpAction, ProcessedActivity, QuestionId, Round } from '../domain';
import type { BatchOperation, DocumentStore, NewDocument, Stored } from './documents';
import { docId, readAll, updateWithRetry } from './doc-helpers';

/**
 * The quick check's documents in the PCN's partition: rounds, answer sets,
 * their history, follow-up actions, and "processed" markers for activities
 * already handled. Writes that must happen together are returned as batch
 * operations (batch steps) so the service can commit them together (Store.batch, Outbox.enqueueWith).
 */
export const roundId = (quarter: string) => docId('round', quarter);
export const answerId = (quarter: string, practiceId: string) => docId('answer', `${quarter}:${practiceId}`);
export const historyId = (quarter: string, practiceId: string, version: number) =>
  // Zero-padded so ids sort in version order.
  docId('answerHistory', `${quarter}:${practiceId}:${String(version).padStart(6, '0')}`);
export const actionId = (quarter: string, practiceId: string, questionId: QuestionId) =>
  docId('action', `${quarter}:${practiceId}:${questionId}`);
export const processedId = (activityId: string) => docId('processed', `activity:${activityId}`);

export class QuickCheckRepository {
  constructor(private readonly docs: DocumentStore) {}

  getRound(pcnId: string, quarter: string): Promise<Stored<Round> | undefined> {
    return this.docs.get<Round>(pcnId, 'round', roundId(quarter));
  }

  /** Create-only: AlreadyExistsError when the quarter's round exists. */
  createRound(round: Round): Promise<Stored<Round>> {
    return this.docs.create<Round>({ ...round, type: 'round', id: roundId(round.quarter) });
  }

  /** Batch step (Store.batch): replace the round, conditional on the ETag it was read with. */
  replaceRoundStep(round: Stored<Round>): BatchOperation {
    return { op: 'replace', doc: { ...round, type: 'round', id: roundId(round.quarter) }, ifMatch: round.etag };
  }

  /** Batch step: create the round (create-only), for loading many at once (the national data set). */
  roundCreate(round: Round): BatchOperation {
    return { op: 'create', doc: { ...round, type: 'round', id: roundId(round.quarter) } };
  }

  /** Read-modify-write with the ETag (see updateWithRetry); `change` returns undefined to leave it. */
  updateRound(
    pcnId: string,
    quarter: string,
    change: (round: Stored<Round>) => Round | undefined,
    /** Tries before a ConflictError is let through; default 5. */
    attempts?: number,
  ): Promise<Stored<Round> | undefined> {
    return updateWithRetry(
      () => this.getRound(pcnId, quarter),
      (next) => this.docs.replace<Round>({ ...next, type: 'round', id: roundId(next.quarter) }, next.etag),
      change,
      attempts,
    );
  }

  getAnswer(pcnId: string, quarter: string, practiceId: string): Promise<Stored<AnswerSet> | undefined> {
    return this.docs.get<AnswerSet>(pcnId, 'answer', answerId(quarter, practiceId));
  }

  /** One round's answer sets: by id prefix, so a PCN's four years of answers are not all read to find them. */
  listAnswers(pcnId: string, quarter: string): Promise<Stored<AnswerSet>[]> {
    return readAll((o) => this.docs.query<AnswerSet>(pcnId, 'answer', { ...o, idPrefix: docId('answer', `${quarter}:`) }));
  }

  /** History of one round (every practice), oldest first within each practice. */
  listHistory(pcnId: string, quarter: string): Promise<Stored<AnswerHistoryEntry>[]> {
    return readAll((o) =>
      this.docs.query<AnswerHistoryEntry>(pcnId, 'answerHistory', { ...o, idPrefix: docId('answerHistory', `${quarter}:`) }),
    );
  }

  /** Every history entry of the PCN (for the CSV export). */
  listAllHistory(pcnId: string): Promise<Stored<AnswerHistoryEntry>[]> {
    return readAll((o) => this.docs.query<AnswerHistoryEntry>(pcnId, 'answerHistory', o));
  }

  listActions(
    pcnId: string,
    where: { quarter?: string; practiceId?: string; status?: FollowUpAction['status'] },
  ): Promise<Stored<FollowUpAction>[]> {
    const { quarter, practiceId, status } = where;
    // Ids are `action:<quarter>:<practice>:<question>`: a quarter (and practice) is a prefix of them.
    const idPrefix = quarter ? docId('action', practiceId ? `${quarter}:${practiceId}:` : `${quarter}:`) : undefined;
    const filter = Object.fromEntries(
      Object.entries({ practiceId: idPrefix ? undefined : practiceId, status }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    return readAll((o) => this.docs.query<FollowUpAction>(pcnId, 'action', { ...o, where: filter, idPrefix }));
  }

  getProcessed(pcnId: string, activityId: string): Promise<Stored<ProcessedActivity> | undefined> {
    return this.docs.get<ProcessedActivity>(pcnId, 'processed', processedId(activityId));
  }

  /** Batch step: the answer set, created or replaced conditionally on the ETag read. */
  answerWrite(next: AnswerSet, current?: Stored<AnswerSet>): BatchOperation {
    const doc: NewDocument<AnswerSet> = { ...next, type: 'answer', id: answerId(next.quarter, next.practiceId) };
    return current ? { op: 'replace', doc, ifMatch: current.etag } : { op: 'create', doc };
  }

  /** Batch step: a new history entry (create-only: two writers of one version cannot both win). */
  historyCreate(entry: AnswerHistoryEntry): BatchOperation {
    return {
      op: 'create',
      doc: { ...entry, type: 'answerHistory', id: historyId(entry.quarter, entry.practiceId, entry.version) },
    };
  }

  /** Batch step: a follow-up action, created or replaced conditionally. */
  actionWrite(next: FollowUpAction, current?: Stored<FollowUpAction>): BatchOperation {
    const doc: NewDocument<FollowUpAction> = {
      ...next,
      type: 'action',
      id: actionId(next.quarter, next.practiceId, next.questionId),
    };
    return current ? { op: 'replace', doc, ifMatch: current.etag } : { op: 'create', doc };
  }

  /** Batch step: the marker that this activity was handled (create-only). */
  processedCreate(marker: ProcessedActivity): BatchOperation {
    return { op: 'create', doc: { ...marker, type: 'processed', id: processedId(marker.activityId) } };
  }
}
