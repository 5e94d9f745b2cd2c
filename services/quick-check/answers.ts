import type { QuickCheckCardRenderer } from '../domain';
import type { Clock } from '../clock';
import type { Pcn, Person, Practice } from '../domain';
import { AlreadyExistsError, ConflictError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { SendTarget } from '../messenger';
import type { Store } from '../store';
import { type BatchOperation, MAX_BATCH_OPERATIONS, type Stored } from '../store/documents';
import type { QuickCheckRepository } from '../store/quick-check-repository';
import { requireLeadOrAdmin, requirePcn } from '../access';
import { adviceItem, answeredCardUpdates } from './answer-messages';
import { answeredView } from './messages';
import { type QuestionId, QUESTIONS } from '../domain/questions';
import { parseQuarter, type Quarter, quarterLabel, quarterLastDayLabel } from '../domain/quarters';
import type { QuickCheckOutbox } from './rounds';
import type { AnswerContent, AnswerSet, Answers, FollowUpAction, Round } from '../domain/quick-check';

export interface AnswerRequest {
  readonly pcnId: string;
  readonly actor: Person;
  /** The round's quarter id, from the card. */
  readonly roundId: string;
  readonly practiceId: string;
  readonly answers: Answers;
  readonly comment?: string;
  /** The Teams activity id: a redelivery of the same activity is recognised by it. */
  readonly activityId?: string;
  /** Where the card is (its thread, or the lead's 1:1 chat): the advice for any No is queued to go there. */
  readonly replyTo?: SendTarget;
}

export interface AnswerOutcome {
  /** recorded: written now; unchanged: same answers from the same person; duplicate: this activity was already handled. */
  readonly kind: 'recorded' | 'unchanged' | 'duplicate';
  readonly quarter: Quarter;
  readonly practice: Stored<Practice>;
  readonly answer: AnswerSet;
  /** Questions answered No (only when recorded). */
  readonly noes: readonly QuestionId[];
  /** Follow-up actions this submission closed (a Yes where there was a No). */
  readonly closed: readonly FollowUpAction[];
  /** The outbox key of the advice queued with the answers, when there was advice to give and somewhere to send it. */
  readonly adviceKey?: string;
}

export interface AnswerContext {
  readonly pcn: Stored<Pcn>;
  readonly practice: Stored<Practice>;
  readonly round: Stored<Round>;
  readonly quarter: Quarter;
}

const ATTEMPTS = 6;

/**
 * Recording a practice's answers. One submission is one documents.batch:
 * the answer set (create, or replace on the ETag read), a history entry
 * (create-only by version), the follow-up actions it opens or closes, and
 * a marker for the Teams activity. Two writers racing cannot both win; the
 * loser re-reads and tries again, so nothing is lost and a double click
 * records once.
 */
export class AnswerService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly repo: QuickCheckRepository,
    private readonly clock: Clock,
    private readonly outbox: QuickCheckOutbox,
    logger: Logger,
    private readonly cards: QuickCheckCardRenderer,
  ) {
    this.log = logger.child({ module: 'quick-check-answers' });
  }

  /**
   * Checks the card's round and practice and the person: the practice must
   * be in this PCN, the person one of its leads or a PCN admin, and the round
   * open. Throws a user-facing AppError otherwise.
   */
  async context(pcnId: string, actor: Person, roundId: string, practiceId: string): Promise<AnswerContext> {
    const pcn = await requirePcn(this.store, pcnId);
    const practice = await this.store.practices.get(pcnId, practiceId);
    if (!practice) {
      throw new ValidationError(
        'practice',
        'The practice on this card is not part of this PCN (it may have been removed), so I have not recorded anything.',
      );
    }
    requireLeadOrAdmin(pcn, practice, actor, 'answer this quick check');
    const quarter = parseQuarter(roundId);
    const round = quarter ? await this.repo.getRound(pcnId, quarter.id) : undefined;
    if (!quarter || !round) {
      throw new ValidationError(
        'round',
        'This quick check is not open, so I have not recorded anything. Please use the newest quick check card.',
      );
    }
    if (round.status === 'closed' || this.clock.now().toISOString() >= round.closesAt) {
      throw new ValidationError(
        'round',
        `The quick check for ${quarterLabel(quarter)} closed at the end of ${quarterLastDayLabel(quarter)}, so its answers can no longer be changed.`,
      );
    }
    return { pcn, practice, round, quarter };
  }

  /** The practice's current answers in a round, if any. */
  current(pcnId: string, quarter: string, practiceId: string): Promise<Stored<AnswerSet> | undefined> {
    return this.repo.getAnswer(pcnId, quarter, practiceId);
  }

  async record(request: AnswerRequest): Promise<AnswerOutcome> {
    for (let attempt = 1; ; attempt++) {
      const ctx = await this.context(request.pcnId, request.actor, request.roundId, request.practiceId);
      try {
        return await this.tryRecord(request, ctx);
      } catch (error) {
        // Someone else wrote first (another lead, the other half of a double click): read again and decide again.
        if (attempt < ATTEMPTS && (error instanceof ConflictError || error instanceof AlreadyExistsError)) continue;
        if (error instanceof AlreadyExistsError) throw new ConflictError(error.message);
        throw error;
      }
    }
  }

  private async tryRecord(request: AnswerRequest, ctx: AnswerContext): Promise<AnswerOutcome> {
    const { pcnId, actor } = request;
    // Teams' ids are short; anything else (local mode, a forged activity) is not worth a marker and could break an id limit.
    const activityId = request.activityId && /^[\w:.;=-]{1,128}$/.test(request.activityId) ? request.activityId : undefined;
    const { practice, quarter } = ctx;
    const base = { quarter, practice, noes: [], closed: [] };
    const current = await this.repo.getAnswer(pcnId, quarter.id, practice.practiceId);
    if (activityId && (await this.repo.getProcessed(pcnId, activityId))) {
      if (current) return { ...base, kind: 'duplicate', answer: current };
    }
    const content: AnswerContent = {
      answers: pickAnswers(request.answers),
      ...(request.comment ? { comment: request.comment } : {}),
    };
    if (current && sameContent(current, content) && current.answeredBy.aadObjectId === actor.aadObjectId) {
      return { ...base, kind: 'unchanged', answer: current };
    }

    const now = this.clock.now().toISOString();
    const version = (current?.version ?? 0) + 1;
    const answer: AnswerSet = {
      pcnId,
      quarter: quarter.id,
      practiceId: practice.practiceId,
      ...content,
      answeredBy: actor,
      answeredAt: now,
      firstAnsweredAt: current?.firstAnsweredAt ?? now,
      version,
    };
    const { operations: actionOps, closed } = await this.actionChanges(
      pcnId,
      quarter,
      practice.practiceId,
      content.answers,
      actor,
      now,
    );
    const operations: BatchOperation[] = [
      this.repo.answerWrite(answer, current),
      this.repo.historyCreate({
        pcnId,
        quarter: quarter.id,
        practiceId: practice.practiceId,
        version,
        by: actor,
        at: now,
        ...(current ? { before: contentOf(current) } : {}),
        after: content,
      }),
      ...actionOps,
    ];
    if (activityId) operations.push(this.repo.processedCreate({ pcnId, kind: 'quickCheckAnswer', activityId, at: now }));
    const noes = QUESTIONS.map((q) => q.id).filter((id) => content.answers[id] === 'no');
    const advice = adviceItem(quarter, practice, version, noes, closed, request.replyTo);
    const room = MAX_BATCH_OPERATIONS - operations.length - (advice ? 1 : 0);
    const messages = [
      ...(advice ? [advice] : []),
      ...answeredCardUpdates(
        quarter,
        practice,
        ctx.round,
        answer,
        this.cards.answered(answeredView(quarter, practice, answer, 'open')),
        room,
      ),
    ];
    if (!(await this.outbox.enqueueWith(pcnId, messages, operations))) {
      throw new AlreadyExistsError(`answers v${version} for ${practice.practiceId} in ${quarter.id}`);
    }
    this.log.info({ pcnId, quarter: quarter.id, practiceId: practice.practiceId, version }, 'quick check answers recorded');
    return { kind: 'recorded', quarter, practice, answer, noes, closed, ...(advice ? { adviceKey: advice.key } : {}) };
  }

  /**
   * Each No opens (or reopens) this round's action for that question; each
   * Yes closes any open action for that question from this or an earlier round.
   */
  private async actionChanges(
    pcnId: string,
    quarter: Quarter,
    practiceId: string,
    answers: Answers,
    actor: Person,
    now: string,
  ): Promise<{ operations: BatchOperation[]; closed: FollowUpAction[] }> {
    const existing = await this.repo.listActions(pcnId, { practiceId });
    const operations: BatchOperation[] = [];
    const closed: FollowUpAction[] = [];
    // Room for the answer, history and marker writes; anything beyond waits for the next submission.
    const room = MAX_BATCH_OPERATIONS - 10;
    for (const q of QUESTIONS) {
      if (answers[q.id] === 'no') {
        const mine = existing.find((a) => a.quarter === quarter.id && a.questionId === q.id);
        if (mine?.status === 'open') continue;
        const opened: FollowUpAction = {
          pcnId,
          quarter: quarter.id,
          practiceId,
          questionId: q.id,
          status: 'open',
          openedAt: now,
          openedBy: actor,
        };
        operations.push(this.repo.actionWrite(opened, mine));
        continue;
      }
      for (const action of existing) {
        if (action.questionId !== q.id || action.status !== 'open' || action.quarter > quarter.id) continue;
        if (operations.length >= room) break;
        const { etag: _etag, ...rest } = action;
        const done: FollowUpAction = {
          ...rest,
          status: 'done',
          closedAt: now,
          closedBy: actor,
          closedNote: `Answered Yes in ${quarter.id}`,
        };
        operations.push(this.repo.actionWrite(done, action));
        closed.push(done);
      }
    }
    return { operations, closed };
  }
}

function pickAnswers(answers: Answers): Answers {
  return Object.fromEntries(QUESTIONS.map((q) => [q.id, answers[q.id]])) as Answers;
}

function contentOf(answer: AnswerSet): AnswerContent {
  return { answers: pickAnswers(answer.answers), ...(answer.comment ? { comment: answer.comment } : {}) };
}

function sameContent(answer: AnswerSet, content: AnswerContent): boolean {
  return (
    QUESTIONS.every((q) => answer.answers[q.id] === content.answers[q.id]) && (answer.comment ?? '') === (content.comment ?? '')
  );
}
