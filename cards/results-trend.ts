import template from './results-trend.json';
import { type AdaptiveCard, expandCard } from './expand';

/**
 * The last four quarters side by side: each practice's Yes count per
 * quarter and the response rate. ColumnSets only (1.2 elements), so every
 * Teams client shows the same grid; no actions.
 */
export interface TrendView {
  readonly pcnName: string;
  /** Quarter headings, oldest first: "Apr to Jun 2026". */
  readonly headers: readonly string[];
  /** Per practice, per quarter: the number of Yes answers (0 to 4), or undefined for no answer. */
  readonly rows: readonly { readonly practice: string; readonly yes: readonly (number | undefined)[] }[];
  /** Per quarter: how many practices answered, of how many; undefined when there was no round. */
  readonly responses: readonly ({ readonly answered: number; readonly total: number } | undefined)[];
}

export function renderTrendCard(view: TrendView): AdaptiveCard {
  return expandCard(template, {
    pcnName: view.pcnName,
    headers: view.headers,
    rows: view.rows.map((r) => ({
      practice: r.practice,
      cells: r.yes.map((n) =>
        n === undefined
          ? { text: '–', colour: 'Default' }
          : { text: `${n} of 4 Yes`, colour: n === 4 ? 'Good' : n <= 2 ? 'Attention' : 'Default' },
      ),
    })),
    responses: view.responses.map((r) => (r ? `${r.answered} of ${r.total}` : 'No check')),
  });
}
