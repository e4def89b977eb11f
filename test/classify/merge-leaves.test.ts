import { describe, expect, it } from 'vitest';
import { fitTree, predictTree } from '../../src/classify/cart.js';
import { mergeSameClass } from '../../src/classify/prune.js';
import { Random } from '../../src/util/random.js';

describe('merging leaves of one class (segment rules)', () => {
  it('the same prediction for every row from fewer leaves, and no split left whose two leaves agree', () => {
    const r = new Random(3);
    const n = 3000;
    const p = 3;
    const data = new Float64Array(n * p);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < p; f++) data[i * p + f] = r.normal(0, 1);
      // Noisy classes: a deep tree splits regions that still end in the same class.
      const s = data[i * p] + 0.5 * data[i * p + 1] + r.normal(0, 0.8);
      y[i] = s < -0.3 ? 0 : s < 0.9 ? 1 : 2;
    }
    const set = { x: { data, rows: n, cols: p }, y, classes: ['a', 'b', 'c'] };
    const full = fitTree(set, { maxDepth: 6, minSamplesLeaf: 20 });
    const merged = mergeSameClass(full);
    const leaves = (t: { feature: Int32Array }) => t.feature.filter((f) => f < 0).length;
    expect(leaves(merged)).toBeLessThan(leaves(full));
    expect(Array.from(predictTree(merged, set.x).label)).toEqual(Array.from(predictTree(full, set.x).label));
    const C = 3;
    const cls = (i: number) => {
      let b = 0;
      for (let c = 1; c < C; c++) if (merged.value[i * C + c] > merged.value[i * C + b]) b = c;
      return b;
    };
    for (let i = 0; i < merged.feature.length; i++) {
      if (merged.feature[i] < 0) continue;
      const [l, rr] = [merged.left[i], merged.right[i]];
      if (merged.feature[l] < 0 && merged.feature[rr] < 0) expect(cls(l)).not.toBe(cls(rr));
    }
  });
});
