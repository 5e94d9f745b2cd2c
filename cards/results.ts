import template from './results.json';
import { donutChart, textFallback } from './charts';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';
import type { ResultsView } from '../services/domain';

/**
 * The PCN's results for one round: a practice by question grid, the
 * response rate, each practice's change since last quarter, who has not
 * answered yet (a PCN admin gets "Remind now" on their rows while the round
 * is open), and the open follow-up actions.
 *
 * Schema: declared 1.4 for the Action.Execute buttons (with Action.Submit
 * fallbacks). The grid is a ColumnSet per row rather than a Table (1.5), so
 * the Teams mobile app (1.2) shows the same grid as desktop and web (1.5).
 * It asks Teams for the full width (`msteams.width`), and its columns are
 * headed by question number, with a legend naming each, so no heading
 * breaks mid-word. Yes is in the default colour and No in "Attention" (dark
 * red): Teams' "Good" green is too pale to read on white. The response
 * rate is also a donut chart beside the title, with a line of text as its
 * fallback for clients that cannot draw charts.
 */
export type { Cell, ResultsView } from '../services/domain';

const CELL = {
  yes: { text: 'Yes', colour: 'Default', weight: 'Default' },
  no: { text: 'No', colour: 'Attention', weight: 'Bolder' },
  none: { text: '–', colour: 'Default', weight: 'Default' },
} as const;

export function responseLine(answered: number, total: number): string {
  return `${answered} of ${total} ${total === 1 ? 'practice' : 'practices'} answered`;
}

/** "1 Strategy · 2 Managed · 3 Impact · 4 Value · – no answer": what the numbered columns are. */
export function questionLegend(headers: readonly string[]): string {
  return `${headers.map((h, i) => `${i + 1} ${h}`).join(' · ')} · – no answer`;
}

/** The response rate as a donut beside the title (Teams desktop and web); the same figures in words elsewhere. */
function responseChart(answered: number, total: number): object | '' {
  if (total === 0) return '';
  const waiting = total - answered;
  return donutChart(
    'Response rate',
    [
      { legend: `Answered (${answered})`, value: answered, color: 'good' },
      { legend: `Not answered yet (${waiting})`, value: waiting, color: 'neutral' },
    ],
    textFallback(`Response rate: ${Math.round((100 * answered) / total)}% (${responseLine(answered, total)}).`),
  );
}

export function renderResultsCard(view: ResultsView): AdaptiveCard {
  const notAnswered = view.notAnswered ?? [];
  const hasLead = new Map(notAnswered.map((p) => [p.practiceId, p.hasLead]));
  const canRemind = !!view.remindQuarterId;
  /** What the last column shows: the change, or (for an admin) "Remind now" beside a practice that has not answered. */
  const remind = (practiceId: string | undefined) => {
    if (!canRemind || !practiceId || !hasLead.has(practiceId)) return 'none';
    return hasLead.get(practiceId) ? 'button' : 'noLead';
  };
  return expandCard(template, {
    pcnName: view.pcnName,
    quarterLabel: view.quarterLabel,
    statusLine: view.statusLine,
    note: view.note ?? '',
    notice: view.notice ?? '',
    responseLine: responseLine(view.answeredCount, view.practiceCount),
    responseChart: responseChart(view.answeredCount, view.practiceCount),
    headers: view.headers.map((_, i) => String(i + 1)),
    rows: view.rows.map((r) => ({
      practice: r.practice,
      change: r.change,
      cells: r.cells.map((c) => CELL[c]),
      practiceId: r.practiceId ?? '',
      remind: remind(r.practiceId),
    })),
    legend: questionLegend(view.headers),
    notAnsweredList: notAnswered.map((p) => p.practice).join(', '),
    remindQuarterId: view.remindQuarterId ?? '',
    actionCount: view.actions.length,
    actions: view.actions,
    previousQuarterId: view.previousQuarterId ?? '',
    verbs: Verbs,
  });
}
