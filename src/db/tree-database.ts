import type { FittedTree } from '../classify/cart.js';
import { CART_DEFAULTS } from '../classify/cart.js';
import { MISSING_BIN, scanHistogram } from '../classify/hist-splitter.js';
import { impurity, type SplitCriterion } from '../classify/impurity.js';
import type { Split, SplitContext } from '../classify/splitter.js';
import { withDefaults } from '../options.js';
import type { Recipe } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { literal, num, quoter } from '../sql/quote.js';
import { numberOf } from './connect.js';
import { type DbSource, inputsSql, preferShards, pushedToShards } from './kmeans-database.js';

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

/**
 * The bin of an input: how many cut points lie below the value (MISSING_BIN when it is missing), by a
 * search tree written as nested CASE, FANOUT ways per level: a few comparisons per row instead of one
 * per cut, in every engine (a CASE ships to the shards of a sharded PostgreSQL).
 */
function binSql(t: number, e: Float64Array): string {
  if (!e.length) return '0';
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
 * scheme): per level one query returns (node, input, bin, class) counts for every open node, node
 * membership written as the CASE of the splits so far; the split of each node is then chosen here by
 * the same code as in-process, so with the same bins both give the same tree. Only counts leave the
 * database.
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
  const { criterion, minImpurityDecrease: minDecrease } = o;
  const minLeaf = o.minSamplesLeaf;
  const minSplit = Math.max(o.minSamplesSplit, 2 * minLeaf);
  const maxDepth = o.maxDepth ?? Number.POSITIVE_INFINITY;
  const ctx: SplitContext = { y: new Int32Array(0), sw: new Float64Array(0), C, criterion, minLeaf };
  const label = q(o.label);
  const yCase = classSql(label, o.classes);
  const base = inputsSql(src, recipe, {
    columns: `${yCase} AS y`,
    where: `${label} IS NOT NULL${o.rows ? ` AND (${o.rows})` : ''}`,
  });
  const root: DbTreeNode = { value: [], samples: 0, impurity: 0, depth: 0 };
  let frontier: DbTreeNode[] = [root];
  let totalWeight = 0;
  const seconds: number[] = [];
  await preferShards(src);
  let pushed: boolean | null = null;
  const lw = new Float64Array(C);
  const rw = new Float64Array(C);
  for (let level = 0; frontier.length; level++) {
    const index = new Map(frontier.map((n, i) => [n, i]));
    const started = performance.now();
    const sql = histogramSql(src, base, nodeSql(root, index), o.edges);
    if (level === 0) pushed = await pushedToShards(src, sql);
    const counts = await histograms(src, sql, p, C);
    seconds.push((performance.now() - started) / 1000);
    const next: DbTreeNode[] = [];
    frontier.forEach((node, i) => {
      const h = counts.get(i);
      const totals = new Float64Array(C);
      let n = 0;
      if (h) {
        // Any one input's bins add up to the node's rows.
        const { hist, histN } = h[0];
        for (let b = 0; b < 256; b++) {
          n += histN[b];
          for (let c = 0; c < C; c++) totals[c] += hist[b * C + c];
        }
      }
      const w = n;
      if (level === 0) totalWeight = w;
      node.value = Array.from(totals);
      node.samples = n;
      node.impurity = impurity(criterion, totals, 0, C, w);
      if (!h || node.depth >= maxDepth || n < minSplit || n < 2 * minLeaf || node.impurity <= 1e-12) return;
      let best: Split | null = null;
      for (let f = 0; f < p; f++) {
        if (o.edges[f].length < 1) continue;
        best = scanHistogram(ctx, best, f, o.edges[f], h[f].hist, h[f].histN, n, totals, lw, rw);
      }
      if (!best) return;
      const decrease = (w / totalWeight) * (node.impurity - best.childImpurity / w);
      if (decrease + 1e-12 < minDecrease) return;
      node.split = { feature: best.feature, threshold: best.threshold, missingLeft: best.missingLeft };
      node.left = { value: [], samples: 0, impurity: 0, depth: node.depth + 1 };
      node.right = { value: [], samples: 0, impurity: 0, depth: node.depth + 1 };
      next.push(node.left, node.right);
    });
    o.onProgress?.({
      step: 'tree in the database',
      done: level + 1,
      total: Number.isFinite(maxDepth) ? maxDepth + 1 : 0,
      detail: `level ${level}: ${frontier.length} nodes`,
    });
    frontier = next;
  }
  return { root, seconds, pushed };
}

interface Histogram {
  hist: Float64Array;
  histN: Int32Array;
}

/** One query: per open node, input and bin, the rows of each class (grouped by bucket first when sharded). */
export function histogramSql(
  src: DbSource,
  base: string,
  node: string,
  edges: readonly Float64Array[],
): string {
  const p = edges.length;
  const bucket = src.bucket ? 'strata_bucket, ' : '';
  const rows = `SELECT ${bucket}y, ${node} AS node, ${Array.from({ length: p }, (_, t) => `${binSql(t, edges[t])} AS b${t}`).join(', ')} FROM (${base}) AS s`;
  const per = Array.from({ length: p }, (_, t) =>
    src.bucket
      ? `SELECT node, y, ${t} AS f, bin, SUM(n) AS n FROM (SELECT strata_bucket, node, y, b${t} AS bin, COUNT(*) AS n FROM strata_rows WHERE node >= 0 GROUP BY strata_bucket, node, y, b${t}) AS g GROUP BY node, y, bin`
      : `SELECT node, y, ${t} AS f, b${t} AS bin, COUNT(*) AS n FROM strata_rows WHERE node >= 0 GROUP BY node, y, b${t}`,
  );
  // A CTE read more than once is materialised on the coordinator; on shards each feature's GROUP BY must
  // be able to read the rows where they are.
  const cte = src.bucket && src.db.dialect === 'postgres' ? 'NOT MATERIALIZED ' : '';
  return `WITH strata_rows AS ${cte}(${rows}) ${per.join(' UNION ALL ')}`;
}

async function histograms(
  src: DbSource,
  sql: string,
  p: number,
  C: number,
): Promise<Map<number, Histogram[]>> {
  const result = await src.db.rows(sql);
  const out = new Map<number, Histogram[]>();
  for (const r of result) {
    const nodeId = numberOf(r[0]);
    let h = out.get(nodeId);
    if (!h) {
      h = Array.from({ length: p }, () => ({ hist: new Float64Array(256 * C), histN: new Int32Array(256) }));
      out.set(nodeId, h);
    }
    const y = numberOf(r[1]);
    const f = numberOf(r[2]);
    const b = numberOf(r[3]);
    const n = numberOf(r[4]);
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
