import { CLV_DEFAULTS, CLV_OPTIONS, type ClvOptions, resolveClvWith } from '../clv/clv-options.js';
import { type ClvRun, type ClvSource, runClv } from '../clv/clv-run.js';
import { valuesSql } from '../clv/queries.js';
import { isoDate } from '../data/transactions.js';
import { OptionError } from '../errors.js';
import type { Spec } from '../options.js';
import { steps } from '../progress.js';
import { type Database, numberOf } from './connect.js';
import { transactionsInDatabase } from './transactions-database.js';

export const DB_CLV_OPTIONS = {
  ...CLV_OPTIONS,
  table: { kind: 'string' },
  query: { kind: 'string' },
} as const satisfies Spec;

export const DB_CLV_DEFAULTS = CLV_DEFAULTS;

type ResolvedDbClv = ReturnType<typeof resolveClvWith<DbClvOptions>>;

export interface DbClvOptions extends ClvOptions {
  table?: string;
  query?: string;
}

/** A run in a database, with what its cleaning counted there. */
export interface DbClvRun extends ClvRun {
  counts: {
    rows: number;
    noCustomer: number;
    cancelled: number;
    nonPositive: number;
    badDate: number;
    badAmount: number;
  };
}

/**
 * Lifetime value of transactions that stay in their database: the customers' summary, the triple
 * counts and every aggregate are SQL there (read only: common table expressions, no table written);
 * only the distinct (x, t_x, T) triples, the spend pairs and the aggregates come back.
 */
export async function clvDatabase(db: Database, options: DbClvOptions): Promise<DbClvRun> {
  const o = resolveClvWith(DB_CLV_OPTIONS, options);
  if (o.segments || o.tiers)
    throw new OptionError(
      o.segments ? 'segments' : 'tiers',
      'joins customers of a file: in a database it is not available',
    );
  return steps(o.onProgress, 'counting the log', (onProgress) => clvIn(db, { ...o, onProgress }));
}

async function clvIn(db: Database, o: ResolvedDbClv): Promise<DbClvRun> {
  const log = await transactionsInDatabase(db, { ...o, keepZero: true });
  const ctes: string[] = [];
  const src: ClvSource = {
    label: log.source,
    dialect: db.dialect,
    log,
    firstDay: isoDate(log.firstDay),
    lastDay: isoDate(log.lastDay),
    maxAmount: log.maxAmount,
    run: (sql) => db.rows(sql),
    columns: async (sql, width) => {
      const rows = await db.rows(sql);
      return Array.from({ length: width }, (_, c) => Float64Array.from(rows, (r) => numberOf(r[c] ?? 0)));
    },
    prelude: () => (ctes.length ? `WITH ${ctes.join(', ')}` : ''),
    relation: async (name, sql) => {
      ctes.push(`strata_${name} AS (${sql})`);
      return `strata_${name}`;
    },
    values: async (names, columns) => valuesSql(columns, names),
  };
  const { table: _t, query: _q, ...clvOptions } = o;
  const run = await runClv(src, clvOptions);
  return { ...run, counts: { ...log.counts, badDate: 0, badAmount: 0 } };
}
