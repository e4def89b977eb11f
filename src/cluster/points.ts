import type { Table } from '../data/table.js';
import type { KMeansModel } from '../model/model-file.js';
import { lazyRequire } from '../util/lazy-require.js';
import { Random } from '../util/random.js';
import { round } from '../util/stats.js';
import type { ClusterFit } from './method.js';
import type { Profiles } from './profile.js';

const pcaPackage = lazyRequire<typeof import('ml-pca')>('ml-pca');

/** Points a report draws (at most this many, seeded sample above). */
export const MAX_POINTS = 3000;

/** Feature counts from which only the two drawn components are computed (NIPALS instead of an SVD). */
const WIDE = 200;

/** The sum of the column variances (n − 1 in the denominator, as ml-pca's eigenvalues). */
function totalVariance(rows: number[][]): number {
  const n = rows.length;
  const d = rows[0].length;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (const r of rows) mean += r[j];
    mean /= n;
    let ss = 0;
    for (const r of rows) ss += (r[j] - mean) ** 2;
    total += ss / (n - 1);
  }
  return total;
}

/** One customer on the chart; `values[j]` is column `keys[j]` (null when missing). */
export interface ClusterPoint {
  id: string;
  segment: string;
  pc1: number;
  pc2: number;
  values: (number | null)[];
}

export interface ClusterPoints {
  total: number;
  explained: [number, number];
  /** Numeric columns carried with every point (original units), for tooltips and box plots. */
  keys: string[];
  points: ClusterPoint[];
  centroids: { segment: string; pc1: number; pc2: number }[];
}

/**
 * A seeded sample of customers projected on the first two principal components of the model's scaled
 * feature matrix (ml-pca), with the centroids projected the same way.
 */
export function clusterPoints(
  run: {
    model: KMeansModel;
    features: readonly string[];
    id: string | undefined;
    fit: Pick<ClusterFit, 'labels'>;
    profiles: Pick<Profiles, 'clusters'>;
  },
  table: Table,
  scaled: Float64Array,
  seed: number,
): ClusterPoints {
  const n = table.nRows;
  const d = run.model.recipe.outputs.length;
  const rows =
    n > MAX_POINTS ? new Random(seed).choose(n, MAX_POINTS) : Int32Array.from({ length: n }, (_, i) => i);
  const sample = Array.from(rows, (r) => Array.from(scaled.subarray(r * d, r * d + d)));
  const keys = run.features.filter((f) => table.get(f)?.type === 'numeric').slice(0, 6);
  let project: (m: number[][]) => number[][];
  let explained: [number, number] = [1, 0];
  if (d >= 2 && sample.length > 2) {
    // A full SVD costs n·d² and took half a minute at d = 1,500 (a one-hot column of 1,500 levels);
    // for wide matrices NIPALS computes only the two components drawn.
    const wide = d > WIDE;
    const pca = new (pcaPackage().PCA)(
      sample,
      wide
        ? { center: true, scale: false, method: 'NIPALS', nCompNIPALS: 2 }
        : { center: true, scale: false },
    );
    project = (m) => pca.predict(m, { nComponents: 2 }).to2DArray();
    if (!wide) {
      const ev = pca.getExplainedVariance();
      explained = [ev[0] ?? 0, ev[1] ?? 0];
    } else explained = [Number.NaN, Number.NaN];
  } else {
    project = (m) => m.map((r) => [r[0] ?? 0, 0]);
  }
  const pcs = project(sample);
  if (Number.isNaN(explained[0])) {
    // NIPALS gives no share of the total: the variance of each score over the trace.
    const total = totalVariance(sample);
    const share = (k: number) => totalVariance(pcs.map((r) => [r[k]])) / total;
    explained = total > 0 ? [share(0), share(1)] : [0, 0];
  }
  const names = run.profiles.clusters.map((c) => c.segment);
  const points = Array.from(rows, (r, i) => {
    // Column values by position: a column named "id" or "__proto__" cannot clash with a key.
    const values = keys.map((k) => {
      const v = (table.get(k) as { values: Float64Array }).values[r];
      return Number.isNaN(v) ? null : v;
    });
    const p: ClusterPoint = {
      id: run.id ? table.text(run.id, r) : String(r + 1),
      segment: names[run.fit.labels[r]],
      pc1: round(pcs[i][0], 6),
      pc2: round(pcs[i][1], 6),
      values,
    };
    return p;
  });
  const c = run.model.state.centroids;
  const cp = project(c);
  return {
    total: n,
    explained: [round(explained[0], 6), round(explained[1], 6)],
    keys,
    points,
    centroids: cp.map((v, j) => ({ segment: names[j], pc1: round(v[0], 6), pc2: round(v[1], 6) })),
  };
}
