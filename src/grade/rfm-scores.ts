import { streamChunks } from '../data/duck.js';
import type { LoadOptions } from '../data/load.js';
import { addDays, isoDate, openTransactions, type TransactionColumns } from '../data/transactions.js';
import { DataError, OptionError, StrataError } from '../errors.js';
import {
  DATE_OPTION,
  type Resolved,
  resolveOptions,
  type Spec,
  UNITS_OPTION,
  type Units,
} from '../options.js';
import type { OnProgress } from '../progress.js';
import { literal } from '../sql/quote.js';

export interface RfmSegment {
  name: string;
  /** Inclusive ranges of the R and F scores (1–5). */
  r: [number, number];
  f: [number, number];
}

/** The default grid on R and F scores; the first rule that matches names the segment. */
export const DEFAULT_SEGMENTS: RfmSegment[] = [
  { name: 'Champions', r: [5, 5], f: [4, 5] },
  { name: 'Loyal Customers', r: [3, 4], f: [4, 5] },
  { name: 'Potential Loyalists', r: [4, 5], f: [2, 3] },
  { name: 'New Customers', r: [5, 5], f: [1, 1] },
  { name: 'Promising', r: [4, 4], f: [1, 1] },
  { name: 'Need Attention', r: [3, 3], f: [3, 3] },
  { name: 'About to Sleep', r: [3, 3], f: [1, 2] },
  { name: "Can't Lose Them", r: [1, 2], f: [5, 5] },
  { name: 'At Risk', r: [1, 2], f: [3, 4] },
  { name: 'Hibernating', r: [2, 2], f: [1, 2] },
  { name: 'Lost', r: [1, 1], f: [1, 2] },
];

/** Every option of `computeRfm`, its type and range; checked once where it is entered. */
export const RFM_OPTIONS = {
  delimiter: { kind: 'string' },
  header: { kind: 'boolean' },
  customer: { kind: 'string' },
  date: { kind: 'string' },
  amount: { kind: 'string' },
  quantity: { kind: 'string' },
  price: { kind: 'string' },
  invoice: { kind: 'string' },
  asOf: DATE_OPTION,
  dropInvoicePrefix: { kind: 'string' },
  segments: { kind: 'custom', describe: 'a list of segment rules', check: Array.isArray },
  maxBadShare: { kind: 'number', min: 0, max: 1 },
  ties: { kind: 'choice', values: ['lowest', 'highest', 'spread'] },
  onProgress: { kind: 'function' },
  units: UNITS_OPTION,
} as const satisfies Spec;

export interface RfmOptions extends TransactionColumns, Pick<LoadOptions, 'delimiter' | 'header'> {
  /** YYYY-MM-DD; default the day after the last transaction kept. */
  asOf?: string;
  dropInvoicePrefix?: string;
  segments?: RfmSegment[];
  /** Refuse when more than this share of rows has an unreadable date or amount (default 0.01). */
  maxBadShare?: number;
  /** Hears that the scan goes on (about every second). */
  onProgress?: OnProgress;
  /**
   * The rank equal values share before scoring: the lowest of their group (default), the highest, or
   * their average (`spread`), which keeps a large tie from sinking a whole score to the bottom.
   */
  ties?: RfmTies;
  /** Units of columns (the amount's currency), shown in the report. */
  units?: Units;
}

export type RfmTies = 'lowest' | 'highest' | 'spread';

/** What RFM does when an option is not given. */
export const RFM_DEFAULTS = {
  segments: DEFAULT_SEGMENTS,
  maxBadShare: 0.01,
  ties: 'lowest',
} as const satisfies Partial<RfmOptions>;

export type ResolvedRfm = Resolved<RfmOptions, typeof RFM_DEFAULTS>;

/** RFM options checked against `spec` (RFM_OPTIONS or one that extends it), defaulted, the columns required. */
export function resolveRfmWith<O extends RfmOptions>(
  spec: Spec,
  options: O,
): Resolved<O, typeof RFM_DEFAULTS> {
  const o = resolveOptions(spec, RFM_DEFAULTS, options);
  if (!options.customer) throw new OptionError('customer', 'is required: the column that names the customer');
  if (!options.date) throw new OptionError('date', 'is required: the column with the transaction date');
  if (!options.amount && !(options.quantity && options.price))
    throw new OptionError('amount', 'is required, or else both quantity and price');
  return o;
}

/** SQL for the rank a tie group shares, ordering by `order` (a column and direction). */
function rankOf(order: string, ties: RfmTies): string {
  const lowest = `rank() OVER (ORDER BY ${order})`;
  // count(*) over an ordered window counts every row up to and including the value's peers.
  const highest = `count(*) OVER (ORDER BY ${order})`;
  if (ties === 'lowest') return lowest;
  if (ties === 'highest') return highest;
  return `((${lowest} + ${highest}) / 2.0)`;
}

export interface RfmCustomer {
  customer: string;
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: string;
}

export interface RfmResult {
  /** The options it ran with, checked and defaulted. */
  options: ResolvedRfm;
  customers: RfmCustomer[];
  totalMonetary: number;
  asOf: string;
  rows: number;
  dropped: { noCustomer: number; cancelled: number; nonPositive: number; badDate: number; badAmount: number };
  segments: { segment: string; customers: number; share: number; monetaryShare: number }[];
}

/**
 * RFM computed by DuckDB straight from a transactions file (it streams: the file need not fit in memory).
 *
 * Cleaning, counted in this order: rows with no customer; cancelled invoices (prefix); rows whose amount
 * (or quantity or price) is zero or negative. Recency: whole days from the last purchase date to the as-of
 * date. Frequency: distinct invoices (distinct purchase days without an invoice column). Monetary: sum of
 * amount, or of quantity × price. Scores 1–5 by quintile of rank: score = 1 + ⌊5 (rank − 1) / n⌋, where
 * ties share the lowest rank of their group, so equal values always get the same score; R ranks the
 * longest recency first (score 1), F and M the smallest first.
 */
export async function computeRfm(file: string, options: RfmOptions): Promise<RfmResult> {
  return rfmOfFile(file, resolveRfmWith(RFM_OPTIONS, options));
}

/**
 * The as-of date recency counts from: by default the day after the last transaction kept (a purchase
 * that day is one day ago); a given one before the last purchase would make recencies negative.
 */
export function rfmAsOf(given: string | undefined, lastDay: unknown, source: string): string {
  const last = isoDate(lastDay);
  if (given === undefined) return addDays(last, 1);
  if (given < last)
    throw new DataError(
      { file: source },
      `the as-of date ${given} is before the last purchase (${last}): recency counts back from a day on or after every purchase`,
    );
  return given;
}

/** `computeRfm` on options already resolved. */
export async function rfmOfFile(file: string, o: ResolvedRfm): Promise<RfmResult> {
  const log = await openTransactions(file, o);
  try {
    const { counts } = log;
    const asOf = rfmAsOf(o.asOf, counts.lastDay, file);
    const per = `SELECT customer, date_diff('day', CAST(max(ts) AS DATE), DATE ${literal(asOf)}) AS recency,
               count(DISTINCT invoice) AS frequency, round(sum(amount), 6) AS monetary
        FROM ${log.rows} WHERE ${log.keep} GROUP BY customer`;
    const { customers, totalMonetary, segments } = await scoreCustomers(per, o).catch((e: Error) =>
      Promise.reject(e instanceof StrataError ? e : log.translate(e)),
    );
    const { rows, noCustomer, cancelled, nonPositive, badDate, badAmount } = counts;
    return {
      options: o,
      customers,
      totalMonetary,
      asOf,
      rows,
      dropped: { noCustomer, cancelled, nonPositive, badDate, badAmount },
      segments,
    };
  } finally {
    await log.close();
  }
}

/**
 * Scores and segments from one row per customer (customer, recency in days, frequency, monetary): the
 * SQL `per` in Strata's DuckDB, whether it reads a file's transactions or a database's totals.
 */
export async function scoreCustomers(
  per: string,
  o: Pick<ResolvedRfm, 'segments' | 'ties'>,
): Promise<Pick<RfmResult, 'customers' | 'totalMonetary' | 'segments'>> {
  const { segments: grid, ties } = o;
  const customers: RfmCustomer[] = [];
  // Read chunk by chunk into records (millions of customers: no intermediate row arrays).
  await streamChunks(
    `WITH per AS (${per}),
    n AS (SELECT count(*) AS n FROM per)
    SELECT customer, CAST(recency AS DOUBLE), CAST(frequency AS DOUBLE), CAST(monetary AS DOUBLE),
      CAST(1 + floor(5 * (${rankOf('recency DESC', ties)} - 1) / n) AS INTEGER) AS r,
      CAST(1 + floor(5 * (${rankOf('frequency', ties)} - 1) / n) AS INTEGER) AS f,
      CAST(1 + floor(5 * (${rankOf('monetary', ties)} - 1) / n) AS INTEGER) AS m
    FROM per, n ORDER BY customer`,
    (v, count) => {
      for (let i = 0; i < count; i++) {
        const r = v[4].getItem(i) as number;
        const f = v[5].getItem(i) as number;
        customers.push({
          customer: v[0].getItem(i) as string,
          recency: v[1].getItem(i) as number,
          frequency: v[2].getItem(i) as number,
          monetary: v[3].getItem(i) as number,
          r,
          f,
          m: v[6].getItem(i) as number,
          segment: segmentOf(grid, r, f),
        });
      }
    },
  );
  const totalMonetary = customers.reduce((a, c) => a + c.monetary, 0);
  const names = [...new Set([...grid.map((g) => g.name), 'Other'])];
  const bySegment = new Map(names.map((nm) => [nm, { customers: 0, monetary: 0 }]));
  for (const c of customers) {
    const seg = bySegment.get(c.segment)!;
    seg.customers++;
    seg.monetary += c.monetary;
  }
  const segments = names
    .map((name) => ({
      segment: name,
      customers: bySegment.get(name)!.customers,
      share: customers.length ? bySegment.get(name)!.customers / customers.length : 0,
      monetaryShare: totalMonetary ? bySegment.get(name)!.monetary / totalMonetary : 0,
    }))
    .filter((x) => x.segment !== 'Other' || x.customers > 0);
  return { customers, totalMonetary, segments };
}

export function segmentOf(grid: readonly RfmSegment[], r: number, f: number): string {
  for (const g of grid) if (r >= g.r[0] && r <= g.r[1] && f >= g.f[0] && f <= g.f[1]) return g.name;
  return 'Other';
}

/** The YYYY-MM-DD of a date a database returned (a Date, or its text). */
export { isoDate };
