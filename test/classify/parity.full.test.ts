import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { classifyTable } from '../../src/classify/classify-table.js';
import { stratifiedFolds } from '../../src/classify/cv.js';
import { load } from '../../src/data/load.js';
import { hasSklearn, python, shared, suite, tempDir } from '../helpers.js';

const sk = hasSklearn();
const sets: [string, string | undefined, string, string][] = [
  ['Segmentation A–D', shared('customer_segmentation_AD/Train.csv'), 'Segmentation', ','],
  ['Telco churn', shared('telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv'), 'Churn', ','],
  ['bank-full', shared('bank_marketing/bank-full.csv'), 'y', ';'],
  ['German credit', shared('german_credit/german_credit_readable.csv'), 'Risk', ','],
];

/**
 * scikit-learn's DecisionTreeClassifier(max_depth=6, min_samples_leaf=20) on the same features
 * (one-hot categoricals, median / most-frequent imputation) and the very same folds.
 */
function sklearnCv(
  file: string,
  sep: string,
  label: string,
  numeric: string[],
  categorical: string[],
  fold: Int32Array,
): number {
  const spec = join(tempDir(), 'spec.json');
  writeFileSync(spec, JSON.stringify({ file, sep, label, numeric, categorical, fold: Array.from(fold) }));
  return python<{ accuracy: number }>(`
import json, numpy as np, pandas as pd
from sklearn.model_selection import PredefinedSplit, cross_val_score
from sklearn.tree import DecisionTreeClassifier
s = json.load(open(${JSON.stringify(spec)}))
d = pd.read_csv(s['file'], sep=s['sep'], keep_default_na=True, na_values=['', ' ', 'NA'])
d = d[d[s['label']].notna()]
parts = []
for c in s['numeric']:
    v = pd.to_numeric(d[c], errors='coerce')
    parts.append(v.fillna(v.median()).to_frame(c))
for c in s['categorical']:
    v = d[c].astype('object')
    v = v.where(v.notna(), v.mode()[0]).astype(str)
    parts.append(pd.get_dummies(v, prefix=c).astype(float))
x = pd.concat(parts, axis=1).to_numpy(float)
y = d[s['label']].astype(str).to_numpy()
m = DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, random_state=0)
print(json.dumps({'accuracy': float(np.mean(cross_val_score(m, x, y, cv=PredefinedSplit(np.array(s['fold'])))))}))
`).accuracy;
}

suite('CART parity with scikit-learn: 5-fold CV accuracy within 1.0 pp', !!sk, () => {
  for (const [name, file, label, sep] of sets) {
    it.skipIf(!file)(name, async () => {
      const table = await load(file!);
      const run = classifyTable(table, { label, maxDepth: 6, minSamplesLeaf: 20, folds: 5, seed: 42 });
      const numeric = run.recipe.steps.filter((s) => s.kind === 'numeric').map((s) => s.name);
      const categorical = run.recipe.steps.filter((s) => s.kind === 'categorical').map((s) => s.name);
      // The folds the pipeline used, rebuilt from the same labels and seed.
      const labels = run.classes;
      const y = Int32Array.from({ length: table.nRows }, (_, i) =>
        labels.indexOf(table.text(label, i)),
      ).filter((c) => c >= 0);
      const plan = stratifiedFolds(y, labels, 5, 42);
      const theirs = sklearnCv(file!, sep, label, numeric, categorical, plan.fold);
      const ours = run.cv.accuracy;
      console.log(`${name}: Strata ${(100 * ours).toFixed(2)}%, scikit-learn ${(100 * theirs).toFixed(2)}%`);
      expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.01);
    });
  }
});

const bank = shared('bank_marketing/bank-full.csv');
suite(
  'the default tree on bank-full: small enough to read, as accurate as a depth-6 tree',
  !!(sk && bank),
  () => {
    it('≤ 64 leaves, CV accuracy within 0.5 pp of scikit-learn depth 6 / min leaf 20 on the same folds', async () => {
      const table = await load(bank!);
      const unlimited = classifyTable(table, { label: 'y', ccpAlpha: 0, seed: 42 });
      const run = classifyTable(table, { label: 'y', seed: 42 });
      expect(run.complexity?.rule).toBe('one-standard-error');
      expect(run.model.state.leaves).toBeLessThanOrEqual(64);
      const numeric = run.recipe.steps.filter((s) => s.kind === 'numeric').map((s) => s.name);
      const categorical = run.recipe.steps.filter((s) => s.kind === 'categorical').map((s) => s.name);
      const y = Int32Array.from({ length: table.nRows }, (_, i) => run.classes.indexOf(table.text('y', i)));
      const theirs = sklearnCv(
        bank!,
        ';',
        'y',
        numeric,
        categorical,
        stratifiedFolds(y, run.classes, 5, 42).fold,
      );
      console.log(
        `bank-full default: ${run.model.state.leaves} leaves, CV accuracy ${(100 * run.cv.accuracy).toFixed(2)}%, balanced ${(100 * run.cv.pooled.balancedAccuracy).toFixed(2)}%; ` +
          `unlimited: ${unlimited.model.state.leaves} leaves, ${(100 * unlimited.cv.accuracy).toFixed(2)}%, balanced ${(100 * unlimited.cv.pooled.balancedAccuracy).toFixed(2)}%; ` +
          `scikit-learn depth 6: ${(100 * theirs).toFixed(2)}%`,
      );
      expect(Math.abs(run.cv.accuracy - theirs)).toBeLessThanOrEqual(0.005);
      expect(unlimited.model.state.leaves).toBeGreaterThan(1000);
    });
  },
);
