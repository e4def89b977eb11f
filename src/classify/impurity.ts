export type SplitCriterion = 'gini' | 'entropy';

/** Impurity of weighted class counts `w[off..off+C)` with total `total`. */
export function impurity(
  criterion: SplitCriterion,
  w: Float64Array,
  off: number,
  C: number,
  total: number,
): number {
  if (total <= 0) return 0;
  if (criterion === 'gini') {
    let s = 0;
    for (let c = 0; c < C; c++) {
      const p = w[off + c] / total;
      s += p * p;
    }
    return 1 - s;
  }
  let h = 0;
  for (let c = 0; c < C; c++) {
    const p = w[off + c] / total;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}
