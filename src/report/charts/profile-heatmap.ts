import { formatNumber } from '../../util/format.js';
import { type Chart, CONFIG, SCHEMA } from './spec.js';

export interface ProfileCell {
  segment: string;
  feature: string;
  stdDiff: number;
  mean: number;
}

/** Segments × features coloured by standardised difference, labelled with the mean in original units. */
export function profileHeatmapChart(cells: readonly ProfileCell[]): Chart {
  const features = [...new Set(cells.map((c) => c.feature))];
  const segments = [...new Set(cells.map((c) => c.segment))];
  return {
    name: 'profile-heatmap',
    title: 'What sets each segment apart',
    note: 'Colour: standard deviations above (red) or below (blue) all customers; label: the segment mean.',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: {
        values: cells.map((c) => ({
          ...c,
          featureOrder: features.indexOf(c.feature),
          segmentOrder: segments.indexOf(c.segment),
          clipped: Math.max(-2.5, Math.min(2.5, c.stdDiff)),
          label: formatNumber(c.mean),
        })),
      },
      width: Math.max(320, features.length * 72),
      height: Math.max(120, segments.length * 34),
      encoding: {
        x: {
          field: 'feature',
          type: 'nominal',
          sort: { field: 'featureOrder', op: 'min' },
          title: null,
          axis: { labelAngle: -35 },
        },
        y: { field: 'segment', type: 'nominal', sort: { field: 'segmentOrder', op: 'min' }, title: null },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: {
              field: 'clipped',
              type: 'quantitative',
              title: 'std. diff.',
              scale: { scheme: 'redblue', reverse: true, domain: [-2.5, 2.5] },
            },
            tooltip: [
              { field: 'segment', type: 'nominal' },
              { field: 'feature', type: 'nominal' },
              { field: 'mean', type: 'quantitative', format: ',.4~g' },
              { field: 'stdDiff', type: 'quantitative', format: '+.2f', title: 'std. diff.' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: { text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  };
}
