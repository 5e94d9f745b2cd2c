import template from './results-trend.json';
import { type AdaptiveCard, expandCard } from './expand';
import type { TrendView } from '../services/domain';

/**
 * The last four quarters side by side: each practice's Yes count per
 * quarter and the response rate. ColumnSets only (1.2 elements), so every
 * Teams client shows the same grid; no actions. Full width, so the quarter
 * headings never break; a legend says what a cell means. Two Yes or fewer
 * is "Attention" (dark red); all four is bold in the default colour, since
 * Teams' "Good" green is too pale to read on white.
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
          ? { text: '–', colour: 'Default', weight: 'Default' }
          : {
              text: `${n} of 4 Yes`,
              colour: n <= 2 ? 'Attention' : 'Default',
              weight: n === 4 || n <= 2 ? 'Bolder' : 'Default',
            },
      ),
    })),
    responses: view.responses.map((r) => (r ? `${r.answered} of ${r.total}` : 'No check')),
  });
}
