import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../data/duck.js';
import { OptionError, UsageError } from '../errors.js';
import {
  isoDate,
  RFM_OPTIONS,
  type RfmOptions,
  type RfmResult,
  resolveRfmWith,
  scoreCustomers,
} from '../grade/rfm.js';
import { checkOptions, type Spec } from '../options.js';
import { literal, quoter } from '../sql/quote.js';
import { toCsv } from '../util/csv.js';
import { type Database, numberOf } from './connect.js';
import { aggregateNamingColumn, fromClause } from './source.js';

export const DB_RFM_OPTIONS = {
  ...RFM_OPTIONS,
  table: { kind: 'string' },
  query: { kind: 'string' },
} as const satisfies Spec;

export interface DbRfmOptions extends RfmOptions {
  table?: string;
  query?: string;
}

/**
 * RFM of transactions that stay in their database: the cleaning counts and one row per customer
 * (recency, distinct invoices, total) are SQL there; only those totals come back, and are scored as a
 * file's are. Columns are read by their database types (dates as timestamps, amounts as numbers), so
 * a value the database cannot read as such is an error naming the column, not a dropped row.
 */
export async function rfmDatabase(db: Database, options: DbRfmOptions): Promise<RfmResult> {
  const o = resolveRfmWith(DB_RFM_OPTIONS, options);
  const from = fromClause(o);
  const source = `${db.label} ${o.table ?? 'query'}`;
  const q = quoter(db.dialect);
  const names = new Set(await db.columns(`SELECT * FROM ${from} LIMIT 0`));
  const named = {
    customer: o.customer,
    date: o.date,
    amount: o.amount,
    quantity: o.quantity,
    price: o.price,
    invoice: o.invoice,
  };
  for (const [flag, col] of Object.entries(named))
    if (col !== undefined && !names.has(col))
      throw new UsageError(`${source}: ${flag} column "${col}" not found`);
  const text = (c: string) => `CAST(${q(c)} AS VARCHAR)`;
  const num = (c: string) => `CAST(${q(c)} AS DOUBLE PRECISION)`;
  // A customer number stored as a float (12346.0) is the customer "12346", as when read from a file.
  const [probe] = await db.rows(
    `SELECT ${q(o.customer)} FROM ${from} WHERE ${q(o.customer)} IS NOT NULL LIMIT 1`,
  );
  const customer =
    probe && typeof probe[0] === 'number'
      ? `CASE WHEN ${q(o.customer)} = FLOOR(${q(o.customer)}) THEN CAST(CAST(${q(o.customer)} AS BIGINT) AS VARCHAR) ELSE ${text(o.customer)} END`
      : text(o.customer);
  const ts = `CAST(${q(o.date)} AS TIMESTAMP)`;
  const amount = o.amount ? num(o.amount) : `(${num(o.quantity!)} * ${num(o.price!)})`;
  const positive = o.amount ? `${amount} > 0` : `${num(o.quantity!)} > 0 AND ${num(o.price!)} > 0`;
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
    `SELECT CAST(MAX(CASE WHEN ${keep} THEN ts END) AS DATE), COUNT(*), ${when('customer IS NULL')},
       ${when(`customer IS NOT NULL AND ${cancelled}`)},
       ${when(`customer IS NOT NULL AND NOT (${cancelled}) AND ts IS NOT NULL AND amount IS NOT NULL AND positive = 0`)}
     FROM ${rows}`,
    columns,
    (c) => `SELECT MAX(${c === o.date ? ts : num(c)}) FROM ${from}`,
    'cannot be read as a date or a number in the database',
  );
  const [last, total, noCustomer, cancelledN, nonPositive] = counts;
  if (last === null || last === undefined)
    throw new UsageError(`${source}: no transactions left after cleaning`);
  // As for a file: the day after the last transaction kept.
  const asOf =
    o.asOf ?? new Date(Date.parse(`${isoDate(last)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const per = await db.rows(
    `SELECT customer, CAST(DATE ${literal(asOf)} - CAST(MAX(ts) AS DATE) AS INTEGER), COUNT(DISTINCT invoice), SUM(amount) FROM ${rows} WHERE ${keep} GROUP BY customer`,
  );
  // The totals go through a file into Strata's DuckDB, scored by the same query as a file's.
  const file = join(tmpdir(), `strata-rfm-${randomUUID()}.csv`);
  const table = `strata_rfm_${randomUUID().replace(/-/g, '')}`;
  writeFileSync(
    file,
    toCsv(
      ['customer', 'recency', 'frequency', 'monetary'],
      per.map((r) => [String(r[0]), numberOf(r[1]), numberOf(r[2]), numberOf(r[3])]),
    ),
  );
  try {
    await exec(
      `CREATE TEMP TABLE ${table} AS SELECT * FROM read_csv(${literal(file)}, header = true, columns = {'customer': 'VARCHAR', 'recency': 'DOUBLE', 'frequency': 'DOUBLE', 'monetary': 'DOUBLE'})`,
    );
    const scored = await scoreCustomers(
      `SELECT customer, recency, frequency, round(monetary, 6) AS monetary FROM ${table}`,
      o,
    );
    const { table: _t, query: _q, ...rfmOptions } = o;
    return {
      options: rfmOptions,
      ...scored,
      asOf,
      rows: numberOf(total),
      dropped: {
        noCustomer: numberOf(noCustomer),
        cancelled: numberOf(cancelledN),
        nonPositive: numberOf(nonPositive),
        badDate: 0,
        badAmount: 0,
      },
    };
  } finally {
    await exec(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    rmSync(file, { force: true });
  }
}
