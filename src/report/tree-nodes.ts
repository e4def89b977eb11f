import { conditionsOf, featureMap } from '../classify/rules.js';
import type { TreeModel } from '../model/model-file.js';
import { majorityClass, majorityShare, treeArrays } from '../model/tree.js';
import type { TreeNodeView } from './charts/tree.js';

/** A saved tree's nodes with their split conditions written out (the left branch's test). */
export function treeNodes(model: TreeModel): TreeNodeView[] {
  const s = model.state;
  const map = featureMap(model.recipe);
  const t = treeArrays(model);
  return s.feature.map((f, i) => {
    const v = s.value[i];
    const best = majorityClass(v, 0, v.length);
    let test = '';
    // The left branch's test, worded as the rules word it (one function renders both).
    if (f >= 0) test = conditionsOf(t, [i, s.left[i]], map)[0].text;
    return {
      test,
      left: s.left[i],
      right: s.right[i],
      cls: s.classes[best],
      samples: s.samples[i],
      purity: v.some((w) => w > 0) ? majorityShare(v, 0, v.length) : 0,
    };
  });
}
