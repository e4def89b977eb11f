import { UsageError } from '../errors.js';
import { majorityClass } from '../model/saved-tree.js';
import { leafOf, NodeStore, type TreeArrays } from '../model/tree-model.js';
import { type Resolved, resolveOptions, type Spec } from '../options.js';
import type { Matrix } from '../util/matrix.js';
import { HistogramSplitter } from './hist-splitter.js';
import { impurity, type SplitCriterion } from './impurity.js';
import { pruneTree } from './prune.js';
import { argsortNaNLast, ExactSplitter, type SplitContext, type Splitter } from './splitter.js';
import type { TrainingSet } from './training-set.js';

export type ClassWeight =
  | 'none'
  | 'balanced'
  | Readonly<Record<string, number>>
  | ReadonlyMap<string, number>;
export type SplitMethod = 'auto' | 'exact' | 'histogram';

const weightsOf = (v: unknown): unknown[] | null =>
  v instanceof Map
    ? [...v.values()]
    : typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.values(v)
      : null;

/** "none", "balanced", or finite weights ≥ 0 of which at least one is above 0. */
const isClassWeight = (v: unknown): boolean => {
  if (v === 'none' || v === 'balanced') return true;
  const w = weightsOf(v);
  if (w === null) return false;
  return (
    w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) && w.some((x) => (x as number) > 0)
  );
};

/** Every option of the tree engine, its type and range (checked where the library is entered). */
export const CART_OPTIONS = {
  criterion: { kind: 'choice', values: ['gini', 'entropy'] },
  maxDepth: { kind: 'integer', min: 1 },
  minSamplesSplit: { kind: 'integer', min: 2 },
  minSamplesLeaf: { kind: 'integer', min: 1 },
  minImpurityDecrease: { kind: 'number', min: 0 },
  classWeight: {
    kind: 'custom',
    describe: '"none", "balanced" or a map of class to finite weights ≥ 0, at least one above 0',
    check: isClassWeight,
  },
  ccpAlpha: { kind: 'number', min: 0 },
  splitter: { kind: 'choice', values: ['auto', 'exact', 'histogram'] },
  maxBins: { kind: 'integer', min: 2, max: 65536 },
  edges: {
    kind: 'custom',
    describe: 'one Float64Array of at most 254 ascending cut points per input',
    check: (v) => Array.isArray(v) && v.every((e) => e instanceof Float64Array && e.length <= 254),
  },
} as const satisfies Spec;

export interface CartOptions {
  criterion?: SplitCriterion;
  /** Unlimited when absent. */
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  minImpurityDecrease?: number;
  classWeight?: ClassWeight;
  ccpAlpha?: number;
  /** `auto`: exact below 50,000 rows, histogram from there. */
  splitter?: SplitMethod;
  maxBins?: number;
  /** Histogram splits: these cut points per input instead of the data's quantiles (at most 254 each). */
  edges?: readonly Float64Array[];
}

/** What a tree does when an option is not given (no maxDepth: unlimited). */
export const CART_DEFAULTS = {
  criterion: 'gini',
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minImpurityDecrease: 0,
  classWeight: 'none',
  ccpAlpha: 0,
  splitter: 'auto',
} as const satisfies Partial<CartOptions>;

export type ResolvedCart = Resolved<CartOptions, typeof CART_DEFAULTS>;

/** A tree's options checked and defaulted. */
export function resolveCart(options: CartOptions = {}): ResolvedCart {
  return resolveOptions(CART_OPTIONS, CART_DEFAULTS, options);
}

/** Rows from which `auto` switches to histogram splits. */
export const HISTOGRAM_FROM_ROWS = 50_000;

export interface FittedTree extends TreeArrays {
  splitter: 'exact' | 'histogram';
  /** The training rows' total weight: what cost-complexity pruning divides by. */
  totalWeight: number;
}

/** `tree` pruned at `alpha` as `fitTree` with that ccpAlpha would give it (the same total weight). */
export function pruneFitted(tree: FittedTree, alpha: number): FittedTree {
  return alpha > 0
    ? { ...pruneTree(tree, alpha, tree.totalWeight), splitter: tree.splitter, totalWeight: tree.totalWeight }
    : tree;
}

/**
 * Fits a CART classification tree. A missing input (NaN) is routed by a learned direction.
 *
 * @example
 * const tree = fitTree({ x: { data, rows: n, cols: p }, y, classes: ['A', 'B'] }, { maxDepth: 4 });
 * @param rows training rows (default: all)
 */
export function fitTree(set: TrainingSet, options: CartOptions = {}, rows?: Int32Array): FittedTree {
  return growTree(set, resolveCart(options), rows);
}

/** `fitTree` on options already checked and defaulted (what cross-validation and tuning call). */
export function growTree(set: TrainingSet, options: ResolvedCart, rows?: Int32Array): FittedTree {
  const { y, classes } = set;
  const { data: x, rows: n, cols: p } = set.x;
  const C = classes.length;
  const train = rows ?? Int32Array.from({ length: n }, (_, i) => i);
  const minLeaf = options.minSamplesLeaf;
  const minSplit = Math.max(options.minSamplesSplit, 2 * minLeaf);
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const minDecrease = options.minImpurityDecrease;
  const criterion = options.criterion;
  const sw = sampleWeights(y, train, classes, options.classWeight);
  const cols = Array.from({ length: p }, (_, f) => {
    const c = new Float64Array(n);
    for (const r of train) c[r] = x[r * p + f];
    return c;
  });
  const ctx: SplitContext = { y, sw, C, criterion, minLeaf };
  const method =
    options.splitter === 'exact' || options.splitter === 'histogram'
      ? options.splitter
      : train.length >= HISTOGRAM_FROM_ROWS
        ? 'histogram'
        : 'exact';
  const splitter: Splitter =
    method === 'exact'
      ? new ExactSplitter(cols, n, train, ctx, presortedFor(x, n, p))
      : new HistogramSplitter(cols, n, train, ctx, options.maxBins, options.edges);
  const store = new NodeStore(C);
  const totalWeight = sumWeights(sw, train);
  const totals = new Float64Array(C);
  // Depth-first, left child first, so node ids are in preorder.
  const stack: { start: number; end: number; depth: number; parent: number; left: boolean }[] = [
    { start: 0, end: train.length, depth: 0, parent: -1, left: true },
  ];
  while (stack.length) {
    const { start, end, depth, parent, left } = stack.pop()!;
    totals.fill(0);
    let w = 0;
    for (const r of splitter.rows(start, end)) {
      totals[y[r]] += sw[r];
      w += sw[r];
    }
    const imp = impurity(criterion, totals, 0, C, w);
    const id = store.add(totals, end - start, w, imp, depth);
    if (parent >= 0) {
      if (left) store.left[parent] = id;
      else store.right[parent] = id;
    }
    const n = end - start;
    if (depth >= maxDepth || n < minSplit || n < 2 * minLeaf || imp <= 1e-12) continue;
    const split = splitter.find(start, end, totals);
    if (!split) continue;
    const decrease = (w / totalWeight) * (imp - split.childImpurity / w);
    if (decrease + 1e-12 < minDecrease) continue;
    store.feature[id] = split.feature;
    store.threshold[id] = split.threshold;
    store.missingLeft[id] = split.missingLeft ? 1 : 0;
    const nLeft = splitter.apply(start, end, split);
    stack.push({ start: start + nLeft, end, depth: depth + 1, parent: id, left: false });
    stack.push({ start, end: start + nLeft, depth: depth + 1, parent: id, left: true });
  }
  return pruneFitted({ ...store.finish(p), splitter: method, totalWeight }, options.ccpAlpha);
}

/**
 * Column orders of a whole matrix, sorted once and shared by every fit on that matrix (cross-validation
 * folds, tuning, permutation importance): a subset's order is the full order filtered.
 */
const presortCache = new WeakMap<Float64Array, Int32Array[]>();

function presortedFor(x: Float64Array, n: number, p: number): Int32Array[] {
  let cached = presortCache.get(x);
  if (!cached) {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    cached = Array.from({ length: p }, (_, f) => {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = x[i * p + f];
      return argsortNaNLast(col, all);
    });
    presortCache.set(x, cached);
  }
  return cached;
}

function sumWeights(sw: Float64Array, rows: Int32Array): number {
  let s = 0;
  for (const r of rows) s += sw[r];
  return s;
}

/** Per-row weights from the class weights: balanced gives n / (C × n_c), as scikit-learn. */
export function sampleWeights(
  y: Int32Array,
  rows: Int32Array,
  classes: readonly string[],
  cw: ClassWeight,
): Float64Array {
  const sw = new Float64Array(y.length);
  const C = classes.length;
  const perClass = new Float64Array(C).fill(1);
  if (cw === 'balanced') {
    const counts = new Float64Array(C);
    for (const r of rows) counts[y[r]]++;
    for (let c = 0; c < C; c++) perClass[c] = counts[c] > 0 ? rows.length / (C * counts[c]) : 0;
  } else if (cw !== 'none') {
    for (const [name, w] of cw instanceof Map ? cw.entries() : Object.entries(cw)) {
      const c = classes.indexOf(name);
      if (c < 0) throw new UsageError(`class weight for "${name}": no such class (${classes.join(', ')})`);
      if (!(w >= 0)) throw new UsageError(`class weight for "${name}" must be a number ≥ 0`);
      perClass[c] = w;
    }
  }
  for (const r of rows) sw[r] = perClass[y[r]];
  return sw;
}

export interface TreePrediction {
  /** Class index per row. */
  label: Int32Array;
  /** Row-major n × C class probabilities. */
  proba: Float64Array;
  leaf: Int32Array;
}

/** Predicts class, probabilities and leaf for every row of `matrix` (or the rows named). */
export function predictTree(t: TreeArrays, matrix: Matrix, rows?: Int32Array): TreePrediction {
  const { data: x, rows: n, cols: p } = matrix;
  const m = rows ? rows.length : n;
  const C = t.nClasses;
  const label = new Int32Array(m);
  const proba = new Float64Array(m * C);
  const leaf = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const r = rows ? rows[i] : i;
    const node = leafOf(t, x, r, p);
    leaf[i] = node;
    const w = t.weight[node];
    for (let c = 0; c < C; c++) proba[i * C + c] = w > 0 ? t.value[node * C + c] / w : 1 / C;
    label[i] = majorityClass(t.value, node * C, C);
  }
  return { label, proba, leaf };
}
