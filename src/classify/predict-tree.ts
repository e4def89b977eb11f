import type { Table } from '../data/table.js';
import type { TreeModel } from '../model/model-file.js';
import { treeArrays } from '../model/saved-tree.js';
import { pathOf } from '../model/tree-model.js';
import { applyRecipe } from '../prep/recipe.js';
import { predictTree } from './cart.js';
import { conditionsOf, featureMap } from './rules.js';

export interface TreePredictions {
  classes: string[];
  predicted: string[];
  /** Row-major n × classes. */
  proba: Float64Array;
  /** The conditions that decided each row. */
  rule: string[];
}

/** Class, class probabilities and the deciding conditions for every row, through the stored recipe. */
export function predictWithTree(model: TreeModel, table: Table): TreePredictions {
  const t = treeArrays(model);
  const m = applyRecipe(model.recipe, table);
  const pr = predictTree(t, m);
  const map = featureMap(model.recipe);
  const cache = new Map<number, string>();
  const rule: string[] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    const leaf = pr.leaf[i];
    let text = cache.get(leaf);
    if (text === undefined) {
      text = conditionsOf(t, pathOf(t, m.data, i, m.cols), map)
        .map((c) => c.text)
        .join(' AND ');
      cache.set(leaf, text);
    }
    rule[i] = text;
  }
  return {
    classes: model.state.classes,
    predicted: Array.from(pr.label, (l) => model.state.classes[l]),
    proba: pr.proba,
    rule,
  };
}
