import type { DuckDBInstance } from '@duckdb/node-api';
import { duckdbApi } from '../data/duck.js';
import { DataError, UsageError } from '../errors.js';

export type DatabaseDialect = 'duckdb' | 'postgres';

/** A database Strata trains in: read-only, rows as arrays of plain values. */
export interface Database {
  dialect: DatabaseDialect;
  /** The URL without any password: what messages, run.json and the report show. */
  label: string;
  rows(sql: string): Promise<unknown[][]>;
  /** The column names of a query's result. */
  columns(sql: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The URL as it may be shown: any password in it replaced by "***". */
export function safeLabel(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

/** The continuous `p` quantile of `v` (PostgreSQL's percentile_cont, DuckDB's quantile_cont). */
export function quantileSql(dialect: DatabaseDialect, v: string, p: number): string {
  return dialect === 'duckdb'
    ? `quantile_cont(${v}, ${p})`
    : `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${v})`;
}

/** The first 32 bits of the MD5 of a text, as a BIGINT: the same number in DuckDB, PostgreSQL and JavaScript. */
export function md5BitsSql(dialect: DatabaseDialect, text: string): string {
  const head = `substr(md5(${text}), 1, 8)`;
  return dialect === 'duckdb'
    ? `CAST('0x' || ${head} AS BIGINT)`
    : `CAST(CAST('x' || ${head} AS BIT(32)) AS BIGINT)`;
}

/** A plain number from a database value (counts arrive as bigint from DuckDB, as text from PostgreSQL). */
export function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'string') return Number(v);
  return v === null || v === undefined ? Number.NaN : Number(v);
}

/**
 * Opens `duckdb:PATH` (a DuckDB database file) or `postgres://user@host:port/db` (the password from
 * PGPASSWORD or ~/.pgpass, or `password`, never part of the URL Strata shows), read-only unless `write`
 * (every query then runs in one transaction, committed on close).
 */
export async function connect(
  url: string,
  options: { write?: boolean; password?: string } = {},
): Promise<Database> {
  const label = safeLabel(url);
  const write = options.write === true;
  if (url.startsWith('duckdb:')) return connectDuckDb(url, label, write);
  if (/^postgres(ql)?:\/\//.test(url)) return connectPostgres(url, label, write, options.password);
  throw new UsageError(`${label}: a database is duckdb:PATH or postgres://user@host:port/db`);
}

async function connectDuckDb(url: string, label: string, write: boolean): Promise<Database> {
  const path = url.slice('duckdb:'.length);
  if (!path) throw new UsageError('a DuckDB database is written duckdb:PATH');
  let instance: DuckDBInstance;
  try {
    instance = await duckdbApi.DuckDBInstance.create(path, {
      access_mode: write ? 'READ_WRITE' : 'READ_ONLY',
      threads: '2',
    });
  } catch (e) {
    throw new DataError({ file: label }, `cannot open the database (${firstLine(e)})`);
  }
  const con = await instance.connect();
  return {
    dialect: 'duckdb',
    label,
    rows: async (sql) => {
      try {
        return (await con.runAndReadAll(sql)).getRowsJS() as unknown[][];
      } catch (e) {
        throw new DataError({ file: label }, firstLine(e));
      }
    },
    columns: async (sql) => {
      try {
        return (await con.runAndReadAll(sql)).columnNames();
      } catch (e) {
        throw new DataError({ file: label }, firstLine(e));
      }
    },
    close: async () => {
      con.closeSync();
      instance.closeSync();
    },
  };
}

async function connectPostgres(
  url: string,
  label: string,
  write: boolean,
  password: string | undefined,
): Promise<Database> {
  // Loaded on first use: most commands never open a PostgreSQL connection.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, password });
  try {
    await client.connect();
    await client.query(write ? 'BEGIN' : 'BEGIN TRANSACTION READ ONLY');
    // On a partitioned (sharded) table each partition then aggregates its own rows, on its shard.
    await client.query('SET LOCAL enable_partitionwise_aggregate = on');
    // Training queries are long expressions run once each: compiling them (JIT) costs far more than it saves.
    await client.query('SET LOCAL jit = off');
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new DataError({ file: label }, `cannot connect (${firstLine(e)})`);
  }
  return {
    dialect: 'postgres',
    label,
    rows: async (sql) => {
      // A failed statement would abort the whole transaction; the savepoint keeps it usable, so a
      // caller can go on asking (e.g. which column a refused query stumbled on).
      await client.query('SAVEPOINT strata_q');
      try {
        const rows = (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
        await client.query('RELEASE SAVEPOINT strata_q');
        return rows;
      } catch (e) {
        await client.query('ROLLBACK TO SAVEPOINT strata_q').catch(() => undefined);
        throw new DataError({ file: label }, firstLine(e));
      }
    },
    columns: async (sql) => {
      try {
        return (await client.query({ text: sql, rowMode: 'array' })).fields.map((f) => f.name);
      } catch (e) {
        throw new DataError({ file: label }, firstLine(e));
      }
    },
    close: async () => {
      await client.query('COMMIT').catch(() => undefined);
      await client.end();
    },
  };
}

/** The first line of an error, without any password a driver might repeat. */
function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return safeLabel(text.split('\n')[0]);
}
