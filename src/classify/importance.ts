import type { TreeArrays } from '../model/tree-model.js';
import type { Recipe } from '../prep/recipe.js';
import type { Matrix } from '../util/matrix.js';
import { Random } from '../util/random.js';
import { predictTree } from './cart.js';
import { type FoldPlan, split } from './cv.js';
import { featureMap } from './rules.js';
import type { TrainingSet } from './training-set.js';

export interface Importance {
  column: string;
  /** Share of the total weighted impurity decrease (sums to 1 over columns). */
  impurity: number;
  /** Mean drop in held-out accuracy when the column is shuffled; null when not computed. */
  permutation: number | null;
  permutationStd: number | null;
}

/** Which importances to compute: permutation costs a pass per column, fold and repeat. */
export type ImportanceKind = 'impurity' | 'permutation' | 'none';
export const IMPORTANCE_KINDS: readonly ImportanceKind[] = ['impurity', 'permutation', 'none'];

/** Rows from which permutation importance is left out by default (it dominates the time there). */
export const PERMUTATION_ROWS = 100_000;

/** Impurity importance per model input (as scikit-learn's feature_importances_). */
export function impurityImportance(t: TreeArrays): Float64Array {
  const imp = new Float64Array(t.nFeatures);
  for (let i = 0; i < t.feature.length; i++) {
    const f = t.feature[i];
    if (f < 0) continue;
    const l = t.left[i];
    const r = t.right[i];
    imp[f] += t.weight[i] * t.impurity[i] - t.weight[l] * t.impurity[l] - t.weight[r] * t.impurity[r];
  }
  const total = imp.reduce((a, b) => a + b, 0);
  if (total > 0) for (let f = 0; f < imp.length; f++) imp[f] /= total;
  return imp;
}

/**
 * Impurity importance of the final tree and permutation importance on held-out folds, per input
 * column (one-hot levels of a column are summed, and shuffled together). The fold trees are those
 * cross-validation trained (`foldTrees[f]` without fold f), not trained again.
 */
/** How importances are computed: which kind, with which fold trees and seed, and how many shuffles. */
export interface ImportanceSettings {
  kind: ImportanceKind;
  /** The trees cross-validation trained (`foldTrees[f]` without fold f), for permutation importance. */
  foldTrees: readonly TreeArrays[];
  seed: number;
  /** Shuffles per column and fold (default 3). */
  repeats?: number;
}

export function importances(
  tree: TreeArrays,
  recipe: Recipe,
  set: Pick<TrainingSet, 'x' | 'y'>,
  plan: FoldPlan,
  s: ImportanceSettings,
): Importance[] {
  const { kind, foldTrees, seed, repeats = 3 } = s;
  if (kind === 'none') return [];
  const { y } = set;
  const { data: x, rows: n, cols: p } = set.x;
  const map = featureMap(recipe);
  const columns = [...new Set(map.column)];
  const groups = columns.map((c) => map.column.flatMap((col, f) => (col === c ? [f] : [])));
  const impurity = impurityImportance(tree);
  const drops: number[][] = columns.map(() => []);
  const rnd = new Random(seed);
  const work = kind === 'permutation' ? Float64Array.from(x) : x;
  for (let fold = 0; kind === 'permutation' && fold < plan.folds; fold++) {
    const { test } = split(plan.fold, fold);
    const model = foldTrees[fold];
    const base = accuracy(model, set.x, y, test);
    groups.forEach((features, c) => {
      for (let rep = 0; rep < repeats; rep++) {
        const perm = rnd.permutation(test.length);
        for (let i = 0; i < test.length; i++) {
          for (const f of features) work[test[i] * p + f] = x[test[perm[i]] * p + f];
        }
        drops[c].push(base - accuracy(model, { data: work, rows: n, cols: p }, y, test));
        for (const r of test) for (const f of features) work[r * p + f] = x[r * p + f];
      }
    });
  }
  return columns
    .map((column, c) => {
      const d = drops[c];
      const imp = groups[c].reduce((a, f) => a + impurity[f], 0);
      if (!d.length) return { column, impurity: imp, permutation: null, permutationStd: null };
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
      return { column, impurity: imp, permutation: mean, permutationStd: std };
    })
    .sort((a, b) => b.impurity - a.impurity || (b.permutation ?? 0) - (a.permutation ?? 0));
}

function accuracy(t: TreeArrays, x: Matrix, y: Int32Array, rows: Int32Array): number {
  const pr = predictTree(t, x, rows);
  let ok = 0;
  for (let i = 0; i < rows.length; i++) if (pr.label[i] === y[rows[i]]) ok++;
  return ok / rows.length;
}
