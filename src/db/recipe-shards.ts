/**
 * The recipe's scans on a sharded table whose shards are read directly: the same numbers as the
 * one-server queries of recipe-database.ts, from each shard's counts, means and variances combined
 * here and medians and quartiles found exactly by counting (see shard-stats.ts). Each returns null
 * when a shard refuses a query or a range stops narrowing; the coordinator's query then answers
 * (and names a column the database cannot read).
 */
import type { ScaleMethod } from '../prep/recipe.js';
import { numberOf } from './connect.js';
import type { DbSource } from './kmeans-database.js';
import { combineMoments, exactQuantiles, type Moments } from './shard-stats.js';

/** The shards read directly, as sources of their own; null when there are none. */
export function shardSources(src: DbSource): DbSource[] | null {
  return src.shards?.length ? src.shards.map((r) => ({ db: r.db, from: r.from })) : null;
}

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
 * variance, maximum and present count (7 numbers each, in that order). `moments` is the one-server
 * scan's SQL for all but the median (missing, min, mean, variance, max, present), `value` a column's
 * value as a double.
 */
export async function firstScanOnShards(
  shards: readonly DbSource[],
  numeric: readonly string[],
  value: (c: string) => string,
  moments: (c: string) => string,
): Promise<number[] | null> {
  const rows = await everyShard(shards, numeric.map(moments).join(', '));
  if (!rows) return null;
  const cell = (r: unknown[], i: number, j: number) => numberOf(r[6 * i + j]);
  const stats = numeric.map((_c, i) =>
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
  const present = numeric.map((_c, i) => i).filter((i) => stats[i].present > 0);
  const medians = await exactQuantiles(
    shards,
    present.map((i) => ({
      expr: value(numeric[i]),
      n: stats[i].present,
      min: stats[i].min,
      max: stats[i].max,
      ps: [0.5],
    })),
  );
  if (medians.some((m) => m === null)) return null;
  const median = new Map(present.map((i, j) => [i, medians[j]![0]]));
  return numeric.flatMap((_c, i) => {
    const m = stats[i];
    const missing = rows.reduce((a, r) => a + cell(r, i, 0), 0);
    return [median.get(i) ?? Number.NaN, missing, m.min, m.mean, m.variance, m.max, m.present];
  });
}

/**
 * Per column, averages of the present values and their count (`width` numbers each, the count last),
 * as one query over every shard would give them: each shard's averages weighted by its count.
 */
export async function pooledAverages(
  shards: readonly DbSource[],
  select: string,
  columns: number,
  width: number,
): Promise<number[] | null> {
  const rows = await everyShard(shards, select);
  if (!rows) return null;
  return Array.from({ length: columns }, (_c, i) => {
    const count = (r: unknown[]) => numberOf(r[width * i + width - 1]);
    const n = rows.reduce((a, r) => a + count(r), 0);
    const mean = (j: number) =>
      rows.reduce((a, r) => (count(r) > 0 ? a + numberOf(r[width * i + j]) * count(r) : a), 0) / n;
    return [...Array.from({ length: width - 1 }, (_j, j) => mean(j)), n];
  }).flat();
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
