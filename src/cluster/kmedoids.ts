import { DataError } from '../errors.js';
import { DEFAULT_SEED, type Resolved, resolveOptions, type Spec } from '../options.js';
import type { OnProgress } from '../progress.js';
import { Random } from '../util/random.js';
import { gower, type MixedData, takeRows } from './mixed.js';

/** A symmetric dissimilarity between the rows of a data set. */
export interface Dissimilarity {
  n: number;
  pair(i: number, j: number): number;
}

/** Rows up to which PAM runs on all rows; above it, CLARA (PAM on seeded samples) is needed. */
export const PAM_LIMIT = 20_000;
/** Rows up to which every Gower dissimilarity is computed once and kept (n² / 2 doubles, ≤ 64 MB). */
const MATRIX_LIMIT = 4_000;
/** Rows up to which PAM starts from BUILD (R's start, O(n² k)); above, from a seeded D-sampling. */
const BUILD_LIMIT = 5_000;

/** Gower dissimilarities of `x`'s rows: from a kept triangle for small data, computed on demand otherwise. */
export function gowerDissimilarity(x: MixedData): Dissimilarity {
  const { n, p, q } = x;
  if (n > MATRIX_LIMIT) return { n, pair: (i, j) => gower(x, i, x, j, p, q) };
  const tri = new Float64Array((n * (n - 1)) / 2);
  for (let i = 1, at = 0; i < n; i++) for (let j = 0; j < i; j++) tri[at++] = gower(x, i, x, j, p, q);
  return {
    n,
    pair: (i, j) => (i === j ? 0 : i > j ? tri[(i * (i - 1)) / 2 + j] : tri[(j * (j - 1)) / 2 + i]),
  };
}

export interface KMedoidsResult {
  k: number;
  /** Row index of each cluster's medoid, ascending; cluster j is the one around medoids[j]. */
  medoids: Int32Array;
  labels: Int32Array;
  /** Dissimilarity of each row to its medoid. */
  distance: Float64Array;
  /** Mean dissimilarity to the medoid, as R's `pam` reports its objective. */
  objective: number;
  /** Swaps made after the start. */
  swaps: number;
}

/** Nearest and second-nearest medoid of every row, from the row × medoid dissimilarities. */
class Nearest {
  readonly near: Int32Array;
  readonly dn: Float64Array;
  readonly ds: Float64Array;
  constructor(
    readonly n: number,
    readonly k: number,
    readonly dm: Float64Array,
  ) {
    this.near = new Int32Array(n);
    this.dn = new Float64Array(n);
    this.ds = new Float64Array(n);
    for (let o = 0; o < n; o++) this.update(o);
  }
  update(o: number): void {
    const { k, dm } = this;
    let b = 0;
    let d1 = dm[o * k];
    let d2 = Number.POSITIVE_INFINITY;
    for (let m = 1; m < k; m++) {
      const v = dm[o * k + m];
      if (v < d1) {
        d2 = d1;
        d1 = v;
        b = m;
      } else if (v < d2) d2 = v;
    }
    this.near[o] = b;
    this.dn[o] = d1;
    this.ds[o] = d2;
  }
  /** What removing each medoid would cost: its rows move to their second-nearest. */
  removalLoss(): Float64Array {
    const loss = new Float64Array(this.k);
    for (let o = 0; o < this.n; o++) loss[this.near[o]] += this.ds[o] - this.dn[o];
    return loss;
  }
}

/** R's BUILD: the most central row first, then each row that lowers the total most. */
function build(dis: Dissimilarity, k: number): Int32Array {
  const { n } = dis;
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const chosen = new Uint8Array(n);
  const medoids = new Int32Array(k);
  for (let m = 0; m < k; m++) {
    let best = -1;
    let bestGain = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (chosen[i]) continue;
      let gain = 0;
      for (let j = 0; j < n; j++) {
        const d = dis.pair(i, j);
        // The first medoid minimises the total; later ones maximise the drop in it.
        gain += m === 0 ? -d : Math.max(0, nearest[j] - d);
      }
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    chosen[best] = 1;
    medoids[m] = best;
    for (let j = 0; j < n; j++) nearest[j] = Math.min(nearest[j], dis.pair(best, j));
  }
  return medoids;
}

/** A seeded start for large data: each next medoid drawn with probability ∝ its distance to the chosen. */
function sampledStart(dis: Dissimilarity, k: number, rnd: Random): Int32Array {
  const { n } = dis;
  const medoids = new Int32Array(k);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  medoids[0] = rnd.int(n);
  for (let m = 0; ; m++) {
    for (let j = 0; j < n; j++) nearest[j] = Math.min(nearest[j], dis.pair(medoids[m], j));
    if (m === k - 1) break;
    medoids[m + 1] = rnd.weighted(nearest);
    if (nearest[medoids[m + 1]] === 0)
      throw new DataError({}, `k = ${k} but the data has only ${m + 1} distinct rows`);
  }
  return medoids;
}

export const KMEDOIDS_OPTIONS = {
  k: { kind: 'integer', min: 1 },
  seed: { kind: 'integer', min: 0 },
  maxSwaps: { kind: 'integer', min: 1 },
  onProgress: { kind: 'function' },
} as const satisfies Spec;

/** maxSwaps has no constant default: 1,000 × k. */
export const KMEDOIDS_DEFAULTS = { seed: DEFAULT_SEED } as const satisfies Partial<KMedoidsOptions>;

export const CLARA_OPTIONS = {
  ...KMEDOIDS_OPTIONS,
  samples: { kind: 'integer', min: 1, max: 1000 },
  sampleSize: { kind: 'integer', min: 2 },
} as const satisfies Spec;

export const CLARA_DEFAULTS = {
  ...KMEDOIDS_DEFAULTS,
  samples: 5,
  sampleSize: 2000,
} as const satisfies Partial<ClaraOptions>;

export interface KMedoidsOptions {
  k: number;
  seed?: number;
  /** Most swaps before stopping (default 1,000 × k; FasterPAM usually needs a few × k). */
  maxSwaps?: number;
  onProgress?: OnProgress;
}

/**
 * k-medoids by FasterPAM (Schubert & Rousseeuw 2021): eager swaps, each candidate row scored against
 * every medoid in one pass; it stops at a swap-local optimum like PAM's. Starts from BUILD up to
 * 5,000 rows, as R's `pam` does.
 */
export function fasterPam(dis: Dissimilarity, options: KMedoidsOptions): KMedoidsResult {
  return pam(dis, resolveOptions(KMEDOIDS_OPTIONS, KMEDOIDS_DEFAULTS, options));
}

/** `fasterPam` on options already checked and defaulted. */
export function pam(
  dis: Dissimilarity,
  options: Resolved<KMedoidsOptions, typeof KMEDOIDS_DEFAULTS>,
): KMedoidsResult {
  const { n } = dis;
  const k = options.k;
  if (k > n) throw new DataError({}, `k = ${k} is more than the ${n} rows`);
  const rnd = new Random(options.seed);
  const medoids = n <= BUILD_LIMIT ? build(dis, k) : sampledStart(dis, k, rnd);
  const dm = new Float64Array(n * k);
  for (let m = 0; m < k; m++) for (let o = 0; o < n; o++) dm[o * k + m] = dis.pair(medoids[m], o);
  const near = new Nearest(n, k, dm);
  const isMedoid = new Uint8Array(n);
  for (const m of medoids) isMedoid[m] = 1;
  let loss = near.removalLoss();
  const col = new Float64Array(n);
  const delta = new Float64Array(k);
  const maxSwaps = options.maxSwaps ?? 1000 * k;
  let swaps = 0;
  // The total falls with every swap, so an improvement must beat rounding noise on it.
  let total = 0;
  for (let o = 0; o < n; o++) total += near.dn[o];
  // Up to BUILD_LIMIT rows each pass takes the best swap of all (PAM's own path from BUILD, found with
  // FastPAM1's one pass per candidate); above it, FasterPAM swaps as soon as a candidate improves.
  const eager = n > BUILD_LIMIT;
  let since = 0;
  let pending = { change: 0, c: -1, m: -1 };
  const swap = (c: number, m: number, change: number, col: Float64Array) => {
    isMedoid[medoids[m]] = 0;
    isMedoid[c] = 1;
    medoids[m] = c;
    for (let o = 0; o < n; o++) {
      dm[o * k + m] = col[o];
      near.update(o);
    }
    loss = near.removalLoss();
    total += change;
    swaps++;
    since = 0;
    if (options.onProgress && swaps % 10 === 0)
      options.onProgress({ step: 'k-medoids', done: swaps, total: 0, detail: `k = ${k}, ${swaps} swaps` });
  };
  for (let c = 0; swaps < maxSwaps; c = (c + 1) % n) {
    if (since >= n) {
      if (eager || pending.c < 0) break;
      for (let o = 0; o < n; o++) col[o] = dis.pair(pending.c, o);
      swap(pending.c, pending.m, pending.change, col);
      pending = { change: 0, c: -1, m: -1 };
    }
    since++;
    if (isMedoid[c]) continue;
    delta.set(loss);
    let shared = 0;
    for (let o = 0; o < n; o++) {
      const d = dis.pair(c, o);
      col[o] = d;
      const dn = near.dn[o];
      if (d < dn) {
        shared += d - dn;
        delta[near.near[o]] += dn - near.ds[o];
      } else if (d < near.ds[o]) delta[near.near[o]] += d - near.ds[o];
    }
    let best = 0;
    for (let m = 1; m < k; m++) if (delta[m] < delta[best]) best = m;
    const change = delta[best] + shared;
    if (!(change < -1e-12 * Math.max(1, total))) continue;
    if (eager) swap(c, best, change, col);
    else if (change < pending.change) pending = { change, c, m: best };
  }
  return finish(dis, medoids, swaps);
}

/** The clustering around `medoids`: medoids sorted by row, each row's nearest, and the objective. */
function finish(dis: Dissimilarity, medoids: Int32Array, swaps: number): KMedoidsResult {
  const sorted = Int32Array.from(medoids).sort();
  const k = sorted.length;
  const labels = new Int32Array(dis.n);
  const distance = new Float64Array(dis.n);
  let sum = 0;
  for (let o = 0; o < dis.n; o++) {
    let best = 0;
    let bd = dis.pair(sorted[0], o);
    for (let m = 1; m < k; m++) {
      const d = dis.pair(sorted[m], o);
      if (d < bd) {
        bd = d;
        best = m;
      }
    }
    labels[o] = best;
    distance[o] = bd;
    sum += bd;
  }
  return { k, medoids: sorted, labels, distance, objective: sum / dis.n, swaps };
}

export interface ClaraOptions extends KMedoidsOptions {
  /** Samples drawn (default 5, as R's `clara`). */
  samples?: number;
  /** Rows per sample (default 2,000, or every row when fewer). */
  sampleSize?: number;
}

/**
 * CLARA (Kaufman & Rousseeuw): PAM on seeded samples, each sample holding the best medoids so far;
 * the medoids with the lowest mean Gower dissimilarity over all rows win.
 */
export function clara(x: MixedData, options: ClaraOptions): KMedoidsResult {
  return fitClara(x, resolveOptions(CLARA_OPTIONS, CLARA_DEFAULTS, options));
}

/** `clara` on options already checked and defaulted. */
export function fitClara(
  x: MixedData,
  options: Resolved<ClaraOptions, typeof CLARA_DEFAULTS>,
): KMedoidsResult {
  const { n, p, q } = x;
  const k = options.k;
  const size = Math.min(n, Math.max(options.sampleSize, 4 * k));
  const rnd = new Random(options.seed);
  const everyRow: Dissimilarity = { n, pair: (i, j) => gower(x, i, x, j, p, q) };
  let best: KMedoidsResult | null = null;
  const { samples } = options;
  for (let s = 0; s < samples; s++) {
    const inSample = new Uint8Array(n);
    const rows: number[] = [];
    for (const m of best?.medoids ?? []) {
      inSample[m] = 1;
      rows.push(m);
    }
    for (const r of rnd.permutation(n)) {
      if (rows.length >= size) break;
      if (!inSample[r]) {
        inSample[r] = 1;
        rows.push(r);
      }
    }
    const index = Int32Array.from(rows).sort();
    const fit = pam(gowerDissimilarity(takeRows(x, index)), { ...options, seed: rnd.int(2 ** 31) });
    const whole = finish(
      everyRow,
      Int32Array.from(fit.medoids, (m) => index[m]),
      fit.swaps,
    );
    if (!best || whole.objective < best.objective) best = whole;
    options.onProgress?.({ step: 'CLARA samples', done: s + 1, total: samples, detail: `k = ${k}` });
  }
  return best!;
}
