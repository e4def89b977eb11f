import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../data/duck.js';
import {
  RFM_OPTIONS,
  type RfmOptions,
  type RfmResult,
  resolveRfmWith,
  rfmAsOf,
  scoreCustomers,
} from '../grade/rfm-scores.js';
import type { Spec } from '../options.js';
import { literal } from '../sql/quote.js';
import { toCsv } from '../util/csv.js';
import { type Database, numberOf } from './connect.js';
import { transactionsInDatabase } from './transactions-database.js';

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
  const log = await transactionsInDatabase(db, o);
  const asOf = rfmAsOf(o.asOf, log.lastDay, log.source);
  const per = await db.rows(
    `SELECT customer, CAST(DATE ${literal(asOf)} - CAST(MAX(ts) AS DATE) AS INTEGER), COUNT(DISTINCT invoice), SUM(amount) FROM ${log.rows} WHERE ${log.keep} GROUP BY customer`,
  );
  // The totals go through a file into Strata's DuckDB, scored by the same query as a file's.
  const file = join(tmpdir(), `strata-rfm-${randomUUID()}.csv`);
  const table = `strata_rfm_${randomUUID().replace(/-/g, '')}`;
  const totals = per.map((r) => [String(r[0]), numberOf(r[1]), numberOf(r[2]), numberOf(r[3])]);
  writeFileSync(file, toCsv(['customer', 'recency', 'frequency', 'monetary'], totals));
  try {
    await exec(
      `CREATE TEMP TABLE ${table} AS SELECT * FROM read_csv(${literal(file)}, header = true, columns = {'customer': 'VARCHAR', 'recency': 'DOUBLE', 'frequency': 'DOUBLE', 'monetary': 'DOUBLE'})`,
    );
    const scored = await scoreCustomers(
      `SELECT customer, recency, frequency, round(monetary, 6) AS monetary FROM ${table}`,
      o,
    );
    const { table: _t, query: _q, ...rfmOptions } = o;
    const { rows, ...dropped } = log.counts;
    return { options: rfmOptions, ...scored, asOf, rows, dropped: { ...dropped, badDate: 0, badAmount: 0 } };
  } finally {
    await exec(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    rmSync(file, { force: true });
  }
}
