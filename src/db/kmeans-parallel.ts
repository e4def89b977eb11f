import { fitKMeans, KMEANS_DEFAULTS } from '../cluster/kmeans.js';
import { DataError } from '../errors.js';
import { withDefaults } from '../options.js';
import type { Recipe } from '../prep/recipe.js';
import { nearestSql } from '../sql/nearest.js';
import { num } from '../sql/quote.js';
import { md5BitsSql, numberOf } from './connect.js';
import { type DbSource, fenced, inputsSql, scoreSql, twoLevel } from './kmeans-database.js';

export interface KMeansParallelOptions {
  k: number;
  seed: number;
  /** Sampling rounds (default 5, as Bahmani et al. found enough). */
  rounds?: number;
  /** Expected rows drawn per round (default 2k, Spark MLlib's choice). */
  oversampling?: number;
}

export interface KMeansParallelResult {
  /** k × d starting centres, in the recipe's output space. */
  centers: Float64Array;
  /** Candidates drawn in the database before the reduction to k. */
  candidates: number;
  /** Queries run in the database. */
  queries: number;
}

const z = (t: number) => `z${t}`;

/** A uniform number in [0, 1) per row, per seed and round: a hash of the whole row, the same on every run. */
function uniformSql(src: DbSource, seed: number, round: number): string {
  return src.db.dialect === 'duckdb'
    ? `(CAST(hash(strata_r, ${seed}, ${round}) % 4294967296 AS DOUBLE) / 4294967296.0)`
    : `(${md5BitsSql('postgres', `CAST(strata_r AS TEXT) || '${seed}:${round}'`)} / 4294967296.0)`;
}

/**
 * The squared distance of a row's inputs to each candidate, as ‖x‖² plus the score ‖c‖² − 2·x·c
 * (one multiply-add per input and candidate), and to the nearest (never below 0).
 */
function nearestDistance(c: Float64Array, m: number, d: number): { columns: string; min: string } {
  const xx = Array.from({ length: d }, (_v, t) => `${z(t)} * ${z(t)}`).join(' + ');
  const columns = [
    `${xx} AS strata_xx`,
    ...Array.from({ length: m }, (_, j) => `${scoreSql(c, j, d)} AS e${j}`),
  ].join(', ');
  const least = m === 1 ? 'e0' : `LEAST(${Array.from({ length: m }, (_, j) => `e${j}`).join(', ')})`;
  return { columns, min: `CASE WHEN strata_xx + ${least} > 0 THEN strata_xx + ${least} ELSE 0 END` };
}

/**
 * k-means‖ (Bahmani et al. 2012, the seeding of Spark MLlib) as SQL passes: one row drawn uniformly,
 * then each round the cost φ of every row to the candidates so far (one aggregate) and a draw of every
 * row with probability ℓ·d²/φ (one query, the rows' hash as the coin); finally each candidate weighted
 * by the rows nearest to it (one GROUP BY) and reduced here to k centres by weighted k-means++ and
 * Lloyd. Every coin is a hash of the row and the seed, so the same data and seed give the same centres.
 */
/** k-means‖'s rounds when not given (Bahmani et al. found 5 enough); the oversampling is 2k. */
export const KMEANS_PARALLEL_DEFAULTS = { rounds: 5 } as const;

export async function kmeansParallel(
  source: DbSource,
  recipe: Recipe,
  o: KMeansParallelOptions,
): Promise<KMeansParallelResult> {
  // The nearest of m candidates takes LEAST, or a CASE of m² comparisons where only CASE ships to
  // shards; either way a sharded table's rows come to the coordinator for these passes, so they run
  // as on one server (each input computed once per row).
  const src: DbSource = { db: source.db, from: source.from };
  const d = recipe.outputs.length;
  const { rounds } = withDefaults(KMEANS_PARALLEL_DEFAULTS, o);
  const l = o.oversampling ?? 2 * o.k;
  const rowsOf: DbSource = {
    ...src,
    from: `(SELECT strata_r.*, ${uniformSql(src, o.seed, 0)} AS strata_u0 FROM ${src.from} AS strata_r) AS strata_rows`,
  };
  let queries = 0;
  const read = async (sql: string) => {
    queries++;
    return src.db.rows(sql);
  };
  const inputs = (extra?: { columns: string; where: string }) => inputsSql(rowsOf, recipe, extra);
  const first = await read(
    `SELECT ${Array.from({ length: d }, (_, t) => z(t)).join(', ')} FROM (${inputs({ columns: 'strata_u0', where: '1 = 1' })}) AS s ORDER BY strata_u0, ${Array.from({ length: d }, (_, t) => z(t)).join(', ')} LIMIT 1`,
  );
  if (!first.length) throw new DataError({ file: src.db.label }, 'has no rows');
  const candidates: number[] = first[0].map(numberOf);
  for (let r = 1; r <= rounds; r++) {
    const m = candidates.length / d;
    const c = Float64Array.from(candidates);
    const { columns, min } = nearestDistance(c, m, d);
    const withDistances = `SELECT *, ${min} AS strata_d2 FROM (${fenced(src, `SELECT *, ${columns} FROM (${fenced(src, inputs())}) AS s`)}) AS e`;
    const [[phiRaw]] = await read(`SELECT SUM(strata_d2) FROM (${withDistances}) AS w`);
    const phi = numberOf(phiRaw);
    if (!(phi > 0)) break;
    const coin = uniformSql(src, o.seed, r);
    const drawnFrom: DbSource = {
      ...src,
      from: `(SELECT strata_r.*, ${coin} AS strata_coin FROM (SELECT * FROM ${src.from}) AS strata_r) AS strata_rows`,
    };
    const drawn = await read(
      `SELECT ${Array.from({ length: d }, (_, t) => z(t)).join(', ')} FROM (SELECT *, ${min} AS strata_d2 FROM (${fenced(src, `SELECT *, ${columns} FROM (${fenced(src, inputsSql(drawnFrom, recipe, { columns: 'strata_coin', where: '1 = 1' }))}) AS s`)}) AS e) AS w WHERE strata_coin * ${num(phi)} < ${num(l)} * strata_d2 ORDER BY strata_coin, ${Array.from({ length: d }, (_, t) => z(t)).join(', ')}`,
    );
    for (const row of drawn) for (const v of row) candidates.push(numberOf(v));
  }
  const m = candidates.length / d;
  const c = Float64Array.from(candidates);
  // Each candidate weighs the rows nearest to it.
  const weights = new Float64Array(m);
  if (m > 1) {
    const { columns } = nearestDistance(c, m, d);
    const inner = `SELECT ${nearestSql(m, 'e')} AS c FROM (${fenced(src, `SELECT *, ${columns} FROM (${fenced(src, inputs())}) AS s`)}) AS e`;
    for (const [j, n] of await read(twoLevel(src, inner, 'c', ['COUNT(*) AS n'], ['SUM(n)'])))
      weights[numberOf(j)] = numberOf(n);
  } else weights[0] = 1;
  if (m <= o.k) {
    if (m < o.k)
      throw new DataError(
        { file: src.db.label },
        `k = ${o.k} but k-means‖ found only ${m} distinct candidates`,
      );
    return { centers: c, candidates: m, queries };
  }
  const reduced = fitKMeans(c, m, d, { ...KMEANS_DEFAULTS, k: o.k, seed: o.seed, weights });
  return { centers: reduced.centroids, candidates: m, queries };
}
