import type { ClusterPoints } from '../../cluster/points.js';
import { type Chart, CONFIG, HEIGHT, SCHEMA, safeTitle, WIDTH } from './spec.js';

export type ScatterPoints = ClusterPoints;

/** Customers on the first two principal components of the scaled features, coloured by segment. */
export function clusterScatterChart(p: ScatterPoints): Chart {
  const sampled = p.points.length < p.total;
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  return {
    name: 'cluster-scatter',
    title: 'Segments on two principal components',
    note: sampled
      ? `A seeded sample of ${p.points.length.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} customers is shown.`
      : undefined,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: WIDTH,
      height: HEIGHT + 80,
      layer: [
        {
          // Feature values travel under f0, f1, …: a column name never becomes a Vega field path.
          data: {
            values: p.points.map((pt) => {
              const out: Record<string, string | number | null> = {
                id: pt.id,
                segment: pt.segment,
                pc1: pt.pc1,
                pc2: pt.pc2,
              };
              pt.values.forEach((v, i) => {
                out[`f${i}`] = v;
              });
              return out;
            }),
          },
          mark: { type: 'circle', opacity: 0.55, size: 28 },
          encoding: {
            x: { field: 'pc1', type: 'quantitative', title: `PC1 (${pct(p.explained[0])} of variance)` },
            y: { field: 'pc2', type: 'quantitative', title: `PC2 (${pct(p.explained[1])} of variance)` },
            color: { field: 'segment', type: 'nominal', title: 'segment' },
            tooltip: [
              { field: 'id', type: 'nominal' },
              { field: 'segment', type: 'nominal' },
              ...p.keys.map((k, i) => ({
                field: `f${i}`,
                title: safeTitle(k),
                type: 'quantitative' as const,
                format: ',.4~g',
              })),
            ],
          },
        },
        {
          data: { values: p.centroids },
          mark: { type: 'point', shape: 'cross', size: 260, filled: true, color: 'black', strokeWidth: 1 },
          encoding: {
            x: { field: 'pc1', type: 'quantitative' },
            y: { field: 'pc2', type: 'quantitative' },
            tooltip: [{ field: 'segment', type: 'nominal', title: 'centroid of' }],
          },
        },
      ],
    },
  };
}
