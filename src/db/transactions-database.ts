import { checkColumns, keptAmount, type TransactionColumns } from '../data/transactions.js';
import { UsageError } from '../errors.js';
import { literal, quoter } from '../sql/quote.js';
import { type Database, numberOf } from './connect.js';
import { aggregateNamingColumn, fromClause } from './source.js';

/** The columns of a transactions table (or query) in a database, and what counts as a line to keep. */
export interface DbLogColumns extends TransactionColumns {
  table?: string;
  query?: string;
  dropInvoicePrefix?: string;
  keepZero?: boolean;
}

/** A transactions table cleaned by SQL in its database, as a file's is by openTransactions. */
export interface DbTransactionLog {
  source: string;
  /** An SQL source of the lines: customer (text), ts (timestamp), amount, invoice (text), positive. */
  rows: string;
  keep: string;
  counts: { rows: number; noCustomer: number; cancelled: number; nonPositive: number };
  /** The last day with a kept line (a DATE of the database). */
  lastDay: unknown;
  /** The first day with a kept line. */
  firstDay: unknown;
  /** The largest kept amount in absolute value. */
  maxAmount: number;
}

/**
 * Transactions that stay in their database: columns read by their database types (dates as
 * timestamps, amounts as numbers), so a value the database cannot read as such is an error naming the
 * column, not a dropped row; the cleaning is counted there as for a file.
 */
export async function transactionsInDatabase(db: Database, o: DbLogColumns): Promise<DbTransactionLog> {
  const from = fromClause(o);
  const source = `${db.label} ${o.table ?? 'query'}`;
  const q = quoter(db.dialect);
  const names = new Set(await db.columns(`SELECT * FROM ${from} LIMIT 0`));
  checkColumns(o, (c) => names.has(c), source);
  const text = (c: string) => `CAST(${q(c)} AS VARCHAR)`;
  const num = (c: string) => `CAST(${q(c)} AS DOUBLE PRECISION)`;
  // A customer number stored as a float (12346.0) is the customer "12346", as when read from a file.
  const id = q(o.customer);
  const [probe] = await db.rows(`SELECT ${id} FROM ${from} WHERE ${id} IS NOT NULL LIMIT 1`);
  const customer =
    probe && typeof probe[0] === 'number'
      ? `CASE WHEN ${id} = FLOOR(${id}) THEN CAST(CAST(${id} AS BIGINT) AS VARCHAR) ELSE ${text(o.customer)} END`
      : text(o.customer);
  const ts = `CAST(${q(o.date)} AS TIMESTAMP)`;
  const amount = o.amount ? num(o.amount) : `(${num(o.quantity!)} * ${num(o.price!)})`;
  const positive = keptAmount(o, amount, num);
  const invoice = o.invoice ? text(o.invoice) : `CAST(CAST(${ts} AS DATE) AS VARCHAR)`;
  const prefix = o.dropInvoicePrefix;
  const cancelled =
    prefix && o.invoice ? `substr(invoice, 1, ${prefix.length}) = ${literal(prefix)}` : '1 = 0';
  const rows = `(SELECT ${customer} AS customer, ${ts} AS ts, ${amount} AS amount, ${invoice} AS invoice, CASE WHEN ${positive} THEN 1 ELSE 0 END AS positive FROM ${from}) AS t`;
  const keep = `customer IS NOT NULL AND NOT (${cancelled}) AND ts IS NOT NULL AND amount IS NOT NULL AND positive = 1`;
  const when = (c: string) => `SUM(CASE WHEN ${c} THEN 1 ELSE 0 END)`;
  const columns = [o.date, ...(o.amount ? [o.amount] : [o.quantity!, o.price!])];
  const counts = await aggregateNamingColumn(
    db,
    `SELECT CAST(MAX(CASE WHEN ${keep} THEN ts END) AS DATE), CAST(MIN(CASE WHEN ${keep} THEN ts END) AS DATE),
       MAX(CASE WHEN ${keep} THEN ABS(amount) END), COUNT(*), ${when('customer IS NULL')},
       ${when(`customer IS NOT NULL AND ${cancelled}`)},
       ${when(`customer IS NOT NULL AND NOT (${cancelled}) AND ts IS NOT NULL AND amount IS NOT NULL AND positive = 0`)}
     FROM ${rows}`,
    columns,
    (c) => `SELECT MAX(${c === o.date ? ts : num(c)}) FROM ${from}`,
    'cannot be read as a date or a number in the database',
  );
  const [last, first, maxAmount, total, noCustomer, cancelledN, nonPositive] = counts;
  if (last === null || last === undefined)
    throw new UsageError(`${source}: no transactions left after cleaning`);
  return {
    source,
    rows,
    keep,
    lastDay: last,
    firstDay: first,
    maxAmount: numberOf(maxAmount),
    counts: {
      rows: numberOf(total),
      noCustomer: numberOf(noCustomer),
      cancelled: numberOf(cancelledN),
      nonPositive: numberOf(nonPositive),
    },
  };
}
