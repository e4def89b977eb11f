/**
 * The recipe's scans on a sharded table whose shards are read directly: the same numbers as the
 * one-server queries of recipe-database.ts, from each shard's counts, means and variances combined
 * here and medians and quartiles found exactly by counting (see shard-stats.ts). Each returns null
 * when a shard refuses a query or a range stops narrowing; the coordinator's query then answers
 * (and names a column the database cannot read).
 */
import type { ScaleMethod } from '../prep/recipe.js';
import { num, quoter } from '../sql/quote.js';
import { numberOf } from './connect.js';
import type { DbSource } from './kmeans-database.js';
import { combineMoments, exactQuantiles, type Moments } from './shard-stats.js';

/** The shards read directly, as sources of their own; null when there are none. */
export function shardSources(src: DbSource): DbSource[] | null {
  return src.shards?.length ? src.shards.map((r) => ({ db: r.db, from: r.from })) : null;
}

const asDouble = (shards: readonly DbSource[], c: string) =>
  `CAST(${quoter(shards[0].db.dialect)(c)} AS DOUBLE PRECISION)`;

/** Each shard's one-row answer to the same query, or null when one refuses it. */
async function everyShard(shards: readonly DbSource[], select: string): Promise<unknown[][] | null> {
  try {
    return await Promise.all(
      shards.map(async (s) => (await s.db.rows(`SELECT ${select} FROM ${s.from}`))[0]),
    );
  } catch {
    return null;
  }
}

/**
 * Per numeric column, as the one-server first scan: median, missing count, minimum, mean, population
 * variance, maximum and present count (7 numbers each, in that order).
 */
export async function firstScanOnShards(
  shards: readonly DbSource[],
  numeric: readonly string[],
): Promise<number[] | null> {
  const q = quoter(shards[0].db.dialect);
  const x = (c: string) => asDouble(shards, c);
  const rows = await everyShard(
    shards,
    numeric
      .map(
        (c) =>
          `COUNT(*) - COUNT(${q(c)}), MIN(${x(c)}), AVG(${x(c)}), VAR_POP(${x(c)}), MAX(${x(c)}), COUNT(${q(c)})`,
      )
      .join(', '),
  );
  if (!rows) return null;
  const cell = (r: unknown[], i: number, j: number) => numberOf(r[6 * i + j]);
  const moments = numeric.map((_c, i) =>
    combineMoments(
      rows.map(
        (r): Moments => ({
          present: cell(r, i, 5),
          min: cell(r, i, 1),
          mean: cell(r, i, 2),
          variance: cell(r, i, 3),
          max: cell(r, i, 4),
        }),
      ),
    ),
  );
  const present = numeric.map((_c, i) => i).filter((i) => moments[i].present > 0);
  const medians = await exactQuantiles(
    shards,
    present.map((i) => ({
      expr: x(numeric[i]),
      n: moments[i].present,
      min: moments[i].min,
      max: moments[i].max,
      ps: [0.5],
    })),
  );
  if (medians.some((m) => m === null)) return null;
  const median = new Map(present.map((i, j) => [i, medians[j]![0]]));
  return numeric.flatMap((_c, i) => {
    const m = moments[i];
    const missing = rows.reduce((a, r) => a + cell(r, i, 0), 0);
    return [median.get(i) ?? Number.NaN, missing, m.min, m.mean, m.variance, m.max, m.present];
  });
}

/** Per numeric column the mean of (x − mean)² and of (x − mean)³ and the present count (3 each). */
export async function skewScanOnShards(
  shards: readonly DbSource[],
  numeric: readonly string[],
  means: readonly number[],
): Promise<number[] | null> {
  const q = quoter(shards[0].db.dialect);
  const d = (c: string, i: number) => `(${asDouble(shards, c)} - ${num(means[i])})`;
  const rows = await everyShard(
    shards,
    numeric
      .map(
        (c, i) => `AVG(${d(c, i)} * ${d(c, i)}), AVG(${d(c, i)} * ${d(c, i)} * ${d(c, i)}), COUNT(${q(c)})`,
      )
      .join(', '),
  );
  if (!rows) return null;
  return numeric.flatMap((_c, i) => {
    const n = rows.reduce((a, r) => a + numberOf(r[3 * i + 2]), 0);
    const mean = (j: number) =>
      rows.reduce(
        (a, r) => (numberOf(r[3 * i + 2]) > 0 ? a + numberOf(r[3 * i + j]) * numberOf(r[3 * i + 2]) : a),
        0,
      ) / n;
    return [mean(0), mean(1), n];
  });
}

/** The (centre, spread) of each value (SQL over a row, never missing) that `scale` takes. */
export async function spreadScanOnShards(
  shards: readonly DbSource[],
  values: readonly string[],
  scale: ScaleMethod,
): Promise<[number, number][] | null> {
  const rows = await everyShard(
    shards,
    values.map((v) => `MIN(${v}), MAX(${v}), AVG(${v}), VAR_POP(${v}), COUNT(*)`).join(', '),
  );
  if (!rows) return null;
  const moments = values.map((_v, i) =>
    combineMoments(
      rows.map((r) => ({
        min: numberOf(r[5 * i]),
        max: numberOf(r[5 * i + 1]),
        mean: numberOf(r[5 * i + 2]),
        variance: numberOf(r[5 * i + 3]),
        present: numberOf(r[5 * i + 4]),
      })),
    ),
  );
  if (scale === 'standard') return moments.map((m) => [m.mean, Math.sqrt(m.variance)]);
  if (scale === 'minmax') return moments.map((m) => [m.min, m.max]);
  const quartiles = await exactQuantiles(
    shards,
    values.map((v, i) => ({
      expr: v,
      n: moments[i].present,
      min: moments[i].min,
      max: moments[i].max,
      ps: [0.5, 0.75, 0.25],
    })),
  );
  if (quartiles.some((m) => m === null)) return null;
  return quartiles.map((m) => [m![0], m![1] - m![2]]);
}
