import { describe, expect, it } from 'vitest';
import { classMetricsChart, countBarsChart, importanceChart } from '../../src/report/charts/bars.js';
import { clusterScatterChart } from '../../src/report/charts/cluster-scatter.js';
import { featureBoxplotsChart } from '../../src/report/charts/feature-boxplots.js';
import { crossTableChart } from '../../src/report/charts/heatmap.js';
import { kScanChart } from '../../src/report/charts/k-scan.js';
import { paretoCurveChart } from '../../src/report/charts/pareto-curve.js';
import { profileHeatmapChart } from '../../src/report/charts/profile-heatmap.js';
import { rfmGridChart } from '../../src/report/charts/rfm-grid.js';
import { segmentSizesChart } from '../../src/report/charts/segment-sizes.js';
import type { Chart } from '../../src/report/charts/spec.js';
import { treeChart } from '../../src/report/charts/tree-chart.js';
import { renderSvg, svgToPng } from '../../src/report/render.js';

const points = Array.from({ length: 60 }, (_, i) => ({
  id: `c${i}`,
  segment: i % 2 ? 'High spend' : 'Low spend',
  pc1: i / 10,
  pc2: (i % 7) - 3,
  values: [i * 3, 20 + (i % 30)],
}));
const perClass = [
  { class: 'A', precision: 0.8, recall: 0.7, f1: 0.75, support: 40 },
  { class: 'B', precision: 0.6, recall: 0.9, f1: 0.72, support: 20 },
];

const charts: [string, () => Chart, number][] = [
  [
    'k scan',
    () =>
      kScanChart(
        [2, 3, 4, 5].map((k) => ({ k, inertia: 100 / k, silhouette: k === 3 ? 0.6 : 0.4 })),
        3,
      ),
    8,
  ],
  [
    'cluster scatter',
    () =>
      clusterScatterChart({
        total: 60,
        explained: [0.6, 0.3],
        keys: ['spend', 'age'],
        points,
        centroids: [{ segment: 'High spend', pc1: 1, pc2: 0 }],
      }),
    60,
  ],
  [
    'profile heatmap',
    () =>
      profileHeatmapChart([
        { segment: 'a', feature: 'x', stdDiff: 1.2, mean: 10 },
        { segment: 'b', feature: 'x', stdDiff: -1.2, mean: 2 },
      ]),
    2,
  ],
  [
    'segment sizes',
    () =>
      segmentSizesChart(
        [
          { segment: 'a', customers: 10, share: 0.25, valueShare: 0.6 },
          { segment: 'b', customers: 30, share: 0.75, valueShare: 0.4 },
        ],
        'sales',
      ),
    4,
  ],
  ['feature box plots', () => featureBoxplotsChart(points, ['spend', 'age'], 1000), 4],
  [
    'confusion matrix',
    () =>
      crossTableChart(
        'confusion-matrix',
        'Confusion',
        ['A', 'B'],
        [
          [30, 10],
          [2, 18],
        ],
        'true',
        'predicted',
      ),
    4,
  ],
  ['class metrics', () => classMetricsChart(perClass), 6],
  [
    'feature importance',
    () =>
      importanceChart([
        { feature: 'x', impurity: 0.7, permutation: 0.1 },
        { feature: 'y', impurity: 0.3, permutation: 0.02 },
      ]),
    4,
  ],
  [
    'decision tree',
    () =>
      treeChart([
        { test: 'spend\n≤ 10', left: 1, right: 2, cls: 'A', samples: 60, purity: 0.6 },
        { test: '', left: -1, right: -1, cls: 'A', samples: 30, purity: 0.9 },
        { test: '', left: -1, right: -1, cls: 'B', samples: 30, purity: 0.7 },
      ]),
    3,
  ],
  [
    'tier distribution',
    () =>
      countBarsChart(
        'tier-distribution',
        'Tiers',
        [
          { label: 'A', customers: 5, share: 0.5 },
          { label: 'B', customers: 5, share: 0.5 },
        ],
        'tier',
      ),
    2,
  ],
  [
    'tier migration',
    () =>
      crossTableChart(
        'tier-migration',
        'Migration',
        ['A', 'B', 'C'],
        [
          [5, 1, 0],
          [2, 6, 1],
          [0, 1, 4],
        ],
        'before',
        'after',
      ),
    9,
  ],
  [
    'pareto curve',
    () => paretoCurveChart(Float64Array.from([0.5, 0.7, 0.8, 0.9, 0.95, 1]), [0.8, 0.95], 'sales'),
    1,
  ],
  [
    'rfm grid',
    () =>
      rfmGridChart([
        { r: 5, f: 5, customers: 3, meanMonetary: 900 },
        { r: 1, f: 1, customers: 7, meanMonetary: 20 },
      ]),
    2,
  ],
  [
    'rfm segments',
    () =>
      countBarsChart(
        'rfm-segments',
        'RFM',
        [
          { label: 'Champions', customers: 3, share: 0.3 },
          { label: 'Lost', customers: 7, share: 0.7 },
        ],
        'segment',
        true,
      ),
    2,
  ],
];

describe('every chart builder compiles with vega-lite and renders to SVG headless', () => {
  for (const [name, build, minMarks] of charts) {
    it(name, async () => {
      const chart = build();
      expect(chart.spec.$schema).toMatch(/vega-lite\/v6/);
      const svg = await renderSvg(chart.spec);
      expect(svg.startsWith('<svg')).toBe(true);
      const marks = (svg.match(/<(path|rect|line|circle)\b/g) ?? []).length;
      expect(marks).toBeGreaterThanOrEqual(minMarks);
      expect(svg).not.toMatch(/NaN/);
    });
  }

  it('renders PNG through resvg', async () => {
    const png = await svgToPng(await renderSvg(charts[0][1]().spec));
    expect(Array.from(png.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.length).toBeGreaterThan(5000);
  });
});
