import { literal, num } from '../sql/quote.js';

/**
 * The SQL of a lifetime-value run, the same in Strata's DuckDB (a file's log) and in the user's
 * database (DuckDB or PostgreSQL): purchases merged per customer and day, then one row per customer
 * with its repeat purchases and, in whole days, its recency and age.
 */

/** Typed lines of a transactions log (openTransactions or transactionsInDatabase) and the kept ones. */
export interface LogSql {
  rows: string;
  keep: string;
}

/** The periods of a run, as ISO dates: calibration to `calEnd`, holdout after it to `asOf`. */
export interface Periods {
  calEnd: string;
  asOf: string;
  /** Days of the holdout (0 without one): also the window of the "same as last period" baseline. */
  holdoutDays: number;
}

const date = (iso: string) => `DATE ${literal(iso)}`;

/** A sum of money: SQL summing an expression exactly (as a decimal) in a dialect. */
export type MoneySum = (expr: string) => string;

/**
 * Amounts summed exactly, to the millionth, as decimals: a sum of doubles depends on the order the
 * rows arrive in (threads), and a customer's repeat value is a grouping key of the spend model, so
 * a last-bit difference would change the fit from one run to the next.
 */
export const moneySum = (dialect: 'duckdb' | 'postgres'): MoneySum =>
  dialect === 'duckdb'
    ? (e) => `SUM(CAST(${e} AS DECIMAL(38, 6)))`
    : (e) => `SUM(ROUND(CAST(${e} AS NUMERIC), 6))`;

/** The largest amount a line may have for the sums above to be exact (38 digits, 6 after the point). */
export const MAX_EXACT_AMOUNT = 1e20;

/** One row per customer and purchase day up to `asOf`, its value summed exactly: same-day purchases merged. */
export function daysSql(log: LogSql, p: Periods, money: MoneySum): string {
  return `SELECT customer, CAST(ts AS DATE) AS day, ${money('amount')} AS value FROM ${log.rows} WHERE ${log.keep} AND CAST(ts AS DATE) <= ${date(p.asOf)} GROUP BY customer, CAST(ts AS DATE)`;
}

/**
 * One row per customer whose first purchase is in the calibration period: x repeat purchases (days
 * after the first), txd and td the days from the first purchase to the last one and to the end of
 * calibration, the repeat purchases' total value, the holdout's purchases and value, and the purchases
 * in the last holdout-length of calibration (the "same as last period" baseline).
 */
export function customersSql(days: string, p: Periods, dialect: 'duckdb' | 'postgres'): string {
  const cal = date(p.calEnd);
  const lastFrom = p.holdoutDays > 0 ? `${cal} - ${Math.round(p.holdoutDays)}` : cal;
  if (dialect === 'duckdb')
    // One pass over the days: the first day's value is arg_min(value, day), taken from the exact
    // decimal total (days are distinct per customer), so no join back to each customer's first day.
    return `SELECT customer, MIN(day) AS first,
    COUNT(*) FILTER (WHERE day <= ${cal}) - 1 AS x,
    MAX(day) FILTER (WHERE day <= ${cal}) - MIN(day) AS txd,
    ${cal} - MIN(day) AS td,
    CAST(SUM(value) FILTER (WHERE day <= ${cal}) - arg_min(value, day) AS DOUBLE) AS repeat_value,
    COUNT(*) FILTER (WHERE day > ${cal}) AS holdout_x,
    CAST(coalesce(SUM(value) FILTER (WHERE day > ${cal}), 0) AS DOUBLE) AS holdout_value,
    COUNT(*) FILTER (WHERE day <= ${cal} AND day > ${lastFrom}) AS last_x
  FROM ${days} GROUP BY customer HAVING MIN(day) <= ${cal}`;
  const inCal = `d.day <= ${cal}`;
  return `SELECT d.customer AS customer, f.first AS first,
    SUM(CASE WHEN ${inCal} AND d.day > f.first THEN 1 ELSE 0 END) AS x,
    MAX(CASE WHEN ${inCal} THEN d.day END) - f.first AS txd,
    ${cal} - f.first AS td,
    CAST(SUM(CASE WHEN ${inCal} AND d.day > f.first THEN d.value ELSE 0 END) AS DOUBLE PRECISION) AS repeat_value,
    SUM(CASE WHEN d.day > ${cal} THEN 1 ELSE 0 END) AS holdout_x,
    CAST(SUM(CASE WHEN d.day > ${cal} THEN d.value ELSE 0 END) AS DOUBLE PRECISION) AS holdout_value,
    SUM(CASE WHEN ${inCal} AND d.day > ${lastFrom} THEN 1 ELSE 0 END) AS last_x
  FROM ${days} AS d JOIN (SELECT customer, MIN(day) AS first FROM ${days} AS dd GROUP BY customer) AS f
    ON d.customer = f.customer
  WHERE f.first <= ${cal}
  GROUP BY d.customer, f.first`;
}

/** The distinct (x, txd, td) triples and their customers, in a fixed order. */
export function triplesSql(cust: string): string {
  return `SELECT x, txd, td, COUNT(*) AS n FROM ${cust} AS c GROUP BY x, txd, td ORDER BY x, txd, td`;
}

/** Repeat customers' (x, total repeat value) pairs with their counts, and the correlation of x and the mean value. */
export function spendSql(cust: string): string {
  return `SELECT x, repeat_value, COUNT(*) AS n FROM ${cust} AS c WHERE x > 0 AND repeat_value > 0 GROUP BY x, repeat_value ORDER BY x, repeat_value`;
}

export function spendCorrelationSql(cust: string): string {
  return `SELECT CORR(CAST(x AS DOUBLE PRECISION), repeat_value / x), SUM(CASE WHEN repeat_value > 0 THEN 0 ELSE 1 END) FROM ${cust} AS c WHERE x > 0`;
}

/** Customers by first purchase day (their cohorts), and the first and last days. */
export function cohortsSql(cust: string, start: string): string {
  return `SELECT first - ${date(start)} AS day, COUNT(*) AS n FROM ${cust} AS c GROUP BY first ORDER BY 1`;
}

/** Repeat purchases per day since `start` (a customer's first day is not a repeat). */
export function repeatDaysSql(days: string, cust: string, start: string): string {
  return `SELECT d.day - ${date(start)} AS day, COUNT(*) AS n FROM ${days} AS d JOIN ${cust} AS c ON d.customer = c.customer WHERE d.day > c.first GROUP BY d.day ORDER BY 1`;
}

/** Purchase days (customer and day) per day since `start`. */
export function purchaseDaysSql(days: string, start: string): string {
  return `SELECT day - ${date(start)} AS day, COUNT(*) AS n FROM ${days} AS d GROUP BY day ORDER BY 1`;
}

/** Per-triple values computed in-process (one array per column), as a relation to join on (x, txd, td). */
export function valuesSql(columns: readonly Float64Array[], names: readonly string[]): string {
  const rows: string[] = [];
  for (let i = 0; i < columns[0].length; i++)
    rows.push(`(${columns.map((c) => (Number.isInteger(c[i]) ? String(c[i]) : num(c[i]))).join(', ')})`);
  return `(VALUES ${rows.join(',\n')}) AS v(${names.join(', ')})`;
}

/** The holdout grouped as the validation needs it: per triple and its actual holdout and last-period purchases. */
export function validationSql(cust: string, money: MoneySum): string {
  return `SELECT x, txd, td, holdout_x, last_x, COUNT(*) AS n, CAST(${money('holdout_value')} AS DOUBLE PRECISION) AS value FROM ${cust} AS c GROUP BY x, txd, td, holdout_x, last_x ORDER BY x, txd, td, holdout_x, last_x`;
}

/** The spend each customer is expected to bring per purchase, as SQL on a customers row `c` (Gamma-Gamma). */
export function spendSqlOf(sp: { p: number; q: number; gamma: number }): string {
  const { p, q, gamma } = sp;
  return `CASE WHEN c.x > 0 THEN ${num(p)} * (${num(gamma)} + c.repeat_value) / (${num(p)} * c.x + ${num(q - 1)}) ELSE ${num((gamma * p) / (q - 1))} END`;
}

/** Customers joined to their triple's values `v` on (x, txd, td), with their expected spend and CLV. */
export function scoredSql(cust: string, values: string, spend: string, margin: number): string {
  return `SELECT c.customer AS customer, c.x AS x, c.txd AS txd, c.td AS td, c.repeat_value AS repeat_value,
    c.holdout_x AS holdout_x, c.holdout_value AS holdout_value, v.alive AS alive, v.expected AS expected,
    ${spend} AS spend, ${num(margin)} * (${spend}) * v.factor AS clv
  FROM ${cust} AS c JOIN ${values} ON c.x = v.x AND c.txd = v.txd AND c.td = v.td`;
}

/**
 * A sum whose result does not depend on the order rows arrive in (DuckDB's threads): DuckDB's
 * compensated fsum; PostgreSQL's SUM.
 */
export const sumSql = (dialect: 'duckdb' | 'postgres') => (dialect === 'duckdb' ? 'fsum' : 'SUM');

/** Total CLV and expected purchases, and the CLV's histogram on a log scale (quarter decades). */
export function distributionSql(scored: string, sum = 'SUM'): string {
  return `SELECT CASE WHEN clv > 0 THEN FLOOR(LOG(clv) * 4) END AS bin, COUNT(*) AS n, ${sum}(clv) AS clv, ${sum}(expected) AS expected FROM (${scored}) AS s GROUP BY 1 ORDER BY 1`;
}

/** The share of the total CLV held by the top customers (each of `shares`, by CLV). */
export function topSharesSql(scored: string, shares: readonly number[], sum = 'SUM'): string {
  const parts = shares.map((s) => `${sum}(CASE WHEN rk <= CEIL(${num(s)} * n) THEN clv ELSE 0 END)`);
  return `SELECT ${parts.join(', ')}, ${sum}(clv) FROM (SELECT clv, ROW_NUMBER() OVER (ORDER BY clv DESC) AS rk, COUNT(*) OVER () AS n FROM (${scored}) AS s) AS r`;
}
