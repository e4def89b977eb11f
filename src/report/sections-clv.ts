import { unitsFrom } from '../options.js';
import type { AliveGrid, ClvDistribution, ClvReview, ClvSummary, TrackingDocument } from '../results/clv.js';
import { inputsOf } from '../results/envelope.js';
import { formatExact, formatNumber, formatShare, withUnit } from '../util/format.js';
import { aliveChart, clvDistributionChart, conditionalChart, trackingChart } from './charts/clv-charts.js';
import type { Chart } from './charts/spec.js';
import type { Part } from './parts.js';
import type { Body, ReportTable } from './section-types.js';

const n = formatExact;
const g = (x: number) => formatNumber(x);
const pct = formatShare;
const MODEL_NAME = { bgnbd: 'BG/NBD', pnbd: 'Pareto/NBD' } as const;

/** A parameter with its standard error: "0.243 (± 0.013)". */
const withSe = (v: number, se: number | undefined) => (se === undefined ? g(v) : `${g(v)} (± ${g(se)})`);

function clvWords(s: ClvSummary, money: (x: number) => string): string[] {
  const m = s.model;
  const unit = s.unit;
  const words = [
    `${n(s.customers)} customers who first bought by ${s.period.calibrationEnd} (from ${inputsOf({ input: s.input })[0].rows.toLocaleString('en-US')} transaction lines): a ${MODEL_NAME[m.kind]} purchase model and the Gamma-Gamma spend model, fitted by maximum likelihood on ${n(m.triples)} distinct (x, t_x, T) triples (times in ${unit}s).`,
    `Lifetime value over the next ${n(s.horizon.periods)} ${unit}s${s.discount.rate ? `, discounted at ${pct(s.discount.rate, 2)} per ${unit}` : ', undiscounted'}${s.margin !== 1 ? `, at a margin of ${pct(s.margin)}` : ''}: ${money(s.totalClv)} in all, ${money(s.meanClv)} per customer, from ${g(s.expectedPurchases)} expected purchases.`,
  ];
  const r = s.spend.correlation;
  words.push(
    `The spend model was fitted on the ${n(s.spend.customers)} repeat customers; purchase frequency and mean purchase value correlate at r = ${r.toFixed(2)}${Math.abs(r) > 0.3 ? ', more than the model assumes (see the warning)' : ', close enough to the independence the model assumes'}.`,
  );
  const h = s.holdout;
  if (h) {
    const off = h.actual ? (h.predicted - h.actual) / h.actual : 0;
    words.push(
      `Holdout check (${s.period.calibrationEnd} to ${s.period.asOf}, ${g(h.periods)} ${unit}s): ${n(h.actual)} repeat purchases happened, the model expected ${g(h.predicted)} (${off >= 0 ? '+' : ''}${pct(off)}). Per customer, its mean absolute error is ${h.mae.model.toFixed(3)} purchases, against ${h.mae.lastPeriod.toFixed(3)} for "the same as the last ${g(h.periods)} ${unit}s" and ${h.mae.rate.toFixed(3)} for the calibration rate scaled to the holdout.`,
    );
  }
  return words;
}

function paramsTable(s: ClvSummary): ReportTable {
  const se = s.model.standardErrors ?? {};
  const sse = s.spend.standardErrors;
  return {
    title: 'Fitted parameters (standard errors from the Hessian)',
    header: ['model', 'parameter', 'estimate'],
    rows: [
      ...Object.entries(s.model.params).map(([k, v]) => [MODEL_NAME[s.model.kind], k, withSe(v, se[k])]),
      ['', 'log-likelihood', g(s.model.logLikelihood)],
      ...Object.entries(s.spend.params).map(([k, v]) => [
        'Gamma-Gamma',
        k,
        withSe(v, sse ? sse[k as keyof typeof sse] : undefined),
      ]),
    ],
  };
}

function groupTable(
  title: string,
  head: string,
  rows: { name: string; customers: number; totalClv: number; meanClv: number; clvShare: number }[],
  money: (x: number) => string,
): ReportTable {
  return {
    title,
    header: [head, 'customers', 'total CLV', 'mean CLV', 'share of CLV'],
    rows: rows.map((r) => [r.name, n(r.customers), money(r.totalClv), money(r.meanClv), pct(r.clvShare)]),
  };
}

/** The lifetime-value section: the models, the holdout check, and who holds the value. */
export function clvSection(p: Part): Body {
  const s = p.json<ClvSummary>('summary.json');
  const units = unitsFrom(p.run.parameters);
  const amount = typeof p.run.parameters.amount === 'string' ? p.run.parameters.amount : undefined;
  const unitOf = amount ? units.get(amount) : undefined;
  const money = (x: number) => withUnit(g(x), unitOf);
  const charts: Chart[] = [];
  if (p.has('tracking.json')) charts.push(trackingChart(p.json<TrackingDocument>('tracking.json')));
  if (s.holdout) charts.push(conditionalChart(s.holdout, s.unit));
  if (p.has('alive.json')) charts.push(aliveChart(p.json<AliveGrid>('alive.json')));
  if (p.has('distribution.json'))
    charts.push(
      clvDistributionChart(p.json<ClvDistribution>('distribution.json'), withUnit('CLV', unitOf, true)),
    );
  const tables: ReportTable[] = [paramsTable(s)];
  if (s.holdout)
    tables.push({
      title: 'Holdout purchases by calibration frequency',
      header: ['repeat purchases in calibration', 'customers', 'actual (mean)', 'predicted (mean)'],
      rows: s.holdout.byFrequency.map((b) => [
        b.frequency,
        n(b.customers),
        b.actual.toFixed(3),
        b.predicted.toFixed(3),
      ]),
    });
  if (s.segments)
    tables.push(
      groupTable(
        'Lifetime value by segment',
        'segment',
        s.segments.map(({ segment, ...r }) => ({ name: segment, ...r })),
        money,
      ),
    );
  if (s.tiers)
    tables.push(
      groupTable(
        'Lifetime value by tier',
        'tier',
        s.tiers.map(({ tier, ...r }) => ({ name: tier, ...r })),
        money,
      ),
    );
  if (s.tierGaps !== undefined && p.has('review.json'))
    tables.push({
      title: `Customers whose tier is low for their lifetime value (${n(s.tierGaps)}; review.csv lists the first 200)`,
      header: ['customer', 'CLV', 'tier', 'tier by CLV'],
      rows: p.json<ClvReview>('review.json').map((r) => [r.customer, money(r.clv), r.tier, r.clvTier]),
      interactive: true,
    });
  return {
    part: p,
    title: `Lifetime value (${MODEL_NAME[s.model.kind]} and Gamma-Gamma)`,
    words: clvWords(s, money),
    charts,
    tables,
  };
}
