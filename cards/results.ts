import template from './results.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';
import type { ResultsView } from '../services/domain';

/**
 * The PCN's results for one round: a practice by question grid, the
 * response rate, each practice's change since last quarter, and the open
 * follow-up actions.
 *
 * Schema: declared 1.4 for the Action.Execute buttons (with Action.Submit
 * fallbacks). The grid is a ColumnSet per row rather than a Table (1.5), so
 * the Teams mobile app (1.2) shows the same grid as desktop and web (1.5).
 */
export type { Cell, ResultsView } from '../services/domain';

const CELL = {
  yes: { text: 'Yes', colour: 'Good', weight: 'Default' },
  no: { text: 'No', colour: 'Attention', weight: 'Bolder' },
  none: { text: '–', colour: 'Default', weight: 'Default' },
} as const;

export function responseLine(answered: number, total: number): string {
  return `${answered} of ${total} ${total === 1 ? 'practice' : 'practices'} answered`;
}

export function renderResultsCard(view: ResultsView): AdaptiveCard {
  return expandCard(template, {
    pcnName: view.pcnName,
    quarterLabel: view.quarterLabel,
    statusLine: view.statusLine,
    note: view.note ?? '',
    responseLine: responseLine(view.answeredCount, view.practiceCount),
    headers: view.headers,
    rows: view.rows.map((r) => ({ practice: r.practice, change: r.change, cells: r.cells.map((c) => CELL[c]) })),
    legend: `– means not answered. Questions: ${view.headers.map((h, i) => `${i + 1}. ${h}`).join(', ')}.`,
    actionCount: view.actions.length,
    actions: view.actions,
    previousQuarterId: view.previousQuarterId ?? '',
    verbs: Verbs,
  });
}
