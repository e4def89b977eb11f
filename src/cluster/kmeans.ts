import { DataError, UsageError } from '../data/errors.js';
import { Random } from '../util/random.js';
import { kmeansPlusPlus, sqDist } from './seeding.js';

export type KMeansAlgorithm = 'auto' | 'lloyd' | 'hamerly';

export interface KMeansOptions {
  k: number;
  /** Restarts from different seeds; the lowest inertia wins (default 10). */
  nInit?: number;
  maxIter?: number;
  /** Relative tolerance: stop when the total squared centre shift ≤ tol × mean feature variance. */
  tol?: number;
  seed?: number;
  weights?: Float64Array;
  algorithm?: KMeansAlgorithm;
  /** Start from these centres (k × d, row-major) instead of k-means++; nInit is then 1. */
  init?: Float64Array;
  /** Record the inertia after every assignment step (costs one extra pass per iteration). */
  trackInertia?: boolean;
}

export interface KMeansResult {
  k: number;
  d: number;
  /** k × d, row-major. */
  centroids: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  algorithm: 'lloyd' | 'hamerly';
  /** Inertia after each assignment step of the winning run, when tracked. */
  history?: number[];
  /** Inertia of every restart, in order. */
  restarts: number[];
}

/**
 * k-means on a row-major matrix (n × d).
 *
 * @example
 * const r = kmeans(x, n, d, { k: 5, seed: 42 });
 * r.labels[0]; // cluster of the first row
 */
export function kmeans(x: Float64Array, n: number, d: number, options: KMeansOptions): KMeansResult {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`k must be a whole number ≥ 1, got ${k}`);
  if (n < k) throw new DataError({}, `k = ${k} is more than the ${n} rows`);
  const nInit = options.init ? 1 : (options.nInit ?? 10);
  const maxIter = options.maxIter ?? 300;
  const tol = toleranceOf(x, n, d, options.tol ?? 1e-4);
  const algorithm: 'lloyd' | 'hamerly' =
    options.algorithm === 'lloyd' || options.algorithm === 'hamerly'
      ? options.algorithm
      : d <= 32 && k >= 3
        ? 'hamerly'
        : 'lloyd';
  const rnd = new Random(options.seed ?? 0);
  let best: Omit<KMeansResult, 'restarts'> | null = null;
  const restarts: number[] = [];
  for (let r = 0; r < nInit; r++) {
    const init = options.init
      ? Float64Array.from(options.init)
      : kmeansPlusPlus(x, n, d, k, options.weights, rnd);
    const run = lloydOrHamerly(
      x,
      n,
      d,
      k,
      init,
      options.weights,
      maxIter,
      tol,
      algorithm,
      !!options.trackInertia,
    );
    restarts.push(run.inertia);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return { ...best!, restarts };
}

/** scikit-learn's tolerance: tol × the mean of the per-feature variances. */
function toleranceOf(x: Float64Array, n: number, d: number, tol: number): number {
  let total = 0;
  for (let t = 0; t < d; t++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + t];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * d + t] - m) ** 2;
    total += v / n;
  }
  return (total / d) * tol;
}

function lloydOrHamerly(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  centers: Float64Array,
  weights: Float64Array | undefined,
  maxIter: number,
  tol: number,
  algorithm: 'lloyd' | 'hamerly',
  track: boolean,
): Omit<KMeansResult, 'restarts'> {
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const half = new Float64Array(k);
  const moves = new Float64Array(k);
  const history: number[] = [];
  fullAssign(x, n, d, k, centers, labels, upper, lower);
  if (track) history.push(inertiaOf(x, n, d, centers, labels, weights));
  let iterations = 0;
  const next = new Float64Array(k * d);
  while (iterations < maxIter) {
    iterations++;
    updateCenters(x, n, d, k, labels, weights, centers, next, upper, lower);
    let shift = 0;
    let maxMove = 0;
    let maxMove2 = 0;
    let argMax = -1;
    for (let j = 0; j < k; j++) {
      const m2 = sqDist(next, j, centers, j, d);
      shift += m2;
      const m = Math.sqrt(m2);
      moves[j] = m;
      if (m > maxMove) {
        maxMove2 = maxMove;
        maxMove = m;
        argMax = j;
      } else if (m > maxMove2) maxMove2 = m;
    }
    centers.set(next);
    let changed: number;
    if (algorithm === 'lloyd') {
      changed = fullAssign(x, n, d, k, centers, labels, upper, lower);
    } else {
      for (let i = 0; i < n; i++) {
        upper[i] += moves[labels[i]];
        lower[i] -= labels[i] === argMax ? maxMove2 : maxMove;
      }
      halfMinDistances(centers, k, d, half);
      changed = boundedAssign(x, n, d, k, centers, labels, upper, lower, half);
    }
    if (track) history.push(inertiaOf(x, n, d, centers, labels, weights));
    if (changed === 0 || shift <= tol) break;
  }
  return {
    k,
    d,
    centroids: centers,
    labels,
    inertia: inertiaOf(x, n, d, centers, labels, weights),
    iterations,
    algorithm,
    history: track ? history : undefined,
  };
}

/** Assigns every row to its nearest centre; `upper`/`lower` get the nearest and second-nearest distances. */
function fullAssign(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  c: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const bj = nearestTwo(x, i, c, k, d, 0);
    if (labels[i] !== bj) changed++;
    labels[i] = bj;
    upper[i] = Math.sqrt(nearestBest);
    lower[i] = Math.sqrt(nearestSecond);
  }
  return changed;
}

/** Hamerly's assignment: skips rows whose bounds prove their centre is still the nearest. */
function boundedAssign(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  c: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const li = labels[i];
    const m = Math.max(half[li], lower[i]);
    if (upper[i] <= m) continue;
    upper[i] = Math.sqrt(sqDist(x, i, c, li, d));
    if (upper[i] <= m) continue;
    const bj = nearestTwo(x, i, c, k, d, li);
    const best = nearestBest;
    const second = nearestSecond;
    if (bj !== li) changed++;
    labels[i] = bj;
    upper[i] = Math.sqrt(best);
    lower[i] = Math.sqrt(second);
  }
  return changed;
}

let nearestSecond = 0;
let nearestBest = 0;

/** Index of the nearest centre to row `i` of `x`; sets nearestBest / nearestSecond (squared). */
function nearestTwo(x: Float64Array, i: number, c: Float64Array, k: number, d: number, tie: number): number {
  let best = Number.POSITIVE_INFINITY;
  let second = Number.POSITIVE_INFINITY;
  let bj = tie;
  for (let j = 0; j < k; j++) {
    const s = sqDist(x, i, c, j, d);
    if (s < best) {
      second = best;
      best = s;
      bj = j;
    } else if (s < second) second = s;
  }
  nearestBest = best;
  nearestSecond = second;
  return bj;
}

/** Half the distance from each centre to its nearest other centre. */
function halfMinDistances(c: Float64Array, k: number, d: number, out: Float64Array): void {
  out.fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const h = Math.sqrt(sqDist(c, a, c, b, d)) / 2;
      if (h < out[a]) out[a] = h;
      if (h < out[b]) out[b] = h;
    }
  }
  if (k === 1) out[0] = Number.POSITIVE_INFINITY;
}

/** Weighted means of the rows of each cluster; an empty cluster takes the row farthest from its centre. */
function updateCenters(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  weights: Float64Array | undefined,
  old: Float64Array,
  out: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const mass = new Float64Array(k);
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    const b = labels[i] * d;
    const a = i * d;
    mass[labels[i]] += w;
    for (let t = 0; t < d; t++) out[b + t] += w * x[a + t];
  }
  let empty = 0;
  for (let j = 0; j < k; j++) if (mass[j] === 0) empty++;
  if (empty > 0) {
    relocateEmpty(x, n, d, k, labels, weights, old, mass, out, upper, lower);
    return;
  }
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) out[j * d + t] /= mass[j];
}

function relocateEmpty(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  weights: Float64Array | undefined,
  old: Float64Array,
  mass: Float64Array,
  out: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = sqDist(x, i, old, labels[i], d);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dist[b] - dist[a] || a - b);
  let next = 0;
  for (let j = 0; j < k; j++) {
    if (mass[j] !== 0) continue;
    const far = order[next++];
    const w = weights ? weights[far] : 1;
    const from = labels[far];
    for (let t = 0; t < d; t++) {
      out[from * d + t] -= w * x[far * d + t];
      out[j * d + t] = w * x[far * d + t];
    }
    mass[from] -= w;
    mass[j] = w;
    labels[far] = j;
    upper[far] = Number.POSITIVE_INFINITY;
    lower[far] = 0;
  }
  for (let j = 0; j < k; j++) {
    if (mass[j] > 0) for (let t = 0; t < d; t++) out[j * d + t] /= mass[j];
  }
}

export function inertiaOf(
  x: Float64Array,
  n: number,
  d: number,
  c: Float64Array,
  labels: Int32Array,
  weights?: Float64Array,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (weights ? weights[i] : 1) * sqDist(x, i, c, labels[i], d);
  return s;
}

/** Nearest centre and its distance for every row. */
export function assign(x: Float64Array, n: number, d: number, c: Float64Array, k: number) {
  const labels = new Int32Array(n);
  const distance = new Float64Array(n);
  const lower = new Float64Array(n);
  fullAssign(x, n, d, k, c, labels, distance, lower);
  return { labels, distance };
}
