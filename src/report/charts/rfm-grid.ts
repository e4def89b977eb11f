import { type Chart, CONFIG, SCHEMA } from './spec.js';

export interface RfmCell {
  r: number;
  f: number;
  customers: number;
  meanMonetary: number;
}

/** Recency score × frequency score, coloured by mean monetary value, labelled with the customer count. */
export function rfmGridChart(cells: readonly RfmCell[]): Chart {
  return {
    name: 'rfm-grid',
    title: 'Recency × frequency, coloured by monetary value',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values: cells.map((c) => ({ ...c })) },
      width: 300,
      height: 300,
      encoding: {
        x: {
          field: 'f',
          type: 'ordinal',
          title: 'F score (frequency)',
          sort: [1, 2, 3, 4, 5],
          axis: { labelAngle: 0 },
        },
        y: { field: 'r', type: 'ordinal', title: 'R score (recency)', sort: [5, 4, 3, 2, 1] },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: {
              field: 'meanMonetary',
              type: 'quantitative',
              title: 'mean monetary',
              scale: { scheme: 'greens', type: 'log' },
            },
            tooltip: [
              { field: 'r', type: 'ordinal', title: 'R' },
              { field: 'f', type: 'ordinal', title: 'F' },
              { field: 'customers', type: 'quantitative', format: ',' },
              { field: 'meanMonetary', type: 'quantitative', format: ',.2f', title: 'mean monetary' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: { text: { field: 'customers', type: 'quantitative', format: ',' } },
        },
      ],
    },
  };
}
