import { OptionError } from '../errors.js';
import { resolveOptions } from '../options.js';
import type { OnProgress } from '../progress.js';
import { fitKMeans, KMEANS_DEFAULTS, KMEANS_OPTIONS, type KMeansOptions } from './kmeans.js';
import type { ClusterFit } from './method.js';
import { calinskiHarabasz, daviesBouldin, silhouette } from './quality.js';

export interface KScanRow {
  k: number;
  inertia: number;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** The method's own objective, for k-prototypes and k-medoids. */
  objective?: number;
}

/** One k fitted by another method than k-means, with the silhouette on that method's dissimilarity. */
export type KFitter<F extends ClusterFit = ClusterFit> = (k: number) => {
  fit: F;
  silhouette: number;
  objective: number;
};

export interface KScan<F extends ClusterFit = ClusterFit> {
  rows: KScanRow[];
  recommended: number;
  /** Where the inertia curve bends most (kneedle), or null when the range is too short. */
  elbow: number | null;
  reason: string;
  /** The fitted model for every k, so the recommended one need not be refitted. */
  fits: Map<number, F>;
}

export interface KScanOptions extends Omit<KMeansOptions, 'k' | 'init' | 'trackInertia'> {
  from?: number;
  to?: number;
  silhouetteSample?: number;
  onProgress?: OnProgress;
}

/** The k range scanned when none is given. */
export const K_RANGE_DEFAULT: readonly [number, number] = [2, 10];

/**
 * Fits k-means (or `fitter`'s method) for every k in a range and reports inertia, silhouette,
 * Calinski–Harabasz and Davies–Bouldin (these two on the one-hot matrix `x`); recommends the k with
 * the highest silhouette and says whether the elbow agrees.
 */
export function scanK(
  x: Float64Array,
  n: number,
  d: number,
  options: KScanOptions = {},
  fitter?: KFitter,
): KScan {
  const { from: f, to: t, silhouetteSample, onProgress, ...rest } = options;
  const kmeansOptions = resolveOptions(KMEANS_OPTIONS, KMEANS_DEFAULTS, rest);
  const fitK =
    fitter ??
    ((k: number) => {
      const fit = fitKMeans(x, n, d, { ...kmeansOptions, trackInertia: false, k });
      const sil = silhouette(x, n, d, fit.labels, k, {
        sampleSize: silhouetteSample,
        seed: kmeansOptions.seed,
      });
      return { fit, silhouette: sil, objective: fit.inertia };
    });
  const range = { from: f ?? K_RANGE_DEFAULT[0], to: t ?? K_RANGE_DEFAULT[1], onProgress };
  return scanWith(x, n, d, range, fitK, !!fitter);
}

/** `scanK` with every k fitted by `fitK`; `objectives` keeps each method's own objective in the rows. */
export function scanWith<F extends ClusterFit>(
  x: Float64Array,
  n: number,
  d: number,
  range: { from: number; to: number; onProgress?: OnProgress },
  fitK: KFitter<F>,
  objectives: boolean,
): KScan<F> {
  const { from } = range;
  const to = Math.min(range.to, n - 1);
  if (!(from >= 2 && from <= to))
    throw new OptionError(
      'kRange',
      `must be FROM-TO with 2 ≤ FROM ≤ TO < rows (got ${from}-${range.to} for ${n} rows)`,
    );
  const rows: KScanRow[] = [];
  const fits = new Map<number, F>();
  const total = to - from + 1;
  for (let k = from; k <= to; k++) {
    const { fit, silhouette: sil, objective } = fitK(k);
    fits.set(k, fit);
    rows.push({
      k,
      inertia: fit.inertia,
      silhouette: sil,
      calinskiHarabasz: calinskiHarabasz(x, n, d, fit.labels, k),
      daviesBouldin: daviesBouldin(x, n, d, fit.labels, k),
      ...(objectives ? { objective } : {}),
    });
    range.onProgress?.({ step: 'choosing k', done: k - from + 1, total, detail: `k = ${k}` });
  }
  return recommend(rows, fits, objectives);
}

/** The k with the highest silhouette, and what the elbow and the runner-up say. */
function recommend<F extends ClusterFit>(
  rows: KScanRow[],
  fits: Map<number, F>,
  objectives: boolean,
): KScan<F> {
  const best = rows.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  const elbow = kneedle(
    rows.map((r) => r.k),
    rows.map((r) => r.objective ?? r.inertia),
  );
  const s = best.silhouette.toFixed(3);
  let reason = `k = ${best.k}: highest silhouette ${s}`;
  const curve = objectives ? 'objective' : 'inertia';
  if (elbow !== null && elbow === best.k) reason += `; the elbow of the ${curve} curve agrees`;
  else if (elbow !== null) reason += `; the elbow of the ${curve} curve is at k = ${elbow}`;
  const runnerUp = rows.filter((r) => r.k !== best.k).sort((a, b) => b.silhouette - a.silhouette)[0];
  if (runnerUp) reason += ` (next best: k = ${runnerUp.k}, silhouette ${runnerUp.silhouette.toFixed(3)})`;
  return { rows, recommended: best.k, elbow, reason, fits };
}

/** The point of a decreasing convex curve farthest below the chord from its first to its last point. */
export function kneedle(ks: number[], values: number[]): number | null {
  if (ks.length < 3) return null;
  const x0 = ks[0];
  const x1 = ks[ks.length - 1];
  const y0 = values[0];
  const y1 = values[values.length - 1];
  if (y0 === y1) return null;
  let best = -1;
  let bestGap = 0;
  for (let i = 1; i < ks.length - 1; i++) {
    const xn = (ks[i] - x0) / (x1 - x0);
    const yn = (values[i] - y1) / (y0 - y1);
    const gap = 1 - xn - yn;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best < 0 ? null : ks[best];
}
