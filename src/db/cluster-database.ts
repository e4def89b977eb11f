import {
  CLUSTER_DEFAULTS,
  CLUSTER_OPTIONS,
  type ClusterOptions,
  resolvedCluster,
} from '../cluster/cluster-options.js';
import { clusterFeatures, oneHotLevelsOf, runClustering } from '../cluster/cluster-table.js';
import { recount, refit } from '../cluster/refit.js';
import type { ClusterRun } from '../cluster/run.js';
import { OptionError } from '../errors.js';
import { resolveOptions, type Spec } from '../options.js';
import type { OnProgress } from '../progress.js';
import { type Database, numberOf } from './connect.js';
import { type DbSource, kmeansInDatabase } from './kmeans-database.js';
import { kmeansParallel } from './kmeans-parallel.js';
import { fitFeaturesInDatabase } from './recipe-database.js';
import { closeShards, directShards } from './shards.js';
import { fromClause, sampleTable, withBucket } from './source.js';

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
  /** Shards of a sharded table Strata ran the passes on directly (0: none; see `directShards`). */
  shardsReadDirectly: number;
  seeding: 'parallel' | 'sample';
  /** With k-means‖: the candidates drawn in the database before the reduction to k. */
  candidates: number | null;
  /** The source as shown: the URL without password, and the table or "query". */
  source: string;
  /** Where the time went, in seconds: each phase of the run, in order. */
  phases: DbPhases;
}

/** Seconds per phase of a clustering in a database (`passes`: each Lloyd pass, in order). */
export interface DbPhases {
  /** Counting the customers and drawing the sample. */
  sample: number;
  /** The recipe fitted by SQL over every customer. */
  recipe: number;
  /** k, the starting centres (the sample's k-means, or k-means‖ in the database) and the first profiles. */
  seeding: number;
  passes: number[];
  /** The sample profiled again under the final centroids. */
  profiles: number;
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
  const clock = phaseClock(o.onProgress);
  const [[count]] = await db.rows(`SELECT COUNT(*) FROM ${from}`);
  const total = numberOf(count);
  const sample = await sampleTable(db, from, Math.min(total, o.sample), o.seed, source);
  const { table: _t, query: _q, bucket, sample: _s, seeding, ...given } = o;
  // The bucket is how the table is spread over shards, not something about the customers.
  const clusterOptions =
    bucket && !given.features?.length ? { ...given, exclude: [...(given.exclude ?? []), bucket] } : given;
  const src: DbSource = { db, from, bucket };
  const sampled = clock('counting and sampling the customers');
  // The features are chosen on the sample; their recipe is fitted over every customer, by SQL.
  const { features } = clusterFeatures(sample, clusterOptions);
  // Each shard read directly, from the recipe on: its medians are counted there, not sorted here.
  src.shards = bucket && o.table !== undefined ? await directShards(db, from) : null;
  const { run, parallel, fit, fitted, seeded } = await (async () => {
    const recipe = await fitFeaturesInDatabase(src, sample, features, {
      scale: o.scale,
      log: o.log,
      maxLevels: o.maxLevels,
      oneHotLevels: oneHotLevelsOf(o.method),
    });
    const fitted = clock('the recipe by SQL over every customer');
    // The rules are learned once, by refit, on the labels under the final centroids.
    const run = runClustering(sample, { ...clusterOptions, rulesDepth: 0 }, recipe);
    const parallel =
      seeding === 'parallel'
        ? await kmeansParallel(src, run.model.recipe, { k: run.fit.k, seed: o.seed })
        : null;
    const seeded = clock('k and the starting centres');
    const fit = await kmeansInDatabase(src, run.model.recipe, {
      k: run.fit.k,
      init: parallel?.centers ?? run.fit.centroids,
      maxIter: o.maxIter,
      tol: o.tol,
      onProgress: o.onProgress,
    });
    return { run, parallel, fit, fitted, seeded };
  })().finally(() => closeShards(db, src.shards));
  clock('the Lloyd passes in the database');
  const done = refit(run, sample, fit.centroids, o.rulesDepth);
  const profiled = clock('the profiles of the sample');
  const counted = { sizes: fit.sizes, rows: total, inertia: fit.inertia, iterations: fit.iterations, source };
  const phases: DbPhases = {
    sample: sampled,
    recipe: fitted,
    seeding: seeded,
    passes: fit.seconds,
    profiles: profiled,
  };
  const whole = recount(done, counted);
  return {
    ...whole,
    leftOut: withBucket(whole.leftOut, bucket),
    rows: total,
    sampleRows: sample.nRows,
    iterations: fit.iterations,
    seconds: fit.seconds,
    pushed: fit.pushed,
    shardsReadDirectly: src.shards?.length ?? 0,
    seeding,
    candidates: parallel?.candidates ?? null,
    source,
    phases,
  };
}

/**
 * A stopwatch over the run's phases: each call ends the phase it names and returns its seconds; a
 * phase of a second or more gets a progress line saying how long it took (quick runs stay silent, so
 * an error stays one line).
 */
function phaseClock(onProgress: OnProgress | undefined): (ended: string) => number {
  let since = performance.now();
  return (ended) => {
    const now = performance.now();
    const seconds = Math.round(now - since) / 1000;
    since = now;
    if (seconds >= 1)
      onProgress?.({ step: ended, done: 1, total: 1, message: `${ended}: ${seconds.toFixed(1)} s` });
    return seconds;
  };
}
