import type { TreeModel, TreeState } from './model-file.js';
import type { TreeArrays } from './tree-model.js';
import { leafCount, maxDepth } from './tree-model.js';

/**
 * The class a node predicts: the largest weighted total, the first on ties (as scikit-learn).
 * `value` holds C totals per node; `offset` is where this node's start.
 */
export function majorityClass(value: ArrayLike<number>, offset: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (value[offset + c] > value[offset + best]) best = c;
  return best;
}

/** The predicted class's share of a node's weighted total (1 / C for an empty node). */
export function majorityShare(value: ArrayLike<number>, offset: number, C: number): number {
  let total = 0;
  for (let c = 0; c < C; c++) total += value[offset + c];
  return total > 0 ? value[offset + majorityClass(value, offset, C)] / total : 1 / C;
}

/** A saved tree's node arrays, as the engine works on them. */
export function treeArrays(model: TreeModel): TreeArrays {
  const s = model.state;
  const C = s.classes.length;
  return {
    nClasses: C,
    nFeatures: model.recipe.outputs.length,
    feature: Int32Array.from(s.feature),
    threshold: Float64Array.from(s.threshold),
    left: Int32Array.from(s.left),
    right: Int32Array.from(s.right),
    missingLeft: Uint8Array.from(s.missingLeft),
    value: Float64Array.from(s.value.flat()),
    samples: Int32Array.from(s.samples),
    weight: Float64Array.from(s.value, (v) => v.reduce((a, b) => a + b, 0)),
    impurity: Float64Array.from(s.impurity),
    depth: new Int32Array(s.feature.length),
  };
}

/** The engine's node arrays in the saved form (the inverse of `treeArrays`). */
export function savedTree(tree: TreeArrays, label: string, classes: readonly string[]): TreeState {
  const C = tree.nClasses;
  return {
    label,
    classes: [...classes],
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    missingLeft: Array.from(tree.missingLeft),
    value: Array.from({ length: tree.feature.length }, (_, i) =>
      Array.from(tree.value.subarray(i * C, i * C + C)),
    ),
    samples: Array.from(tree.samples),
    impurity: Array.from(tree.impurity),
    depth: maxDepth(tree),
    leaves: leafCount(tree),
  };
}
