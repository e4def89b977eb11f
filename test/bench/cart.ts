import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fitTree, predictTree, resolveCart } from '../../src/classify/cart.js';
import { labelsOf } from '../../src/classify/classify-table.js';
import { crossValidate, stratifiedFolds } from '../../src/classify/cv.js';
import { load } from '../../src/data/load.js';
import { chooseFeatures } from '../../src/prep/features.js';
import { applyRecipe, fitRecipe } from '../../src/prep/recipe.js';
import { Random } from '../../src/util/random.js';
import { type BenchRow, python, time, writeF64 } from './common.js';

const P = 10;

/** Ten features; three classes from a noisy non-linear score of five of them. */
function treeData(n: number, seed: number): { x: Float64Array; y: Int32Array } {
  const r = new Random(seed);
  const x = new Float64Array(n * P);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < P; f++) x[i * P + f] = r.normal(0, 1);
    const o = i * P;
    const s = x[o] + 0.8 * x[o + 1] * x[o + 2] - 0.6 * Math.abs(x[o + 3]) + 0.4 * x[o + 4] + r.normal(0, 0.5);
    y[i] = s < -0.6 ? 0 : s < 0.5 ? 1 : 2;
  }
  return { x, y };
}

function accuracy(pred: Int32Array, y: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

export async function benchCart(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of [100_000, 1_000_000]) {
    const train = treeData(n, 11);
    const test = treeData(200_000, 12);
    const fx = writeF64(`tree-x-${n}.f64`, train.x);
    const fy = writeF64(`tree-y-${n}.f64`, Float64Array.from(train.y));
    const tx = writeF64('tree-test-x.f64', test.x);
    const ty = writeF64('tree-test-y.f64', Float64Array.from(test.y));
    const fit = time(() =>
      fitTree(
        { x: { data: train.x, rows: n, cols: P }, y: train.y, classes: ['0', '1', '2'] },
        { maxDepth: 10 },
      ),
    );
    const acc = accuracy(predictTree(fit.value, { data: test.x, rows: 200_000, cols: P }).label, test.y);
    const sk = python<{ seconds: number; accuracy: number }>(`
import json, time, numpy as np
from sklearn.tree import DecisionTreeClassifier
x = np.fromfile(${JSON.stringify(fx)}).reshape(-1, ${P}); y = np.fromfile(${JSON.stringify(fy)})
tx = np.fromfile(${JSON.stringify(tx)}).reshape(-1, ${P}); ty = np.fromfile(${JSON.stringify(ty)})
t = time.perf_counter(); m = DecisionTreeClassifier(max_depth=10, random_state=0).fit(x, y); s = time.perf_counter() - t
print(json.dumps({'seconds': s, 'accuracy': float((m.predict(tx) == ty).mean())}))
`);
    rows.push({
      name: `tree fit ${n.toLocaleString('en-US')} × 10, depth 10 (${fit.value.splitter} splits)`,
      strata: fit.seconds,
      sklearn: sk.seconds,
      unit: 's',
      note: `test accuracy ${(100 * acc).toFixed(2)}% vs ${(100 * sk.accuracy).toFixed(2)}% (${(100 * (acc - sk.accuracy)).toFixed(2)} pp)`,
    });
  }
  const bank = join('..', 'shared', 'data', 'bank_marketing', 'bank-full.csv');
  if (existsSync(bank)) {
    const t0 = performance.now();
    const table = await load(bank);
    const { y, classes } = labelsOf(table, 'y');
    const features = chooseFeatures(table, { categorical: true, reserved: ['y'] });
    const m = applyRecipe(fitRecipe(table, features, { scale: 'none', keepMissing: true }), table);
    const plan = stratifiedFolds(y, classes, 5, 42);
    const cv = crossValidate({ x: m, y, classes }, resolveCart({ maxDepth: 6, minSamplesLeaf: 20 }), plan);
    const ours = (performance.now() - t0) / 1000;
    const sk = python<{ seconds: number; accuracy: number }>(`
import json, time, numpy as np, pandas as pd
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.tree import DecisionTreeClassifier
t = time.perf_counter()
d = pd.read_csv(${JSON.stringify(bank)}, sep=';')
y = d.pop('y'); x = pd.get_dummies(d).astype(float).to_numpy()
a = cross_val_score(DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, random_state=0), x, y, cv=StratifiedKFold(5, shuffle=True, random_state=42))
print(json.dumps({'seconds': time.perf_counter() - t, 'accuracy': float(a.mean())}))
`);
    rows.push({
      name: '5-fold CV on bank-full (45,211 rows; read, one-hot, depth 6, min leaf 20)',
      strata: ours,
      sklearn: sk.seconds,
      unit: 's',
      note: `CV accuracy ${(100 * cv.accuracy).toFixed(2)}% vs ${(100 * sk.accuracy).toFixed(2)}%`,
    });
  }
  return rows;
}
