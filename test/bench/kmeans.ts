import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, type BenchRow, blobs, peakMemory, python, time, writeF64 } from './common.js';
import { strata } from './strata.js';

const N = 1_000_000;
const D = 8;

export function benchKMeans(): BenchRow[] {
  const rows: BenchRow[] = [];
  const x = blobs(N, D, 12, 2026);
  const file = writeF64('kmeans-1m.f64', x);
  // Fit only, over several seeds on each side (the target: time ratio ≤ 1, median inertia
  // within 0.1%): 1,000,000 × 8 at k = 8 and 20 (10 seeds), 1,000,000 × 32 at k = 50 (3 seeds).
  const wide = blobs(N, 32, 60, 2027);
  const wideFile = writeF64('kmeans-1m-32.f64', wide);
  for (const [k, d, seeds, data, path] of [
    [8, D, 10, x, file],
    [20, D, 10, x, file],
    [50, 32, 3, wide, wideFile],
  ] as const) {
    const ours = Array.from({ length: seeds }, (_, seed) =>
      time(() => strata.kmeans(data, N, d, { k, nInit: 1, seed, maxIter: 300, tol: 1e-4 })),
    );
    const sk = python<{ seconds: number[]; inertia: number[]; iterations: number[] }>(`
import json, time, numpy as np
from sklearn.cluster import KMeans
x = np.fromfile(${JSON.stringify(path)}).reshape(-1, ${d})
out = {'seconds': [], 'inertia': [], 'iterations': []}
for seed in range(${seeds}):
    t = time.perf_counter()
    m = KMeans(n_clusters=${k}, n_init=1, max_iter=300, tol=1e-4, algorithm='lloyd', random_state=seed).fit(x)
    out['seconds'].append(time.perf_counter() - t); out['inertia'].append(float(m.inertia_)); out['iterations'].append(int(m.n_iter_))
print(json.dumps(out))
`);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    rows.push({
      name: `k-means fit 1,000,000 × ${d}, k = ${k} (nInit 1), median of ${seeds} seeds`,
      strata: median(ours.map((o) => o.seconds)),
      sklearn: median(sk.seconds),
      unit: 's',
      note: `median inertia ratio ${(median(ours.map((o) => o.value.inertia)) / median(sk.inertia)).toFixed(4)}; median iterations ${median(ours.map((o) => o.value.iterations))} vs ${median(sk.iterations)}; ${ours[0].value.algorithm}`,
    });
  }
  const scan = time(() => strata.scanK(x, N, D, { from: 2, to: 10, nInit: 1, seed: 1 }));
  const skScan = python<{ seconds: number; k: number }>(`
import json, time, numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score, calinski_harabasz_score, davies_bouldin_score
x = np.fromfile(${JSON.stringify(file)}).reshape(-1, ${D})
t = time.perf_counter()
best = (-2, 0)
for k in range(2, 11):
    m = KMeans(n_clusters=k, n_init=1, random_state=1).fit(x)
    s = silhouette_score(x, m.labels_, sample_size=10000, random_state=1)
    calinski_harabasz_score(x, m.labels_); davies_bouldin_score(x, m.labels_)
    best = max(best, (s, k))
print(json.dumps({'seconds': time.perf_counter() - t, 'k': best[1]}))
`);
  rows.push({
    name: 'k scan 2–10 on 1,000,000 × 8 (inertia, silhouette on 10,000, CH, DB)',
    strata: scan.seconds,
    sklearn: skScan.seconds,
    unit: 's',
    note: `recommended k ${scan.value.recommended} vs sklearn's best silhouette k ${skScan.k}`,
  });

  const csv = join(BENCH_DIR, 'customers-1m.csv');
  const lines = ['id,f1,f2,f3,f4,f5,f6,f7,f8'];
  for (let i = 0; i < N; i++)
    lines.push(`${i + 1},${Array.from(x.subarray(i * D, i * D + D), (v) => v.toFixed(4)).join(',')}`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const mem = peakMemory([
    process.execPath,
    'bin/strata.js',
    'cluster',
    csv,
    '--k',
    '8',
    '--n-init',
    '1',
    '--out',
    join(BENCH_DIR, 'cluster-out'),
    '--force',
  ]);
  const skMem = peakMemory([
    '/usr/bin/python3',
    '-c',
    `import pandas as pd; from sklearn.preprocessing import StandardScaler; from sklearn.cluster import KMeans; from sklearn.metrics import silhouette_score
d = pd.read_csv(${JSON.stringify(csv)}); x = StandardScaler().fit_transform(d.drop(columns=['id']).to_numpy())
m = KMeans(n_clusters=8, n_init=1).fit(x); silhouette_score(x, m.labels_, sample_size=10000)`,
  ]);
  rows.push({
    name: 'peak memory: cluster a 1,000,000-row CSV (k = 8, with profiles and files)',
    strata: mem.mb,
    sklearn: skMem.mb,
    unit: 'MB',
    note: `wall ${mem.seconds.toFixed(1)} s vs ${skMem.seconds.toFixed(1)} s (pandas read + scale + fit + silhouette); exit ${mem.status}`,
  });
  return rows;
}
