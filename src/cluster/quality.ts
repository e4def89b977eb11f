import { DEFAULT_SEED, withDefaults } from '../options.js';
import { Random } from '../util/random.js';
import { spareWorker } from './engine.js';
import { sqDist } from './kernels.js';
import { type SilhouetteTask, silhouettePairs, TASK } from './silhouette-kernel.js';
import { Arena, instantiate, kernelsModule } from './wasm.js';

/** Rows up to which the silhouette is exact; above it, a seeded sample of this many rows is used. */
export const SILHOUETTE_EXACT_LIMIT = 10_000;

export interface SilhouetteOptions {
  /** Rows from which a seeded sample of this many is used (default SILHOUETTE_EXACT_LIMIT). */
  sampleSize?: number;
  seed?: number;
}

export const SILHOUETTE_DEFAULTS = { sampleSize: SILHOUETTE_EXACT_LIMIT, seed: DEFAULT_SEED } as const;

/**
 * Mean silhouette coefficient (as scikit-learn's silhouette_score). Exact up to `sampleSize` rows;
 * above it, computed on a seeded sample of that many rows. Memory is O(m k), time O(m² d / 2).
 */
export function silhouette(
  x: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  options: SilhouetteOptions = {},
): number {
  return startSilhouette(x, n, d, labels, k, options)();
}

/**
 * Starts the silhouette and returns the function that finishes it. Its pair sums are cut in two parts
 * of equal pairs, each posted to an idle k-means worker; what the worker has not begun when the
 * result is asked for is taken back and summed here. Each part sums into its own array and the two
 * are added in order, so the value is the same whichever thread did what, and on any number of
 * threads. Meanwhile this thread is free for other work (profiles, rules).
 */
export function startSilhouette(
  x: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  options: SilhouetteOptions = {},
): () => number {
  const block = sortedBlock(x, d, labels, k, silhouetteRows(n, options));
  const { xs, ls, starts, m, f64, i32, wasm, arena, module } = block;
  const mid = Math.round(m * (1 - Math.SQRT1_2));
  const helper = (m * m * d) / 2 >= PARALLEL_PAIRS ? spareWorker() : null;
  const parts = [
    [0, mid],
    [mid, m],
  ].map(([from, to]) => {
    const sums = f64(m * k);
    const ctrl = i32(1);
    if (helper) {
      const memory = arena?.memory ?? null;
      const task: SilhouetteTask = {
        silhouette: true,
        xs,
        ls,
        starts,
        d,
        k,
        from,
        to,
        sums,
        ctrl,
        memory,
        module: arena ? module : null,
      };
      helper.postMessage(task);
    }
    return { from, to, sums, ctrl };
  });
  return () => {
    for (const p of parts) {
      // Unclaimed (the worker is busy elsewhere, or there is none): taken back; claimed: waited for.
      const state = helper ? Atomics.compareExchange(p.ctrl, 0, TASK.posted, TASK.takenBack) : TASK.takenBack;
      if (state === TASK.claimed)
        while (Atomics.load(p.ctrl, 0) === TASK.claimed) Atomics.wait(p.ctrl, 0, TASK.claimed, 1000);
      if (Atomics.load(p.ctrl, 0) !== TASK.done) {
        p.sums.fill(0);
        if (wasm)
          wasm.silhouettePairs(
            xs.byteOffset,
            ls.byteOffset,
            starts.byteOffset,
            d,
            k,
            p.from,
            p.to,
            p.sums.byteOffset,
          );
        else silhouettePairs(xs, ls, starts, d, k, p.from, p.to, p.sums);
      }
    }
    const [first, second] = parts.map((p) => p.sums);
    for (let t = 0; t < m * k; t++) second[t] = first[t] + second[t];
    return silhouetteOfSums(second, ls, k);
  };
}

/**
 * The sample as one contiguous block ordered by cluster, so that each row's distances to a run of
 * one cluster add up in a register; each pair of rows is visited once and credited to both. In one
 * WebAssembly memory when the kernels compiled (each part then runs there), else shared arrays.
 */
function sortedBlock(x: Float64Array, d: number, labels: Int32Array, k: number, rows: Int32Array) {
  const m = rows.length;
  const order = Array.from(rows).sort((a, b) => labels[a] - labels[b] || a - b);
  const module = kernelsModule();
  const arena = module
    ? Arena.create(Arena.size([m * d * 8, m * 4, (k + 1) * 4, m * k * 8, m * k * 8, 4, 4]))
    : null;
  const f64 = (len: number) =>
    arena ? arena.f64(len) : new Float64Array(new SharedArrayBuffer(Math.max(8, len * 8)));
  const i32 = (len: number) =>
    arena ? arena.i32(len) : new Int32Array(new SharedArrayBuffer(Math.max(4, len * 4)));
  const wasm = arena && module ? instantiate(module, arena.memory) : null;
  const xs = f64(m * d);
  const ls = i32(m);
  for (let r = 0; r < m; r++) {
    xs.set(x.subarray(order[r] * d, order[r] * d + d), r * d);
    ls[r] = labels[order[r]];
  }
  const starts = i32(k + 1);
  for (let r = 0; r < m; r++) starts[ls[r] + 1]++;
  for (let c = 0; c < k; c++) starts[c + 1] += starts[c];
  return { xs, ls, starts, m, f64, i32, wasm, arena, module };
}

/** Below this many pair × dimension products the silhouette is not worth a second thread. */
const PARALLEL_PAIRS = 20_000_000;

/** The rows a silhouette is computed on: all of them, or a seeded sample above the limit. */
function silhouetteRows(n: number, options: SilhouetteOptions): Int32Array {
  const { sampleSize: limit, seed } = withDefaults(SILHOUETTE_DEFAULTS, options);
  if (n > limit) return new Random(seed).choose(n, limit);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** The mean silhouette from each row's summed dissimilarity to every cluster (m × k). */
function silhouetteOfSums(sums: Float64Array, ls: Int32Array, k: number): number {
  const m = ls.length;
  const size = new Int32Array(k);
  for (let r = 0; r < m; r++) size[ls[r]]++;
  let total = 0;
  for (let a = 0; a < m; a++) {
    const own = ls[a];
    if (size[own] <= 1) continue;
    const at = sums[a * k + own] / (size[own] - 1);
    let bt = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) bt = Math.min(bt, sums[a * k + c] / size[c]);
    if (!Number.isFinite(bt)) continue;
    const denom = Math.max(at, bt);
    total += denom > 0 ? (bt - at) / denom : 0;
  }
  return total / m;
}

/**
 * Mean silhouette width on any dissimilarity (R's `silhouette()` on a `dist`): exact up to
 * `sampleSize` rows, on a seeded sample above.
 */
export function silhouetteWith(
  dis: { n: number; pair(i: number, j: number): number },
  labels: Int32Array,
  k: number,
  options: SilhouetteOptions = {},
): number {
  const rows = silhouetteRows(dis.n, options);
  const m = rows.length;
  const ls = Int32Array.from(rows, (r) => labels[r]);
  const sums = new Float64Array(m * k);
  for (let a = 0; a < m; a++)
    for (let b = a + 1; b < m; b++) {
      const dist = dis.pair(rows[a], rows[b]);
      sums[a * k + ls[b]] += dist;
      sums[b * k + ls[a]] += dist;
    }
  return silhouetteOfSums(sums, ls, k);
}

/** Per-cluster means and sizes. */
function means(x: Float64Array, n: number, d: number, labels: Int32Array, k: number) {
  const c = new Float64Array(k * d);
  const size = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    size[l]++;
    for (let t = 0; t < d; t++) c[l * d + t] += x[i * d + t];
  }
  for (let j = 0; j < k; j++) if (size[j] > 0) for (let t = 0; t < d; t++) c[j * d + t] /= size[j];
  return { c, size };
}

/** Calinski–Harabasz index: between-cluster over within-cluster dispersion, scaled by degrees of freedom. */
export function calinskiHarabasz(
  x: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
): number {
  if (k < 2 || n <= k) return Number.NaN;
  const { c, size } = means(x, n, d, labels, k);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) overall[t] += x[i * d + t] / n;
  let between = 0;
  for (let j = 0; j < k; j++) between += size[j] * sqDist(c, j, overall, 0, d);
  let within = 0;
  for (let i = 0; i < n; i++) within += sqDist(x, i, c, labels[i], d);
  return within === 0 ? Number.POSITIVE_INFINITY : (between * (n - k)) / (within * (k - 1));
}

/** Davies–Bouldin index: mean over clusters of the worst (spread + spread) / separation ratio. */
export function daviesBouldin(x: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
  if (k < 2) return Number.NaN;
  const { c, size } = means(x, n, d, labels, k);
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) spread[labels[i]] += Math.sqrt(sqDist(x, i, c, labels[i], d));
  for (let j = 0; j < k; j++) spread[j] = size[j] > 0 ? spread[j] / size[j] : 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      if (a === b) continue;
      const sep = Math.sqrt(sqDist(c, a, c, b, d));
      const r = sep > 0 ? (spread[a] + spread[b]) / sep : Number.POSITIVE_INFINITY;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / k;
}

/**
 * Adjusted Rand index of two labelings (Hubert & Arabie): 1 for the same partition, about 0 for
 * chance agreement. Labels are 0-based cluster numbers.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ka = 0;
  let kb = 0;
  for (let i = 0; i < n; i++) {
    ka = Math.max(ka, a[i] + 1);
    kb = Math.max(kb, b[i] + 1);
  }
  const table = new Float64Array(ka * kb);
  const rows = new Float64Array(ka);
  const cols = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[a[i] * kb + b[i]]++;
    rows[a[i]]++;
    cols[b[i]]++;
  }
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table) index += pairs(v);
  let sa = 0;
  let sb = 0;
  for (const v of rows) sa += pairs(v);
  for (const v of cols) sb += pairs(v);
  const expected = (sa * sb) / pairs(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
