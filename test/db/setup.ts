import { expect } from 'vitest';
import { type FittedTree, fitTree, predictTree } from '../../src/classify/cart.js';
import { type ClassifyRun, labelsOf } from '../../src/classify/classify-table.js';
import { binEdges, MISSING_BIN } from '../../src/classify/hist-splitter.js';
import { confusionMatrix } from '../../src/classify/metrics.js';
import { kmeans } from '../../src/cluster/kmeans.js';
import { load } from '../../src/data/load.js';
import { hashFold } from '../../src/db/classify-database.js';
import type { DbKMeansResult } from '../../src/db/kmeans-database.js';
import type { DbTreeOptions } from '../../src/db/tree-database.js';
import type { DbTreeNode } from '../../src/db/tree-sql.js';
import { applyRecipe, fitRecipe, type Recipe } from '../../src/prep/recipe.js';
import { lowerBound } from '../../src/util/search.js';
import { relative } from '../helpers.js';

/** A node as compared between engines: its split (or none), rows and class counts. */
export interface FlatNode {
  feature: number;
  threshold: number | null;
  missingLeft: boolean | null;
  samples: number;
  value: number[];
}

/** A database tree's nodes in preorder, left first (in-process node order). */
export function preorder(root: DbTreeNode): FlatNode[] {
  const out: FlatNode[] = [];
  const walk = (n: DbTreeNode) => {
    out.push({
      feature: n.split?.feature ?? -1,
      threshold: n.split?.threshold ?? null,
      missingLeft: n.split ? n.split.missingLeft : null,
      samples: n.samples,
      value: n.value,
    });
    if (n.left) walk(n.left);
    if (n.right) walk(n.right);
  };
  walk(root);
  return out;
}

/** The demo's amounts, counts, days and score: skewed, tied, and missing values (margin, credit score). */
export const DEMO_AMOUNTS = [
  'sales_12m',
  'order_count_12m',
  'margin_pct',
  'days_since_last_order',
  'payment_delay_days',
  'credit_score',
];

/**
 * The demo customers' tier, learned in-process with histogram splits on 32 bins per input, depth 6,
 * at least 20 customers a leaf; and the options that train the same tree in a database.
 */
export async function inProcessSetup(
  file: string,
): Promise<{ recipe: Recipe; options: DbTreeOptions; nodes: FlatNode[] }> {
  const table = await load(file);
  const features = [...DEMO_AMOUNTS, 'region', 'ownership'];
  const { y, classes } = labelsOf(table, 'assigned_tier');
  const recipe = fitRecipe(table, features, { scale: 'none', log: 'none', keepMissing: true });
  const m = applyRecipe(recipe, table);
  const all = Int32Array.from({ length: m.rows }, (_, i) => i);
  const edges = Array.from({ length: m.cols }, (_, f) => {
    const col = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) col[i] = m.data[i * m.cols + f];
    return binEdges(col, all, 32);
  });
  const tree = fitTree(
    { x: m, y, classes },
    {
      splitter: 'histogram',
      edges,
      maxDepth: 6,
      minSamplesLeaf: 20,
    },
  );
  const nodes: FlatNode[] = [];
  const C = classes.length;
  const walk = (i: number) => {
    const split = tree.feature[i] >= 0;
    nodes.push({
      feature: tree.feature[i],
      threshold: split ? tree.threshold[i] : null,
      missingLeft: split ? tree.missingLeft[i] === 1 : null,
      samples: tree.samples[i],
      value: Array.from(tree.value.subarray(i * C, (i + 1) * C)),
    });
    if (split) {
      walk(tree.left[i]);
      walk(tree.right[i]);
    }
  };
  walk(0);
  return {
    recipe,
    options: { label: 'assigned_tier', classes, edges, maxDepth: 6, minSamplesLeaf: 20 },
    nodes,
  };
}

/**
 * The demo customers' k-means (k = 5, Lloyd, tol 1e-4) from five fixed rows as centres, and the check
 * that a database's run from the same centres reaches it: the same iterations and sizes, centroids
 * and inertia within 1e-9 relative.
 */
export async function kmeansSetup(file: string) {
  const table = await load(file);
  const features = [
    'sales_12m',
    'order_count_12m',
    'margin_pct',
    'days_since_last_order',
    'payment_delay_days',
    'region',
    'ownership',
  ];
  const recipe = fitRecipe(table, features, { scale: 'standard', log: ['sales_12m'] });
  const m = applyRecipe(recipe, table);
  const k = 5;
  const init = new Float64Array(k * m.cols);
  for (let j = 0; j < k; j++) init.set(m.data.subarray(j * 997 * m.cols, (j * 997 + 1) * m.cols), j * m.cols);
  const here = kmeans(m.data, m.rows, m.cols, { k, init, algorithm: 'lloyd', tol: 1e-4, maxIter: 300 });
  const check = (there: DbKMeansResult, where: string) => {
    expect(there.iterations, where).toBe(here.iterations);
    for (let i = 0; i < here.centroids.length; i++)
      expect(relative(there.centroids[i], here.centroids[i]), `${where}: centroid value ${i}`).toBeLessThan(
        1e-9,
      );
    expect(relative(there.inertia, here.inertia), where).toBeLessThan(1e-9);
    const sizes = new Float64Array(k);
    for (const l of here.labels) sizes[l]++;
    expect(Array.from(there.sizes), where).toEqual(Array.from(sizes));
    console.log(
      `${where}: ${there.iterations} iterations, ${there.seconds.map((s) => s.toFixed(3)).join(' ')} s each`,
    );
  };
  return { table, recipe, m, k, init, check };
}

/** What in-process CART gives with the database's folds (a hash of customer_id) and bins (255 per input). */
export interface InProcessCv {
  outputs: string[];
  trees: FittedTree[];
  final: FittedTree;
  confusion: number[][];
  logLoss: number;
}

/** The demo tiers cross-validated in-process as `classifyDatabase` does it: depth 4, 20 customers a leaf. */
export async function inProcessCv(file: string, features: string[]): Promise<InProcessCv> {
  const table = await load(file);
  const { y, classes } = labelsOf(table, 'assigned_tier');
  const recipe = fitRecipe(table, features, { scale: 'none', log: 'none', keepMissing: true });
  const m = applyRecipe(recipe, table);
  const all = Int32Array.from({ length: m.rows }, (_, i) => i);
  const edges = Array.from({ length: m.cols }, (_, f) => {
    const col = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) col[i] = m.data[i * m.cols + f];
    return binEdges(col, all, 255);
  });
  const cart = { splitter: 'histogram', edges, maxDepth: 4, minSamplesLeaf: 20 } as const;
  const fold = Int32Array.from({ length: m.rows }, (_, i) => hashFold(table.text('customer_id', i), 5));
  const predicted = new Int32Array(m.rows);
  const trees: FittedTree[] = [];
  let logLoss = 0;
  for (let f = 0; f < 5; f++) {
    const train = all.filter((i) => fold[i] !== f);
    const test = all.filter((i) => fold[i] === f);
    const tree = fitTree({ x: m, y, classes }, cart, train);
    trees.push(tree);
    const pr = predictTree(tree, m, test);
    test.forEach((r, i) => {
      predicted[r] = pr.label[i];
      logLoss -= Math.log(Math.min(Math.max(pr.proba[i * classes.length + y[r]], 1e-15), 1 - 1e-15));
    });
  }
  return {
    outputs: recipe.outputs,
    trees,
    final: fitTree({ x: m, y, classes }, cart),
    confusion: confusionMatrix(y, predicted, classes.length),
    logLoss: logLoss / m.rows,
  };
}

/** A database run equals the in-process one: recipe inputs, every fold's tree, the pooled confusion, the log loss, the final tree. */
export function expectInProcess(run: ClassifyRun, here: InProcessCv, where = ''): void {
  expect(run.recipe.outputs, where).toEqual(here.outputs);
  here.trees.forEach((t, f) => {
    const there = run.cv.trees[f];
    expect(Array.from(there.feature), `${where} fold ${f}`).toEqual(Array.from(t.feature));
    expect(Array.from(there.threshold), `${where} fold ${f}`).toEqual(Array.from(t.threshold));
    expect(Array.from(there.value), `${where} fold ${f}`).toEqual(Array.from(t.value));
  });
  expect(run.cv.pooled.confusion.matrix, where).toEqual(here.confusion);
  expect(run.cv.pooled.logLoss, where).toBeCloseTo(here.logLoss, 12);
  expect(Array.from(run.tree.feature), where).toEqual(Array.from(here.final.feature));
  expect(Array.from(run.tree.value), where).toEqual(Array.from(here.final.value));
}

/**
 * A level query's input with more inputs than PostgreSQL's GROUPING() takes (31): 40 inputs of 300 rows
 * with values on, between and beyond 5 cuts, every 7th missing, in 2 classes and 2 nodes, and the
 * counts per (input, key) that the in-process binning gives.
 */
export function wideHistogram(): { base: string; edges: Float64Array[]; want: Map<string, number> } {
  const p = 40;
  const n = 300;
  const cuts = Float64Array.from([-2, -0.5, 0, 1, 3]);
  const value = (i: number, t: number) => ((i * 7 + t * 13) % 23) / 4 - 3;
  const missing = (i: number, t: number) => (i + t) % 7 === 0;
  const want = new Map<string, number>();
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    const node = i % 3 === 0 ? 1 : 0;
    const cells = Array.from({ length: p }, (_, t) => (missing(i, t) ? 'NULL' : value(i, t).toExponential()));
    rows.push(`(${y}, ${node}, ${cells.map((c) => `CAST(${c} AS DOUBLE PRECISION)`).join(', ')})`);
    for (let t = 0; t < p; t++) {
      const bin = missing(i, t) ? MISSING_BIN : lowerBound(cuts, value(i, t));
      const key = `${t}:${(node * 2 + y) * 256 + bin}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
  }
  const zs = Array.from({ length: p }, (_, t) => `z${t}`).join(', ');
  return {
    base: `SELECT * FROM (VALUES ${rows.join(', ')}) AS v(y, strata_node, ${zs})`,
    edges: Array.from({ length: p }, () => cuts),
    want,
  };
}

/** A level query's answer as counts per (input, key). */
export function histogramCounts(rows: unknown[][]): Map<string, number> {
  return new Map(rows.map((r) => [`${Number(r[0])}:${Number(r[1])}`, Number(r[2])]));
}
