import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../data/load.js';
import { Table } from '../data/table.js';
import { DataError, OptionError } from '../errors.js';
import type { LeftOut } from '../prep/features.js';
import { ident } from '../sql/quote.js';
import { toCsv } from '../util/csv.js';
import type { Database } from './connect.js';

/** The FROM clause of the customers: a quoted table (schema.table split on the dot) or a SELECT. */
export function fromClause(o: { table?: string; query?: string }): string {
  if ((o.table === undefined) === (o.query === undefined))
    throw new OptionError('table', 'or query: name exactly one of them');
  if (o.table !== undefined) {
    const parts = o.table.split('.');
    if (parts.length > 2 || parts.some((p) => !p))
      throw new OptionError('table', `is a name or schema.name (got "${o.table}")`);
    return parts.map(ident).join('.');
  }
  const q = o.query!.trim().replace(/;\s*$/, '');
  if (!/^(select|with)\b/i.test(q) || q.includes(';'))
    throw new OptionError('query', 'must be one SELECT (or WITH … SELECT) statement');
  return `(${q}) AS strata_query`;
}

/** A seeded sample of the customers, read into a Table as a file would be (types inferred the same way). */
export async function sampleTable(db: Database, from: string, rows: number, seed: number, source: string) {
  const sql = (order: string) => `SELECT * FROM (SELECT * FROM ${from}) AS r ORDER BY ${order} LIMIT ${rows}`;
  // PostgreSQL hashes a whole row (with a seed) since version 14, twice as fast as the MD5 of its text;
  // a column type without an extended hash (e.g. point), or an older server, takes the MD5.
  const t =
    db.dialect === 'duckdb'
      ? await readTable(db, sql(`hash(r, ${seed})`), source)
      : await readTable(db, sql(`hash_record_extended(r, ${seed})`), source).catch((e: unknown) => {
          if (!(e instanceof DataError)) throw e;
          return readTable(db, sql(`md5(r::text || '${seed}')`), source);
        });
  if (!t.nRows) throw new DataError({ file: source }, 'has no rows');
  return t;
}

/** The rows of a query read into a Table as a file would be (types inferred the same way). */
export async function readTable(db: Database, sql: string, source: string): Promise<Table> {
  const names = await db.columns(`SELECT * FROM (${sql}) AS strata_names LIMIT 0`);
  const data = await db.rows(sql);
  const text = (v: unknown) =>
    v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  const file = join(tmpdir(), `strata-db-rows-${randomUUID()}.csv`);
  writeFileSync(
    file,
    toCsv(
      names,
      data.map((r) => r.map(text)),
    ),
  );
  try {
    const t = await load(file, { format: 'csv' });
    return new Table(t.columns, t.schema, source, t.nRows);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * The one row of an aggregate over many columns; when the database refuses it (a column it cannot read
 * as the type asked for), each column is tried alone and the one refused is named.
 */
export async function aggregateNamingColumn(
  db: Database,
  sql: string,
  columns: readonly string[],
  alone: (column: string) => string,
  what: string,
): Promise<unknown[]> {
  try {
    return (await db.rows(sql))[0];
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    for (const c of columns) {
      const refused = await db.rows(alone(c)).then(
        () => null,
        (f: unknown) => f,
      );
      if (refused instanceof DataError)
        throw new DataError(
          { file: db.label, column: c },
          `${what} (${refused.message.slice(db.label.length + 2)})`,
        );
    }
    throw e;
  }
}

/** Columns left out, the sharded table's bucket column said for what it is rather than "excluded". */
export function withBucket(out: readonly LeftOut[], bucket: string | undefined): LeftOut[] {
  const reason = 'the bucket: which shard stores the customer, not something about them';
  return out.map((l) => (l.column === bucket ? { column: l.column, reason } : l));
}
