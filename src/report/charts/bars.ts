import { type Chart, CONFIG, SCHEMA, WIDTH } from './spec.js';

/** Per-class precision, recall and F1 as grouped bars. */
export function classMetricsChart(
  perClass: readonly { class: string; precision: number; recall: number; f1: number; support: number }[],
): Chart {
  const values = perClass.flatMap((m) =>
    (['precision', 'recall', 'f1'] as const).map((metric) => ({
      class: m.class,
      metric: metric === 'f1' ? 'F1' : metric,
      value: m[metric],
      support: m.support,
    })),
  );
  return {
    name: 'class-metrics',
    title: 'Precision, recall and F1 per class (cross-validated)',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values },
      width: WIDTH - 120,
      height: 240,
      mark: 'bar',
      encoding: {
        x: { field: 'class', type: 'nominal', title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'metric', type: 'nominal', sort: ['precision', 'recall', 'F1'] },
        y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
        color: { field: 'metric', type: 'nominal', sort: ['precision', 'recall', 'F1'], title: null },
        tooltip: [
          { field: 'class', type: 'nominal' },
          { field: 'metric', type: 'nominal' },
          { field: 'value', type: 'quantitative', format: '.3f' },
          { field: 'support', type: 'quantitative', format: ',' },
        ],
      },
    },
  };
}

/** Impurity and permutation importance per input column. */
export function importanceChart(
  rows: readonly { feature: string; impurity: number; permutation: number | null }[],
): Chart {
  const top = [...rows].sort((a, b) => b.impurity - a.impurity).slice(0, 20);
  // Order travels as a number in the data: category names never become sort keys in the spec.
  const values = top.flatMap((r, order) => [
    { feature: r.feature, order, kind: 'impurity (share)', value: r.impurity },
    ...(r.permutation === null
      ? []
      : [{ feature: r.feature, order, kind: 'permutation (accuracy drop)', value: r.permutation }]),
  ]);
  return {
    name: 'feature-importance',
    title: 'Which columns the tree relies on',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values },
      width: WIDTH - 200,
      height: { step: 12 },
      mark: 'bar',
      encoding: {
        y: { field: 'feature', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null },
        yOffset: { field: 'kind', type: 'nominal' },
        x: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'kind', type: 'nominal', title: null },
        tooltip: [
          { field: 'feature', type: 'nominal' },
          { field: 'kind', type: 'nominal' },
          { field: 'value', type: 'quantitative', format: '.4f' },
        ],
      },
    },
  };
}

/** Customers per tier (grading) or per RFM segment. */
export function countBarsChart(
  name: string,
  title: string,
  rows: readonly { label: string; customers: number; share: number }[],
  axisTitle: string,
  sortByCount = false,
): Chart {
  return {
    name,
    title,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      data: { values: rows.map((r, order) => ({ ...r, order })) },
      width: WIDTH - 160,
      height: { step: 20 },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: {
          field: 'label',
          type: 'nominal',
          title: axisTitle,
          sort: sortByCount ? '-x' : { field: 'order', op: 'min' },
        },
        x: { field: 'customers', type: 'quantitative', title: 'customers' },
        color: { field: 'label', type: 'nominal', legend: null },
        tooltip: [
          { field: 'label', type: 'nominal', title: axisTitle },
          { field: 'customers', type: 'quantitative', format: ',' },
          { field: 'share', type: 'quantitative', format: '.1%' },
        ],
      },
    },
  };
}
