import { MISSING_BIN } from '../classify/hist-splitter.js';
import { literal, num } from '../sql/quote.js';
import type { DatabaseDialect } from './connect.js';
import { type DbSource, fenced } from './kmeans-database.js';

/**
 * The SQL text of a tree trained in a database: which node a row is in, its class, its bins and one
 * level's counts. tree-database.ts grows the tree from what these queries return.
 */

/** A node of a tree trained in a database; the same shape, in preorder, as an in-process fit. */
export interface DbTreeNode {
  /** Class counts of the node's training rows. */
  value: number[];
  samples: number;
  impurity: number;
  depth: number;
  split?: { feature: number; threshold: number; missingLeft: boolean };
  left?: DbTreeNode;
  right?: DbTreeNode;
}

const z = (t: number) => `z${t}`;

/**
 * The node a row is in: the splits so far as nested CASE down to a node of `frontier` (its number there);
 * −1 for rows in other leaves.
 */
export function nodeSql(
  node: DbTreeNode,
  frontier: Map<DbTreeNode, number>,
  binned?: readonly Float64Array[],
): string {
  const at = frontier.get(node);
  if (at !== undefined) return String(at);
  if (!node.split || !node.left || !node.right) return '-1';
  const { feature, threshold, missingLeft } = node.split;
  const l = nodeSql(node.left, frontier, binned);
  const r = nodeSql(node.right, frontier, binned);
  const [missing, below] = binned
    ? binTests(feature, threshold, binned[feature])
    : [`${z(feature)} IS NULL`, `${z(feature)} <= ${num(threshold)}`];
  // A missing value fails "≤" (NULL is not true; the missing bin is above every cut) and goes right
  // unless tested for: each subtree is written once, so the text and its planning stay linear in the tree.
  return `CASE WHEN ${missingLeft ? `${missing} OR ` : ''}${below} THEN ${l} ELSE ${r} END`;
}

/**
 * A split on a binned input (`binnedColumnsSql`): its bin is the key modulo 256, and "value ≤ cut i"
 * reads "bin ≤ i" (bin i holds the values above cut i − 1 up to cut i).
 */
function binTests(feature: number, threshold: number, e: Float64Array): [string, string] {
  const cut = e.indexOf(threshold);
  if (cut < 0) throw new Error(`threshold ${threshold} is not a cut point of input ${feature}`);
  const bin = `${binKey(feature)} % 256`;
  return [`${bin} = ${MISSING_BIN}`, `${bin} <= ${cut}`];
}

const binKey = (t: number) => `k${t}`;

/**
 * The select list of a scratch table of binned inputs: the class y, the fold (when given) and per
 * input k{t} = y × 256 + bin, the key the root level counts as it is and deeper levels offset by node.
 * Small integers: the table is a quarter of the raw inputs' width, so a level reads and hashes less.
 */
export function binnedColumnsSql(
  edges: readonly Float64Array[],
  classes: number,
  dialect: DatabaseDialect,
  fold: boolean,
): string {
  const type = classes * 256 <= 32_767 ? 'SMALLINT' : 'INTEGER';
  const keys = edges.map((e, t) => `CAST(y * 256 + ${binSql(t, e, dialect)} AS ${type}) AS ${binKey(t)}`);
  return [`CAST(y AS ${type}) AS y`, ...(fold ? ['CAST(fold AS SMALLINT) AS fold'] : []), ...keys].join(', ');
}

/** The class index of a row's label (quoted column `label`), by its text. */
export function classSql(label: string, classes: readonly string[]): string {
  return `CASE ${classes.map((c, i) => `WHEN CAST(${label} AS VARCHAR) = ${literal(c)} THEN ${i}`).join(' ')} END`;
}

/** Cut points tested per CASE level of the bin search (16 measured fastest in DuckDB, and about as fast as 2 in PostgreSQL). */
const FANOUT = 16;

/** The least double above v. */
export function nextUp(v: number): number {
  if (v === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  view.setBigInt64(0, view.getBigInt64(0) + (v > 0 ? 1n : -1n));
  return view.getFloat64(0);
}

/**
 * The bin of an input: how many cut points lie below the value (MISSING_BIN when it is missing). In
 * PostgreSQL by width_bucket, a binary search in C over the cuts each moved up to the next double
 * (so that "cut < value" reads "cut' ≤ value", width_bucket's test): twice as fast as a CASE, and
 * shipped to the shards as a built-in function. Elsewhere by a search tree written as nested CASE,
 * FANOUT ways per level: a few comparisons per row instead of one per cut.
 */
function binSql(t: number, e: Float64Array, dialect: DatabaseDialect): string {
  if (!e.length) return '0';
  if (dialect === 'postgres') {
    const cuts = Array.from(e, (v) => num(nextUp(v))).join(', ');
    return `CASE WHEN ${z(t)} IS NULL THEN ${MISSING_BIN} ELSE width_bucket(${z(t)}, ARRAY[${cuts}]::DOUBLE PRECISION[]) END`;
  }
  // The value lies in bins lo … hi: above the cuts before lo, and at most cut hi when hi < e.length.
  const search = (lo: number, hi: number): string => {
    if (hi - lo <= FANOUT) {
      const whens = Array.from(
        { length: hi - lo },
        (_, i) => `WHEN ${z(t)} <= ${num(e[lo + i])} THEN ${lo + i}`,
      );
      return whens.length ? `CASE ${whens.join(' ')} ELSE ${hi} END` : String(hi);
    }
    const step = Math.ceil((hi - lo + 1) / FANOUT);
    const whens: string[] = [];
    let a = lo;
    for (; a + step <= hi; a += step)
      whens.push(`WHEN ${z(t)} <= ${num(e[a + step - 1])} THEN ${search(a, a + step - 1)}`);
    return `CASE ${whens.join(' ')} ELSE ${search(a, hi)} END`;
  };
  return `CASE WHEN ${z(t)} IS NULL THEN ${MISSING_BIN} ELSE ${search(0, e.length)} END`;
}

/**
 * One query: per counted node, input and bin, the rows of each class. Node, class and bin travel as one
 * number (node × classes + class) × 256 + bin, so each input's grouping hashes a single column; the rows
 * of nodes not counted are dropped before any bin is computed. Node and class are computed once per row,
 * behind a fence (folded into every key, the class's CASE ran once per input and the node's nested CASE
 * once per input and again in the filter: 2,000,000 rows, a depth-8 tree 9.5 s → 6.9 s, the root level
 * 2.1 → 1.9 s). All inputs are counted in one pass by
 * GROUPING SETS, one hash table per input (2,000,000 rows in PostgreSQL: the root level 2.3 s, against
 * 3.5 s for one GROUP BY per input over a materialised CTE); in PostgreSQL the keys sit behind a fence,
 * so the planner takes its default group count and hashes rather than sorting 2,000,000 keys. Grouped by
 * bucket first when sharded, one GROUP BY per input, which postgres_fdw ships to the shards (it ships no
 * grouping sets).
 */
export function histogramSql(
  src: DbSource,
  base: string,
  node: string,
  edges: readonly Float64Array[],
  classes = 1,
): string {
  const p = edges.length;
  const bucket = src.bucket ? 'strata_bucket, ' : '';
  const key = (t: number) =>
    `(CAST(node AS BIGINT) * ${classes} + y) * 256 + ${binSql(t, edges[t], src.db.dialect)} AS k${t}`;
  const rows = fenced(src, `SELECT *, ${node} AS node FROM (${base}) AS s`);
  const keys = (ts: readonly number[]) =>
    `SELECT ${bucket}${ts.map(key).join(', ')} FROM (${rows}) AS r WHERE node >= 0`;
  if (!src.bucket)
    return pieces(p, false)
      .map((ts) => groupingSetsSql(src, keys(ts), ts[0], ts[0] + ts.length))
      .join(' UNION ALL ');
  const per = Array.from(
    { length: p },
    (_, t) =>
      `SELECT ${t} AS f, k, SUM(n) AS n FROM (SELECT strata_bucket, k${t} AS k, COUNT(*) AS n FROM strata_rows GROUP BY strata_bucket, k${t}) AS g GROUP BY k`,
  );
  // On shards each input's GROUP BY must be able to read the rows where they are, not from a CTE
  // materialised on the coordinator.
  const cte = src.db.dialect === 'postgres' ? 'NOT MATERIALIZED ' : '';
  return `WITH strata_rows AS ${cte}(${keys(Array.from({ length: p }, (_, t) => t))}) ${per.join(' UNION ALL ')}`;
}

/**
 * The inputs 0 … p − 1 in runs of at most MAX_SETS (PostgreSQL's limit on grouping sets), in two runs
 * at least when `halves`: UNION ALL of the runs is then a Parallel Append, each run in a process.
 */
function pieces(p: number, halves: boolean): number[][] {
  const size = Math.min(MAX_SETS, Math.ceil(p / (halves ? 2 : 1)));
  const out: number[][] = [];
  for (let at = 0; at < p; at += size)
    out.push(Array.from({ length: Math.min(p, at + size) - at }, (_, i) => at + i));
  return out;
}

/**
 * `histogramSql` over a scratch table of binned inputs (`base` selects y and k0 … from it): per row
 * nothing is computed but the node, and per input only the node's offset to its key. PostgreSQL runs
 * grouping sets in one process; with `halves` the inputs are counted in two halves joined by UNION
 * ALL, which it runs as a Parallel Append, each half scanning the narrow table in a process of its
 * own. That pays when a level counts many rows and its node is cheap to compute twice (2,000,000
 * rows: the root 0.98 → 0.64 s, a level counting 37 % of them 0.74 → 0.55 s, one counting 22 % 0.48 →
 * 0.64 s). Over the raw table halves are slower (the root 2.25 s one pass, 2.4–2.7 s in halves): each
 * half scans the wide table in one process, where one pass has parallel workers computing the bins
 * and leaves only the hashing to the leader.
 */
export function binnedHistogramSql(
  src: DbSource,
  base: string,
  node: string,
  p: number,
  classes: number,
  halves: boolean,
): string {
  const chunks: string[] = [];
  for (const ts of pieces(p, src.db.dialect === 'postgres' && halves)) {
    // At the root every row is in node 0: the stored key is the key.
    const keys =
      node === '0'
        ? `SELECT ${ts.map(binKey).join(', ')} FROM (${base}) AS r`
        : `SELECT ${ts.map((t) => `CAST(node AS BIGINT) * ${classes * 256} + ${binKey(t)} AS ${binKey(t)}`).join(', ')} FROM (${fenced(src, `SELECT *, ${node} AS node FROM (${base}) AS s`)}) AS r WHERE node >= 0`;
    chunks.push(groupingSetsSql(src, keys, ts[0], ts[0] + ts.length));
  }
  return chunks.join(' UNION ALL ');
}

/** Grouping sets per query: PostgreSQL takes at most 4,096. */
const MAX_SETS = 1024;

/**
 * Inputs `from` … `to` − 1 counted by one grouping set each. A row of a set has only that input's key;
 * the others are null (not GROUPING(), which takes at most 31 inputs in PostgreSQL).
 */
export function groupingSetsSql(src: DbSource, keys: string, from: number, to: number): string {
  const ks = Array.from({ length: to - from }, (_, i) => `k${from + i}`);
  const which = ks.map((k, i) => `WHEN ${k} IS NOT NULL THEN ${from + i}`).join(' ');
  const grouped = `SELECT ${ks.join(', ')}, COUNT(*) AS n FROM (${fenced(src, keys)}) AS q GROUP BY GROUPING SETS (${ks.map((k) => `(${k})`).join(', ')})`;
  return `SELECT CASE ${which} END AS f, COALESCE(${ks.join(', ')}) AS k, n FROM (${grouped}) AS h`;
}
