import { formatExact, formatShare } from '../../util/format.js';
import { type Chart, CONFIG, SCHEMA, safeTitle } from './spec.js';

/**
 * A square cross-table as a heatmap with counts and row percentages: the confusion matrix, predicted
 * against assigned tiers, and tier migration all use it.
 */
export function crossTableChart(
  name: string,
  title: string,
  labels: readonly string[],
  matrix: readonly (readonly number[])[],
  rowTitle: string,
  colTitle: string,
): Chart {
  return crossChart({ name, title, rows: labels, cols: labels, matrix, rowTitle, colTitle });
}

export interface CrossChart {
  name: string;
  title: string;
  rows: readonly string[];
  cols: readonly string[];
  matrix: readonly (readonly number[])[];
  rowTitle: string;
  colTitle: string;
  /** A share per cell that colours it (default: the count's share of its row). */
  shade?: readonly (readonly number[])[];
  /** What the shade means, for the legend, tooltip and note (e.g. "share of sales"). */
  shadeTitle?: string;
}

/** Any cross-table of counts as a heatmap; cells show the count and the shade's percentage. */
export function crossChart(c: CrossChart): Chart {
  const shadeTitle = c.shadeTitle ?? 'row share';
  const values = c.matrix.flatMap((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, j) => {
      const rowShare = c.shade ? c.shade[i][j] : total ? count / total : 0;
      return {
        row: c.rows[i],
        col: c.cols[j],
        rowOrder: i,
        colOrder: j,
        count,
        rowShare,
        // A share under 10% keeps a decimal, so a small non-zero share never reads as 0%.
        label: `${formatExact(count)}\n${formatShare(rowShare, rowShare > 0 && rowShare < 0.1 ? 1 : 0)}`,
      };
    });
  });
  const longest = Math.max(...c.cols.map((l) => l.length));
  const column = Math.max(64, Math.min(210, longest * 6.6));
  const width = Math.max(160, Math.min(1100, c.cols.length * column));
  const height = Math.max(160, Math.min(520, c.rows.length * (c.shade ? 48 : 64)));
  const max = c.shade ? Math.max(1e-9, ...values.map((v) => v.rowShare)) : 1;
  return {
    name: c.name,
    title: c.title,
    note: c.shade ? `Cells: customers and ${shadeTitle}.` : 'Cells: count and share of the row.',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values },
      width,
      height,
      encoding: {
        x: {
          field: 'col',
          type: 'ordinal',
          sort: { field: 'colOrder', op: 'min' },
          title: c.colTitle,
          axis: { orient: 'top', labelAngle: 0, labelLimit: Math.min(column, width / c.cols.length) - 4 },
        },
        y: { field: 'row', type: 'ordinal', sort: { field: 'rowOrder', op: 'min' }, title: c.rowTitle },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: {
              field: 'rowShare',
              type: 'quantitative',
              title: shadeTitle,
              scale: { scheme: 'blues', domain: [0, max] },
              legend: { format: '%' },
            },
            tooltip: [
              { field: 'row', type: 'nominal', title: safeTitle(c.rowTitle) },
              { field: 'col', type: 'nominal', title: safeTitle(c.colTitle) },
              { field: 'count', type: 'quantitative', format: ',', title: 'customers' },
              { field: 'rowShare', type: 'quantitative', format: '.1%', title: safeTitle(shadeTitle) },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11, lineBreak: '\n' },
          encoding: {
            text: { field: 'label', type: 'nominal' },
            color: { condition: { test: `datum.rowShare > ${max / 2}`, value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  };
}
