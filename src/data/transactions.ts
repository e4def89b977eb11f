import { randomUUID } from 'node:crypto';
import { DataError, StrataError, UsageError } from '../errors.js';
import { ident, literal } from '../sql/quote.js';
import { MAX_MAGNITUDE } from '../util/stats.js';
import { exec, queryRows } from './duck.js';
import { DEFAULT_MISSING, dateExpr, flexibleNumber, missingToNull, sampleDateFormat } from './infer.js';
import type { LoadOptions } from './load-options.js';
import { checkCompressed } from './peek.js';
import { formatOf, readerFor, translate } from './reader.js';

/** The columns of a transactions log: who, when, how much (an amount, or quantity × price), which invoice. */
export interface TransactionColumns {
  customer: string;
  date: string;
  amount?: string;
  quantity?: string;
  price?: string;
  invoice?: string;
}

/**
 * The SQL test a line's value passes to be kept: above zero, or (with `keepZero`, for lifetime value,
 * where a free purchase is still a purchase) zero or above; quantity and price each so.
 */
export function keptAmount(
  o: TransactionColumns & { keepZero?: boolean },
  amount: string,
  number: (c: string) => string,
): string {
  const op = o.keepZero ? '>=' : '>';
  return o.amount ? `${amount} ${op} 0` : `${number(o.quantity!)} ${op} 0 AND ${number(o.price!)} ${op} 0`;
}

/** The first named column of a log that `has` does not know, as one error naming it. */
export function checkColumns(o: TransactionColumns, has: (column: string) => boolean, where: string): void {
  const named = {
    customer: o.customer,
    date: o.date,
    amount: o.amount,
    quantity: o.quantity,
    price: o.price,
    invoice: o.invoice,
  };
  for (const [role, col] of Object.entries(named))
    if (col !== undefined && !has(col)) throw new UsageError(`${where}: ${role} column "${col}" not found`);
}

/** The columns of a transactions file, and what counts as a line to keep. */
export interface LogColumns extends TransactionColumns, Pick<LoadOptions, 'delimiter' | 'header'> {
  /** Invoices starting with this are cancellations (e.g. C). */
  dropInvoicePrefix?: string;
  /** Keep lines of value zero (lifetime value: a free purchase is a purchase); negative ones never. */
  keepZero?: boolean;
  /** Refuse when more than this share of rows has an unreadable date or amount. */
  maxBadShare: number;
}

/** What the cleaning counted, in this order, and the last day with a kept line. */
export interface LogCounts {
  rows: number;
  noCustomer: number;
  cancelled: number;
  badDate: number;
  badAmount: number;
  nonPositive: number;
  /** The day of the last kept line (a DATE). */
  lastDay: unknown;
  /** The day of the first kept line (a DATE). */
  firstDay: unknown;
  /** The largest kept amount in absolute value. */
  maxAmount: number;
}

/** A transactions file opened in DuckDB: typed lines to query, and what cleaning them counted. */
export interface TransactionLog {
  /** An SQL source of the lines: customer (text), ts (timestamp), amount, invoice (text). */
  rows: string;
  /** The SQL condition a kept line meets. */
  keep: string;
  counts: LogCounts;
  /** Runs a query; DuckDB's errors become one line naming the file. */
  run(sql: string): Promise<unknown[][]>;
  /** An error of DuckDB's as one line naming the file. */
  translate(e: Error): Error;
  close(): Promise<void>;
}

/** ISO date of a DuckDB or PostgreSQL DATE or timestamp value. */
export function isoDate(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

/** The ISO date `days` after an ISO date. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A transactions file read by DuckDB (it streams: the file need not fit in memory) and cleaned as RFM
 * and lifetime value both need it. Counted in this order: rows with no customer; cancelled invoices
 * (prefix); unreadable dates and amounts (refused above `maxBadShare`); rows whose amount (or quantity
 * or price) is zero or negative. Amounts are `amount`, or quantity × price.
 */
export async function openTransactions(file: string, o: LogColumns): Promise<TransactionLog> {
  await checkCompressed(file);
  const { reader, headerRows, delimiter } = await readerFor(file, formatOf(file), o);
  const view = `strata_tx_${randomUUID().replace(/-/g, '')}`;
  const translateError = (e: Error) => translate(file, e.message, headerRows);
  const run = (sql: string) => queryRows(sql).catch((e: Error) => Promise.reject(translateError(e)));
  try {
    await exec(`CREATE TEMP VIEW ${view} AS SELECT * FROM ${reader}`);
    const types = new Map(
      (await run(`DESCRIBE SELECT * FROM ${view}`)).map((r) => [String(r[0]), String(r[1])]),
    );
    checkColumns(o, (c) => types.has(c), file);
    // A compressed file is decompressed and parsed once: the columns needed go as they are into a
    // temporary table (which spills to disk beyond the memory limit) that every later pass reads.
    const compressed = /\.(gz|zst)$/i.test(file);
    let from = view;
    if (compressed) {
      const named = [o.customer, o.date, o.amount, o.quantity, o.price, o.invoice];
      const needed = [...new Set(named)].filter((c): c is string => c !== undefined);
      await run(`CREATE TEMP TABLE ${view}_rows AS SELECT ${needed.map(ident).join(', ')} FROM ${view}`);
      from = `${view}_rows`;
    }
    const { src, cancelled } = await typedLines(o, types, from, delimiter);
    let rowsOf = `(${src})`;
    if (compressed) {
      await run(`CREATE TEMP TABLE ${view}_typed AS ${src}`);
      rowsOf = `${view}_typed`;
    }
    const keep = `customer IS NOT NULL AND NOT (${cancelled}) AND ts IS NOT NULL AND amount IS NOT NULL AND coalesce(positive, false)`;
    const counts = await countLines(file, o, run, rowsOf, keep, cancelled);
    return { rows: rowsOf, keep, counts, run, translate: translateError, close: () => dropAll(view) };
  } catch (e) {
    await dropAll(view);
    // Whatever DuckDB says about the file (a ragged row, an open quote) becomes one line naming it.
    if (e instanceof StrataError) throw e;
    throw translateError(e as Error);
  }
}

/** The SELECT that types every line: customer, ts, amount, invoice, and the raw texts to count with. */
async function typedLines(
  o: LogColumns,
  types: Map<string, string>,
  from: string,
  delimiter: string | undefined,
): Promise<{ src: string; cancelled: string }> {
  // Missing tokens (blank, NA, NaN, …) are missing; infinite or huge amounts count as unreadable.
  const text = (c: string) => missingToNull(`trim(CAST(${ident(c)} AS VARCHAR))`, DEFAULT_MISSING);
  const finite = (x: string) => `CASE WHEN abs(${x}) <= ${MAX_MAGNITUDE} THEN ${x} END`;
  const number = (c: string) =>
    finite(types.get(c) === 'VARCHAR' ? flexibleNumber(text(c), delimiter) : `CAST(${ident(c)} AS DOUBLE)`);
  const id = ident(o.customer);
  const customer = /^(DOUBLE|FLOAT|DECIMAL)/.test(types.get(o.customer)!)
    ? `CASE WHEN ${id} = floor(${id}) THEN CAST(CAST(${id} AS BIGINT) AS VARCHAR) ELSE CAST(${id} AS VARCHAR) END`
    : text(o.customer);
  const dateFmt = types.get(o.date) === 'VARCHAR' ? await sampleDateFormat(from, text(o.date)) : null;
  const ts = dateFmt ? dateExpr(text(o.date), dateFmt) : `CAST(${ident(o.date)} AS TIMESTAMP)`;
  const amount = o.amount ? number(o.amount) : `(${number(o.quantity!)} * ${number(o.price!)})`;
  const positive = keptAmount(o, amount, number);
  const rawAmount = o.amount
    ? text(o.amount)
    : `coalesce(${text(o.quantity!)}, '') || coalesce(${text(o.price!)}, '')`;
  const invoice = o.invoice ? text(o.invoice) : `CAST(CAST(${ts} AS DATE) AS VARCHAR)`;
  const cancelled =
    o.dropInvoicePrefix && o.invoice ? `starts_with(invoice, ${literal(o.dropInvoicePrefix)})` : 'false';
  return {
    src: `SELECT ${customer} AS customer, ${ts} AS ts, ${text(o.date)} AS raw_date, ${amount} AS amount, ${rawAmount} AS raw_amount, ${invoice} AS invoice, ${positive} AS positive FROM ${from}`,
    cancelled,
  };
}

/** One pass for the counts and the last date; too many unreadable dates or amounts are refused. */
async function countLines(
  file: string,
  o: LogColumns,
  run: (sql: string) => Promise<unknown[][]>,
  rowsOf: string,
  keep: string,
  cancelled: string,
): Promise<LogCounts> {
  const [counts] =
    await run(`SELECT CAST(max(ts) FILTER (WHERE ${keep}) AS DATE), CAST(min(ts) FILTER (WHERE ${keep}) AS DATE),
        max(abs(amount)) FILTER (WHERE ${keep}), count(*),
        count(*) FILTER (WHERE customer IS NULL),
        count(*) FILTER (WHERE customer IS NOT NULL AND ${cancelled}),
        count(*) FILTER (WHERE customer IS NOT NULL AND NOT (${cancelled}) AND ts IS NULL AND raw_date IS NOT NULL),
        count(*) FILTER (WHERE customer IS NOT NULL AND NOT (${cancelled}) AND amount IS NULL AND raw_amount <> ''),
        count(*) FILTER (WHERE customer IS NOT NULL AND NOT (${cancelled}) AND ts IS NOT NULL AND amount IS NOT NULL AND NOT coalesce(positive, false))
      FROM ${rowsOf}`);
  const [lastDay, firstDay] = counts;
  const maxAmount = Number(counts[2]);
  const [rows, noCustomer, cancelledN, badDate, badAmount, nonPositive] = counts.slice(3).map(Number);
  const maxBad = o.maxBadShare;
  for (const [what, n, test, col] of [
    ['dates', badDate, 'ts IS NULL AND raw_date IS NOT NULL', o.date],
    ['amounts', badAmount, "amount IS NULL AND raw_amount <> ''", o.amount ?? `${o.quantity} × ${o.price}`],
  ] as const) {
    if (n > maxBad * rows) {
      const first = await run(
        `SELECT r, raw_date, raw_amount FROM (SELECT row_number() OVER () AS r, * FROM ${rowsOf}) WHERE ${test} ORDER BY r LIMIT 3`,
      );
      const shown = first
        .map((f) => `row ${Number(f[0])} ("${String(what === 'dates' ? f[1] : f[2])}")`)
        .join(', ');
      throw new DataError(
        { file, column: col },
        `${n} of ${rows} rows have unreadable ${what} (more than ${(100 * maxBad).toFixed(1)}%), first ${shown}`,
      );
    }
  }
  if (lastDay === null) throw new DataError({ file }, 'no transactions left after cleaning');
  await refusePlaceholderDates(file, o.date, run, rowsOf, keep, lastDay);
  return {
    rows,
    noCustomer,
    cancelled: cancelledN,
    badDate,
    badAmount,
    nonPositive,
    lastDay,
    firstDay,
    maxAmount,
  };
}

async function dropAll(view: string): Promise<void> {
  await exec(`DROP TABLE IF EXISTS ${view}_rows`).catch(() => undefined);
  await exec(`DROP TABLE IF EXISTS ${view}_typed`).catch(() => undefined);
  await exec(`DROP VIEW IF EXISTS ${view}`).catch(() => undefined);
}

/**
 * A purchase dated in year 9999 or later is a placeholder ("no date"), not a purchase: recency and
 * the periods after it would run past the last date there is. Refused naming its row.
 */
async function refusePlaceholderDates(
  file: string,
  column: string,
  run: (sql: string) => Promise<unknown[][]>,
  rowsOf: string,
  keep: string,
  lastDay: unknown,
): Promise<void> {
  const last = isoDate(lastDay);
  if (last < '9999' && !last.startsWith('+')) return;
  const [first] = await run(
    `SELECT r, raw_date FROM (SELECT row_number() OVER () AS r, * FROM ${rowsOf}) WHERE ${keep} AND year(ts) >= 9999 ORDER BY r LIMIT 1`,
  );
  throw new DataError(
    { file, column, row: first ? Number(first[0]) : undefined },
    `"${String(first?.[1] ?? last)}" is a placeholder, not a purchase date (year 9999): leave the date blank, or drop the row`,
  );
}
