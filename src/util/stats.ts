/** Small numeric helpers over typed arrays; NaN means missing and is skipped. */

/** The non-missing values, sorted ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i];
  return out.sort();
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
