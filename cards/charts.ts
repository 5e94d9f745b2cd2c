/**
 * Adaptive Card charts as Teams desktop and web draw them (Chart.Donut,
 * Chart.VerticalBar.Grouped), each with a fallback of Adaptive Cards 1.2
 * elements saying the same facts, for clients that cannot draw charts (the
 * Teams mobile app renders up to 1.2). Colours are the charts' well-known
 * names; no text is drawn in them.
 */

/** A chart element, or its fallback: plain JSON for a card's body. */
export type CardElement = Record<string, unknown>;

export interface DonutSegment {
  readonly legend: string;
  readonly value: number;
  /** A well-known chart colour: good, warning, attention, neutral... */
  readonly color: string;
}

/** A donut of the segments; `fallback` (1.2 elements) says the same in words. */
export function donutChart(title: string, segments: readonly DonutSegment[], fallback: CardElement): CardElement {
  return {
    type: 'Chart.Donut',
    title,
    data: segments.filter((s) => s.value > 0).map((s) => ({ legend: s.legend, value: s.value, color: s.color })),
    fallback,
  };
}

export interface BarSeries {
  readonly legend: string;
  /** One bar per group: x is the group's label. */
  readonly values: readonly { readonly x: string; readonly y: number }[];
}

/** Bars grouped by x, one bar per series in each group; `fallback` (1.2 elements) gives the same figures as a table. */
export function groupedBarChart(
  title: string,
  axes: { readonly x: string; readonly y: string },
  series: readonly BarSeries[],
  fallback: CardElement,
): CardElement {
  return {
    type: 'Chart.VerticalBar.Grouped',
    title,
    xAxisTitle: axes.x,
    yAxisTitle: axes.y,
    colorSet: 'categorical',
    data: series.map((s) => ({ legend: s.legend, values: s.values.map((v) => ({ x: v.x, y: v.y })) })),
    fallback,
  };
}

/** A text line as a 1.2 element, for a fallback. */
export function textFallback(text: string): CardElement {
  return { type: 'TextBlock', text, wrap: true, spacing: 'Small' };
}

/** A small table as 1.2 ColumnSets: a header row, then one row per line; the first column is wider. */
export function tableFallback(header: readonly string[], rows: readonly (readonly string[])[]): CardElement {
  const row = (cells: readonly string[], bold: boolean): CardElement => ({
    type: 'ColumnSet',
    spacing: 'None',
    columns: cells.map((text, i) => ({
      type: 'Column',
      width: i === 0 ? 3 : 2,
      items: [{ type: 'TextBlock', text, wrap: true, ...(bold ? { weight: 'Bolder' } : {}) }],
    })),
  });
  return { type: 'Container', spacing: 'Small', items: [row(header, true), ...rows.map((r) => row(r, false))] };
}
