import type { ClusterPoint } from '../../cluster/points.js';
import { withUnit } from '../../util/format.js';
import { quantileSorted } from '../../util/stats.js';
import { type Chart, CONFIG, SCHEMA } from './spec.js';

interface BoxStats {
  segment: string;
  feature: string;
  lower: number;
  q1: number;
  median: number;
  q3: number;
  upper: number;
  n: number;
}

/** Quartiles and 1.5 × IQR whiskers per segment and feature, so the chart carries five numbers, not the points. */
function boxStats(points: readonly ClusterPoint[], features: readonly string[]): BoxStats[] {
  const out: BoxStats[] = [];
  const segments = [...new Set(points.map((p) => String(p.segment)))];
  features.forEach((f, j) => {
    for (const s of segments) {
      const v = Float64Array.from(
        points.filter((p) => p.segment === s && p.values[j] !== null).map((p) => p.values[j] as number),
      ).sort();
      if (!v.length) continue;
      const q1 = quantileSorted(v, 0.25);
      const q3 = quantileSorted(v, 0.75);
      const iqr = q3 - q1;
      const lower = v.find((x) => x >= q1 - 1.5 * iqr) ?? v[0];
      let upper = v[v.length - 1];
      for (let i = v.length - 1; i >= 0; i--) {
        if (v[i] <= q3 + 1.5 * iqr) {
          upper = v[i];
          break;
        }
      }
      out.push({ segment: s, feature: f, lower, q1, median: quantileSorted(v, 0.5), q3, upper, n: v.length });
    }
  });
  return out;
}

/** One box plot per feature, by segment (original units; whiskers at 1.5 × IQR). */
export function featureBoxplotsChart(
  points: readonly ClusterPoint[],
  features: readonly string[],
  total: number,
  units: ReadonlyMap<string, string> = new Map(),
): Chart {
  const tooltip = [
    { field: 'segment', type: 'nominal' as const },
    { field: 'median', type: 'quantitative' as const, format: ',.4~g' },
    { field: 'q1', type: 'quantitative' as const, format: ',.4~g' },
    { field: 'q3', type: 'quantitative' as const, format: ',.4~g' },
  ];
  return {
    name: 'feature-boxplots',
    title: 'Each feature by segment',
    note:
      points.length < total
        ? `Box plots of a seeded sample of ${points.length.toLocaleString('en-US')} customers.`
        : undefined,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: {
        values: boxStats(points, features).map((b) => ({
          ...b,
          feature: withUnit(b.feature, units.get(b.feature), true),
        })),
      },
      facet: { field: 'feature', type: 'nominal', title: null, header: { labelFontSize: 12 } },
      columns: 3,
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 200,
        height: { step: 16 },
        encoding: { y: { field: 'segment', type: 'nominal', title: null } },
        layer: [
          {
            mark: { type: 'rule', color: '#666' },
            encoding: {
              x: { field: 'lower', type: 'quantitative', title: null, scale: { zero: false } },
              x2: { field: 'upper' },
            },
          },
          {
            mark: { type: 'bar', size: 11 },
            encoding: {
              x: { field: 'q1', type: 'quantitative' },
              x2: { field: 'q3' },
              color: { field: 'segment', type: 'nominal', legend: null },
              tooltip,
            },
          },
          {
            mark: { type: 'tick', color: 'white', size: 11, thickness: 2 },
            encoding: { x: { field: 'median', type: 'quantitative' } },
          },
        ],
      },
    },
  };
}
