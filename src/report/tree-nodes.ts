import { treeArrays } from '../classify/predict.js';
import { conditionsOf, featureMap } from '../classify/rules.js';
import type { TreeModel } from '../export/model-file.js';
import type { TreeNodeView } from './charts/tree.js';

/** A saved tree's nodes with their split conditions written out (the left branch's test). */
export function treeNodes(model: TreeModel): TreeNodeView[] {
  const s = model.state;
  const map = featureMap(model.recipe);
  const t = treeArrays(model);
  return s.feature.map((f, i) => {
    const v = s.value[i];
    const total = v.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
    let test = '';
    // The left branch's test, worded as the rules word it (one function renders both).
    if (f >= 0) test = conditionsOf(t, [i, s.left[i]], map)[0].text;
    return {
      test,
      left: s.left[i],
      right: s.right[i],
      cls: s.classes[best],
      samples: s.samples[i],
      purity: total ? v[best] / total : 0,
    };
  });
}
