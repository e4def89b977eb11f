import { KMEANS_DEFAULTS } from '../cluster/kmeans.js';
import { DataError } from '../errors.js';
import { withDefaults } from '../options.js';
import type { Recipe } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { inputs } from '../sql/inputs-sql.js';
import { nearestSql } from '../sql/nearest.js';
import { num, quoter } from '../sql/quote.js';
import { type Database, numberOf } from './connect.js';
import type { ShardRoute } from './shards.js';

/** Where the customers are: a table (or a SELECT) in a database, and how it is spread over shards. */
export interface DbSource {
  db: Database;
  /** SQL for the FROM clause: a quoted table name or a parenthesised SELECT with an alias. */
  from: string;
  /**
   * A small partition-key column (e.g. hash(id) % 16): every aggregate then groups by it first, so a
   * sharded PostgreSQL (postgres_fdw partitions) runs each group on its shard and sends back only
   * buckets × k rows.
   */
  bucket?: string;
  /** The shards of a sharded table, each read directly (see `directShards`); absent: through `db`. */
  shards?: ShardRoute[] | null;
}

/** Where a pass runs: one source, or each shard read directly, with the recipe's inputs as SQL there. */
export interface PassPart {
  src: DbSource;
  base: string;
}

/** The parts a pass runs on: each directly-read shard, else the source itself. */
export function passParts(src: DbSource, base: (part: DbSource) => string): PassPart[] {
  if (!src.shards) return [{ src, base: base(src) }];
  return src.shards.map((r) => {
    const part: DbSource = { db: r.db, from: r.from };
    return { src: part, base: base(part) };
  });
}

/** Runs one query per part, all at once, and returns their rows together. */
export async function onEachPart(parts: PassPart[], sql: (part: PassPart) => string): Promise<unknown[][]> {
  return (await Promise.all(parts.map((p) => p.src.db.rows(sql(p))))).flat();
}

export interface DbKMeansOptions {
  k: number;
  /** Start from these centres (k × d, in the recipe's output space). */
  init: Float64Array;
  maxIter?: number;
  /** Relative tolerance, as in-process: stop when the squared centre shift ≤ tol × mean feature variance. */
  tol?: number;
  onProgress?: OnProgress;
}

export interface DbKMeansResult {
  k: number;
  d: number;
  centroids: Float64Array;
  /** Customers per cluster. */
  sizes: Float64Array;
  inertia: number;
  iterations: number;
  /** Wall time of each iteration's query, in seconds. */
  seconds: number[];
  /** Whether a sharded PostgreSQL aggregated on its shards (null: not sharded). */
  pushed: boolean | null;
}

const z = (t: number) => `z${t}`;

/**
 * The recipe's inputs of every row, as columns z0 … z{d−1} (the bucket kept when there is one), after
 * `extra` columns and filtered by `where` when given.
 */
export function inputsSql(src: DbSource, recipe: Recipe, extra?: { columns: string; where: string }): string {
  const dialect = src.db.dialect;
  const q = quoter(dialect);
  const cols = inputs(recipe, q, dialect).map((e, t) => `${e} AS ${z(t)}`);
  const bucket = src.bucket ? `${q(src.bucket)} AS strata_bucket, ` : '';
  const more = extra ? `${extra.columns}, ` : '';
  return `SELECT ${bucket}${more}${cols.join(', ')} FROM ${src.from}${extra ? ` WHERE ${extra.where}` : ''}`;
}

/** The distance of a row to its chosen centre c, by CASE (postgres_fdw ships CASE, not LEAST). */
function ownDistanceSql(k: number): string {
  return k === 1
    ? 'e0'
    : `CASE c ${Array.from({ length: k }, (_, j) => `WHEN ${j} THEN e${j}`).join(' ')} END`;
}

/** Squared distance of the row's inputs to each centre, as columns prefix0 … prefix{k−1}. */
function distancesSql(c: Float64Array, k: number, d: number, prefix: string): string[] {
  return Array.from({ length: k }, (_, j) => {
    const terms = Array.from({ length: d }, (_v, t) => {
      const v = num(c[j * d + t]);
      return `(${z(t)} - ${v}) * (${z(t)} - ${v})`;
    });
    return `${terms.join(' + ')} AS ${prefix}${j}`;
  });
}

/**
 * PostgreSQL folds a subquery into the one above it, so each input's expression would be computed again
 * for every centre it is compared with. A volatile function in a subquery's select list keeps it from
 * being folded, so each expression is computed once per row; pg_jit_available() is the cheapest such
 * function that is also parallel safe, so the scan below keeps PostgreSQL's parallel workers (OFFSET 0,
 * the usual fence, runs the whole subquery in one process). Each fence names its column after its depth:
 * fences nest. Not on a sharded table: there the whole query must stay foldable to run on the shards.
 */
export function fenced(src: DbSource, base: string): string {
  if (src.db.dialect !== 'postgres' || src.bucket) return base;
  const depth = base.split('strata_once').length;
  return `SELECT *, pg_jit_available() AS strata_once${depth} FROM (${base}) AS strata_f${depth}`;
}

/**
 * On a sharded PostgreSQL the planner decides by cost whether a shard aggregates its own rows or sends
 * them all to the coordinator. Once the shards' tables are analysed it counts about one group per row
 * (the nearest centre is an expression over every input), so the two plans cost about the same and it
 * may pick the second. Pricing each operator the coordinator itself evaluates higher (for this
 * transaction only; the shards price theirs as usual) makes the aggregation on the shards the cheaper
 * plan whenever the servers report their costs (postgres_fdw's use_remote_estimate).
 */
export async function preferShards(src: DbSource): Promise<void> {
  if (src.bucket && src.db.dialect === 'postgres') await src.db.rows('SET LOCAL cpu_operator_cost = 0.25');
}

/**
 * Whether a query's plan on a sharded PostgreSQL aggregates on the shards; null when there is nothing
 * to check (no bucket, no foreign scan, or another engine).
 */
export async function pushedToShards(src: DbSource, sql: string): Promise<boolean | null> {
  if (!src.bucket || src.db.dialect !== 'postgres') return null;
  const plan = (await src.db.rows(`EXPLAIN (VERBOSE) ${sql}`)).map((r) => String(r[0])).join('\n');
  if (!/Foreign Scan/.test(plan)) return null;
  return /Relations: Aggregate on/.test(plan) && !/Remote SQL: SELECT(?:(?!GROUP BY).)*$/m.test(plan);
}

/** Groups by the bucket first when there is one, so that the shards aggregate their own rows. */
export function twoLevel(
  src: DbSource,
  inner: string,
  keys: string,
  aggregates: string[],
  outer: string[],
): string {
  if (!src.bucket) return `SELECT ${keys}, ${aggregates.join(', ')} FROM (${inner}) AS a GROUP BY ${keys}`;
  return `SELECT ${keys}, ${outer.join(', ')} FROM (SELECT strata_bucket, ${keys}, ${aggregates.join(', ')} FROM (${inner}) AS a GROUP BY strata_bucket, ${keys}) AS b GROUP BY ${keys}`;
}

/**
 * Lloyd's k-means run inside the database: each iteration is one query that assigns every row to its
 * nearest centre (a CASE over the distances) and returns k × d sums and counts; the loop, the
 * tolerance and the empty-cluster rule are those of the in-process engine, so from the same centres
 * both reach the same centroids. Only sums leave the database.
 */
export async function kmeansInDatabase(
  src: DbSource,
  recipe: Recipe,
  o: DbKMeansOptions,
): Promise<DbKMeansResult> {
  const { k } = o;
  const d = recipe.outputs.length;
  if (o.init.length !== k * d) throw new DataError({}, `the initial centres are not ${k} × ${d}`);
  const base = inputsSql(src, recipe);
  const parts = passParts(src, (part) => inputsSql(part, recipe));
  await preferShards(src);
  // Asked of the coordinator even when the passes run on the shards directly: its plan is what the
  // recipe's and the profiles' queries get.
  const pushed = await pushedToShards(src, assignSql(src, base, o.init, k, d));
  const { tol: relative, maxIter } = withDefaults(
    { tol: KMEANS_DEFAULTS.tol, maxIter: KMEANS_DEFAULTS.maxIter },
    o,
  );
  const { variance, xx } = await spread(src, base, d);
  const tol = relative * variance;
  // Each pass is the same long arithmetic over every row: compiled (JIT, without inlining) it runs a
  // third faster on PostgreSQL (2,000,000 × 8, k = 8, two processes: 0.85 s, against 1.07 s inlined and
  // 1.27 s interpreted), where a one-off query would not gain. The server still compiles only when the
  // plan's cost is above its jit_above_cost.
  await jit(parts, true);
  let cur = Float64Array.from(o.init);
  let iterations = 0;
  let shift = Number.POSITIVE_INFINITY;
  const seconds: number[] = [];
  for (;;) {
    const started = performance.now();
    const step = await assignStep(parts, cur, k, d, xx);
    seconds.push((performance.now() - started) / 1000);
    const done = () => ({
      k,
      d,
      centroids: cur,
      sizes: step.mass,
      inertia: step.inertia,
      iterations,
      seconds,
      pushed,
    });
    // As in-process: stop after assigning to the new centres when the shift was small or at maxIter …
    if (iterations > 0 && (shift <= tol || iterations >= maxIter)) return jit(parts, false).then(done);
    if (step.mass.some((m) => m === 0)) await reseedEmpty(src, base, cur, k, d, step);
    const next = new Float64Array(k * d);
    let moved = false;
    shift = 0;
    for (let j = 0; j < k; j++)
      for (let t = 0; t < d; t++) {
        const v = step.mass[j] > 0 ? step.sums[j * d + t] / step.mass[j] : step.sums[j * d + t];
        next[j * d + t] = v;
        shift += (v - cur[j * d + t]) ** 2;
        if (Math.abs(v - cur[j * d + t]) > 1e-12 * Math.max(Math.abs(v), 1e-300)) moved = true;
      }
    // … or when no row changed centre: the same rows give the same means (up to the order of the sums),
    // so a query need not assign every row to the previous centres as well to count the changes.
    if (iterations > 0 && !moved) return jit(parts, false).then(done);
    iterations++;
    cur = next;
    o.onProgress?.({
      step: 'k-means in the database',
      done: iterations,
      total: maxIter,
      detail: `iteration ${iterations}`,
    });
  }
}

/** PostgreSQL's JIT compilation for this transaction (the connection turns it off by default). */
async function jit(parts: PassPart[], on: boolean): Promise<void> {
  for (const { src } of parts) {
    if (src.db.dialect !== 'postgres') continue;
    await src.db.rows(`SET LOCAL jit = ${on ? 'on' : 'off'}`);
    // Inlining PostgreSQL's own functions into the compiled code costs more time than it saves here.
    if (on) await src.db.rows('SET LOCAL jit_inline_above_cost = -1');
  }
}

interface Step {
  sums: Float64Array;
  mass: Float64Array;
  inertia: number;
}

/**
 * Centre j's score ‖c‖² − 2·x·c over the inputs z0 … z{d−1}: the squared distance less the row's own
 * ‖x‖², which is the same for every centre, so the nearest is the same and each score costs one
 * multiply-add per input.
 */
export function scoreSql(c: Float64Array, j: number, d: number): string {
  let norm = 0;
  const terms: string[] = [];
  for (let t = 0; t < d; t++) {
    const v = c[j * d + t];
    norm += v * v;
    if (v !== 0) terms.push(`${z(t)} * ${num(-2 * v)}`);
  }
  return [num(norm), ...terms].join(' + ');
}

/**
 * Centre j's score against centre 0, (‖c_j‖² − ‖c_0‖²) − 2·x·(c_j − c_0): the squared distance to c_j
 * less that to c_0, so the nearest centre is the one with the least score (centre 0 scoring 0), at one
 * multiply-add per input for each of the other k − 1 centres.
 */
export function relativeScoreSql(c: Float64Array, j: number, d: number): string {
  let norm = 0;
  const terms: string[] = [];
  for (let t = 0; t < d; t++) {
    const v = c[j * d + t];
    const v0 = c[t];
    norm += v * v - v0 * v0;
    if (v !== v0) terms.push(`${z(t)} * ${num(-2 * (v - v0))}`);
  }
  return [num(norm), ...terms].join(' + ');
}

/**
 * The query of one iteration: each row's nearest centre of `cur`, then per centre the count and the
 * sums of the inputs (the inertia follows from those and Σ‖x‖², see `assignStep`). The nearest is the
 * first centre whose score equals the least score: each score is computed once per row and compared
 * twice, where a CASE of all pairs would compare k² times. On PostgreSQL the scores and the least are
 * kept apart by fences that keep the parallel workers; on a sharded table, where postgres_fdw ships
 * neither fences nor LEAST, the whole query stays foldable (a CASE of all pairs) so that the shards
 * aggregate their own rows.
 */
export function assignSql(src: DbSource, base: string, cur: Float64Array, k: number, d: number): string {
  const keep = src.bucket ? 'strata_bucket, ' : '';
  const zs = Array.from({ length: d }, (_, t) => z(t)).join(', ');
  const es = Array.from({ length: k - 1 }, (_, i) => `e${i + 1}`);
  const scores = es.map((e, i) => `, ${relativeScoreSql(cur, i + 1, d)} AS ${e}`).join('');
  const scored = `SELECT ${keep}${zs}${scores} FROM (${fenced(src, base)}) AS s`;
  let inner: string;
  if (src.bucket) {
    inner = `SELECT ${keep}${zs}, ${nearestSql(k, 'e')} AS c FROM (SELECT *, 0 AS e0 FROM (${scored}) AS q) AS r`;
  } else {
    const least = k === 1 ? '0' : `LEAST(0, ${es.join(', ')})`;
    const pick = es.map((e, i) => (i < k - 2 ? ` WHEN ${e} = m THEN ${i + 1}` : ` ELSE ${i + 1}`)).join('');
    const withLeast = `SELECT ${zs}${es.map((e) => `, ${e}`).join('')}, ${least} AS m FROM (${fenced(src, scored)}) AS q`;
    inner = `SELECT ${zs}, CASE WHEN m = 0 THEN 0${pick} END AS c FROM (${fenced(src, withLeast)}) AS r`;
  }
  const aggregates = ['COUNT(*) AS n', ...Array.from({ length: d }, (_, t) => `SUM(${z(t)}) AS s${t}`)];
  const outer = ['SUM(n)', ...Array.from({ length: d }, (_, t) => `SUM(s${t})`)];
  return twoLevel(src, inner, 'c', aggregates, outer);
}

/**
 * One pass: nearest of `cur` for every row, and its count, inertia and sums per cluster. `xx` is Σ‖x‖²
 * over every row: Σ‖x − c‖² over a cluster = Σ‖x‖² − 2·c·Σx + n‖c‖², so the inertia follows from the
 * sums, without a distance per row.
 */
async function assignStep(
  parts: PassPart[],
  cur: Float64Array,
  k: number,
  d: number,
  xx: number,
): Promise<Step> {
  const rows = await onEachPart(parts, (p) => assignSql(p.src, p.base, cur, k, d));
  const sums = new Float64Array(k * d);
  const mass = new Float64Array(k);
  // Each part answers once per centre it has rows of: the shards' answers add up.
  for (const r of rows) {
    const j = numberOf(r[0]);
    mass[j] += numberOf(r[1]);
    for (let t = 0; t < d; t++) sums[j * d + t] += numberOf(r[2 + t]);
  }
  let inertia = xx;
  for (let j = 0; j < k; j++)
    for (let t = 0; t < d; t++) {
      const c = cur[j * d + t];
      inertia += mass[j] * c * c - 2 * c * sums[j * d + t];
    }
  return { sums, mass, inertia: Math.max(0, inertia) };
}

/** As in-process: each empty cluster takes the row farthest from its own centre, out of that centre's sums. */
async function reseedEmpty(
  src: DbSource,
  base: string,
  cur: Float64Array,
  k: number,
  d: number,
  step: Step,
): Promise<void> {
  const empty = Array.from(step.mass.keys()).filter((j) => step.mass[j] === 0);
  const cols = Array.from({ length: d }, (_, t) => z(t)).join(', ');
  const far = await src.db.rows(
    `SELECT ${cols}, c FROM (SELECT *, ${nearestSql(k, 'e')} AS c FROM (SELECT *, ${distancesSql(cur, k, d, 'e').join(', ')} FROM (${base}) AS s) AS r) AS t ORDER BY ${ownDistanceSql(k)} DESC LIMIT ${empty.length}`,
  );
  empty.forEach((j, i) => {
    const row = far[i];
    if (!row) return;
    const from = numberOf(row[d]);
    for (let t = 0; t < d; t++) {
      const v = numberOf(row[t]);
      step.sums[from * d + t] -= v;
      step.sums[j * d + t] = v;
    }
    step.mass[from] -= 1;
    step.mass[j] = 1;
  });
}

/** The mean of the inputs' population variances (scikit-learn's scale for the tolerance) and Σ‖x‖². */
async function spread(src: DbSource, base: string, d: number): Promise<{ variance: number; xx: number }> {
  const [row] = await src.db.rows(
    `SELECT SUM(${Array.from({ length: d }, (_, t) => `${z(t)} * ${z(t)}`).join(' + ')}), ${Array.from({ length: d }, (_, t) => `VAR_POP(${z(t)})`).join(', ')} FROM (${base}) AS s`,
  );
  let total = 0;
  for (let t = 0; t < d; t++) total += numberOf(row[1 + t]);
  return { variance: total / d, xx: numberOf(row[0]) };
}
