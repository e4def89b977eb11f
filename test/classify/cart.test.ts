import fc from 'fast-check';
// @ts-expect-error ml-cart ships no types
import { DecisionTreeClassifier as MlCart } from 'ml-cart';
import { describe, expect, it } from 'vitest';
import { fitTree, predictTree } from '../../src/classify/cart.js';
import { impurityImportance } from '../../src/classify/importance.js';
import { cohenKappa, confusionMatrix, evaluate } from '../../src/classify/metrics.js';
import { pruningPath } from '../../src/classify/prune.js';
import { Random } from '../../src/util/random.js';
import { hasSklearn, python } from '../helpers.js';

/** Continuous features with no ties; the class depends on the first two. */
function synthetic(n: number, p: number, seed: number) {
  const r = new Random(seed);
  const x = new Float64Array(n * p);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < p; f++) x[i * p + f] = r.normal(0, 1) + r.next() * 1e-9;
    const s = x[i * p] + 0.7 * x[i * p + 1] + r.normal(0, 0.4);
    y[i] = s < -0.5 ? 0 : s < 0.6 ? 1 : 2;
  }
  return { x, y };
}
const rows = (x: Float64Array, p: number) =>
  Array.from({ length: x.length / p }, (_, i) => Array.from(x.subarray(i * p, i * p + p)));
const classes = ['a', 'b', 'c'];

describe('CART engine against the oracles', () => {
  it('predicts as ml-cart on small numeric data without ties', () => {
    for (const seed of [1, 2]) {
      const { x, y } = synthetic(150, 4, seed);
      const test = synthetic(100, 4, seed + 10);
      const ours = fitTree(
        { x: { data: x, rows: 150, cols: 4 }, y: y, classes: classes },
        { maxDepth: 3, minSamplesSplit: 3 },
      );
      const theirs = new MlCart({ maxDepth: 3, minNumSamples: 3 });
      theirs.train(rows(x, 4), Array.from(y));
      expect(Array.from(predictTree(ours, { data: test.x, rows: 100, cols: 4 }).label)).toEqual(
        theirs.predict(rows(test.x, 4)),
      );
    }
  });

  it.skipIf(!hasSklearn())('predicts, prunes and weighs features as scikit-learn', () => {
    const { x, y } = synthetic(300, 5, 7);
    const test = synthetic(200, 5, 8);
    const ref = python<{
      gini: number[];
      entropy: number[];
      balanced: number[];
      proba: number[][];
      alphas: number[];
      importances: number[];
      nodes: number;
    }>(`
import json, numpy as np
from sklearn.tree import DecisionTreeClassifier
x = np.array(${JSON.stringify(rows(x, 5))}); y = np.array(${JSON.stringify(Array.from(y))})
t = np.array(${JSON.stringify(rows(test.x, 5))})
g = DecisionTreeClassifier(max_depth=4, min_samples_leaf=5, random_state=0).fit(x, y)
e = DecisionTreeClassifier(max_depth=4, criterion='entropy', random_state=0).fit(x, y)
b = DecisionTreeClassifier(max_depth=3, class_weight='balanced', random_state=0).fit(x, y)
full = DecisionTreeClassifier(random_state=0)
print(json.dumps({'gini': g.predict(t).tolist(), 'entropy': e.predict(t).tolist(), 'balanced': b.predict(t).tolist(),
  'proba': g.predict_proba(t).tolist(), 'alphas': full.cost_complexity_pruning_path(x, y).ccp_alphas.tolist(),
  'importances': g.feature_importances_.tolist(), 'nodes': int(g.tree_.node_count)}))
`);
    const g = fitTree(
      { x: { data: x, rows: 300, cols: 5 }, y: y, classes: classes },
      { maxDepth: 4, minSamplesLeaf: 5 },
    );
    const pg = predictTree(g, { data: test.x, rows: 200, cols: 5 });
    expect(Array.from(pg.label)).toEqual(ref.gini);
    expect(g.feature.length).toBe(ref.nodes);
    for (let i = 0; i < pg.proba.length; i++)
      expect(pg.proba[i]).toBeCloseTo(ref.proba[Math.floor(i / 3)][i % 3], 12);
    const importances = impurityImportance(g);
    for (let i = 0; i < importances.length; i++) expect(importances[i]).toBeCloseTo(ref.importances[i], 12);
    const e = fitTree(
      { x: { data: x, rows: 300, cols: 5 }, y: y, classes: classes },
      { maxDepth: 4, criterion: 'entropy' },
    );
    expect(Array.from(predictTree(e, { data: test.x, rows: 200, cols: 5 }).label)).toEqual(ref.entropy);
    const b = fitTree(
      { x: { data: x, rows: 300, cols: 5 }, y: y, classes: classes },
      { maxDepth: 3, classWeight: 'balanced' },
    );
    expect(Array.from(predictTree(b, { data: test.x, rows: 200, cols: 5 }).label)).toEqual(ref.balanced);
    const full = fitTree({ x: { data: x, rows: 300, cols: 5 }, y: y, classes: classes }, {});
    const alphas = pruningPath(full, full.weight[0]).ccpAlphas;
    expect(alphas.length).toBe(ref.alphas.length);
    for (let i = 0; i < alphas.length; i++) expect(alphas[i]).toBeCloseTo(ref.alphas[i], 12);
  });

  it('histogram splits agree with exact splits when every value has its own bin', () => {
    const { x, y } = synthetic(200, 3, 3);
    const a = fitTree(
      { x: { data: x, rows: 200, cols: 3 }, y: y, classes: classes },
      { maxDepth: 5, splitter: 'exact' },
    );
    const b = fitTree(
      { x: { data: x, rows: 200, cols: 3 }, y: y, classes: classes },
      { maxDepth: 5, splitter: 'histogram' },
    );
    expect(b.splitter).toBe('histogram');
    expect(Array.from(b.feature)).toEqual(Array.from(a.feature));
    expect(Array.from(predictTree(b, { data: x, rows: 200, cols: 3 }).label)).toEqual(
      Array.from(predictTree(a, { data: x, rows: 200, cols: 3 }).label),
    );
  });

  it('routes missing values by a learned direction', () => {
    // Missing x goes with the high values (class 1): the tree must learn to send NaN right.
    const x = Float64Array.from([1, 2, 3, 4, 10, 11, 12, 13, Number.NaN, Number.NaN, Number.NaN]);
    const y = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    const t = fitTree({ x: { data: x, rows: 11, cols: 1 }, y: y, classes: ['low', 'high'] }, { maxDepth: 1 });
    expect(t.threshold[0]).toBe(7);
    expect(t.missingLeft[0]).toBe(0);
    const p = predictTree(t, { data: Float64Array.from([Number.NaN, 2, 12]), rows: 3, cols: 1 });
    expect(Array.from(p.label)).toEqual([1, 0, 1]);
  });

  it('honours depth, leaf and split limits and is deterministic', () => {
    const { x, y } = synthetic(500, 4, 5);
    const t = fitTree(
      { x: { data: x, rows: 500, cols: 4 }, y: y, classes: classes },
      { maxDepth: 3, minSamplesLeaf: 30 },
    );
    for (let i = 0; i < t.feature.length; i++) {
      expect(t.depth[i]).toBeLessThanOrEqual(3);
      expect(t.samples[i]).toBeGreaterThanOrEqual(30);
    }
    const again = fitTree(
      { x: { data: x, rows: 500, cols: 4 }, y: y, classes: classes },
      { maxDepth: 3, minSamplesLeaf: 30 },
    );
    expect(Array.from(again.threshold)).toEqual(Array.from(t.threshold));
  });

  it('training accuracy never decreases with depth (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 20, max: 200 }), (seed, n) => {
        const { x, y } = synthetic(n, 3, seed);
        let last = -1;
        for (let depth = 1; depth <= 6; depth++) {
          const t = fitTree(
            { x: { data: x, rows: n, cols: 3 }, y: y, classes: classes },
            { maxDepth: depth },
          );
          const p = predictTree(t, { data: x, rows: n, cols: 3 });
          let ok = 0;
          for (let i = 0; i < n; i++) if (p.label[i] === y[i]) ok++;
          expect(ok).toBeGreaterThanOrEqual(last);
          last = ok;
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('metrics', () => {
  it.skipIf(!hasSklearn())(
    'equal scikit-learn: accuracy, balanced accuracy, F1, kappa (plain, linear, quadratic), log loss',
    () => {
      const r = new Random(3);
      const n = 400;
      const yt = Int32Array.from({ length: n }, () => r.int(4));
      const yp = Int32Array.from(yt, (v) => (r.next() < 0.6 ? v : r.int(4)));
      const proba = new Float64Array(n * 4);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < 4; c++) s += proba[i * 4 + c] = r.next() + (c === yp[i] ? 2 : 0);
        for (let c = 0; c < 4; c++) proba[i * 4 + c] /= s;
      }
      const ref = python<Record<string, number>>(`
import json, numpy as np
from sklearn import metrics as m
yt = np.array(${JSON.stringify(Array.from(yt))}); yp = np.array(${JSON.stringify(Array.from(yp))})
p = np.array(${JSON.stringify(Array.from(proba))}).reshape(-1, 4)
print(json.dumps({'acc': m.accuracy_score(yt, yp), 'bacc': m.balanced_accuracy_score(yt, yp),
  'macro': m.f1_score(yt, yp, average='macro'), 'weighted': m.f1_score(yt, yp, average='weighted'),
  'kappa': m.cohen_kappa_score(yt, yp), 'linear': m.cohen_kappa_score(yt, yp, weights='linear'),
  'quadratic': m.cohen_kappa_score(yt, yp, weights='quadratic'), 'logloss': m.log_loss(yt, p)}))
`);
      const e = evaluate(yt, yp, ['a', 'b', 'c', 'd'], proba);
      expect(e.accuracy).toBeCloseTo(ref.acc, 12);
      expect(e.balancedAccuracy).toBeCloseTo(ref.bacc, 12);
      expect(e.macroF1).toBeCloseTo(ref.macro, 12);
      expect(e.weightedF1).toBeCloseTo(ref.weighted, 12);
      expect(e.kappa).toBeCloseTo(ref.kappa, 12);
      expect(e.logLoss!).toBeCloseTo(ref.logloss, 10);
      const cm = confusionMatrix(yt, yp, 4);
      expect(cohenKappa(cm, 'linear')).toBeCloseTo(ref.linear, 12);
      expect(cohenKappa(cm, 'quadratic')).toBeCloseTo(ref.quadratic, 12);
    },
  );
});
