import { majorityClass } from '../model/saved-tree.js';
import type { TreeArrays } from '../model/tree-model.js';

/** R(node): the node's weighted impurity as a share of the whole training weight (scikit-learn's cost). */
function cost(t: TreeArrays, node: number, total: number): number {
  return (t.weight[node] / total) * t.impurity[node];
}

/**
 * Weakest-link pruning (Breiman et al.; scikit-learn's cost_complexity_pruning_path): repeatedly
 * collapse the internal node whose subtree buys the least impurity per extra leaf. Subtree costs and
 * leaf counts are kept per node and, after each collapse, recomputed from the children for the
 * collapsed node's ancestors only — the same sums a full recomputation would give, in O(depth).
 * `collapseAt[i]` is the alpha from which node i is a leaf (the running maximum of the step alphas,
 * so pruning at alpha collapses exactly the steps a sequential pass would take); Infinity if never.
 */
function weakestLinks(
  t: TreeArrays,
  total: number,
  until: number,
): { collapseAt: Float64Array; alphas: number[]; impurities: number[] } {
  const m = t.feature.length;
  const parent = new Int32Array(m).fill(-1);
  for (let i = 0; i < m; i++) {
    if (t.feature[i] >= 0) {
      parent[t.left[i]] = i;
      parent[t.right[i]] = i;
    }
  }
  const leaves = new Float64Array(m);
  const sub = new Float64Array(m);
  // Children have larger ids than their parent (preorder), so a reverse sweep visits children first.
  for (let i = m - 1; i >= 0; i--) {
    if (t.feature[i] < 0) {
      leaves[i] = 1;
      sub[i] = cost(t, i, total);
    } else {
      leaves[i] = leaves[t.left[i]] + leaves[t.right[i]];
      sub[i] = sub[t.left[i]] + sub[t.right[i]];
    }
  }
  const open = new Uint8Array(m);
  for (let i = 0; i < m; i++) open[i] = t.feature[i] >= 0 ? 1 : 0;
  const collapseAt = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const alphas = [0];
  const impurities: number[] = [sub[0]];
  let ceiling = 0;
  for (;;) {
    let weakest = -1;
    let alpha = Number.POSITIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      if (!open[i]) continue;
      const a = (cost(t, i, total) - sub[i]) / (leaves[i] - 1);
      if (a < alpha - 1e-15) {
        alpha = a;
        weakest = i;
      }
    }
    if (weakest < 0 || alpha > until) break;
    ceiling = Math.max(ceiling, alpha);
    collapseAt[weakest] = ceiling;
    // The collapsed node and everything below it are no longer candidates.
    const stack = [weakest];
    while (stack.length) {
      const i = stack.pop()!;
      open[i] = 0;
      // Leaves are never open, and a closed inner node's subtree was closed with it: each node once.
      if (open[t.left[i]]) stack.push(t.left[i]);
      if (open[t.right[i]]) stack.push(t.right[i]);
    }
    leaves[weakest] = 1;
    sub[weakest] = cost(t, weakest, total);
    for (let a = parent[weakest]; a >= 0; a = parent[a]) {
      const l = t.left[a];
      const r = t.right[a];
      leaves[a] = leaves[l] + leaves[r];
      sub[a] = sub[l] + sub[r];
    }
    impurities.push(sub[0]);
    alphas.push(Math.max(alpha, 0));
  }
  return { collapseAt, alphas, impurities };
}

/** The alpha from which each node is a leaf (Infinity if never): one pass serves every alpha. */
export function collapseAlphas(t: TreeArrays, totalWeight: number): Float64Array {
  return weakestLinks(t, totalWeight, Number.POSITIVE_INFINITY).collapseAt;
}

/** The cost-complexity pruning path (as scikit-learn's cost_complexity_pruning_path). */
export function pruningPath(
  t: TreeArrays,
  totalWeight: number,
): { ccpAlphas: number[]; impurities: number[] } {
  const { alphas, impurities } = weakestLinks(t, totalWeight, Number.POSITIVE_INFINITY);
  // The last impurity belongs to the root alone; the path pairs each alpha with the tree it leaves.
  return { ccpAlphas: alphas, impurities };
}

/** The smallest subtree whose weakest link is above `alpha`, renumbered in preorder. */
export function pruneTree(t: TreeArrays, alpha: number, totalWeight: number): TreeArrays {
  const { collapseAt } = weakestLinks(t, totalWeight, alpha);
  return collapsed(
    t,
    Uint8Array.from(collapseAt, (a) => (a <= alpha ? 1 : 0)),
  );
}

/**
 * The same predictions from fewer rules: every split whose leaves all predict one class becomes a
 * leaf (their class totals pooled keep that class the majority). Class shares of the merged leaves
 * are pooled, so use it for rules to read, not where each leaf's probabilities matter.
 */
export function mergeSameClass(t: TreeArrays): TreeArrays {
  const C = t.nClasses;
  const n = t.feature.length;
  // The class every leaf under a node predicts, or -1 where they differ; children before parents.
  const uniform = new Int32Array(n);
  const order: number[] = [];
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    order.push(i);
    if (t.feature[i] >= 0) stack.push(t.left[i], t.right[i]);
  }
  const merge = new Uint8Array(n);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    if (t.feature[i] < 0) uniform[i] = majorityClass(t.value, i * C, C);
    else {
      const l = uniform[t.left[i]];
      uniform[i] = l >= 0 && l === uniform[t.right[i]] ? l : -1;
      if (uniform[i] >= 0) merge[i] = 1;
    }
  }
  return merge.some((m) => m === 1) ? collapsed(t, merge) : t;
}

/** `t` with every node marked in `pruned` made a leaf, renumbered in preorder. */
function collapsed(t: TreeArrays, pruned: Uint8Array): TreeArrays {
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
