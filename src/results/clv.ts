import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { type ClvFileRun, clvOfFile } from '../clv/clv-file.js';
import { type ClvOptions, type ResolvedClv, resolveClv } from '../clv/clv-options.js';
import type { ClvRun } from '../clv/clv-run.js';
import type { Tracking } from '../clv/tracking.js';
import type { LogCounts } from '../data/transactions.js';
import { textMapParameter } from '../options.js';
import { steps } from '../progress.js';
import { toCsv } from '../util/csv.js';
import { formatNumber } from '../util/format.js';
import { round } from '../util/stats.js';
import { type Envelope, envelope, type Warning } from './envelope.js';
import type { Result, TableWriter } from './result.js';

/** CLV of a group of customers (a segment or a tier). */
export interface ClvGroupSummary {
  customers: number;
  totalClv: number;
  meanClv: number;
  clvShare: number;
}

/** The summary of `strata clv`, equal to its `--json`. */
export interface ClvSummary extends Envelope {
  command: 'clv';
  /** Customers in the model: those whose first purchase is in the calibration period. */
  customers: number;
  /** The sum of every customer's lifetime value over the horizon. */
  totalClv: number;
  meanClv: number;
  /** Expected purchases of all customers over the horizon. */
  expectedPurchases: number;
  /** The time unit of recency, age, the horizon and the discount rate. */
  unit: 'day' | 'week' | 'month';
  horizon: { periods: number; unit: string };
  discount: { rate: number; per: string };
  margin: number;
  period: { firstPurchase: string; calibrationEnd: string; asOf: string };
  /** Lines left out by the cleaning (as RFM's), and customers who first bought after the calibration. */
  dropped: {
    noCustomer: number;
    cancelled: number;
    nonPositive: number;
    badDate: number;
    badAmount: number;
    afterCalibration: number;
  };
  model: {
    kind: 'bgnbd' | 'pnbd';
    params: { [name: string]: number };
    logLikelihood: number;
    standardErrors: { [name: string]: number } | null;
    iterations: number;
    /** Distinct (x, t_x, T): what the fit's cost follows. */
    triples: number;
  };
  spend: {
    params: { p: number; q: number; gamma: number };
    logLikelihood: number;
    standardErrors: { p: number; q: number; gamma: number } | null;
    /** Repeat customers it was fitted on. */
    customers: number;
    /** Correlation of purchase frequency and mean purchase value (the model assumes none). */
    correlation: number;
  };
  /** With a calibration end: predicted against actual repeat purchases in the holdout. */
  holdout?: {
    periods: number;
    customers: number;
    actual: number;
    predicted: number;
    byFrequency: { frequency: string; customers: number; actual: number; predicted: number }[];
    /** Mean absolute error per customer: the model, "same as last period", the calibration rate scaled. */
    mae: { model: number; lastPeriod: number; rate: number };
  };
  /** Shares of the total CLV held by the top customers. */
  topShares: { customerShare: number; clvShare: number }[];
  segments?: (ClvGroupSummary & { segment: string })[];
  tiers?: (ClvGroupSummary & { tier: string })[];
  /** Customers whose tier is lower than their CLV would give (review.csv has the first 200). */
  tierGaps?: number;
}

/** tracking.json: repeat purchases per period, actual and expected. */
export type TrackingDocument = Tracking & { unit: string };

/** alive.json: mean P(alive) by calibration frequency and recency. */
export interface AliveGrid {
  unit: string;
  cells: { frequency: string; recency: string; customers: number; alive: number }[];
}

/** distribution.json: CLV on a log scale and the Pareto shares. */
export interface ClvDistribution {
  bins: { from: number; to: number; customers: number; clv: number }[];
  /** Customers whose CLV is 0 (no expected purchase). */
  zero: number;
  /** Customers below the first bin drawn (under a thousandth of the mean CLV), and that bound. */
  below: { customers: number; under: number };
  topShares: { customerShare: number; clvShare: number }[];
}

/** review.json: customers whose tier is below their CLV's, most at stake first (the first 200). */
export type ClvReview = { customer: string; clv: number; tier: string; clvTier: string }[];

export type ClvResult = Result<ClvSummary> & { run: ClvRunOf };

/** What the cleaning of a log counted. */
export type Counted = Pick<
  LogCounts,
  'rows' | 'noCustomer' | 'cancelled' | 'nonPositive' | 'badDate' | 'badAmount'
>;

/** A run as results are made from it: on a file (with clv.csv and the joins) or in a database. */
export type ClvRunOf = ClvRun &
  Partial<Pick<ClvFileRun, 'csv' | 'segments' | 'tiers' | 'review'>> & { counts: Counted };

const r6 = (v: number) => round(v, 6);
const r10 = (v: number) => round(v, 10);
const rounded = (o: object | null) =>
  o
    ? (Object.fromEntries(Object.entries(o).map(([k, v]) => [k, r10(v as number)])) as {
        [name: string]: number;
      })
    : null;

function warningsOf(run: ClvRun, counts: Counted): Warning[] {
  const out: Warning[] = [];
  const r = run.spend.correlation;
  if (Math.abs(r) > 0.3)
    out.push({
      code: 'spend-frequency-correlation',
      message: `purchase frequency and mean purchase value correlate (r = ${r.toFixed(2)}) among the ${run.spend.customers} repeat customers: the Gamma-Gamma spend model assumes they do not, so expected spends lean the wrong way`,
    });
  if (run.newInHoldout)
    out.push({
      code: 'after-calibration',
      message: `${run.newInHoldout} customers first bought after the calibration period: they are not in the model (nor in clv.csv)`,
    });
  if (counts.nonPositive)
    out.push({
      code: 'negative-amounts',
      message: `${counts.nonPositive} lines with a negative amount were left out (returns and corrections are not purchases)`,
    });
  if (run.spend.excluded)
    out.push({
      code: 'zero-spend',
      message: `${run.spend.excluded} repeat customers whose repeat purchases are all worth 0 are left out of the spend model (its values are positive)`,
    });
  const se = run.purchase.standardErrors as Record<string, number> | null;
  const params = run.purchase.params as unknown as Record<string, number>;
  const weak = se ? Object.keys(params).filter((k) => se[k] > 2 * params[k]) : [];
  if (weak.length)
    out.push({
      code: 'weak-parameter',
      message: `the data pins down ${weak.map((k) => `${k} (${formatNumber(params[k])} ± ${formatNumber(se![k])})`).join(', ')} only loosely: its standard error is more than twice the estimate (with purchase models, usually because few customers visibly stop buying)`,
    });
  if (!run.purchase.standardErrors)
    out.push({
      code: 'no-standard-errors',
      message:
        'the purchase model’s standard errors are undefined: its likelihood is flat at the maximum in some direction',
    });
  const v = run.validation;
  if (v && v.mae.model > Math.min(v.mae.lastPeriod, v.mae.rate))
    out.push({
      code: 'baseline-beats-model',
      message: `a naive baseline predicts the holdout better per customer than the model (mean absolute error ${v.mae.model.toFixed(3)} against ${Math.min(v.mae.lastPeriod, v.mae.rate).toFixed(3)})`,
    });
  return out;
}

function parametersOf(o: ResolvedClv, run: ClvRun) {
  return {
    customer: o.customer,
    date: o.date,
    amount: o.amount,
    quantity: o.quantity,
    price: o.price,
    invoice: o.invoice,
    dropInvoicePrefix: o.dropInvoicePrefix,
    model: o.model,
    unit: o.unit,
    calibrationEnd: run.periods.calEnd,
    asOf: run.periods.asOf,
    horizon: run.periods.horizon,
    discount: o.discount,
    margin: o.margin,
    maxBadShare: o.maxBadShare,
    delimiter: o.delimiter,
    segments: o.segments ? 'given' : undefined,
    tiers: o.tiers ? o.tiers.order : undefined,
    units: textMapParameter(o.units),
  };
}

/** The summary of a run (what `strata clv --json` prints). */
export function clvSummary(run: ClvRunOf, input: { file: string; rows: number }): ClvSummary {
  const { counts } = run;
  const o = run.options;
  const v = run.validation;
  return {
    ...envelope('clv', input, parametersOf(o, run), warningsOf(run, counts)),
    command: 'clv',
    customers: run.customers,
    totalClv: r10(run.totals.clv),
    meanClv: r10(run.customers ? run.totals.clv / run.customers : 0),
    expectedPurchases: r10(run.totals.expected),
    unit: o.unit,
    horizon: { periods: run.periods.horizon, unit: o.unit },
    discount: { rate: o.discount, per: o.unit },
    margin: o.margin,
    period: { firstPurchase: run.periods.start, calibrationEnd: run.periods.calEnd, asOf: run.periods.asOf },
    dropped: {
      noCustomer: counts.noCustomer,
      cancelled: counts.cancelled,
      nonPositive: counts.nonPositive,
      badDate: counts.badDate,
      badAmount: counts.badAmount,
      afterCalibration: run.newInHoldout,
    },
    model: {
      kind: run.purchase.kind,
      params: rounded(run.purchase.params)!,
      logLikelihood: r10(run.purchase.logLikelihood),
      standardErrors: rounded(run.purchase.standardErrors),
      iterations: run.purchase.iterations,
      triples: run.triples.n,
    },
    spend: {
      params: rounded(run.spend.params) as ClvSummary['spend']['params'],
      logLikelihood: r10(run.spend.logLikelihood),
      standardErrors: rounded(run.spend.standardErrors) as ClvSummary['spend']['standardErrors'],
      customers: run.spend.customers,
      correlation: r6(run.spend.correlation),
    },
    ...(v
      ? {
          holdout: {
            periods: r6(v.periods),
            customers: v.customers,
            actual: v.actual,
            predicted: r6(v.predicted),
            byFrequency: v.byFrequency.map((b) => ({
              ...b,
              actual: r6(b.actual),
              predicted: r6(b.predicted),
            })),
            mae: { model: r6(v.mae.model), lastPeriod: r6(v.mae.lastPeriod), rate: r6(v.mae.rate) },
          },
        }
      : {}),
    topShares: run.topShares.map((s) => ({ customerShare: s.customerShare, clvShare: r6(s.clvShare) })),
    ...(run.segments
      ? { segments: run.segments.map(({ group, ...g }) => ({ segment: group, ...groupOf(g) })) }
      : {}),
    ...(run.tiers ? { tiers: run.tiers.map(({ group, ...g }) => ({ tier: group, ...groupOf(g) })) } : {}),
    ...(run.review ? { tierGaps: run.review.count } : {}),
  };
}

const groupOf = (g: { customers: number; totalClv: number; meanClv: number; clvShare: number }) => ({
  customers: g.customers,
  totalClv: r10(g.totalClv),
  meanClv: r10(g.meanClv),
  clvShare: r6(g.clvShare),
});

/** Mean P(alive) by frequency (0–6, 7+) and recency (eight bins of the longest age). */
export function aliveGrid(run: ClvRun): AliveGrid {
  const t = run.triples;
  let maxT = 0;
  for (let i = 0; i < t.n; i++) maxT = Math.max(maxT, t.T[i]);
  const width = Math.max(maxT / 8, 1e-9);
  const cells = new Map<string, { frequency: string; recency: string; customers: number; alive: number }>();
  for (let i = 0; i < t.n; i++) {
    const f = t.x[i] >= 7 ? '7+' : String(t.x[i]);
    const b = Math.min(7, Math.floor(t.tx[i] / width));
    const recency = `${round(b * width, 3)}–${round((b + 1) * width, 3)}`;
    const key = `${f}|${b}`;
    const c = cells.get(key) ?? { frequency: f, recency, customers: 0, alive: 0 };
    c.customers += t.w[i];
    c.alive += t.w[i] * run.values.alive[i];
    cells.set(key, c);
  }
  return {
    unit: run.options.unit,
    cells: [...cells.values()].map((c) => ({ ...c, alive: r6(c.alive / c.customers) })),
  };
}

function distributionOf(run: ClvRun): ClvDistribution {
  // Customers worth a thousandth of the mean or less would stretch the axis over decades of nothing.
  const mean = run.customers ? run.totals.clv / run.customers : 0;
  const first = mean > 0 ? Math.floor(Math.log10(mean / 1000) * 4) : Number.NEGATIVE_INFINITY;
  const drawn = run.distribution.filter((d) => d.bin !== null && d.bin >= first);
  const below = run.distribution.filter((d) => d.bin !== null && d.bin < first);
  return {
    below: { customers: below.reduce((a, d) => a + d.customers, 0), under: r10(10 ** (first / 4)) },
    bins: drawn.map((d) => ({
      from: r10(10 ** ((d.bin as number) / 4)),
      to: r10(10 ** (((d.bin as number) + 1) / 4)),
      customers: d.customers,
      clv: r10(d.clv),
    })),
    zero: run.distribution.filter((d) => d.bin === null).reduce((a, d) => a + d.customers, 0),
    topShares: run.topShares,
  };
}

/** A temporary file copied into the results folder in blocks. */
function fileWriter(path: string): TableWriter {
  return (write) => {
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(1 << 20);
    try {
      for (;;) {
        const got = readSync(fd, buf, 0, buf.length, null);
        if (!got) break;
        write(buf.toString('utf8', 0, got));
      }
    } finally {
      closeSync(fd);
    }
  };
}

/** The result of a run on a file: summary, documents and clv.csv (and review.csv with tiers). */
export function clvResultOf(run: ClvRunOf, file: string): ClvResult {
  const summary = clvSummary(run, { file, rows: run.counts.rows });
  const tables = new Map<string, TableWriter>(run.csv ? [['clv.csv', fileWriter(run.csv)]] : []);
  const review: ClvReview | null = run.review?.rows.map((r) => ({ ...r, clv: r10(r.clv) })) ?? null;
  if (review)
    tables.set('review.csv', (write) =>
      write(
        toCsv(
          ['customer', 'clv', 'tier', 'clv_tier'],
          review.map((r) => [r.customer, r.clv, r.tier, r.clvTier]),
        ),
      ),
    );
  const documents = new Map<string, unknown>([
    ['model.json', run.model],
    ['tracking.json', { ...run.tracking, unit: run.options.unit } satisfies TrackingDocument],
    ['alive.json', aliveGrid(run)],
    ['distribution.json', distributionOf(run)],
    ...(review ? ([['review.json', review]] as const) : []),
  ]);
  return { run, summary, documents, tables, model: run.model };
}

/**
 * Customer lifetime value from a transactions file: BG/NBD or Pareto/NBD for the purchases,
 * Gamma-Gamma for their value, checked on a holdout when a calibration end is given.
 *
 * @example
 * const r = await clv('transactions.csv', { customer: 'customer_id', date: 'date', amount: 'sales', calibrationEnd: '1997-09-30' });
 * r.summary.model.params; // { r, alpha, a, b }
 */
export async function clv(file: string, options: ClvOptions): Promise<ClvResult> {
  const o = resolveClv(options);
  const run = await steps(o.onProgress, `reading ${basename(file)}`, (onProgress) =>
    clvOfFile(file, { ...o, onProgress }),
  );
  return clvResultOf(run, file);
}
