import { type Chart, CONFIG, SCHEMA, WIDTH } from './spec.js';

const READINGS = ['dissolved', 'weak pattern', 'stable', 'highly stable'];
const COLOURS = ['#d62728', '#ff9f40', '#8fbf5a', '#2ca02c'];

/** Each segment's bootstrap stability (mean Jaccard), coloured by Hennig's reading, his thresholds drawn. */
export function stabilityChart(
  rows: readonly { segment: string; stability: number; reading: string }[],
  resamples: number,
): Chart {
  // Order travels as a number in the data: segment names never become sort keys in the spec.
  const values = rows.map((r, order) => ({ ...r, order }));
  const rules = [
    { at: 0.6, label: 'dissolved below 0.6' },
    { at: 0.75, label: 'stable from 0.75' },
    { at: 0.85, label: 'highly stable above 0.85' },
  ];
  return {
    name: 'segment-stability',
    title: `How stable each segment is (mean Jaccard similarity over ${resamples} bootstrap resamples)`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: WIDTH - 200,
      height: { step: 24 },
      layer: [
        {
          data: { values },
          mark: 'bar',
          encoding: {
            y: { field: 'segment', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null },
            x: {
              field: 'stability',
              type: 'quantitative',
              scale: { domain: [0, 1] },
              title: 'mean Jaccard similarity to the best-matching resampled segment',
            },
            color: {
              field: 'reading',
              type: 'nominal',
              scale: { domain: READINGS, range: COLOURS },
              title: "Hennig's reading",
            },
            tooltip: [
              { field: 'segment', type: 'nominal' },
              { field: 'stability', type: 'quantitative', format: '.3f' },
              { field: 'reading', type: 'nominal' },
            ],
          },
        },
        {
          data: { values: rules },
          mark: { type: 'rule', strokeDash: [4, 3], color: '#555' },
          encoding: {
            x: { field: 'at', type: 'quantitative' },
            tooltip: [{ field: 'label', type: 'nominal', title: 'threshold' }],
          },
        },
      ],
    },
  };
}
