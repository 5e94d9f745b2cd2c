import template from './results-trend.json';
import { groupedBarChart, tableFallback } from './charts';
import { type AdaptiveCard, expandCard } from './expand';
import type { TrendView } from '../services/domain';

/**
 * The last four quarters side by side: each practice's Yes count per
 * quarter and the response rate. ColumnSets only (1.2 elements), so every
 * Teams client shows the same grid; no actions. Full width, so the quarter
 * headings never break; a legend says what a cell means. Two Yes or fewer
 * is "Attention" (dark red); all four is bold in the default colour, since
 * Teams' "Good" green is too pale to read on white. Below the grid, Yes
 * per question over the quarters as grouped bars (the share of the
 * practices that answered), with the same figures as a table for clients
 * that cannot draw charts.
 */
export type { TrendView } from '../services/domain';

/** Yes per question, grouped by quarter; quarters nobody answered in are left out. Empty when there is nothing to draw. */
function questionChart(view: TrendView): object | '' {
  const quarters = view.headers.map((header, i) => ({ header, i })).filter(({ i }) => view.questions.some((q) => q.yes[i]));
  if (!quarters.length) return '';
  return groupedBarChart(
    'Practices answering Yes, by question',
    { x: 'Quarter', y: '% of practices that answered' },
    view.questions.map((q) => ({
      legend: q.question,
      values: quarters.map(({ header, i }) => {
        const figure = q.yes[i]!;
        return { x: header, y: Math.round((100 * figure.yes) / figure.answered) };
      }),
    })),
    tableFallback(
      ['Yes by question', ...view.headers],
      view.questions.map((q) => [q.question, ...q.yes.map((f) => (f ? `${f.yes} of ${f.answered}` : '–'))]),
    ),
  );
}

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
    questionChart: questionChart(view),
  });
}
