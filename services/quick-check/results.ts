import type { Clock } from '../clock';
import type { Cell, Person, Practice, ResultsView, TrendView } from '../domain';
import { NotFoundError, ValidationError } from '../errors';
import type { Store } from '../store';
import type { Stored } from '../store/documents';
import type { QuickCheckRepository } from '../store/quick-check-repository';
import { isPcnAdmin, requirePcn } from '../access';
import { actionLine } from './messages';
import { QUESTIONS, questionById } from '../domain/questions';
import {
  compareQuarters,
  financialQuarter,
  normaliseQuarterText,
  parseQuarterText,
  previousQuarter,
  type Quarter,
  quarterLabel,
  quarterLastDayLabel,
  quarterMonthsLabel,
  type QuarterNumber,
  quarterOf,
  quartersBefore,
  quarterShortLabel,
} from '../domain/quarters';
import type { AnswerSet, Round } from '../domain/quick-check';

/** What `results` can be asked for: the current round, a past quarter, or the trend. */
export type ResultsRequest =
  { readonly kind: 'current' } | { readonly kind: 'quarter'; readonly quarter: Quarter } | { readonly kind: 'trend' };

const TREND = /^trends?$/;
const THIS_QUARTER = /^(?:the\s+)?(?:this|current)\s+quarter$/;
/** "Q3 2026": a financial-year quarter without saying which financial year. */
const YEARLESS_FINANCIAL = /^q([1-4])\s+(\d{4})$/;

/**
 * Reads the words after "results", relative to `now`: nothing or "this
 * quarter" (the current round), "trend", or a quarter as people type it
 * ("Q3 2026/27", "last quarter", "October", "2026-Q3": see parseQuarterText),
 * with or without a leading "for". Anything else is a ValidationError that
 * says what to type.
 */
export function parseResultsArgument(argument: string, now: Date): ResultsRequest {
  const text = normaliseQuarterText(argument).replace(/^(?:for|in)\s+/, '');
  if (!text) return { kind: 'current' };
  if (TREND.test(text)) return { kind: 'trend' };
  if (THIS_QUARTER.test(text)) return { kind: 'current' };
  const quarter = parseQuarterText(text, now);
  if (quarter) return { kind: 'quarter', quarter };
  const yearless = YEARLESS_FINANCIAL.exec(text);
  if (yearless) {
    const [earlier, later] = [1, 0].map((back) =>
      financialQuarter(Number(yearless[2]) - back, Number(yearless[1]) as QuarterNumber),
    );
    throw new ValidationError(
      'results',
      `Which financial year? Type **results ${quarterShortLabel(earlier)}** for ${quarterMonthsLabel(earlier)} or **results ${quarterShortLabel(later)}** for ${quarterMonthsLabel(later)}.`,
    );
  }
  const trimmed = argument.trim();
  const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}...` : trimmed;
  const last = previousQuarter(quarterOf(now));
  throw new ValidationError(
    'results',
    `I didn't understand "${shown}". Type **results** for this quarter, **results last quarter** or a quarter such as **results ${quarterShortLabel(last)}** or **results October**, or **results trend** for the last four quarters.`,
  );
}

const yesCount = (answer: AnswerSet) => QUESTIONS.filter((q) => answer.answers[q.id] === 'yes').length;

/** A practice counts towards a round if it was in the PCN before the round closed. */
const inRound = (practice: Practice, round: Round) => practice.createdAt < round.closesAt;

/** Results for anyone in the team: single-partition reads only. */
export class ResultsService {
  constructor(
    private readonly store: Store,
    private readonly repo: QuickCheckRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The results card's data for the current round (or the latest before it)
   * or a past quarter. When `viewer` is a PCN admin and the round is open,
   * the view lets them remind each practice that has not answered.
   */
  async roundResults(pcnId: string, request: Exclude<ResultsRequest, { kind: 'trend' }>, viewer?: Person): Promise<ResultsView> {
    const pcn = await requirePcn(this.store, pcnId);
    const current = quarterOf(this.clock.now());
    let quarter = request.kind === 'quarter' ? request.quarter : current;
    if (compareQuarters(quarter, current) > 0) {
      throw new ValidationError('results', `${quarterLabel(quarter)} hasn't started yet, so there are no results for it.`);
    }
    let round = await this.repo.getRound(pcnId, quarter.id);
    let note: string | undefined;
    if (!round && request.kind === 'current') {
      const before = previousQuarter(current);
      round = await this.repo.getRound(pcnId, before.id);
      if (!round) {
        throw new NotFoundError(
          `There are no quick check results yet. The quick check for ${quarterLabel(current)} has not started: a PCN admin can type **start quick check** to send it now.`,
        );
      }
      note = `This quarter's quick check has not started yet, so these are the results for ${quarterLabel(before)}.`;
      quarter = before;
    }
    if (!round) throw new NotFoundError(`There was no quick check for ${quarterLabel(quarter)}.`);

    const before = previousQuarter(quarter);
    const [practices, answers, previousRound, previousAnswers, openActions, raised] = await Promise.all([
      this.store.practices.list(pcnId),
      this.repo.listAnswers(pcnId, quarter.id),
      this.repo.getRound(pcnId, before.id),
      this.repo.listAnswers(pcnId, before.id),
      this.repo.listActions(pcnId, { status: 'open' }),
      this.repo.listActions(pcnId, { quarter: quarter.id }),
    ]);
    const counted = practices.filter((p) => inRound(p, round));
    const byPractice = new Map(answers.map((a) => [a.practiceId, a]));
    const previousBy = new Map(previousAnswers.map((a) => [a.practiceId, a]));
    const names = new Map(practices.map((p) => [p.practiceId, p.name]));
    const isCurrent = compareQuarters(quarter, current) === 0;
    const open = round.status === 'open' && this.clock.now().toISOString() < round.closesAt;
    const previousCounted = previousRound ? practices.filter((p) => inRound(p, previousRound)) : [];
    const askedBefore = new Set(previousCounted.map((p) => p.practiceId));
    // Now: every open action, whichever round raised it. A past round: what that round raised, marked if since closed.
    const actions = isCurrent
      ? openActions.filter((a) => names.has(a.practiceId) && a.quarter <= quarter.id)
      : raised.filter((a) => names.has(a.practiceId));
    return {
      pcnName: pcn.name,
      quarterLabel: quarterLabel(quarter),
      statusLine: statusLine(round, quarter, this.clock.now()),
      note,
      headers: QUESTIONS.map((q) => q.short),
      answeredCount: counted.filter((p) => byPractice.has(p.practiceId)).length,
      practiceCount: counted.length,
      rows: counted.map((p) => {
        const answer = byPractice.get(p.practiceId);
        const cells: Cell[] = QUESTIONS.map((q) => answer?.answers[q.id] ?? 'none');
        const row = {
          practice: p.name,
          cells,
          change: change(answer, previousBy.get(p.practiceId), askedBefore.has(p.practiceId)),
        };
        return answer ? row : { ...row, practiceId: p.practiceId };
      }),
      notAnswered: counted
        .filter((p) => !byPractice.has(p.practiceId))
        .map((p) => ({ practiceId: p.practiceId, practice: p.name, hasLead: p.leads.length > 0 })),
      remindQuarterId: open && viewer && isPcnAdmin(pcn, viewer) ? quarter.id : undefined,
      actions: actions
        .sort(
          (a, b) =>
            (names.get(a.practiceId) ?? '').localeCompare(names.get(b.practiceId) ?? '') ||
            a.quarter.localeCompare(b.quarter) ||
            questionById(a.questionId).number - questionById(b.questionId).number,
        )
        .map((a) => `${actionLine(a, names.get(a.practiceId))}${a.status === 'done' ? ': done' : ''}`),
      previousQuarterId: previousRound ? before.id : undefined,
    };
  }

  /** The last four quarters (oldest first), ending with the current one. */
  async trend(pcnId: string): Promise<TrendView> {
    const pcn = await requirePcn(this.store, pcnId);
    const current = quarterOf(this.clock.now());
    const quarters = [3, 2, 1, 0].map((n) => quartersBefore(current, n));
    const [practices, rounds, answers] = await Promise.all([
      this.store.practices.list(pcnId),
      Promise.all(quarters.map((q) => this.repo.getRound(pcnId, q.id))),
      Promise.all(quarters.map((q) => this.repo.listAnswers(pcnId, q.id))),
    ]);
    const maps = answers.map((list) => new Map(list.map((a) => [a.practiceId, a])));
    const inPcn = new Set(practices.map((p) => p.practiceId));
    // Answers from practices still in the PCN, so the chart and the grid count the same practices.
    const answersInPcn = maps.map((m) => [...m.values()].filter((a) => inPcn.has(a.practiceId)));
    return {
      pcnName: pcn.name,
      headers: quarters.map(quarterShortLabel),
      rows: practices.map((p) => ({
        practice: p.name,
        yes: maps.map((m) => {
          const a = m.get(p.practiceId);
          return a ? yesCount(a) : undefined;
        }),
      })),
      responses: rounds.map((round: Stored<Round> | undefined, i) => {
        if (!round) return undefined;
        const counted = practices.filter((p) => inRound(p, round));
        return { answered: counted.filter((p) => maps[i].has(p.practiceId)).length, total: counted.length };
      }),
      questions: QUESTIONS.map((q) => ({
        question: q.short,
        yes: answersInPcn.map((list) =>
          list.length ? { yes: list.filter((a) => a.answers[q.id] === 'yes').length, answered: list.length } : undefined,
        ),
      })),
    };
  }
}

function statusLine(round: Round, quarter: Quarter, now: Date): string {
  const open = round.status === 'open' && now.toISOString() < round.closesAt;
  return open
    ? `Open until the end of ${quarterLastDayLabel(quarter)}.`
    : `Closed at the end of ${quarterLastDayLabel(quarter)}.`;
}

/**
 * The change column: "+1 Yes" / "-2 Yes" / "No change" against last
 * quarter's answers; "new this quarter" for a practice answering for the
 * first time (there was no round last quarter, or the practice was not in
 * it yet); "–" when there is nothing to compare: no answer now, or none
 * last quarter though it was asked.
 */
function change(now: AnswerSet | undefined, before: AnswerSet | undefined, askedLastQuarter: boolean): string {
  if (!now) return NOTHING_TO_COMPARE;
  if (!before) return askedLastQuarter ? NOTHING_TO_COMPARE : 'new this quarter';
  const delta = yesCount(now) - yesCount(before);
  if (delta === 0) return 'No change';
  return `${delta > 0 ? '+' : '-'}${Math.abs(delta)} Yes`;
}

const NOTHING_TO_COMPARE = '–';
