import { OptionError } from '../errors.js';
import {
  CLARA_DEFAULTS,
  type Dissimilarity,
  fitClara,
  gowerDissimilarity,
  KMEDOIDS_DEFAULTS,
  PAM_LIMIT,
  pam,
} from './kmedoids.js';
import { type ClusterMethod, times } from './method.js';
import { mixedFit, nearestCentre, silhouetteOn, storedCenters } from './method-mixed.js';
import { gower, type MixedData, mixedOf, takeRows } from './mixed.js';

const grouped = (n: number) => n.toLocaleString('en-US');

/** PAM (FasterPAM) on Gower dissimilarities made once, or CLARA on seeded samples. */
function medoids(
  x: MixedData,
  dis: Dissimilarity | null,
  k: number,
  seed: number,
  clara: number | undefined,
  onProgress?: import('../progress.js').OnProgress,
) {
  return dis
    ? pam(dis, { ...KMEDOIDS_DEFAULTS, k, seed, onProgress })
    : fitClara(x, { ...CLARA_DEFAULTS, k, seed, samples: clara ?? CLARA_DEFAULTS.samples, onProgress });
}

/** k-medoids on Gower dissimilarity: real customers as centres, missing values skipped. */
export const KMEDOIDS: ClusterMethod = {
  name: 'kmedoids',
  title: 'k-medoids on Gower dissimilarity',
  objectiveName: 'mean dissimilarity',
  kScanAxis: 'mean dissimilarity (lower is tighter)',
  objectiveText: (v) => v.toFixed(4),
  fitPhrase: (r) => `mean Gower dissimilarity to the medoid ${r.objective.toFixed(4)}`,
  runSentence: (r) =>
    `k-medoids on Gower dissimilarity, k = ${r.k}: mean dissimilarity to the medoid ${r.objective.toFixed(4)}, silhouette ${r.silhouette.toFixed(3)}, ${times(r.iterations, 'swap')}.`,
  missingSentence: (missing) =>
    `Missing values, skipped by the Gower dissimilarity (not imputed): ${missing}.`,
  about:
    'Each segment is centred on a real customer (its medoid), the one with the least total Gower dissimilarity to the others in it: numbers compared as a share of their range, categories by matching, a missing value left out of the comparison.',
  sqlComment: (k) => `k-medoids, nearest of ${k} medoids by Gower dissimilarity`,
  categorical: true,
  scale: 'minmax',
  refuse: (o) =>
    o.scale !== undefined && o.scale !== 'minmax'
      ? ['scale', 'kmedoids uses Gower dissimilarity, which range-scales every number: leave scale out']
      : o.gamma !== undefined
        ? ['gamma', 'is the weight of a category mismatch in kprototypes: use it with method kprototypes']
        : null,
  refuseData: () => null,
  setup(recipe, table, m, s) {
    const x = mixedOf(recipe, table, true);
    if (x.n > PAM_LIMIT && s.clara === undefined)
      throw new OptionError(
        'clara',
        `is needed for ${grouped(x.n)} rows: k-medoids runs PAM on at most ${grouped(PAM_LIMIT)} rows at once, and CLARA on seeded samples above (or use method kprototypes)`,
      );
    const made = s.clara === undefined ? gowerDissimilarity(x) : null;
    const dis = made ?? { n: x.n, pair: (i: number, j: number) => gower(x, i, x, j, x.p, x.q) };
    return {
      gamma: undefined,
      fit(k) {
        const r = medoids(x, made, k, s.seed, s.clara, s.onProgress);
        const c = takeRows(x, r.medoids);
        const centers = { k, num: c.num, cat: c.cat };
        const fit = {
          k,
          labels: r.labels,
          centers,
          iterations: r.swaps,
          objective: r.objective,
          distance: r.distance,
        };
        return { ...mixedFit(recipe, m.data, x.n, fit), medoids: r.medoids };
      },
      distances: (f) => f.distance!,
      silhouette: (f) => {
        const value = silhouetteOn(dis, f, s.seed);
        return () => value;
      },
      scanSilhouette: (f) => silhouetteOn(dis, f, s.seed),
      task: (k) => ({
        method: 'kmedoids',
        k,
        nInit: s.nInit,
        maxIter: s.maxIter,
        tol: s.tol,
        gamma: 1,
        clara: s.clara,
        x: m.data,
        n: m.rows,
        d: m.cols,
        mixed: x,
      }),
    };
  },
  resample(task, rows, seed) {
    const sub = takeRows(task.mixed!, rows);
    return medoids(sub, task.clara === undefined ? gowerDissimilarity(sub) : null, task.k, seed, task.clara)
      .labels;
  },
  predict(model, table) {
    const x = mixedOf(model.recipe, table, true);
    const c = storedCenters(model);
    return nearestCentre(x, c, (i, j) => gower(x, i, c, j, x.p, x.q));
  },
};
