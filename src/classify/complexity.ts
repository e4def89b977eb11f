import { majorityClass } from '../model/saved-tree.js';
import { pathOf, type TreeArrays } from '../model/tree-model.js';
import type { OnProgress } from '../progress.js';
import { type FittedTree, growTree, type ResolvedCart } from './cart.js';
import { type FoldPlan, split } from './cv.js';
import { collapseAlphas, pruningPath } from './prune.js';
import type { TrainingSet } from './training-set.js';

export interface ComplexityCandidate {
  ccpAlpha: number;
  /** Leaves of the tree trained on every row, pruned at this alpha. */
  leaves: number;
  /** Mean cross-validated error (balanced error when classes are weighted) and its standard error. */
  cvError: number;
  cvErrorSe: number;
}

/** The trees grown to choose the size, kept so that nothing is grown twice. */
export interface GrownTrees {
  /** On every row. */
  full: FittedTree;
  /** One per fold, on its training rows. */
  folds: FittedTree[];
}

export interface ComplexityChoice {
  /** rpart's practice: the simplest tree whose error is within one standard error of the best. */
  rule: 'one-standard-error';
  ccpAlpha: number;
  leaves: number;
  /** Candidates from the unpruned tree's cost-complexity path, simplest last. */
  candidates: ComplexityCandidate[];
}

/** At most this many alphas are scored (evenly spread along the path). */
const MAX_CANDIDATES = 60;

function errorOf(
  y: Int32Array,
  rows: Int32Array,
  predicted: Int32Array,
  C: number,
  balanced: boolean,
): number {
  if (!balanced) {
    let wrong = 0;
    rows.forEach((r, i) => {
      if (predicted[i] !== y[r]) wrong++;
    });
    return rows.length ? wrong / rows.length : 0;
  }
  const total = new Float64Array(C);
  const hit = new Float64Array(C);
  rows.forEach((r, i) => {
    total[y[r]]++;
    if (predicted[i] === y[r]) hit[y[r]]++;
  });
  let sum = 0;
  let present = 0;
  for (let c = 0; c < C; c++) {
    if (total[c] > 0) {
      sum += hit[c] / total[c];
      present++;
    }
  }
  return present ? 1 - sum / present : 0;
}

/** Geometric midpoints of the path's alphas (as rpart scores its cp table), thinned to MAX_CANDIDATES. */
function candidateAlphas(path: readonly number[]): number[] {
  const a = [...new Set(path)].sort((x, y) => x - y);
  const mids = a.map((v, i) => (i === 0 ? 0 : i === a.length - 1 ? v : Math.sqrt(v * a[i + 1])));
  if (mids.length <= MAX_CANDIDATES) return mids;
  const out = new Set<number>();
  for (let i = 0; i < MAX_CANDIDATES; i++)
    out.add(mids[Math.round((i * (mids.length - 1)) / (MAX_CANDIDATES - 1))]);
  return [...out].sort((x, y) => x - y);
}

/** Leaves of `t` pruned at each alpha (a node is a leaf from its collapse alpha on). */
function leavesAt(t: TreeArrays, collapseAt: Float64Array, alphas: readonly number[]): number[] {
  return alphas.map((alpha) => {
    let leaves = 0;
    const stack = [0];
    while (stack.length) {
      const i = stack.pop()!;
      if (t.feature[i] < 0 || collapseAt[i] <= alpha) leaves++;
      else stack.push(t.left[i], t.right[i]);
    }
    return leaves;
  });
}

/**
 * The class each test row gets from `t` pruned at every alpha, in one walk per row: the row stops at
 * the first node on its path that is a leaf at that alpha. `out[j][i]` for alpha j and test row i.
 */
function predictAtAlphas(
  t: TreeArrays,
  collapseAt: Float64Array,
  alphas: readonly number[],
  x: Float64Array,
  p: number,
  rows: Int32Array,
): Int32Array[] {
  const C = t.nClasses;
  const out = alphas.map(() => new Int32Array(rows.length));
  rows.forEach((r, i) => {
    const path = pathOf(t, x, r, p);
    alphas.forEach((alpha, j) => {
      let stop = path[path.length - 1];
      for (const n of path) {
        if (collapseAt[n] <= alpha) {
          stop = n;
          break;
        }
      }
      out[j][i] = majorityClass(t.value, stop * C, C);
    });
  });
  return out;
}

/**
 * Chooses the tree's complexity by cross-validated cost-complexity pruning with the
 * one-standard-error rule: every fold grows the tree the options allow, each candidate alpha prunes
 * it and scores the held-out rows; the largest alpha within one standard error of the best wins.
 */
export function chooseComplexity(
  set: TrainingSet,
  base: ResolvedCart,
  plan: FoldPlan,
  onProgress?: OnProgress,
): ComplexityChoice & { grown: GrownTrees } {
  const { y, classes } = set;
  const { data: x, cols: p } = set.x;
  const C = classes.length;
  const grow: ResolvedCart = { ...base, ccpAlpha: 0 };
  const balanced = base.classWeight !== 'none';
  const full = growTree(set, grow);
  const alphas = candidateAlphas(pruningPath(full, full.weight[0]).ccpAlphas);
  const errors = alphas.map(() => new Float64Array(plan.folds));
  const folds: FittedTree[] = [];
  for (let f = 0; f < plan.folds; f++) {
    const { train, test } = split(plan.fold, f);
    const tree = growTree(set, grow, train);
    folds.push(tree);
    const predicted = predictAtAlphas(tree, collapseAlphas(tree, tree.totalWeight), alphas, x, p, test);
    alphas.forEach((_alpha, j) => {
      errors[j][f] = errorOf(y, test, predicted[j], C, balanced);
    });
    onProgress?.({ step: 'choosing the tree size', done: f + 1, total: plan.folds, detail: `fold ${f + 1}` });
  }
  const fullLeaves = leavesAt(full, collapseAlphas(full, full.totalWeight), alphas);
  const candidates = alphas.map((ccpAlpha, j) => {
    const e = errors[j];
    const mean = e.reduce((s, v) => s + v, 0) / e.length;
    const sd = Math.sqrt(e.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, e.length - 1));
    return { ccpAlpha, leaves: fullLeaves[j], cvError: mean, cvErrorSe: sd / Math.sqrt(e.length) };
  });
  let best = 0;
  for (let j = 1; j < candidates.length; j++) if (candidates[j].cvError < candidates[best].cvError) best = j;
  const limit = candidates[best].cvError + candidates[best].cvErrorSe;
  let chosen = best;
  for (let j = best + 1; j < candidates.length; j++) if (candidates[j].cvError <= limit) chosen = j;
  return {
    rule: 'one-standard-error',
    ccpAlpha: candidates[chosen].ccpAlpha,
    leaves: candidates[chosen].leaves,
    candidates,
    grown: { full, folds },
  };
}
