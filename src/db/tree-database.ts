import type { FittedTree } from '../classify/cart.js';
import { CART_DEFAULTS } from '../classify/cart.js';
import { MISSING_BIN, scanHistogram } from '../classify/hist-splitter.js';
import { impurity, type SplitCriterion } from '../classify/impurity.js';
import type { Split, SplitContext } from '../classify/splitter.js';
import { type Resolved, withDefaults } from '../options.js';
import type { Recipe } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { quoter } from '../sql/quote.js';
import { numberOf } from './connect.js';
import {
  type DbSource,
  inputsSql,
  onEachPart,
  type PassPart,
  passParts,
  preferShards,
  pushedToShards,
} from './kmeans-database.js';
import { type BinnedInputs, binnedParts } from './tree-bins.js';
import { binnedHistogramSql, classSql, type DbTreeNode, histogramSql, nodeSql } from './tree-sql.js';

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
  /**
   * An SQL condition choosing the training rows (e.g. all folds but one): on the source's own columns,
   * or with `binned` on the scratch tables' (y, fold).
   */
  rows?: string;
  /** The inputs binned once into scratch tables by `binInputs` with the same `edges`: every level reads those. */
  binned?: BinnedInputs | null;
  onProgress?: OnProgress;
}

export interface DbTreeResult {
  root: DbTreeNode;
  /** One query per level: its wall time in seconds. */
  seconds: number[];
  /** Whether a sharded PostgreSQL aggregated on its shards (null: not sharded). */
  pushed: boolean | null;
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
  const { binned } = o;
  const where = !binned && o.rows ? ` AND (${o.rows})` : '';
  const rowsOf = (part: DbSource) =>
    inputsSql(part, recipe, {
      columns: `${classSql(label, o.classes)} AS y`,
      where: `${label} IS NOT NULL${where}`,
    });
  const parts = binned ? binnedParts(binned, o.rows) : passParts(src, rowsOf);
  const grow = grower(o, C, p);
  const root: DbTreeNode = { value: [], samples: 0, impurity: 0, depth: 0 };
  const levels = o.maxDepth === undefined ? 0 : o.maxDepth + 1;
  let pairs: Pair[] = [{ parent: null, counted: root, other: null, rows: Number.POSITIVE_INFINITY }];
  const seconds: number[] = [];
  await preferShards(src);
  // A scratch table's levels are planned as they are: each half of the inputs in a process of its own.
  if (!binned) for (const part of parts) await cheapTransfer(part.src, true);
  let pushed: boolean | null = null;
  for (let level = 0; pairs.length; level++) {
    const counted = new Map(pairs.map((pair, i) => [pair.counted, i]));
    const started = performance.now();
    const node = nodeSql(root, counted, binned?.edges);
    // The share of the training rows this level counts: halves from a third (see binnedHistogramSql).
    const share = pairs.reduce((a, pair) => a + pair.rows, 0) / (root.samples || 1);
    const sql = (part: PassPart) =>
      binned
        ? binnedHistogramSql(part.src, part.base, node, p, C, share >= 1 / 3)
        : histogramSql(part.src, part.base, node, o.edges, C);
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
  if (!binned) for (const part of parts) await cheapTransfer(part.src, false);
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
  /** The counted node's rows (from its parent's bins; unknown at the root). */
  rows: number;
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
    next.push({
      parent: h,
      counted: leftSmaller ? left : right,
      other: leftSmaller ? right : left,
      rows: Math.min(leftRows, n - leftRows),
    });
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
