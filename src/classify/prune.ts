import type { TreeArrays } from './tree-model.js';

/** R(node): the node's weighted impurity as a share of the whole training weight (scikit-learn's cost). */
function cost(t: TreeArrays, node: number, total: number): number {
  return (t.weight[node] / total) * t.impurity[node];
}

interface Subtree {
  leaves: number;
  cost: number;
}

function subtrees(t: TreeArrays, pruned: Uint8Array, total: number): Subtree[] {
  const out: Subtree[] = Array.from({ length: t.feature.length }, () => ({ leaves: 0, cost: 0 }));
  // Children have larger ids than their parent (preorder), so a reverse sweep visits children first.
  for (let i = t.feature.length - 1; i >= 0; i--) {
    if (t.feature[i] < 0 || pruned[i]) out[i] = { leaves: 1, cost: cost(t, i, total) };
    else {
      const l = out[t.left[i]];
      const r = out[t.right[i]];
      out[i] = { leaves: l.leaves + r.leaves, cost: l.cost + r.cost };
    }
  }
  return out;
}

function reachable(t: TreeArrays, pruned: Uint8Array): Uint8Array {
  const seen = new Uint8Array(t.feature.length);
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    seen[i] = 1;
    if (t.feature[i] >= 0 && !pruned[i]) stack.push(t.left[i], t.right[i]);
  }
  return seen;
}

/** Weakest-link pruning steps: the effective alpha at which each next subtree collapses. */
function weakestLinks(
  t: TreeArrays,
  total: number,
  until: number,
): { pruned: Uint8Array; alphas: number[]; impurities: number[] } {
  const pruned = new Uint8Array(t.feature.length);
  const alphas = [0];
  const impurities: number[] = [];
  for (;;) {
    const sub = subtrees(t, pruned, total);
    impurities.push(sub[0].cost);
    const live = reachable(t, pruned);
    let weakest = -1;
    let alpha = Number.POSITIVE_INFINITY;
    for (let i = 0; i < t.feature.length; i++) {
      if (!live[i] || t.feature[i] < 0 || pruned[i]) continue;
      const a = (cost(t, i, total) - sub[i].cost) / (sub[i].leaves - 1);
      if (a < alpha - 1e-15) {
        alpha = a;
        weakest = i;
      }
    }
    if (weakest < 0 || alpha > until) break;
    pruned[weakest] = 1;
    alphas.push(Math.max(alpha, 0));
  }
  return { pruned, alphas, impurities };
}

/** The cost-complexity pruning path (as scikit-learn's cost_complexity_pruning_path). */
export function pruningPath(
  t: TreeArrays,
  totalWeight: number,
): { ccpAlphas: number[]; impurities: number[] } {
  const { alphas, impurities } = weakestLinks(t, totalWeight, Number.POSITIVE_INFINITY);
  return { ccpAlphas: alphas, impurities };
}

/** The smallest subtree whose weakest link is above `alpha`, renumbered in preorder. */
export function pruneTree(t: TreeArrays, alpha: number, totalWeight: number): TreeArrays {
  const { pruned } = weakestLinks(t, totalWeight, alpha);
  const keep: number[] = [];
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    keep.push(i);
    if (t.feature[i] >= 0 && !pruned[i]) stack.push(t.right[i], t.left[i]);
  }
  const newId = new Map(keep.map((old, i) => [old, i]));
  const C = t.nClasses;
  const m = keep.length;
  const out: TreeArrays = {
    nClasses: C,
    nFeatures: t.nFeatures,
    feature: new Int32Array(m),
    threshold: new Float64Array(m),
    left: new Int32Array(m).fill(-1),
    right: new Int32Array(m).fill(-1),
    missingLeft: new Uint8Array(m),
    value: new Float64Array(m * C),
    samples: new Int32Array(m),
    weight: new Float64Array(m),
    impurity: new Float64Array(m),
    depth: new Int32Array(m),
  };
  keep.forEach((old, i) => {
    const leaf = t.feature[old] < 0 || pruned[old] === 1;
    out.feature[i] = leaf ? -1 : t.feature[old];
    out.threshold[i] = leaf ? 0 : t.threshold[old];
    out.missingLeft[i] = leaf ? 0 : t.missingLeft[old];
    if (!leaf) {
      out.left[i] = newId.get(t.left[old])!;
      out.right[i] = newId.get(t.right[old])!;
    }
    out.value.set(t.value.subarray(old * C, old * C + C), i * C);
    out.samples[i] = t.samples[old];
    out.weight[i] = t.weight[old];
    out.impurity[i] = t.impurity[old];
    out.depth[i] = t.depth[old];
  });
  return out;
}
