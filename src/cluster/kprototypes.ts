import { DataError } from '../errors.js';
import { DEFAULT_SEED, type Resolved, resolveOptions, type Spec } from '../options.js';
import type { OnProgress } from '../progress.js';
import { Random } from '../util/random.js';
import { type MixedCenters, type MixedData, prototypeCost } from './mixed.js';

export interface KPrototypesOptions {
  k: number;
  /** Weight of one category mismatch against squared numeric distance. */
  gamma: number;
  nInit?: number;
  seed?: number;
  maxIter?: number;
  onProgress?: OnProgress;
}

export const KPROTOTYPES_OPTIONS = {
  k: { kind: 'integer', min: 1 },
  gamma: { kind: 'number', above: 0 },
  nInit: { kind: 'integer', min: 1 },
  seed: { kind: 'integer', min: 0 },
  maxIter: { kind: 'integer', min: 1 },
  onProgress: { kind: 'function' },
} as const satisfies Spec;

export const KPROTOTYPES_DEFAULTS = {
  nInit: 10,
  seed: DEFAULT_SEED,
  maxIter: 300,
} as const satisfies Partial<KPrototypesOptions>;

export type ResolvedKPrototypes = Resolved<KPrototypesOptions, typeof KPROTOTYPES_DEFAULTS>;

export interface KPrototypesResult {
  k: number;
  labels: Int32Array;
  centers: MixedCenters;
  /** Total dissimilarity of the rows to their prototypes (the kmodes package's `cost_`). */
  cost: number;
  iterations: number;
  /** Dissimilarity of each row to its prototype. */
  distance: Float64Array;
}

/**
 * Huang's default γ: half the mean standard deviation of the (scaled) numeric features; 1 when there
 * are none (k-modes).
 */
export function defaultGamma(x: MixedData): number {
  if (!x.p) return 1;
  let total = 0;
  for (let t = 0; t < x.p; t++) {
    let s = 0;
    for (let i = 0; i < x.n; i++) s += x.num[i * x.p + t];
    const mean = s / x.n;
    let v = 0;
    for (let i = 0; i < x.n; i++) v += (x.num[i * x.p + t] - mean) ** 2;
    total += Math.sqrt(v / x.n);
  }
  return total / x.p / 2;
}

/** Seeds like k-means++: each next prototype a row drawn with probability ∝ its cost to the nearest. */
function seedCenters(x: MixedData, k: number, gamma: number, rnd: Random): MixedCenters {
  const { n, p, q } = x;
  const centers: MixedCenters = { k, num: new Float64Array(k * p), cat: new Int32Array(k * q) };
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let row = rnd.int(n);
  for (let j = 0; j < k; j++) {
    centers.num.set(x.num.subarray(row * p, row * p + p), j * p);
    centers.cat.set(x.cat.subarray(row * q, row * q + q), j * q);
    if (j === k - 1) break;
    for (let i = 0; i < n; i++)
      nearest[i] = Math.min(nearest[i], prototypeCost(x, i, centers, j, p, q, gamma));
    row = rnd.weighted(nearest);
    if (!(nearest[row] > 0)) throw new DataError({}, `k = ${k} but the data has only ${j + 1} distinct rows`);
  }
  return centers;
}

/**
 * Each row to its nearest prototype (the first of equals), as `prototypeCost` measures; a prototype
 * is passed over once its numbers alone are no nearer. Returns how many rows changed prototype.
 */
function assignAll(
  x: MixedData,
  c: MixedCenters,
  gamma: number,
  labels: Int32Array,
  distance: Float64Array,
): number {
  const { n, p, q, num, cat } = x;
  const { k } = c;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const ai = i * p;
    const ci = i * q;
    let best = 0;
    let bd = Number.POSITIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      let s = 0;
      const bj = j * p;
      for (let t = 0; t < p; t++) {
        const d = num[ai + t] - c.num[bj + t];
        s += d * d;
      }
      if (s >= bd) continue;
      let miss = 0;
      const cj = j * q;
      for (let u = 0; u < q; u++) if (cat[ci + u] !== c.cat[cj + u]) miss++;
      const d = s + gamma * miss;
      if (d < bd) {
        bd = d;
        best = j;
      }
    }
    if (labels[i] !== best) changed++;
    labels[i] = best;
    distance[i] = bd;
  }
  return changed;
}

/** One run from a seeded start: assign to the nearest prototype, move means and modes, until stable. */
function run(x: MixedData, k: number, gamma: number, maxIter: number, rnd: Random): KPrototypesResult {
  const { n, p, q, levels } = x;
  const centers = seedCenters(x, k, gamma, rnd);
  const labels = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n);
  const offset = new Int32Array(q + 1);
  for (let u = 0; u < q; u++) offset[u + 1] = offset[u] + levels[u];
  const counts = new Int32Array(k * offset[q]);
  const sums = new Float64Array(k * p);
  const size = new Int32Array(k);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    const changed = assignAll(x, centers, gamma, labels, distance);
    if (!changed) break;
    sums.fill(0);
    counts.fill(0);
    size.fill(0);
    for (let i = 0; i < n; i++) {
      const j = labels[i];
      size[j]++;
      for (let t = 0; t < p; t++) sums[j * p + t] += x.num[i * p + t];
      for (let u = 0; u < q; u++) {
        const level = x.cat[i * q + u];
        if (level >= 0) counts[j * offset[q] + offset[u] + level]++;
      }
    }
    for (let j = 0; j < k; j++) {
      if (!size[j]) {
        // An empty prototype restarts at the row farthest from its own.
        let far = 0;
        for (let i = 1; i < n; i++) if (distance[i] > distance[far]) far = i;
        centers.num.set(x.num.subarray(far * p, far * p + p), j * p);
        centers.cat.set(x.cat.subarray(far * q, far * q + q), j * q);
        distance[far] = 0;
        continue;
      }
      for (let t = 0; t < p; t++) centers.num[j * p + t] = sums[j * p + t] / size[j];
      for (let u = 0; u < q; u++) {
        const at = j * offset[q] + offset[u];
        let mode = 0;
        for (let l = 1; l < levels[u]; l++) if (counts[at + l] > counts[at + mode]) mode = l;
        centers.cat[j * q + u] = mode;
      }
    }
  }
  let cost = 0;
  for (let i = 0; i < n; i++) cost += distance[i];
  return { k, labels, centers, cost, iterations: Math.max(1, iterations), distance };
}

/**
 * k-prototypes (Huang 1998): squared Euclidean on the numbers plus γ per mismatched category; means
 * and modes as prototypes; `nInit` seeded restarts, the lowest cost wins.
 */
export function kprototypes(x: MixedData, options: KPrototypesOptions): KPrototypesResult {
  return fitKPrototypes(x, resolveOptions(KPROTOTYPES_OPTIONS, KPROTOTYPES_DEFAULTS, options));
}

/** `kprototypes` on options already checked and defaulted. */
export function fitKPrototypes(x: MixedData, o: ResolvedKPrototypes): KPrototypesResult {
  const { k, nInit } = o;
  if (k > x.n) throw new DataError({}, `k = ${k} is more than the ${x.n} rows`);
  const rnd = new Random(o.seed);
  let best: KPrototypesResult | null = null;
  for (let r = 0; r < nInit; r++) {
    const fit = run(x, k, o.gamma, o.maxIter, rnd);
    if (!best || fit.cost < best.cost) best = fit;
    o.onProgress?.({ step: 'k-prototypes restarts', done: r + 1, total: nInit, detail: `k = ${k}` });
  }
  return best!;
}
