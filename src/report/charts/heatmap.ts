import { type Chart, CONFIG, SCHEMA } from './spec.js';

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
  const values = matrix.flatMap((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, j) => ({
      row: labels[i],
      col: labels[j],
      rowOrder: i,
      colOrder: j,
      count,
      rowShare: total ? count / total : 0,
      label: `${count.toLocaleString('en-US')}\n${total ? Math.round((100 * count) / total) : 0}%`,
      diagonal: i === j,
    }));
  });
  const size = Math.max(160, Math.min(520, labels.length * 64));
  return {
    name,
    title,
    note: 'Cells: count and share of the row.',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values },
      width: size,
      height: size,
      encoding: {
        x: {
          field: 'col',
          type: 'ordinal',
          sort: { field: 'colOrder', op: 'min' },
          title: colTitle,
          axis: { orient: 'top', labelAngle: 0 },
        },
        y: { field: 'row', type: 'ordinal', sort: { field: 'rowOrder', op: 'min' }, title: rowTitle },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: {
              field: 'rowShare',
              type: 'quantitative',
              title: 'row share',
              scale: { scheme: 'blues', domain: [0, 1] },
              legend: { format: '%' },
            },
            tooltip: [
              { field: 'row', type: 'nominal', title: rowTitle },
              { field: 'col', type: 'nominal', title: colTitle },
              { field: 'count', type: 'quantitative', format: ',' },
              { field: 'rowShare', type: 'quantitative', format: '.1%', title: 'share of row' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11, lineBreak: '\n' },
          encoding: {
            text: { field: 'label', type: 'nominal' },
            color: { condition: { test: 'datum.rowShare > 0.5', value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  };
}
