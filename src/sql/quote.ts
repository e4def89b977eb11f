import { OptionError, UsageError } from '../errors.js';

/**
 * SQL text from names and values: the one place identifiers and literals are quoted, so data never
 * becomes code in any statement Strata writes (the DuckDB reader, the exports, the database passes).
 */

export type Dialect = 'duckdb' | 'postgres' | 'ansi';
export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'ansi'];

export const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Column names are always quoted in duckdb / postgres; in `ansi` plain names are left bare (Spark, Trino
 * and BigQuery resolve them case-insensitively) and only other names get ANSI double quotes.
 */
export function quoter(dialect: Dialect): (name: string) => string {
  return (name) => (dialect === 'ansi' && PLAIN.test(name) ? name : ident(name));
}

/** Quotes an identifier (always, whatever it holds). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A number literal in exponent form, the shortest that reads back as the same double. Engines read
 * exponent literals as doubles (DuckDB would read 0.92 as a DECIMAL and round it back imprecisely),
 * so the database computes with exactly the numbers Strata does. Negative ones are parenthesised so
 * that "x - -1" can never become a "--" comment.
 */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new UsageError(`cannot write ${v} into SQL`);
  const s = v.toExponential();
  return v < 0 ? `(${s})` : s;
}

export function tableName(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => PLAIN.test(p))) {
    throw new OptionError(
      'table',
      `must be a plain table name: letters, digits and _, optionally schema.table (got ${JSON.stringify(table)})`,
    );
  }
  return table;
}
