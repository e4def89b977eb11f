import {
  CLUSTER_DEFAULTS,
  CLUSTER_OPTIONS,
  type ClusterOptions,
  resolvedCluster,
} from '../cluster/cluster-options.js';
import { clusterFeatures, runClustering } from '../cluster/cluster-table.js';
import { recount, refit } from '../cluster/refit.js';
import type { ClusterRun } from '../cluster/run.js';
import { OptionError } from '../errors.js';
import { resolveOptions, type Spec } from '../options.js';
import { type Database, numberOf } from './connect.js';
import { type DbSource, kmeansInDatabase } from './kmeans-database.js';
import { kmeansParallel } from './kmeans-parallel.js';
import { fitFeaturesInDatabase } from './recipe-database.js';
import { fromClause, sampleTable } from './source.js';

/** Every option of `clusterDatabase`: those of `clusterTable` and where the customers are. */
export const DB_CLUSTER_OPTIONS = {
  ...CLUSTER_OPTIONS,
  table: { kind: 'string' },
  query: { kind: 'string' },
  bucket: { kind: 'string' },
  sample: { kind: 'integer', min: 10 },
  seeding: { kind: 'choice', values: ['parallel', 'sample'] },
} as const satisfies Spec;

/** Where the customers are has no default; the sample and the seeding do. */
export const DB_CLUSTER_DEFAULTS = { ...CLUSTER_DEFAULTS, sample: 20_000, seeding: 'sample' } as const;

export interface DbClusterOptions extends ClusterOptions {
  /** A table (or schema.table); every part is quoted, so any name is safe. */
  table?: string;
  /** Or a SELECT (read-only transaction) whose rows are the customers. */
  query?: string;
  /** The partition-key column of a sharded table (see `DbSource.bucket`). */
  bucket?: string;
  /** Rows drawn (seeded) for the features, k, the profiles and the seeding (default 20,000). */
  sample?: number;
  /**
   * Where Lloyd's iterations start: the sample's own k-means, best of its restarts ('sample', the
   * default), or k-means‖ run in the database over every customer ('parallel').
   */
  seeding?: 'parallel' | 'sample';
}

export interface DbClusterRun extends ClusterRun {
  /** Customers in the database. */
  rows: number;
  sampleRows: number;
  /** Lloyd iterations run in the database, and the seconds each took. */
  iterations: number;
  seconds: number[];
  /** Whether a sharded PostgreSQL aggregated on its shards (null: not sharded). */
  pushed: boolean | null;
  seeding: 'parallel' | 'sample';
  /** With k-means‖: the candidates drawn in the database before the reduction to k. */
  candidates: number | null;
  /** The source as shown: the URL without password, and the table or "query". */
  source: string;
}

/**
 * k-means on customers who stay in their database: the recipe is fitted there by SQL over every
 * customer; k, the profiles, names and rules come from a seeded sample, and so does the seeding unless
 * it is k-means‖ in the database (`seeding: 'parallel'`); Lloyd's iterations then run in the database over every customer
 * (one GROUP BY each), and the sample is profiled again under the final centroids. Sizes and shares
 * count every customer.
 */
export async function clusterDatabase(db: Database, options: DbClusterOptions): Promise<DbClusterRun> {
  const o = resolvedCluster(resolveOptions(DB_CLUSTER_OPTIONS, DB_CLUSTER_DEFAULTS, options));
  if (o.method !== 'kmeans')
    throw new OptionError(
      'method',
      'in a database is kmeans for now (k-prototypes and k-medoids run on files)',
    );
  const from = fromClause(o);
  const source = `${db.label} ${o.table ?? 'query'}`;
  const [[count]] = await db.rows(`SELECT COUNT(*) FROM ${from}`);
  const total = numberOf(count);
  const sample = await sampleTable(db, from, Math.min(total, o.sample), o.seed, source);
  const { table: _t, query: _q, bucket, sample: _s, seeding, ...clusterOptions } = o;
  const src: DbSource = { db, from, bucket };
  // The features are chosen on the sample; their recipe is fitted over every customer, by SQL.
  const { features } = clusterFeatures(sample, clusterOptions);
  const recipe = await fitFeaturesInDatabase(src, sample, features, {
    scale: o.scale,
    log: o.log,
    maxLevels: o.maxLevels,
  });
  const run = runClustering(sample, clusterOptions, recipe);
  const parallel =
    seeding === 'parallel'
      ? await kmeansParallel(src, run.model.recipe, { k: run.fit.k, seed: o.seed })
      : null;
  const fit = await kmeansInDatabase(src, run.model.recipe, {
    k: run.fit.k,
    init: parallel?.centers ?? run.fit.centroids,
    maxIter: o.maxIter,
    tol: o.tol,
    onProgress: o.onProgress,
  });
  const done = refit(run, sample, fit.centroids);
  const counted = { sizes: fit.sizes, rows: total, inertia: fit.inertia, iterations: fit.iterations, source };
  return {
    ...recount(done, counted),
    rows: total,
    sampleRows: sample.nRows,
    iterations: fit.iterations,
    seconds: fit.seconds,
    pushed: fit.pushed,
    seeding,
    candidates: parallel?.candidates ?? null,
    source,
  };
}
