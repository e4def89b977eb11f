import { expect, it } from 'vitest';
import { clusterTable } from '../../src/cluster/cluster-table.js';
import { load } from '../../src/data/load.js';
import { cli, hasSklearn, python, shared, suite, tempDir } from '../helpers.js';

const mall = shared('mall_customers/Mall_Customers.csv');
const wholesale = shared('wholesale_customers/Wholesale customers data.csv');
const sk = hasSklearn();

suite('k-means parity with scikit-learn: Mall Customers', !!(mall && sk), () => {
  const ref = python<{ inertia: number; silhouette: number }>(`
import json, pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
x = pd.read_csv(${JSON.stringify(mall)})[['Annual Income (k$)', 'Spending Score (1-100)']].to_numpy(float)
m = KMeans(n_clusters=5, n_init=10, random_state=0).fit(x)
print(json.dumps({'inertia': m.inertia_, 'silhouette': silhouette_score(x, m.labels_)}))
`);

  it('k = 5, 10 restarts, no scaling: inertia and silhouette within 0.5%', () => {
    const out = tempDir();
    const r = cli([
      'cluster',
      mall!,
      '--features',
      'Annual Income (k$),Spending Score (1-100)',
      '--scale',
      'none',
      '--k',
      '5',
      '--n-init',
      '10',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { k: number; inertia: number; silhouette: number; kScan: unknown[] };
    expect(s.k).toBe(5);
    expect(s.kScan).toEqual([]);
    expect(Math.abs(s.inertia - ref.inertia) / ref.inertia).toBeLessThan(0.005);
    expect(Math.abs(s.silhouette - ref.silhouette) / ref.silhouette).toBeLessThan(0.005);
  });

  it('--k auto over 2–10 recommends 5', () => {
    const r = cli([
      'cluster',
      mall!,
      '--features',
      'Annual Income (k$),Spending Score (1-100)',
      '--scale',
      'none',
      '--k',
      'auto',
      '--k-range',
      '2-10',
      '--out',
      tempDir(),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { k: number; kScan: { k: number }[]; recommendation: string };
    expect(s.k).toBe(5);
    expect(s.kScan.map((x) => x.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.recommendation).toMatch(/^k = 5: highest silhouette/);
  });
});

suite('k-means parity with scikit-learn: Wholesale customers', !!(wholesale && sk), () => {
  const spend = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];
  const ref = python<Record<string, number>>(`
import json, numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler
x = StandardScaler().fit_transform(np.log1p(pd.read_csv(${JSON.stringify(wholesale)})[${JSON.stringify(spend)}].to_numpy(float)))
print(json.dumps({k: KMeans(n_clusters=k, n_init=10, random_state=0).fit(x).inertia_ for k in range(2, 7)}))
`);

  it('log + standard scaling: inertia within 0.5% for k = 2…6', async () => {
    const table = await load(wholesale!);
    for (let k = 2; k <= 6; k++) {
      const run = clusterTable(table, {
        features: spend,
        log: spend,
        scale: 'standard',
        k,
        nInit: 10,
        seed: 1,
      });
      const rel = (run.fit.inertia - ref[k]) / ref[k];
      expect(Math.abs(rel), `k = ${k}: ${run.fit.inertia} vs ${ref[k]}`).toBeLessThan(0.005);
    }
  });
});
