import { type Chart, CONFIG, HEIGHT, SCHEMA, WIDTH } from './spec.js';

/** Cumulative share of value against share of customers, with the A/B/C cut-offs. */
export function paretoCurveChart(
  cumulative: ArrayLike<number>,
  cutoffs: [number, number],
  valueName: string,
): Chart {
  const n = cumulative.length;
  const step = Math.max(1, Math.ceil(n / 1000));
  const values: { customers: number; value: number }[] = [{ customers: 0, value: 0 }];
  for (let k = step - 1; k < n; k += step) values.push({ customers: (k + 1) / n, value: cumulative[k] });
  if (values[values.length - 1].customers !== 1) values.push({ customers: 1, value: cumulative[n - 1] });
  return {
    name: 'pareto-curve',
    title: `Pareto curve of ${valueName}`,
    note:
      step > 1
        ? `Drawn through every ${step}th customer (${values.length.toLocaleString('en-US')} points).`
        : undefined,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { values },
          mark: { type: 'area', line: true, opacity: 0.25 },
          encoding: {
            x: {
              field: 'customers',
              type: 'quantitative',
              axis: { format: '%' },
              title: 'share of customers (largest first)',
            },
            y: {
              field: 'value',
              type: 'quantitative',
              axis: { format: '%' },
              title: `share of ${valueName}`,
            },
            tooltip: [
              { field: 'customers', type: 'quantitative', format: '.1%', title: 'top customers' },
              { field: 'value', type: 'quantitative', format: '.1%', title: `share of ${valueName}` },
            ],
          },
        },
        {
          data: {
            values: [
              { cut: cutoffs[0], label: `A: up to ${Math.round(100 * cutoffs[0])}%` },
              { cut: cutoffs[1], label: `B: up to ${Math.round(100 * cutoffs[1])}%` },
            ],
          },
          layer: [
            {
              mark: { type: 'rule', strokeDash: [4, 4], color: '#d62728' },
              encoding: { y: { field: 'cut', type: 'quantitative' } },
            },
            {
              mark: { type: 'text', align: 'right', dx: -4, dy: -6, color: '#d62728' },
              encoding: {
                y: { field: 'cut', type: 'quantitative' },
                x: { datum: 1 },
                text: { field: 'label' },
              },
            },
          ],
        },
      ],
    },
  };
}
