export interface ClassMetrics {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  weightedF1: number;
  kappa: number;
  /** Mean negative log-likelihood of the true class (probabilities clipped to [1e-15, 1 − 1e-15]). */
  logLoss: number | null;
  /** One entry per class, in the order of the classes. */
  perClass: ClassMetrics[];
  confusion: { labels: string[]; matrix: number[][] };
}

/** Rows: true class; columns: predicted class. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, C: number): number[][] {
  const m = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** Cohen's kappa from a confusion matrix; weighted variants treat the classes as ordered. */
export function cohenKappa(m: number[][], weights: KappaWeights = 'none'): number {
  const C = m.length;
  const total = m.flat().reduce((a, b) => a + b, 0);
  if (total === 0) return Number.NaN;
  const rows = m.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = m[0].map((_v, j) => m.reduce((a, r) => a + r[j], 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      const w =
        weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
      observed += w * m[i][j];
      expected += (w * rows[i] * cols[j]) / total;
    }
  }
  return expected === 0 ? 1 : 1 - observed / expected;
}

export function evaluate(
  yTrue: Int32Array,
  yPred: Int32Array,
  classes: readonly string[],
  proba?: Float64Array,
): Metrics {
  const C = classes.length;
  const n = yTrue.length;
  let logLoss: number | null = null;
  if (proba) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const p = Math.min(Math.max(proba[i * C + yTrue[i]], 1e-15), 1 - 1e-15);
      s -= Math.log(p);
    }
    logLoss = s / n;
  }
  return evaluateConfusion(confusionMatrix(yTrue, yPred, C), classes, logLoss);
}

/** The metrics of a confusion matrix (rows: true class; columns: predicted), with a log loss computed elsewhere. */
export function evaluateConfusion(
  m: number[][],
  classes: readonly string[],
  logLoss: number | null,
): Metrics {
  const C = classes.length;
  const n = m.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
  let correct = 0;
  for (let c = 0; c < C; c++) correct += m[c][c];
  const perClass: ClassMetrics[] = [];
  let recallSum = 0;
  let present = 0;
  let macroF1 = 0;
  let weightedF1 = 0;
  for (let c = 0; c < C; c++) {
    const support = m[c].reduce((a, b) => a + b, 0);
    const predicted = m.reduce((a, r) => a + r[c], 0);
    const precision = predicted ? m[c][c] / predicted : 0;
    const recall = support ? m[c][c] / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ class: classes[c], precision, recall, f1, support });
    if (support > 0) {
      recallSum += recall;
      present++;
    }
    macroF1 += f1 / C;
    weightedF1 += (f1 * support) / n;
  }
  return {
    accuracy: n ? correct / n : Number.NaN,
    balancedAccuracy: present ? recallSum / present : Number.NaN,
    macroF1,
    weightedF1,
    kappa: cohenKappa(m),
    logLoss,
    perClass,
    confusion: { labels: [...classes], matrix: m },
  };
}
