import { featureMap, shortNumber } from '../classify/rules.js';
import type { TreeModel } from '../export/model-file.js';
import type { TreeNodeView } from './charts/tree.js';

/** A saved tree's nodes with their split conditions written out (the left branch's test). */
export function treeNodes(model: TreeModel): TreeNodeView[] {
  const s = model.state;
  const map = featureMap(model.recipe);
  return s.feature.map((f, i) => {
    const v = s.value[i];
    const total = v.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
    let test = '';
    if (f >= 0) {
      const level = map.level[f];
      test =
        level === null ? `${map.column[f]} ≤ ${shortNumber(s.threshold[i])}` : `${map.column[f]} ≠ ${level}`;
    }
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
