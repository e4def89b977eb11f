import { MODEL_FORMAT, TREE_AND_MIXED_VERSION, type TreeModel } from '../model/model-file.js';
import { savedTree } from '../model/saved-tree.js';
import type { Recipe } from '../prep/recipe.js';
import { VERSION } from '../version.js';
import type { FittedTree, ResolvedCart } from './cart.js';

/** The model file of a fitted tree: its recipe, the options it was grown with, and the tree. */
export function treeModel(
  tree: FittedTree,
  cart: ResolvedCart,
  recipe: Recipe,
  o: {
    id: string | undefined;
    features: string[];
    rows: number;
    source: string;
    label: string;
    classes: readonly string[];
    seed: number;
  },
): TreeModel {
  return {
    format: MODEL_FORMAT,
    version: TREE_AND_MIXED_VERSION,
    kind: 'tree',
    createdWith: `strata ${VERSION}`,
    recipe,
    id: o.id ?? null,
    training: { rows: o.rows, features: o.features, source: o.source },
    params: {
      criterion: cart.criterion,
      maxDepth: cart.maxDepth ?? null,
      minSamplesSplit: cart.minSamplesSplit,
      minSamplesLeaf: cart.minSamplesLeaf,
      minImpurityDecrease: cart.minImpurityDecrease,
      classWeight: (cart.classWeight instanceof Map
        ? Object.fromEntries(cart.classWeight)
        : cart.classWeight) as TreeModel['params']['classWeight'],
      ccpAlpha: cart.ccpAlpha,
      splitter: tree.splitter,
      seed: o.seed,
    },
    state: savedTree(tree, o.label, o.classes),
  };
}
