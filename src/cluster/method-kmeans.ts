import { assign, fitKMeans, KMEANS_DEFAULTS } from './kmeans.js';
import type { ClusterMethod, MethodFit } from './method.js';
import { times } from './method.js';
import { silhouette, startSilhouette } from './quality.js';

/** Euclidean distance of each row to its centre. */
function distances(x: Float64Array, n: number, d: number, fit: MethodFit['centroids'], labels: Int32Array) {
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const c = labels[i] * d;
    for (let t = 0; t < d; t++) s += (x[i * d + t] - fit[c + t]) ** 2;
    distance[i] = Math.sqrt(s);
  }
  return distance;
}

/** k-means on the recipe's scaled matrix (numbers; categories one-hot). */
export const KMEANS: ClusterMethod = {
  name: 'kmeans',
  title: 'k-means clustering',
  objectiveName: 'inertia',
  objectiveText: (v, num) => num(v),
  fitPhrase: (r, num) => `inertia ${num(r.inertia)}`,
  runSentence: (r, num) =>
    `k = ${r.k}, inertia ${num(r.inertia)}, silhouette ${r.silhouette.toFixed(3)}, ${times(r.iterations, 'iteration')}.`,
  missingSentence: (missing) => `Missing values imputed: ${missing}.`,
  sqlComment: (k) => `k-means, nearest of ${k} centroids`,
  categorical: false,
  scale: 'standard',
  refuse: (o) =>
    o.gamma !== undefined
      ? ['gamma', 'is the weight of a category mismatch in kprototypes: use it with method kprototypes']
      : o.clara !== undefined
        ? ['clara', 'samples rows for kmedoids: use it with method kmedoids']
        : null,
  refuseData: () => null,
  setup(_recipe, _table, m, s) {
    const { data: x, rows: n, cols: d } = m;
    const base = { ...KMEANS_DEFAULTS, nInit: s.nInit, seed: s.seed, maxIter: s.maxIter, tol: s.tol };
    return {
      gamma: undefined,
      fit(k, progress = true) {
        const fit = fitKMeans(x, n, d, { ...base, k, onProgress: progress ? s.onProgress : undefined });
        return { ...fit, objective: fit.inertia };
      },
      distances: (fit) => distances(x, n, d, fit.centroids, fit.labels),
      silhouette: (fit) => startSilhouette(x, n, d, fit.labels, fit.k, { seed: s.seed }),
      scanSilhouette: (fit) => silhouette(x, n, d, fit.labels, fit.k, { seed: s.seed }),
      task: (k) => ({ method: 'kmeans', k, ...base, gamma: 1, x, n, d, mixed: null }),
    };
  },
  resample(task, rows, seed) {
    const m = rows.length;
    const { d } = task;
    const x = new Float64Array(m * d);
    for (let r = 0; r < m; r++) x.set(task.x.subarray(rows[r] * d, rows[r] * d + d), r * d);
    const o = {
      ...KMEANS_DEFAULTS,
      k: task.k,
      nInit: task.nInit,
      maxIter: task.maxIter,
      tol: task.tol,
      seed,
    };
    return fitKMeans(x, m, d, o).labels;
  },
  predict(model, _table, m) {
    const c = Float64Array.from(model.state.centroids.flat());
    return assign(m.data, m.rows, m.cols, c, model.state.k);
  },
};
