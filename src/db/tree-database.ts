import type { FittedTree } from '../classify/cart.js';
import { CART_DEFAULTS } from '../classify/cart.js';
import { MISSING_BIN, scanHistogram } from '../classify/hist-splitter.js';
import { impurity, type SplitCriterion } from '../classify/impurity.js';
import type { Split, SplitContext } from '../classify/splitter.js';
import { type Resolved, withDefaults } from '../options.js';
import type { Recipe } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { literal, num, quoter } from '../sql/quote.js';
import { type DatabaseDialect, numberOf } from './connect.js';
import {
  type DbSource,
  fenced,
  inputsSql,
  onEachPart,
  type PassPart,
  passParts,
  preferShards,
  pushedToShards,
} from './kmeans-database.js';

export interface DbTreeOptions {
  /** The label column and its classes, in the order of the class indices. */
  label: string;
  classes: readonly string[];
  /** Cut points per input (the histogram's bins), at most 254 each. */
  edges: readonly Float64Array[];
  criterion?: SplitCriterion;
  maxDepth?: number;
  minSamplesLeaf?: number;
  minSamplesSplit?: number;
  minImpurityDecrease?: number;
  /** An SQL condition on the source's own columns choosing the training rows (e.g. all folds but one). */
  rows?: string;
  onProgress?: OnProgress;
}

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

export interface DbTreeResult {
  root: DbTreeNode;
  /** One query per level: its wall time in seconds. */
  seconds: number[];
  /** Whether a sharded PostgreSQL aggregated on its shards (null: not sharded). */
  pushed: boolean | null;
}

const z = (t: number) => `z${t}`;

/**
 * The node a row is in: the splits so far as nested CASE down to a node of `frontier` (its number there);
 * −1 for rows in other leaves.
 */
export function nodeSql(node: DbTreeNode, frontier: Map<DbTreeNode, number>): string {
  const at = frontier.get(node);
  if (at !== undefined) return String(at);
  if (!node.split || !node.left || !node.right) return '-1';
  const { feature, threshold, missingLeft } = node.split;
  const l = nodeSql(node.left, frontier);
  const r = nodeSql(node.right, frontier);
  return `CASE WHEN ${z(feature)} IS NULL THEN ${missingLeft ? l : r} WHEN ${z(feature)} <= ${num(threshold)} THEN ${l} ELSE ${r} END`;
}

/** The class index of a row's label (quoted column `label`), by its text. */
export function classSql(label: string, classes: readonly string[]): string {
  return `CASE ${classes.map((c, i) => `WHEN CAST(${label} AS VARCHAR) = ${literal(c)} THEN ${i}`).join(' ')} END`;
}

/** Cut points tested per CASE level of the bin search (16 measured fastest in DuckDB, and about as fast as 2 in PostgreSQL). */
const FANOUT = 16;

/** The least double above v. */
function nextUp(v: number): number {
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
 * CART with histogram splits, trained level by level inside the database (the PLANET / Spark MLlib
 * scheme): per level one query returns (node, input, bin, class) counts for the open nodes, node
 * membership written as the CASE of the splits so far; the split of each node is then chosen here by
 * the same code as in-process, so with the same bins both give the same tree. Of two siblings only the
 * smaller is counted in the database; the other's counts are its parent's less those (LightGBM's
 * histogram subtraction), so each level below the root reads at most half the rows into its
 * aggregates. Only counts leave the database.
 */
export async function treeInDatabase(
  src: DbSource,
  recipe: Recipe,
  given: DbTreeOptions,
): Promise<DbTreeResult> {
  const o = withDefaults(CART_DEFAULTS, given);
  const q = quoter(src.db.dialect);
  const C = o.classes.length;
  const p = recipe.outputs.length;
  const label = q(o.label);
  const rowsOf = (part: DbSource) =>
    inputsSql(part, recipe, {
      columns: `${classSql(label, o.classes)} AS y`,
      where: `${label} IS NOT NULL${o.rows ? ` AND (${o.rows})` : ''}`,
    });
  const parts = passParts(src, rowsOf);
  const grow = grower(o, C, p);
  const root: DbTreeNode = { value: [], samples: 0, impurity: 0, depth: 0 };
  const levels = o.maxDepth === undefined ? 0 : o.maxDepth + 1;
  let pairs: Pair[] = [{ parent: null, counted: root, other: null }];
  const seconds: number[] = [];
  await preferShards(src);
  for (const part of parts) await cheapTransfer(part.src, true);
  let pushed: boolean | null = null;
  for (let level = 0; pairs.length; level++) {
    const counted = new Map(pairs.map((pair, i) => [pair.counted, i]));
    const started = performance.now();
    const node = nodeSql(root, counted);
    const sql = (part: PassPart) => histogramSql(part.src, part.base, node, o.edges, C);
    if (level === 0) pushed = await pushedToShards(src, histogramSql(src, rowsOf(src), node, o.edges, C));
    const counts = histograms(await onEachPart(parts, sql), p, C);
    seconds.push((performance.now() - started) / 1000);
    const next: Pair[] = [];
    pairs.forEach((pair, i) => {
      const h = counts.get(i) ?? emptyHistograms(p, C);
      grow(pair.counted, h, next);
      if (pair.parent && pair.other) grow(pair.other, subtract(pair.parent, h), next);
    });
    o.onProgress?.({
      step: 'tree in the database',
      done: level + 1,
      total: levels,
      detail: `level ${level}: ${pairs.length * (level === 0 ? 1 : 2)} nodes`,
    });
    pairs = next;
  }
  for (const part of parts) await cheapTransfer(part.src, false);
  return { root, seconds, pushed };
}

/**
 * PostgreSQL prices each row a parallel worker hands over above what computing the row's bins costs
 * (it sees width_bucket and CASE as cheap), so it computes a level's rows in one process. Pricing the
 * handover lower for the tree's queries lets the workers compute them (2,000,000 rows: the root level
 * 4.2 s instead of 7.4 s).
 */
async function cheapTransfer(src: DbSource, on: boolean): Promise<void> {
  if (src.db.dialect !== 'postgres' || src.bucket) return;
  await src.db.rows(`SET LOCAL parallel_tuple_cost TO ${on ? '0.01' : 'DEFAULT'}`);
}

interface Histogram {
  hist: Float64Array;
  histN: Int32Array;
}

type ResolvedDbTree = Resolved<DbTreeOptions, typeof CART_DEFAULTS>;

/** Two siblings of the next level: the one counted in the database and the other, from their parent's counts. */
interface Pair {
  parent: Histogram[] | null;
  counted: DbTreeNode;
  other: DbTreeNode | null;
}

/**
 * Settles a node from its counts (class totals, impurity) and, when it splits, adds its children to
 * `next`: the one with fewer rows (from the split input's bins) to be counted, the other to be derived.
 */
function grower(o: ResolvedDbTree, C: number, p: number) {
  const { criterion, minImpurityDecrease: minDecrease } = o;
  const minLeaf = o.minSamplesLeaf;
  const minSplit = Math.max(o.minSamplesSplit, 2 * minLeaf);
  const maxDepth = o.maxDepth ?? Number.POSITIVE_INFINITY;
  const ctx: SplitContext = { y: new Int32Array(0), sw: new Float64Array(0), C, criterion, minLeaf };
  const lw = new Float64Array(C);
  const rw = new Float64Array(C);
  let totalWeight = 0;
  return (node: DbTreeNode, h: Histogram[], next: Pair[]): void => {
    const totals = new Float64Array(C);
    let n = 0;
    // Any one input's bins add up to the node's rows.
    for (let b = 0; b < 256; b++) {
      n += h[0].histN[b];
      for (let c = 0; c < C; c++) totals[c] += h[0].hist[b * C + c];
    }
    if (node.depth === 0) totalWeight = n;
    node.value = Array.from(totals);
    node.samples = n;
    node.impurity = impurity(criterion, totals, 0, C, n);
    if (n === 0 || node.depth >= maxDepth || n < minSplit || node.impurity <= 1e-12) return;
    let best: Split | null = null;
    for (let f = 0; f < p; f++) {
      if (o.edges[f].length < 1) continue;
      best = scanHistogram(ctx, best, f, o.edges[f], h[f].hist, h[f].histN, n, totals, lw, rw);
    }
    if (!best) return;
    const decrease = (n / totalWeight) * (node.impurity - best.childImpurity / n);
    if (decrease + 1e-12 < minDecrease) return;
    node.split = { feature: best.feature, threshold: best.threshold, missingLeft: best.missingLeft };
    const left: DbTreeNode = { value: [], samples: 0, impurity: 0, depth: node.depth + 1 };
    const right: DbTreeNode = { value: [], samples: 0, impurity: 0, depth: node.depth + 1 };
    node.left = left;
    node.right = right;
    const leftRows = rowsLeft(h[best.feature].histN, o.edges[best.feature], node.split);
    const leftSmaller = leftRows <= n - leftRows;
    next.push({ parent: h, counted: leftSmaller ? left : right, other: leftSmaller ? right : left });
  };
}

/** The rows a split sends left, from the split input's bins: those up to the threshold's cut, and the missing when they go left. */
function rowsLeft(histN: Int32Array, e: Float64Array, split: NonNullable<DbTreeNode['split']>): number {
  const last = e.indexOf(split.threshold);
  let n = split.missingLeft ? histN[MISSING_BIN] : 0;
  for (let b = 0; b <= last; b++) n += histN[b];
  return n;
}

function emptyHistograms(p: number, C: number): Histogram[] {
  return Array.from({ length: p }, () => ({ hist: new Float64Array(256 * C), histN: new Int32Array(256) }));
}

/** A parent's counts less one child's: the other child's. */
function subtract(parent: Histogram[], child: Histogram[]): Histogram[] {
  return parent.map((ph, f) => ({
    hist: ph.hist.map((v, i) => v - child[f].hist[i]),
    histN: ph.histN.map((v, i) => v - child[f].histN[i]),
  }));
}

/**
 * One query: per counted node, input and bin, the rows of each class. Node, class and bin travel as one
 * number (node × classes + class) × 256 + bin, so each input's grouping hashes a single column; the rows
 * of nodes not counted are dropped before any bin is computed. All inputs are counted in one pass by
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
  const ks = Array.from({ length: p }, (_, t) => `k${t}`);
  const key = (t: number) =>
    `(CAST(node AS BIGINT) * ${classes} + y) * 256 + ${binSql(t, edges[t], src.db.dialect)} AS k${t}`;
  const keys = `SELECT ${bucket}${ks.map((_, t) => key(t)).join(', ')} FROM (SELECT *, ${node} AS node FROM (${base}) AS s) AS r WHERE node >= 0`;
  if (!src.bucket) {
    const chunks: string[] = [];
    for (let at = 0; at < p; at += MAX_SETS)
      chunks.push(groupingSetsSql(src, keys, at, Math.min(p, at + MAX_SETS)));
    return chunks.join(' UNION ALL ');
  }
  const per = ks.map(
    (k, t) =>
      `SELECT ${t} AS f, k, SUM(n) AS n FROM (SELECT strata_bucket, ${k} AS k, COUNT(*) AS n FROM strata_rows GROUP BY strata_bucket, ${k}) AS g GROUP BY k`,
  );
  // On shards each input's GROUP BY must be able to read the rows where they are, not from a CTE
  // materialised on the coordinator.
  const cte = src.db.dialect === 'postgres' ? 'NOT MATERIALIZED ' : '';
  return `WITH strata_rows AS ${cte}(${keys}) ${per.join(' UNION ALL ')}`;
}

/** Grouping sets per query: PostgreSQL takes at most 4,096. */
const MAX_SETS = 1024;

/**
 * Inputs `from` … `to` − 1 counted by one grouping set each. A row of a set has only that input's key;
 * the others are null (not GROUPING(), which takes at most 31 inputs in PostgreSQL).
 */
function groupingSetsSql(src: DbSource, keys: string, from: number, to: number): string {
  const ks = Array.from({ length: to - from }, (_, i) => `k${from + i}`);
  const which = ks.map((k, i) => `WHEN ${k} IS NOT NULL THEN ${from + i}`).join(' ');
  const grouped = `SELECT ${ks.join(', ')}, COUNT(*) AS n FROM (${fenced(src, keys)}) AS q GROUP BY GROUPING SETS (${ks.map((k) => `(${k})`).join(', ')})`;
  return `SELECT CASE ${which} END AS f, COALESCE(${ks.join(', ')}) AS k, n FROM (${grouped}) AS h`;
}

/** The counts of a level's query (of every part, added up) per counted node, input and bin. */
function histograms(result: unknown[][], p: number, C: number): Map<number, Histogram[]> {
  const out = new Map<number, Histogram[]>();
  for (const r of result) {
    const f = numberOf(r[0]);
    const k = numberOf(r[1]);
    const n = numberOf(r[2]);
    const b = k % 256;
    const y = Math.floor(k / 256) % C;
    const nodeId = Math.floor(k / 256 / C);
    let h = out.get(nodeId);
    if (!h) {
      h = emptyHistograms(p, C);
      out.set(nodeId, h);
    }
    h[f].hist[b * C + y] += n;
    h[f].histN[b] += n;
  }
  return out;
}

/** Each leaf's node number in `treeArrays`' layout (preorder, left first). */
export function leafIndex(root: DbTreeNode): Map<DbTreeNode, number> {
  const leaves = new Map<DbTreeNode, number>();
  let at = 0;
  const walk = (n: DbTreeNode) => {
    if (!n.split) leaves.set(n, at);
    at++;
    if (n.left) walk(n.left);
    if (n.right) walk(n.right);
  };
  walk(root);
  return leaves;
}

/** A database tree in the in-process layout (nodes in preorder, left child first), for rules, saving and scoring. */
export function treeArrays(root: DbTreeNode, nClasses: number, nFeatures: number): FittedTree {
  const nodes: DbTreeNode[] = [];
  const walk = (n: DbTreeNode) => {
    nodes.push(n);
    if (n.left) walk(n.left);
    if (n.right) walk(n.right);
  };
  walk(root);
  const index = new Map(nodes.map((n, i) => [n, i]));
  const N = nodes.length;
  const t: FittedTree = {
    nClasses,
    nFeatures,
    feature: new Int32Array(N).fill(-1),
    threshold: new Float64Array(N),
    left: new Int32Array(N).fill(-1),
    right: new Int32Array(N).fill(-1),
    missingLeft: new Uint8Array(N),
    value: new Float64Array(N * nClasses),
    samples: new Int32Array(N),
    weight: new Float64Array(N),
    impurity: new Float64Array(N),
    depth: new Int32Array(N),
    splitter: 'histogram',
    totalWeight: root.samples,
  };
  nodes.forEach((n, i) => {
    t.value.set(n.value, i * nClasses);
    t.samples[i] = n.samples;
    t.weight[i] = n.samples;
    t.impurity[i] = n.impurity;
    t.depth[i] = n.depth;
    if (n.split && n.left && n.right) {
      t.feature[i] = n.split.feature;
      t.threshold[i] = n.split.threshold;
      t.missingLeft[i] = n.split.missingLeft ? 1 : 0;
      t.left[i] = index.get(n.left)!;
      t.right[i] = index.get(n.right)!;
    }
  });
  return t;
}
