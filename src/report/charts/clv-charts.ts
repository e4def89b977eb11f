import type { AliveGrid, ClvDistribution, ClvSummary, TrackingDocument } from '../../results/clv.js';
import { formatExact, formatNumber } from '../../util/format.js';
import { type Chart, CONFIG, HEIGHT, SCHEMA, WIDTH } from './spec.js';

/**
 * Cumulative repeat purchases per period, actual against the model's expectation, with the end of
 * the calibration period marked (Fader, Hardie & Lee's tracking plot).
 */
export function trackingChart(t: TrackingDocument): Chart {
  const values = t.cumulativeActual.flatMap((a, k) => [
    { period: k + 1, purchases: a, series: 'actual' },
    { period: k + 1, purchases: t.cumulativeExpected[k], series: 'expected' },
  ]);
  const layers: object[] = [
    {
      data: { values },
      mark: { type: 'line', point: false },
      encoding: {
        x: { field: 'period', type: 'quantitative', title: `${t.unit}s since the first purchase` },
        y: { field: 'purchases', type: 'quantitative', title: 'cumulative repeat purchases' },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['actual', 'expected'] } },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          legend: null,
          scale: {
            domain: ['actual', 'expected'],
            range: [
              [1, 0],
              [5, 3],
            ],
          },
        },
        tooltip: [
          { field: 'period', type: 'quantitative', title: t.unit },
          { field: 'series', type: 'nominal' },
          { field: 'purchases', type: 'quantitative', format: ',.0f', title: 'cumulative repeat purchases' },
        ],
      },
    },
  ];
  if (t.calibrationPeriods !== null)
    layers.push({
      data: { values: [{ at: t.calibrationPeriods, label: 'end of calibration' }] },
      layer: [
        {
          mark: { type: 'rule', strokeDash: [2, 2], color: '#777' },
          encoding: { x: { field: 'at', type: 'quantitative' } },
        },
        {
          mark: { type: 'text', align: 'right', dx: -4, baseline: 'top', y: 4, color: '#555' },
          encoding: { x: { field: 'at', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  return {
    name: 'clv-tracking',
    title: 'Repeat purchases: actual and expected',
    note: `Cumulated per ${t.unit}; the expectation is the model's for customers who had just made their first purchase, summed over the first-purchase days.`,
    spec: { $schema: SCHEMA, config: CONFIG, width: WIDTH, height: HEIGHT, layer: layers } as Chart['spec'],
  };
}

/** Mean holdout purchases by calibration frequency, actual against predicted (the conditional expectations). */
export function conditionalChart(h: NonNullable<ClvSummary['holdout']>, unit: string): Chart {
  const values = h.byFrequency.flatMap((b) => [
    { frequency: b.frequency, purchases: b.actual, series: 'actual', customers: b.customers },
    { frequency: b.frequency, purchases: b.predicted, series: 'predicted', customers: b.customers },
  ]);
  return {
    name: 'clv-conditional',
    title: 'Holdout purchases by calibration frequency',
    note: `Mean repeat purchases per customer in the ${formatExact(Math.round(h.periods))}-${unit} holdout, by the repeat purchases they made in the calibration period.`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'frequency', type: 'ordinal', sort: null, title: 'repeat purchases in calibration' },
        y: { field: 'purchases', type: 'quantitative', title: 'mean holdout purchases' },
        color: { field: 'series', type: 'nominal', title: null },
        tooltip: [
          { field: 'frequency', type: 'ordinal', title: 'repeat purchases' },
          { field: 'series', type: 'nominal' },
          { field: 'purchases', type: 'quantitative', format: '.3f', title: 'mean holdout purchases' },
          { field: 'customers', type: 'quantitative', format: ',', title: 'customers' },
        ],
      },
    },
  };
}

/** Mean P(alive) by frequency and recency. */
export function aliveChart(g: AliveGrid): Chart {
  const recencies = [...new Set(g.cells.map((c) => c.recency))].sort(
    (a, b) => Number(a.split('–')[0]) - Number(b.split('–')[0]),
  );
  return {
    name: 'clv-alive',
    title: 'Probability a customer is still active',
    note: `Mean P(alive) at the end of the calibration period, by repeat purchases and by the ${g.unit}s from the first to the last purchase (recency).`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: WIDTH,
      height: HEIGHT,
      data: { values: g.cells },
      layer: [
        {
          mark: 'rect',
          encoding: {
            x: { field: 'recency', type: 'ordinal', sort: recencies, title: `recency (${g.unit}s)` },
            y: { field: 'frequency', type: 'ordinal', sort: 'descending', title: 'repeat purchases' },
            color: {
              field: 'alive',
              type: 'quantitative',
              title: 'P(alive)',
              scale: { domain: [0, 1], scheme: 'blues' },
            },
            tooltip: [
              { field: 'frequency', type: 'ordinal', title: 'repeat purchases' },
              { field: 'recency', type: 'ordinal', title: 'recency' },
              { field: 'alive', type: 'quantitative', format: '.2f', title: 'mean P(alive)' },
              { field: 'customers', type: 'quantitative', format: ',', title: 'customers' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            x: { field: 'recency', type: 'ordinal', sort: recencies },
            y: { field: 'frequency', type: 'ordinal', sort: 'descending' },
            text: { field: 'alive', type: 'quantitative', format: '.2f' },
            color: { condition: { test: 'datum.alive > 0.6', value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  };
}

/** Customers by CLV on a log scale, with the share of the total the top customers hold. */
export function clvDistributionChart(d: ClvDistribution, valueName: string): Chart {
  const top = d.topShares
    .map((s) => `top ${Math.round(100 * s.customerShare)}%: ${Math.round(100 * s.clvShare)}%`)
    .join(', ');
  return {
    name: 'clv-distribution',
    title: 'Customers by lifetime value',
    note: `Bars: customers per quarter decade of ${valueName} (log scale)${d.below.customers ? `; ${formatExact(d.below.customers)} customers under ${formatNumber(d.below.under)} are not drawn` : ''}${d.zero ? `; nor the ${formatExact(d.zero)} with none expected` : ''}. Share of the total held by the ${top}.`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: WIDTH,
      height: HEIGHT,
      data: { values: d.bins },
      mark: { type: 'bar' },
      encoding: {
        x: {
          field: 'from',
          type: 'quantitative',
          scale: { type: 'log' },
          title: `${valueName} (log scale)`,
          axis: { format: ',~r' },
        },
        x2: { field: 'to' },
        y: { field: 'customers', type: 'quantitative', title: 'customers' },
        y2: { datum: 0 },
        tooltip: [
          { field: 'from', type: 'quantitative', format: ',.2f', title: 'from' },
          { field: 'to', type: 'quantitative', format: ',.2f', title: 'to' },
          { field: 'customers', type: 'quantitative', format: ',', title: 'customers' },
          { field: 'clv', type: 'quantitative', format: ',.0f', title: 'their CLV' },
        ],
      },
    },
  };
}
