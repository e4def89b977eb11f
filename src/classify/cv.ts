import { DataError } from '../errors.js';
import type { TreeArrays } from '../model/tree-model.js';
import type { OnProgress } from '../progress.js';
import { Random } from '../util/random.js';
import { type FittedTree, growTree, predictTree, pruneFitted, type ResolvedCart } from './cart.js';
import { evaluate, type Metrics } from './metrics.js';
import { pruningPath } from './prune.js';
import type { TrainingSet } from './training-set.js';

export interface FoldPlan {
  /** Fold id per row. */
  fold: Int32Array;
  folds: number;
  /** Why fewer folds were used than asked, if so. */
  note?: string;
}

/**
 * Stratified k-fold: each class is shuffled (seeded) and dealt round-robin across folds, so every
 * fold has nearly the same class mix. With a class smaller than k, k drops to that class's size.
 */
export function stratifiedFolds(
  y: Int32Array,
  classes: readonly string[],
  k: number,
  seed: number,
): FoldPlan {
  const C = classes.length;
  const counts = new Int32Array(C);
  for (const c of y) counts[c]++;
  let folds = k;
  let note: string | undefined;
  const smallest = Math.min(...Array.from(counts).filter((c) => c > 0));
  if (smallest < k) {
    const c = classes[Array.from(counts).indexOf(smallest)];
    if (smallest < 2)
      throw new DataError(
        {},
        `class "${c}" has only ${smallest} member; cross-validation needs at least 2 per class`,
      );
    folds = smallest;
    note = `class "${c}" has only ${smallest} members, fewer than ${k} folds; using ${smallest} folds`;
  }
  const rnd = new Random(seed);
  const fold = new Int32Array(y.length);
  let dealt = 0;
  for (let c = 0; c < C; c++) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === c) members.push(i);
    const order = rnd.permutation(members.length);
    for (const o of order) fold[members[o]] = dealt++ % folds;
  }
  return { fold, folds, note };
}

export interface CvResult {
  folds: number;
  /** Mean and standard deviation of the per-fold accuracies. */
  accuracy: number;
  accuracyStd: number;
  foldAccuracy: number[];
  /** Everything else from the pooled out-of-fold predictions. */
  pooled: Metrics;
  /** Out-of-fold prediction per row. */
  predicted: Int32Array;
  /** Each fold's tree (trained without that fold), for held-out work such as permutation importance. */
  trees: TreeArrays[];
  note?: string;
}

/** What cross-validation may be given besides the folds. */
export interface CvExtras {
  onProgress?: OnProgress;
  /** Fold trees already grown with these options but no pruning: pruned here instead of regrown. */
  grown?: readonly FittedTree[];
}

/** Each fold's tree trained on the other folds and scored on its own; the scores pooled. */
export function crossValidate(
  set: TrainingSet,
  options: ResolvedCart,
  plan: FoldPlan,
  extras: CvExtras = {},
): CvResult {
  const { y, classes } = set;
  const { grown, onProgress } = extras;
  const n = set.x.rows;
  const C = classes.length;
  const predicted = new Int32Array(n);
  const proba = new Float64Array(n * C);
  const foldAccuracy: number[] = [];
  const trees: TreeArrays[] = [];
  for (let f = 0; f < plan.folds; f++) {
    const { train, test } = split(plan.fold, f);
    const tree = grown ? pruneFitted(grown[f], options.ccpAlpha) : growTree(set, options, train);
    trees.push(tree);
    const pr = predictTree(tree, set.x, test);
    let ok = 0;
    test.forEach((r, i) => {
      predicted[r] = pr.label[i];
      proba.set(pr.proba.subarray(i * C, i * C + C), r * C);
      if (pr.label[i] === y[r]) ok++;
    });
    foldAccuracy.push(ok / test.length);
    onProgress?.({ step: 'cross-validation', done: f + 1, total: plan.folds, detail: `fold ${f + 1}` });
  }
  const mean = foldAccuracy.reduce((a, b) => a + b, 0) / foldAccuracy.length;
  const std = Math.sqrt(foldAccuracy.reduce((a, b) => a + (b - mean) ** 2, 0) / foldAccuracy.length);
  return {
    folds: plan.folds,
    accuracy: mean,
    accuracyStd: std,
    foldAccuracy,
    pooled: evaluate(y, predicted, classes, proba),
    predicted,
    trees,
    note: plan.note,
  };
}

export function split(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === f ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

export const SCORINGS = ['accuracy', 'balanced-accuracy', 'macro-f1', 'kappa', 'log-loss'] as const;
export type Scoring = (typeof SCORINGS)[number];

export interface TuneCandidate {
  maxDepth: number | null;
  minSamplesLeaf: number;
  ccpAlpha: number;
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  kappa: number;
  logLoss: number | null;
}

export interface TuneResult {
  scoring: Scoring;
  best: ResolvedCart;
  /** The best candidate's score (higher is better; log loss is negated here). */
  bestScore: number;
  tried: TuneCandidate[];
}

/** A candidate's score under `scoring`, higher better. */
function scoreOf(c: TuneCandidate, scoring: Scoring): number {
  switch (scoring) {
    case 'accuracy':
      return c.accuracy;
    case 'balanced-accuracy':
      return c.balancedAccuracy;
    case 'macro-f1':
      return c.macroF1;
    case 'kappa':
      return c.kappa;
    case 'log-loss':
      return c.logLoss === null ? Number.NEGATIVE_INFINITY : -c.logLoss;
  }
}

const describeCandidate = (c: TuneCandidate) =>
  `depth ${c.maxDepth ?? 'unlimited'}, min leaf ${c.minSamplesLeaf}${c.ccpAlpha ? `, ccp-alpha ${Number(c.ccpAlpha.toPrecision(3))}` : ''}`;

/**
 * Picks depth and minimum leaf size by a cross-validated score, then ccpAlpha along the pruning
 * path of that tree; ties go to the simpler tree. Every candidate is kept with all its scores.
 */
export function tune(
  set: TrainingSet,
  base: ResolvedCart,
  plan: FoldPlan,
  scoring: Scoring,
  onProgress?: OnProgress,
): TuneResult {
  const depths = [3, 4, 5, 6, 8, 10, undefined];
  const leaves = [1, 5, 20, 50];
  const alphaSteps = 8;
  const total = depths.length * leaves.length + alphaSteps;
  const tried: TuneCandidate[] = [];
  let best: ResolvedCart = base;
  let bestScore = Number.NEGATIVE_INFINITY;
  let done = 0;
  const run = (o: ResolvedCart): TuneCandidate => {
    const cv = crossValidate(set, o, plan);
    const c: TuneCandidate = {
      maxDepth: o.maxDepth ?? null,
      minSamplesLeaf: o.minSamplesLeaf,
      ccpAlpha: o.ccpAlpha,
      accuracy: cv.accuracy,
      balancedAccuracy: cv.pooled.balancedAccuracy,
      macroF1: cv.pooled.macroF1,
      kappa: cv.pooled.kappa,
      logLoss: cv.pooled.logLoss,
    };
    tried.push(c);
    const score = scoreOf(c, scoring);
    onProgress?.({
      step: `tuning by ${scoring}`,
      done: ++done,
      total,
      detail: describeCandidate(c),
      message: `${describeCandidate(c)}: ${scoring} ${Number.isFinite(score) ? Math.abs(score).toFixed(4) : '—'}`,
    });
    return c;
  };
  for (const maxDepth of depths) {
    for (const minSamplesLeaf of leaves) {
      const o = { ...base, maxDepth, minSamplesLeaf, ccpAlpha: 0 };
      const score = scoreOf(run(o), scoring);
      if (score > bestScore + 1e-12) {
        bestScore = score;
        best = o;
      }
    }
  }
  const full = growTree(set, { ...best, ccpAlpha: 0 });
  const path = pruningPath(full, full.weight[0]).ccpAlphas.slice(1, -1);
  const picks = new Set<number>();
  for (let i = 1; i <= alphaSteps && path.length; i++)
    picks.add(path[Math.floor((i * (path.length - 1)) / alphaSteps)]);
  const stem = best;
  for (const ccpAlpha of [...picks].sort((a, b) => a - b)) {
    const o = { ...stem, ccpAlpha };
    const score = scoreOf(run(o), scoring);
    if (score >= bestScore - 1e-12) {
      bestScore = score;
      best = o;
    }
  }
  return { scoring, best, bestScore, tried };
}
