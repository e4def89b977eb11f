import { type Chart, CONFIG, SCHEMA, WIDTH } from './spec.js';

export interface KScanPoint {
  k: number;
  inertia: number;
  silhouette: number;
}

/** Inertia (elbow) and silhouette against k, the recommended k marked. */
export function kScanChart(
  rows: readonly KScanPoint[],
  recommended: number,
  objective = 'inertia (lower is tighter)',
): Chart {
  const values = rows.map((r) => ({ ...r, chosen: r.k === recommended ? 'recommended' : '' }));
  const panel = (field: 'inertia' | 'silhouette', title: string) => ({
    width: WIDTH / 2 - 20,
    height: 240,
    layer: [
      {
        mark: { type: 'line' as const, point: true },
        encoding: {
          x: { field: 'k', type: 'ordinal' as const, title: 'k (clusters)', axis: { labelAngle: 0 } },
          y: { field, type: 'quantitative' as const, title, scale: { zero: false } },
          tooltip: [
            { field: 'k', type: 'ordinal' as const },
            { field, type: 'quantitative' as const, format: '.4~g' },
          ],
        },
      },
      {
        transform: [{ filter: `datum.k == ${recommended}` }],
        mark: { type: 'point' as const, size: 220, shape: 'diamond', filled: true, color: '#d62728' },
        encoding: {
          x: { field: 'k', type: 'ordinal' as const },
          y: { field, type: 'quantitative' as const },
          tooltip: [
            { field: 'chosen', type: 'nominal' as const, title: 'k' },
            { field, type: 'quantitative' as const, format: '.4~g' },
          ],
        },
      },
    ],
  });
  return {
    name: 'k-scan',
    title: `Choosing k: k = ${recommended} recommended`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values },
      hconcat: [panel('inertia', objective), panel('silhouette', 'silhouette (higher is better)')],
    },
  };
}
