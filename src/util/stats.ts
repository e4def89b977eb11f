/** Small numeric helpers over typed arrays; NaN means missing and is skipped. */

/** The non-missing values, in their order (a copy the caller may reorder). */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i];
  return out;
}

/**
 * Places the k-th smallest of a[from, to) at a[k], smaller ones before it and larger ones after
 * (quickselect with a median-of-three pivot and three-way partitioning, so runs of equal values cost
 * nothing; no randomness, so it is deterministic).
 */
function select(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // the median of three
    // Three-way partition: [lo, lt) < pivot, [lt, i) = pivot, (gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) {
        a[i] = a[lt];
        a[lt++] = v;
        i++;
      } else if (v > pivot) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

/**
 * Quantiles (linear interpolation, numpy's default) of values without missing ones, in O(n) per
 * quantile instead of a sort: the same numbers as `quantileSorted` of the sorted values. May reorder `a`.
 */
export function quantiles(a: Float64Array, qs: readonly number[]): number[] {
  const n = a.length;
  if (!n) return qs.map(() => Number.NaN);
  if (n >= BRACKET_FROM) {
    const found = bracketed(a, qs);
    if (found) return found;
  }
  return bySelection(a, qs);
}

function bySelection(a: Float64Array, qs: readonly number[]): number[] {
  const n = a.length;
  const order = qs.map((q, i) => ({ q, i })).sort((x, y) => x.q - y.q);
  const out = new Array<number>(qs.length);
  let from = 0;
  for (const { q, i } of order) {
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    select(a, lo, from, n);
    out[i] = interpolate(a, lo, n, pos);
    from = lo;
  }
  return out;
}

/** a[lo] after selection, moved towards the next order statistic (the smallest after it) by pos − lo. */
function interpolate(a: Float64Array, lo: number, n: number, pos: number): number {
  if (pos <= lo) return a[lo];
  let next = a[lo + 1];
  for (let j = lo + 2; j < n; j++) if (a[j] < next) next = a[j];
  return a[lo] + (next - a[lo]) * (pos - lo);
}

/** Below this many values selection over the whole array is as quick as bracketing. */
const BRACKET_FROM = 20_000;
const BRACKET_SAMPLE = 4096;

/**
 * Quantiles of a large array in one pass that reads it without moving it: a sorted, evenly spaced
 * sample brackets each wanted order statistic between two values; the pass counts the values below
 * each bracket and keeps those inside, and selection runs on that few percent only. Null when a
 * bracket missed (a sample far from the whole, e.g. values sorted in runs): then selection does it all.
 */
function bracketed(a: Float64Array, qs: readonly number[]): number[] | null {
  const n = a.length;
  const s = BRACKET_SAMPLE;
  const sample = new Float64Array(s);
  for (let i = 0; i < s; i++) sample[i] = a[Math.floor((i * n) / s)];
  sample.sort();
  const m = qs.length;
  const low = new Float64Array(m);
  const high = new Float64Array(m);
  const below = new Int32Array(m);
  const kept: Float64Array[] = [];
  const count = new Int32Array(m);
  for (let q = 0; q < m; q++) {
    const f = qs[q];
    const r = f * (s - 1);
    const margin = Math.ceil(5 * Math.sqrt(s * f * (1 - f)) + 8);
    const from = Math.floor(r) - margin;
    const to = Math.ceil(r) + margin;
    low[q] = from < 0 ? Number.NEGATIVE_INFINITY : sample[from];
    high[q] = to >= s ? Number.POSITIVE_INFINITY : sample[to];
    // The bracket holds about (to − from) / s of the values; twice that, or all when it is wide.
    kept.push(new Float64Array(Math.min(n, Math.ceil((2 * (to - from + 1) * n) / s) + 64)));
  }
  for (let i = 0; i < n; i++) {
    const v = a[i];
    for (let q = 0; q < m; q++) {
      if (v < low[q]) below[q]++;
      else if (v <= high[q]) {
        const c = count[q]++;
        if (c >= kept[q].length) return null;
        kept[q][c] = v;
      }
    }
  }
  const out = new Array<number>(m);
  for (let q = 0; q < m; q++) {
    const pos = (n - 1) * qs[q];
    const lo = Math.floor(pos);
    const need = pos > lo ? lo + 1 : lo;
    const at = lo - below[q];
    if (at < 0 || need - below[q] >= count[q]) return null;
    const inside = kept[q].subarray(0, count[q]);
    select(inside, at, 0, count[q]);
    out[q] = interpolate(inside, at, count[q], pos - below[q]);
  }
  return out;
}

/** Quantile of sorted values with linear interpolation (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (!sorted.length) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : Number.NaN;
}

/** Sample standard deviation (n - 1). */
export function std(values: ArrayLike<number>, m = mean(values)): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      s += (v - m) * (v - m);
      n++;
    }
  }
  return n > 1 ? Math.sqrt(s / (n - 1)) : 0;
}

/** Fisher–Pearson skewness of the non-missing values. */
export function skewness(values: ArrayLike<number>): number {
  const m = mean(values);
  let m2 = 0;
  let m3 = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const d = v - m;
    m2 += d * d;
    m3 += d * d * d;
    n++;
  }
  if (n < 3 || m2 === 0) return 0;
  m2 /= n;
  m3 /= n;
  return m3 / m2 ** 1.5;
}

/** Rounds for display: about `digits` significant digits, no exponent for everyday sizes. */
export function round(v: number, digits = 4): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(v))));
  return Math.round(v * scale) / scale;
}

/** Larger numbers overflow once squared (distances, variances), so they are refused on reading. */
export const MAX_MAGNITUDE = 1e150;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * Missing (NaN) and distinct values of a number column, with an open-addressing hash table over the
 * numbers' bits: one pass, no per-value objects (a Set of a million numbers takes 4× as long).
 */
export function countNumbers(values: Float64Array): { missing: number; distinct: number } {
  let cap = 16;
  while (cap < values.length * 2) cap *= 2;
  const mask = cap - 1;
  const keys = new Float64Array(cap);
  const used = new Uint8Array(cap);
  let missing = 0;
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (v === 0) v = 0; // -0 and 0 are one value
    f64[0] = v;
    let h = Math.imul(u32[0] ^ Math.imul(u32[1], 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (used[h] && keys[h] !== v) h = (h + 1) & mask;
    if (!used[h]) {
      used[h] = 1;
      keys[h] = v;
      distinct++;
    }
  }
  return { missing, distinct };
}
