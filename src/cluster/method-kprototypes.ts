import { DataError } from '../errors.js';
import { formatNumber } from '../util/format.js';
import { defaultGamma, fitKPrototypes, KPROTOTYPES_DEFAULTS } from './kprototypes.js';
import { type ClusterMethod, type ClusterTask, times } from './method.js';
import { hasCategory, mixedFit, nearestCentre, silhouetteOn, storedCenters } from './method-mixed.js';
import { type MixedData, mixedOf, prototypeCost, takeRows } from './mixed.js';

function fitPrototypes(x: MixedData, task: Omit<ClusterTask, 'x' | 'n' | 'd' | 'mixed'>, seed: number) {
  const { k, gamma, nInit, maxIter } = task;
  if (k > x.n) throw new DataError({}, `k = ${k} is more than the ${x.n} rows`);
  return fitKPrototypes(x, { ...KPROTOTYPES_DEFAULTS, k, gamma, nInit, maxIter, seed });
}

/** k-prototypes (Huang): means for numbers, modes for categories, γ per category mismatch. */
export const KPROTOTYPES: ClusterMethod = {
  name: 'kprototypes',
  title: 'k-prototypes on numbers and categories',
  objectiveName: 'cost',
  kScanAxis: 'cost (lower is tighter)',
  objectiveText: (v, num) => num(v),
  fitPhrase: (r, num) => `cost ${num(r.objective)}, γ = ${num(r.gamma ?? 0)} per category mismatch`,
  runSentence: (r, num) =>
    `k-prototypes, k = ${r.k}: cost ${num(r.objective)} (γ = ${formatNumber(r.gamma ?? 0)} per category mismatch), silhouette ${r.silhouette.toFixed(3)}, ${times(r.iterations, 'iteration')}.`,
  missingSentence: (missing) => `Missing values imputed: ${missing}.`,
  sqlComment: (k) => `k-prototypes, nearest of ${k} prototypes (squared distance + γ per category mismatch)`,
  categorical: true,
  scale: 'standard',
  refuse: (o) =>
    o.clara !== undefined ? ['clara', 'samples rows for kmedoids: use it with method kmedoids'] : null,
  refuseData: (table, features) =>
    hasCategory(table, features)
      ? null
      : [
          'method',
          `kprototypes needs a categorical feature, and none of ${features.join(', ')} is one: name one in features, or use kmeans`,
        ],
  setup(recipe, table, m, s) {
    const x = mixedOf(recipe, table, false);
    const gamma = s.gamma ?? defaultGamma(x);
    const { p, q } = x;
    const dis = { n: x.n, pair: (i: number, j: number) => Math.sqrt(prototypeCost(x, i, x, j, p, q, gamma)) };
    const settings = { nInit: s.nInit, maxIter: s.maxIter, tol: s.tol, gamma };
    return {
      gamma,
      fit(k) {
        const r = fitKPrototypes(x, {
          ...KPROTOTYPES_DEFAULTS,
          ...settings,
          k,
          seed: s.seed,
          onProgress: s.onProgress,
        });
        const { labels, centers, iterations } = r;
        const distance = r.distance.map(Math.sqrt);
        return mixedFit(recipe, m.data, x.n, { k, labels, centers, iterations, objective: r.cost, distance });
      },
      distances: (f) => f.distance!,
      silhouette: (f) => {
        const value = silhouetteOn(dis, f, s.seed);
        return () => value;
      },
      scanSilhouette: (f) => silhouetteOn(dis, f, s.seed),
      task: (k) => ({ method: 'kprototypes', k, ...settings, x: m.data, n: m.rows, d: m.cols, mixed: x }),
    };
  },
  resample: (task, rows, seed) => fitPrototypes(takeRows(task.mixed!, rows), task, seed).labels,
  predict(model, table) {
    const x = mixedOf(model.recipe, table, false);
    const gamma = model.state.gamma ?? 1;
    const c = storedCenters(model);
    return nearestCentre(x, c, (i, j) => Math.sqrt(prototypeCost(x, i, c, j, x.p, x.q, gamma)));
  },
};
