/**
 * The recipe's statistics over a table whose shards are read directly, without moving the rows: each
 * shard sends its count, mean and variance (combined here by Chan's pairwise formula), and a median or
 * quartile is found exactly by counting. postgres_fdw ships no ordered-set aggregate, so through the
 * coordinator a median brings every row of the column to one sort there (20,000,000 rows on two
 * shards: 84 s of a 222 s run).
 */
import { num } from '../sql/quote.js';
import { numberOf } from './connect.js';
import { type DbSource, fenced } from './kmeans-database.js';
import { groupingSetsSql, nextUp } from './tree-sql.js';

/** What one scan tells about a column's present values. */
export interface Moments {
  present: number;
  min: number;
  max: number;
  mean: number;
  /** The population variance. */
  variance: number;
}

/** The moments of the union of parts (Chan et al.: M2 = Σ M2ᵢ + Σ nᵢ (meanᵢ − mean)²). */
export function combineMoments(parts: readonly Moments[]): Moments {
  const some = parts.filter((p) => p.present > 0);
  const present = some.reduce((a, p) => a + p.present, 0);
  if (!present)
    return { present: 0, min: Number.NaN, max: Number.NaN, mean: Number.NaN, variance: Number.NaN };
  const mean = some.reduce((a, p) => a + p.present * p.mean, 0) / present;
  const m2 = some.reduce((a, p) => a + p.present * p.variance + p.present * (p.mean - mean) ** 2, 0);
  return {
    present,
    min: Math.min(...some.map((p) => p.min)),
    max: Math.max(...some.map((p) => p.max)),
    mean,
    variance: m2 / present,
  };
}

/** One value of which `ps` quantiles are wanted: its SQL, how many rows have it, its range. */
export interface QuantileItem {
  expr: string;
  n: number;
  min: number;
  max: number;
  ps: readonly number[];
}

/** Bins per counting round: each round narrows a target's range 1,024-fold. */
const BINS = 1024;
/** A range holding at most this many rows has its distinct values fetched (with their counts). */
const FETCH = 10_000;
/** Rounds before giving up (ties spread thinner than a double's steps): the caller then sorts. */
const MAX_ROUNDS = 8;

/** An order statistic being looked for: the value of 0-based rank `rank` among `item`'s values. */
interface Target {
  item: number;
  rank: number;
  /** Its value lies in [lo, up), and `below` values lie under lo. */
  lo: number;
  up: number;
  below: number;
  rows: number;
  value: number | null;
  /** The shards changed between scans (the rank fell in no bin): the caller sorts instead. */
  lost: boolean;
  /** The last round left as many rows in range: maybe one value many times, which a fetch collapses. */
  stalled: boolean;
  /** A fetch was tried and found too many distinct values. */
  tried: boolean;
}

/**
 * percentile_cont(p) of each item over the union of `parts`, exactly as PostgreSQL computes it over
 * one table (the values at ranks ⌊p(n − 1)⌋ and ⌈p(n − 1)⌉, interpolated), by rounds of counting:
 * each round counts every target's range in 1,024 bins (one scan per shard, all shards at once) and
 * keeps the bin holding its rank, until the range holds few enough rows to fetch its distinct values.
 * Null for an item whose range stopped narrowing. `fetch` (tests) sets how few rows are fetched.
 */
export async function exactQuantiles(
  parts: readonly DbSource[],
  items: readonly QuantileItem[],
  fetch = FETCH,
): Promise<(number[] | null)[]> {
  const targets: Target[] = [];
  for (const [i, it] of items.entries())
    for (const p of it.ps)
      for (const rank of new Set([Math.floor(p * (it.n - 1)), Math.ceil(p * (it.n - 1))]))
        targets.push({
          item: i,
          rank,
          lo: it.min,
          up: nextUp(it.max),
          below: 0,
          rows: it.n,
          value: null,
          lost: false,
          stalled: false,
          tried: false,
        });
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const open = targets.filter((t) => t.value === null && !t.lost);
    if (!open.length) break;
    const small = open.filter((t) => t.rows <= fetch || nextUp(t.lo) >= t.up || (t.stalled && !t.tried));
    if (small.length) await fetchValues(parts, items, small, fetch * 10);
    const wide = open.filter((t) => t.value === null && !small.includes(t));
    if (wide.length) await narrow(parts, items, wide);
  }
  return items.map((it, i) => {
    const at = (rank: number) => targets.find((t) => t.item === i && t.rank === rank)?.value ?? null;
    const out = it.ps.map((p) => {
      const h = p * (it.n - 1);
      const [a, b] = [at(Math.floor(h)), at(Math.ceil(h))];
      // PostgreSQL's float8 interpolation: lo + (h − ⌊h⌋) · (hi − lo).
      return a === null || b === null ? null : a + (h - Math.floor(h)) * (b - a);
    });
    return out.some((v) => v === null) ? null : (out as number[]);
  });
}

/** Cut points splitting [lo, up) into BINS steps: strictly increasing, lo first and up last. */
function cutsOf(lo: number, up: number): number[] {
  const cuts = [lo];
  for (let j = 1; j < BINS; j++) {
    const c = lo + (up - lo) * (j / BINS);
    if (c > cuts[cuts.length - 1] && c < up) cuts.push(c);
  }
  cuts.push(up);
  return cuts;
}

/** The targets of each item, in item order (items without one left out). */
function byItem(targets: readonly Target[]): Target[][] {
  const groups = new Map<number, Target[]>();
  for (const t of targets) groups.set(t.item, [...(groups.get(t.item) ?? []), t]);
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

/**
 * One counting round. Each item's bins are the union of its targets' cut points, so a row is binned
 * and counted once per item however many of its quantiles are sought (one width_bucket per item per
 * row, a binary search in C over explicit doubles), and the values under any cut are known exactly.
 * Each target's range becomes the bin that holds its rank.
 */
async function narrow(
  parts: readonly DbSource[],
  items: readonly QuantileItem[],
  wide: Target[],
): Promise<void> {
  const groups = byItem(wide);
  const cuts = groups.map((g) => [...new Set(g.flatMap((t) => cutsOf(t.lo, t.up)))].sort((a, b) => a - b));
  const keys = groups.map(
    (g, j) =>
      `COALESCE(width_bucket(${items[g[0].item].expr}, ARRAY[${cuts[j].map(num).join(', ')}]::DOUBLE PRECISION[]), -1) AS k${j}`,
  );
  const counts = groups.map(() => new Map<number, number>());
  const answers = await Promise.all(
    parts.map((part) =>
      part.db.rows(groupingSetsSql(part, `SELECT ${keys.join(', ')} FROM ${part.from}`, 0, groups.length)),
    ),
  );
  for (const [f, k, n] of answers.flat()) {
    const m = counts[numberOf(f)];
    m.set(numberOf(k), (m.get(numberOf(k)) ?? 0) + numberOf(n));
  }
  groups.forEach((g, j) => {
    for (const t of g) {
      // Bin b (1 … cuts − 1) holds [cuts[b − 1], cuts[b]); bin 0 the values under the first cut.
      let seen = counts[j].get(0) ?? 0;
      t.lost = true;
      for (let b = 1; b < cuts[j].length; b++) {
        const n = counts[j].get(b) ?? 0;
        if (t.rank < seen + n) {
          const rows = n;
          Object.assign(t, {
            lo: cuts[j][b - 1],
            up: cuts[j][b],
            below: seen,
            stalled: rows === t.rows,
            rows,
            lost: false,
          });
          break;
        }
        seen += n;
      }
    }
  });
}

/**
 * The distinct values in the targets' ranges with their counts, from every shard (one column per
 * item, values outside its targets' ranges left null); each rank's value. More than `cap` of them from
 * a shard: nothing is kept, and the targets narrow further instead.
 */
async function fetchValues(
  parts: readonly DbSource[],
  items: readonly QuantileItem[],
  small: Target[],
  cap: number,
): Promise<void> {
  const groups = byItem(small);
  const cols = groups.map((g, j) => {
    const e = items[g[0].item].expr;
    const ranges = [...new Set(g.map((t) => `(${e} >= ${num(t.lo)} AND ${e} < ${num(t.up)})`))];
    return `CASE WHEN ${ranges.join(' OR ')} THEN ${e} END AS v${j}`;
  });
  const pairs = groups.map((_g, j) => `(${j}, v${j})`).join(', ');
  const answers = await Promise.all(
    parts.map((part) =>
      part.db.rows(
        `SELECT f, v, COUNT(*) FROM (${fenced(part, `SELECT ${cols.join(', ')} FROM ${part.from}`)}) AS s CROSS JOIN LATERAL (VALUES ${pairs}) AS x(f, v) WHERE v IS NOT NULL GROUP BY f, v LIMIT ${cap + 1}`,
      ),
    ),
  );
  if (answers.some((a) => a.length > cap)) {
    for (const t of small) t.tried = true;
    return;
  }
  const values = groups.map(() => new Map<number, number>());
  for (const [f, v, n] of answers.flat()) {
    const m = values[numberOf(f)];
    m.set(numberOf(v), (m.get(numberOf(v)) ?? 0) + numberOf(n));
  }
  groups.forEach((g, j) => {
    const sorted = [...values[j].keys()].sort((a, b) => a - b);
    for (const t of g) {
      let seen = t.below;
      t.lost = true;
      for (const v of sorted) {
        if (v < t.lo || v >= t.up) continue;
        seen += values[j].get(v)!;
        if (t.rank < seen) {
          t.value = v;
          t.lost = false;
          break;
        }
      }
    }
  });
}
