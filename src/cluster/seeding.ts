import { DataError } from '../data/errors.js';
import type { Random } from '../util/random.js';

/** Squared Euclidean distance between row i of `x` and row j of `c`. */
export function sqDist(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let t = 0; t < d; t++) {
    const diff = x[a + t] - c[b + t];
    s += diff * diff;
  }
  return s;
}

/**
 * Greedy k-means++ (as scikit-learn): each new centre is the best of 2 + ln k candidates
 * drawn with probability proportional to weight × squared distance to the nearest centre.
 */
export function kmeansPlusPlus(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  weights: Float64Array | undefined,
  rnd: Random,
): Float64Array {
  const centers = new Float64Array(k * d);
  const w = (i: number) => (weights ? weights[i] : 1);
  const trials = 2 + Math.floor(Math.log(k));
  const first = weights ? rnd.weighted(weights) : rnd.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(x, i, centers, 0, d);
    potential += w(i) * closest[i];
  }
  const cumulative = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    if (potential <= 0) throw new DataError({}, `k = ${k} but the data has only ${c} distinct points`);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += w(i) * closest[i];
      cumulative[i] = acc;
    }
    let bestPot = Number.POSITIVE_INFINITY;
    let bestId = -1;
    for (let t = 0; t < trials; t++) {
      const id = Math.min(searchSorted(cumulative, rnd.next() * acc), n - 1);
      let pot = 0;
      const b = id * d;
      for (let i = 0; i < n; i++) {
        const a = i * d;
        let s0 = 0;
        let s1 = 0;
        let t = 0;
        for (; t + 1 < d; t += 2) {
          const d0 = x[a + t] - x[b + t];
          const d1 = x[a + t + 1] - x[b + t + 1];
          s0 += d0 * d0;
          s1 += d1 * d1;
        }
        if (t < d) s0 += (x[a + t] - x[b + t]) ** 2;
        const dd = Math.min(s0 + s1, closest[i]);
        candidateDist[i] = dd;
        pot += weights ? weights[i] * dd : dd;
      }
      if (pot < bestPot) {
        bestPot = pot;
        bestId = id;
        bestDist.set(candidateDist);
      }
    }

    centers.set(x.subarray(bestId * d, bestId * d + d), c * d);
    closest.set(bestDist);
    potential = bestPot;
  }
  return centers;
}

/** First index whose cumulative value is ≥ `v` (numpy searchsorted, side left). */
function searchSorted(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
