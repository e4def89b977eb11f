import { conditionsOf, featureMap } from '../classify/rules.js';
import type { TreeModel } from '../model/model-file.js';
import { majorityClass, majorityShare, treeArrays } from '../model/saved-tree.js';
import { formatExact, formatShare } from '../util/format.js';
import type { TreeNodeView } from './charts/tree-chart.js';

/** A saved tree's nodes with both branches' conditions written out as the rules write them. */
export function treeNodes(model: TreeModel): TreeNodeView[] {
  const s = model.state;
  const map = featureMap(model.recipe);
  const t = treeArrays(model);
  return s.feature.map((f, i) => {
    const v = s.value[i];
    const best = majorityClass(v, 0, v.length);
    // One function words the rules, the chart and the outline.
    const branch = (child: number) => (f >= 0 ? conditionsOf(t, [i, child], map)[0].text : '');
    return {
      test: branch(s.left[i]),
      no: branch(s.right[i]),
      left: s.left[i],
      right: s.right[i],
      cls: s.classes[best],
      samples: s.samples[i],
      purity: v.some((w) => w > 0) ? majorityShare(v, 0, v.length) : 0,
    };
  });
}

/** One node of the tree outline: what leads to it, what it holds, and its branches. */
export interface TreeOutline {
  /** The condition that leads here ("all customers" at the root). */
  condition: string;
  /** Its customers and their majority class; for a leaf, the prediction. */
  detail: string;
  leaf: boolean;
  children: TreeOutline[];
}

/** The whole tree as nested conditions, for an outline that opens node by node. */
export function treeOutline(nodes: readonly TreeNodeView[]): TreeOutline {
  const walk = (id: number, condition: string): TreeOutline => {
    const n = nodes[id];
    const leaf = n.left < 0;
    const share = `${formatShare(n.purity, 0)} ${n.cls}`;
    return {
      condition,
      detail: leaf
        ? `→ ${n.cls} (${share} of ${formatExact(n.samples)} customers)`
        : `${formatExact(n.samples)} customers, ${share}`,
      leaf,
      children: leaf ? [] : [walk(n.left, n.test), walk(n.right, n.no ?? `NOT (${n.test})`)],
    };
  };
  return walk(0, 'All customers');
}
