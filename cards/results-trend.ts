import template from './results-trend.json';
import { type AdaptiveCard, expandCard } from './expand';
import type { TrendView } from '../services/domain';

/**
 * The last four quarters side by side: each practice's Yes count per
 * quarter and the response rate. ColumnSets only (1.2 elements), so every
 * Teams client shows the same grid; no actions.
 */
export type { TrendView } from '../services/domain';

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
