import { DataError, OptionError } from '../errors.js';
import type { Recipe } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { clara, type Dissimilarity, fasterPam, gowerDissimilarity, PAM_LIMIT } from './kmedoids.js';
import { defaultGamma, kprototypes } from './kprototypes.js';
import {
  centersToOutputs,
  gower,
  type MixedCenters,
  type MixedData,
  prototypeCost,
  takeRows,
} from './mixed.js';
import { silhouetteWith } from './quality.js';

export type ClusterMethod = 'kmeans' | 'kprototypes' | 'kmedoids';
export const CLUSTER_METHODS: readonly ClusterMethod[] = ['kmeans', 'kprototypes', 'kmedoids'];

/** What every method's fit gives the pipeline: labels, centres in the recipe's output space, its objective. */
export interface ClusterFit {
  k: number;
  /** Width of the recipe's output space. */
  d: number;
  /** k × d, row-major: centroids, prototypes (modes one-hot) or medoids. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances to the centres in the recipe's scaled space (k-means' objective). */
  inertia: number;
  iterations: number;
}

export interface MixedFit extends ClusterFit {
  /** k-prototypes: the total cost; k-medoids: the mean Gower dissimilarity to the medoid. */
  objective: number;
  /** Each row's dissimilarity to its centre, in the method's own terms. */
  distance: Float64Array;
  centers: MixedCenters;
  /** k-medoids: the row of each medoid. */
  medoids?: Int32Array;
}

/** The data and settings a mixed method runs on. */
export interface MixedSetup {
  method: 'kprototypes' | 'kmedoids';
  recipe: Recipe;
  x: MixedData;
  /** The one-hot matrix (n × d) the inertia and the charts use. */
  onehot: Float64Array;
  gamma: number;
  seed: number;
  nInit: number;
  maxIter: number;
  /** k-medoids above PAM_LIMIT rows: CLARA with this many samples. */
  clara?: number;
  onProgress?: OnProgress;
  /** Gower dissimilarities, made once for all k. */
  dis?: Dissimilarity;
}

export function mixedSetup(
  method: 'kprototypes' | 'kmedoids',
  recipe: Recipe,
  x: MixedData,
  onehot: Float64Array,
  o: {
    gamma?: number;
    seed: number;
    nInit: number;
    maxIter: number;
    clara?: number;
    onProgress?: OnProgress;
  },
): MixedSetup {
  const gamma = o.gamma ?? defaultGamma(x);
  const setup: MixedSetup = { method, recipe, x, onehot, ...o, gamma };
  if (method === 'kmedoids') {
    if (x.n > PAM_LIMIT && o.clara === undefined)
      throw new OptionError(
        'clara',
        `is needed for ${x.n.toLocaleString('en-US')} rows: k-medoids runs PAM on at most ${PAM_LIMIT.toLocaleString('en-US')} rows at once, and CLARA on seeded samples above (or use method kprototypes)`,
      );
    if (o.clara === undefined) setup.dis = gowerDissimilarity(x);
  }
  return setup;
}

/** Fits the setup's method for one k. */
export function fitMixed(s: MixedSetup, k: number): MixedFit {
  const { x } = s;
  if (k > x.n) throw new DataError({}, `k = ${k} is more than the ${x.n} rows`);
  let labels: Int32Array;
  let centers: MixedCenters;
  let objective: number;
  let iterations: number;
  let distance: Float64Array;
  let medoids: Int32Array | undefined;
  if (s.method === 'kprototypes') {
    const fit = kprototypes(x, {
      k,
      gamma: s.gamma,
      nInit: s.nInit,
      seed: s.seed,
      maxIter: s.maxIter,
      onProgress: s.onProgress,
    });
    ({ labels, centers, iterations } = fit);
    objective = fit.cost;
    distance = fit.distance.map(Math.sqrt);
  } else {
    const fit = s.dis
      ? fasterPam(s.dis, { k, seed: s.seed, onProgress: s.onProgress })
      : clara(x, { k, seed: s.seed, samples: s.clara, onProgress: s.onProgress });
    ({ labels, objective, distance, medoids } = fit);
    iterations = fit.swaps;
    const m = takeRows(x, fit.medoids);
    centers = { k, num: m.num, cat: m.cat };
  }
  const rows = centersToOutputs(s.recipe, centers);
  const d = s.recipe.outputs.length;
  const centroids = Float64Array.from(rows.flat());
  let inertia = 0;
  for (let i = 0; i < x.n; i++)
    for (let t = 0; t < d; t++) inertia += (s.onehot[i * d + t] - centroids[labels[i] * d + t]) ** 2;
  return { k, d, centroids, labels, inertia, iterations, objective, distance, centers, medoids };
}

/**
 * The silhouette on the method's own dissimilarity: Gower for k-medoids; for k-prototypes the square
 * root of its cost (so that with no categories it is k-means' Euclidean silhouette).
 */
export function silhouetteMixed(s: MixedSetup, labels: Int32Array, k: number): number {
  const { x } = s;
  const { p, q } = x;
  const dis: Dissimilarity =
    s.method === 'kmedoids'
      ? (s.dis ?? { n: x.n, pair: (i, j) => gower(x, i, x, j, p, q) })
      : { n: x.n, pair: (i, j) => Math.sqrt(prototypeCost(x, i, x, j, p, q, s.gamma)) };
  return silhouetteWith(dis, labels, k, { seed: s.seed });
}
