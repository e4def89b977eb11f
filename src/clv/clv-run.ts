import { daysBetween } from '../data/transactions.js';
import { DataError } from '../errors.js';
import { type ClvModel, MODEL_FORMAT, MODEL_VERSION } from '../model/model-file.js';
import { VERSION } from '../version.js';
import { type ResolvedClv, UNIT_DAYS, YEAR_IN } from './clv-options.js';
import {
  type Fitted,
  fitPurchases,
  fitSpend,
  type PurchaseModel,
  type PurchaseParams,
  purchaseModel,
} from './fit.js';
import type { SpendData, SpendParams } from './gamma-gamma.js';
import {
  cohortsSql,
  customersSql,
  daysSql,
  distributionSql,
  type LogSql,
  MAX_EXACT_AMOUNT,
  moneySum,
  type Periods,
  purchaseDaysSql,
  repeatDaysSql,
  scoredSql,
  spendCorrelationSql,
  spendSql,
  spendSqlOf,
  sumSql,
  topSharesSql,
  triplesSql,
  validationSql,
} from './queries.js';
import { type Tracking, tracking } from './tracking.js';
import type { Triples } from './triples.js';
import { type Validation, validate } from './validation.js';
import { type TripleValues, tripleValues } from './values.js';

/** Where a lifetime-value run reads its log: Strata's DuckDB (a file) or the user's database. */
export interface ClvSource {
  /** The source as shown in messages and the summary. */
  label: string;
  dialect: 'duckdb' | 'postgres';
  log: LogSql;
  /** The first and last days with a kept line. */
  firstDay: string;
  lastDay: string;
  /** The largest kept amount in absolute value. */
  maxAmount: number;
  run(sql: string): Promise<unknown[][]>;
  /** Runs `sql` and returns its `width` numeric columns as typed arrays (NULL as 0). */
  columns(sql: string, width: number): Promise<Float64Array[]>;
  /**
   * Makes `sql` a relation the next queries can name, and returns that name: a temporary table in
   * Strata's DuckDB, a CTE (a `WITH` prelude) in a database where Strata only reads.
   */
  relation(name: string, sql: string): Promise<string>;
  /** The prelude every query starts with (the CTEs made so far), '' with temporary tables. */
  prelude(): string;
  /** Per-triple values, one typed array per column, as a relation aliased `v` (a temporary table, or inline VALUES). */
  values(names: readonly string[], columns: readonly Float64Array[]): Promise<string>;
}

/** A fitted purchase model with its kind. */
export type PurchaseFit = Fitted<PurchaseParams> & { kind: ResolvedClv['model'] };

/** The spend model with the repeat customers it was fitted on and the frequency–value correlation. */
export type SpendFit = Fitted<SpendParams> & {
  customers: number;
  correlation: number;
  /** Repeat customers whose repeat purchases are all worth 0: not in the spend model. */
  excluded: number;
};

export interface ClvRun {
  options: ResolvedClv;
  source: string;
  periods: Periods & { start: string; horizon: number; holdoutPeriods: number };
  customers: number;
  /** Customers whose first purchase is after the calibration period (left out of the model). */
  newInHoldout: number;
  triples: Triples;
  /** The repeat customers' (x, mean value) pairs the spend model was fitted on, weighted. */
  spendData: SpendData;
  purchase: PurchaseFit;
  spend: SpendFit;
  values: TripleValues;
  validation: Validation | null;
  tracking: Tracking;
  totals: { clv: number; expected: number };
  /** The CLV on a log scale: quarter-decade bins (10^(bin/4) up to 10^((bin+1)/4)); bin null for CLV 0. */
  distribution: { bin: number | null; customers: number; clv: number }[];
  /** Shares of the total CLV held by the top customers. */
  topShares: { customerShare: number; clvShare: number }[];
  model: ClvModel;
  /** The customers joined to their triple's values (a SELECT), for clv.csv and the joins. */
  scored: string;
}

const TOP_SHARES = [0.01, 0.05, 0.1, 0.2, 0.5];
const n = (v: unknown) => Number(v);

/** The calibration end, observation end and holdout of a run, with the data's own days checked against them. */
function periodsOf(src: ClvSource, o: ResolvedClv): Periods & { start: string } {
  const asOf = o.asOf ?? src.lastDay;
  if (asOf < src.firstDay)
    throw new DataError({ file: src.label }, `asOf ${asOf} is before the first purchase (${src.firstDay})`);
  if (o.calibrationEnd !== undefined) {
    if (o.calibrationEnd < src.firstDay)
      throw new DataError(
        { file: src.label },
        `the calibration period ends on ${o.calibrationEnd}, before the first purchase (${src.firstDay})`,
      );
    if (o.calibrationEnd >= (o.asOf ?? src.lastDay))
      throw new DataError(
        { file: src.label },
        `the calibration period ends on ${o.calibrationEnd}, on or after the last day observed (${asOf}): there is no holdout to check the model on`,
      );
  }
  const calEnd = o.calibrationEnd ?? asOf;
  return { calEnd, asOf, holdoutDays: daysBetween(calEnd, asOf), start: src.firstDay };
}

/** Amounts are summed exactly as decimals (queries.ts): one beyond what those hold is refused, named. */
export function checkExactAmounts(maxAmount: number, source: string): void {
  if (maxAmount >= MAX_EXACT_AMOUNT)
    throw new DataError(
      { file: source },
      `a purchase is worth ${maxAmount.toPrecision(3)}: lifetime value sums amounts exactly to the millionth, up to ${MAX_EXACT_AMOUNT.toPrecision(1)} a line`,
    );
}

/** Triples in the model's unit from (x, txd, td, n) columns in days. */
function triplesOf([x, txd, td, w]: Float64Array[], unitDays: number): Triples {
  return {
    x,
    tx: txd.map((v) => v / unitDays),
    T: td.map((v) => v / unitDays),
    w,
    n: x.length,
  };
}

/** The purchase and spend models, fitted; a log with nothing to learn from is refused in one line. */
async function fitModels(
  src: ClvSource,
  o: ResolvedClv,
  t: Triples,
  cust: string,
): Promise<{ purchase: PurchaseFit; spend: SpendFit; spendData: SpendData }> {
  let repeaters = 0;
  for (let i = 0; i < t.n; i++) if (t.x[i] > 0) repeaters += t.w[i];
  if (src.firstDay === src.lastDay)
    throw new DataError(
      { file: src.label },
      `every purchase is on one day (${src.firstDay}): there is no time to learn from`,
    );
  if (repeaters === 0)
    throw new DataError(
      { file: src.label },
      'no customer bought again on a later day in the calibration period: the purchase models learn from repeat purchases',
    );
  o.onProgress?.({ step: 'fitting the purchase model', done: 0, total: 2 });
  const purchase = { ...fitPurchases(o.model, t, src.label), kind: o.model };
  const [x, total, w] = await src.columns(`${src.prelude()} ${spendSql(cust)}`, 3);
  const data: SpendData = { x, m: total.map((v, i) => v / x[i]), w, n: x.length };
  const [[corr, excluded]] = await src.run(`${src.prelude()} ${spendCorrelationSql(cust)}`);
  o.onProgress?.({ step: 'fitting the purchase model', done: 1, total: 2 });
  const spendFit = fitSpend(data, src.label);
  const customers = data.w.reduce((a, b) => a + b, 0);
  const correlation = corr === null ? 0 : n(corr);
  return {
    purchase,
    spend: { ...spendFit, customers, correlation, excluded: n(excluded ?? 0) },
    spendData: data,
  };
}

/**
 * A lifetime-value run on a source: customers summarised by SQL, the models fitted on the triples,
 * each triple's values computed once, the holdout checked, and the CLV aggregated by SQL.
 */
export async function runClv(src: ClvSource, o: ResolvedClv): Promise<ClvRun> {
  const p = periodsOf(src, o);
  const unitDays = UNIT_DAYS[o.unit];
  checkExactAmounts(src.maxAmount, src.label);
  const sum = sumSql(src.dialect);
  const step = (name: string) => o.onProgress?.({ step: name, done: 0, total: 1 });
  step('summarising the customers');
  const days = await src.relation('days', daysSql(src.log, p, moneySum(src.dialect)));
  const cust = await src.relation('cust', customersSql(days, p, src.dialect));
  const rel = { days, cust };
  const pre = src.prelude();
  const t = triplesOf(await src.columns(`${pre} ${triplesSql(cust)}`, 4), unitDays);
  // Only a holdout can have customers whose first purchase is after the calibration period.
  const [[newInHoldout]] =
    p.holdoutDays > 0
      ? await src.run(
          `${pre} SELECT (SELECT COUNT(DISTINCT customer) FROM ${days} AS d) - (SELECT COUNT(*) FROM ${cust} AS c)`,
        )
      : [[0]];
  const { purchase, spend, spendData } = await fitModels(src, o, t, cust);
  const model = purchaseModel(o.model, purchase.params);
  const holdoutPeriods = p.holdoutDays / unitDays;
  const horizon =
    o.horizon ?? (p.holdoutDays > 0 ? Math.max(1, Math.round(holdoutPeriods)) : YEAR_IN[o.unit]);
  const values = tripleValues(model, t, horizon, o.discount, holdoutPeriods, (done) =>
    o.onProgress?.({ step: 'lifetime values', done, total: t.n }),
  );
  const v = await src.values(
    ['x', 'txd', 'td', 'alive', 'expected', 'factor'],
    [
      t.x,
      t.tx.map((d) => Math.round(d * unitDays)),
      t.T.map((d) => Math.round(d * unitDays)),
      values.alive,
      values.expected,
      values.factor,
    ],
  );
  step('checking the holdout');
  const validation = values.holdout
    ? await holdoutOf(src, cust, t, values.holdout, {
        unitDays,
        days: p.holdoutDays,
        periods: holdoutPeriods,
      })
    : null;
  step('tracking repeat purchases');
  const track = await trackingOf(src, rel, model, p, unitDays);
  const scored = scoredSql(cust, v, spendSqlOf(spend.params), o.margin);
  step('totals and shares');
  const { totals, distribution, topShares } = await aggregates(src, scored, sum);
  const customers = t.w.reduce((a, b) => a + b, 0);
  return {
    options: o,
    source: src.label,
    periods: { ...p, horizon, holdoutPeriods },
    customers,
    newInHoldout: n(newInHoldout),
    triples: t,
    spendData,
    purchase,
    spend,
    values,
    validation,
    tracking: track,
    totals,
    distribution,
    topShares,
    model: clvModel(o, src.label, { customers, triples: t.n, horizon, ...p }, purchase, spend),
    scored,
  };
}

async function holdoutOf(
  src: ClvSource,
  cust: string,
  t: Triples,
  holdout: Float64Array,
  h: { unitDays: number; days: number; periods: number },
): Promise<Validation> {
  const at = new Map<string, number>();
  for (let i = 0; i < t.n; i++)
    at.set(`${t.x[i]} ${Math.round(t.tx[i] * h.unitDays)} ${Math.round(t.T[i] * h.unitDays)}`, i);
  const columns = await src.columns(`${src.prelude()} ${validationSql(cust, moneySum(src.dialect))}`, 7);
  return validate(columns, (x, txd, td) => holdout[at.get(`${x} ${txd} ${td}`)!], h.days, h.periods);
}

async function trackingOf(
  src: ClvSource,
  rel: { days: string; cust: string },
  m: PurchaseModel,
  p: Periods & { start: string },
  unitDays: number,
): Promise<Tracking> {
  const pre = src.prelude();
  const cohorts = (await src.run(`${pre} ${cohortsSql(rel.cust, p.start)}`)).map((r) => ({
    day: n(r[0]),
    n: n(r[1]),
  }));
  let repeats: { day: number; n: number }[];
  if (p.holdoutDays > 0)
    repeats = (await src.run(`${pre} ${repeatDaysSql(rel.days, rel.cust, p.start)}`)).map((r) => ({
      day: n(r[0]),
      n: n(r[1]),
    }));
  else {
    // Without a holdout every customer's days are the model's: a day's repeat purchases are its
    // purchase days less the first purchases on it, with no join of the days to the customers.
    const firsts = new Map(cohorts.map((c) => [c.day, c.n]));
    repeats = (await src.run(`${pre} ${purchaseDaysSql(rel.days, p.start)}`))
      .map((r) => ({ day: n(r[0]), n: n(r[1]) - (firsts.get(n(r[0])) ?? 0) }))
      .filter((r) => r.n > 0);
  }
  const last = daysBetween(p.start, p.asOf);
  const cal = p.holdoutDays > 0 ? daysBetween(p.start, p.calEnd) : null;
  return tracking(m, cohorts, repeats, unitDays, last, cal);
}

async function aggregates(src: ClvSource, scored: string, sum: string) {
  const pre = src.prelude();
  const bins = await src.run(`${pre} ${distributionSql(scored, sum)}`);
  let clv = 0;
  let expected = 0;
  const distribution = bins.map((r) => {
    clv += n(r[2]);
    expected += n(r[3]);
    return { bin: r[0] === null ? null : n(r[0]), customers: n(r[1]), clv: n(r[2]) };
  });
  const [shares] = await src.run(`${pre} ${topSharesSql(scored, TOP_SHARES, sum)}`);
  const total = n(shares[TOP_SHARES.length]);
  const topShares = TOP_SHARES.map((s, i) => ({
    customerShare: s,
    clvShare: total > 0 ? n(shares[i]) / total : 0,
  }));
  return { totals: { clv, expected }, distribution, topShares };
}

function clvModel(
  o: ResolvedClv,
  source: string,
  t: { customers: number; triples: number; horizon: number; calEnd: string; asOf: string },
  purchase: PurchaseFit,
  spend: SpendFit,
): ClvModel {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: 'clv',
    createdWith: `strata ${VERSION}`,
    id: o.customer,
    training: {
      customers: t.customers,
      triples: t.triples,
      source,
      calibrationEnd: t.calEnd,
      asOf: t.asOf,
      columns: {
        customer: o.customer,
        date: o.date,
        ...(o.amount ? { amount: o.amount } : { quantity: o.quantity, price: o.price }),
        ...(o.invoice ? { invoice: o.invoice } : {}),
        ...(o.dropInvoicePrefix ? { dropInvoicePrefix: o.dropInvoicePrefix } : {}),
      },
    },
    params: { unit: o.unit, horizon: t.horizon, discount: o.discount, margin: o.margin },
    state: {
      model: o.model,
      purchase: { ...purchase.params } as unknown as Record<string, number>,
      spend: { ...spend.params },
      logLikelihood: purchase.logLikelihood,
    },
  };
}
