/**
 * The k-means inner loops over a range of rows [start, end), shared by the main thread and the
 * worker threads (each takes its own range of the same shared arrays).
 */

/** Squared Euclidean distance between row i of `x` and row j of `c`. */
export function sqDist(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  const a = i * d;
  const b = j * d;
  // Two accumulators: independent additions pipeline better than one running sum.
  let s0 = 0;
  let s1 = 0;
  let t = 0;
  for (; t + 1 < d; t += 2) {
    const d0 = x[a + t] - c[b + t];
    const d1 = x[a + t + 1] - c[b + t + 1];
    s0 += d0 * d0;
    s1 += d1 * d1;
  }
  if (t < d) {
    const d0 = x[a + t] - c[b + t];
    s0 += d0 * d0;
  }
  return s0 + s1;
}

let nearestBest = 0;
let nearestSecond = 0;

/** Index of the nearest centre to row `i` (ties: lowest index, or `tie` when it is among them). */
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

/** Puts row `i` with its nearest centre and sets its bounds; 1 when its label changed. */
function moveToNearest(
  x: Float64Array,
  i: number,
  c: Float64Array,
  k: number,
  d: number,
  tie: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  const bj = nearestTwo(x, i, c, k, d, tie);
  const moved = labels[i] !== bj ? 1 : 0;
  labels[i] = bj;
  upper[i] = Math.sqrt(nearestBest);
  lower[i] = Math.sqrt(nearestSecond);
  return moved;
}

/** Every row to its nearest centre; `upper`/`lower` get the nearest and second-nearest distances. */
export function assignFull(
  x: Float64Array,
  d: number,
  k: number,
  c: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  start: number,
  end: number,
): number {
  let changed = 0;
  for (let i = start; i < end; i++) changed += moveToNearest(x, i, c, k, d, 0, labels, upper, lower);
  return changed;
}

/**
 * Hamerly's step: widen each row's bounds by how far the centres moved, then recompute only rows whose
 * bounds no longer prove that their centre is the nearest.
 */
export function assignBounded(
  x: Float64Array,
  d: number,
  k: number,
  c: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
  moves: Float64Array,
  maxMove: number,
  maxMove2: number,
  argMax: number,
  start: number,
  end: number,
): number {
  let changed = 0;
  for (let i = start; i < end; i++) {
    const li = labels[i];
    upper[i] += moves[li];
    lower[i] -= li === argMax ? maxMove2 : maxMove;
    const m = Math.max(half[li], lower[i]);
    if (upper[i] <= m) continue;
    upper[i] = Math.sqrt(sqDist(x, i, c, li, d));
    if (upper[i] <= m) continue;
    changed += moveToNearest(x, i, c, k, d, li, labels, upper, lower);
  }
  return changed;
}

/** Weighted per-cluster sums and masses of a range of rows, into `sums` (k × d) and `mass` (k). */
export function clusterSums(
  x: Float64Array,
  d: number,
  labels: Int32Array,
  weights: Float64Array | null,
  sums: Float64Array,
  mass: Float64Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    const w = weights ? weights[i] : 1;
    const l = labels[i];
    const b = l * d;
    const a = i * d;
    mass[l] += w;
    for (let t = 0; t < d; t++) sums[b + t] += w * x[a + t];
  }
}

/**
 * k-means++, one round's candidates in one pass: for each of `trials` candidate rows (copied into
 * `cand`), the block's potential if it became a centre (each row's weighted distance to the nearer of
 * its centre and the candidate), into `pot[t]`. Each row is read once for all the candidates.
 */
export function seedTrials(
  x: Float64Array,
  d: number,
  closest: Float64Array,
  cand: Float64Array,
  trials: number,
  weights: Float64Array | null,
  pot: Float64Array,
  start: number,
  end: number,
): void {
  pot.fill(0, 0, trials);
  for (let i = start; i < end; i++) {
    const w = weights ? weights[i] : 1;
    const cl = closest[i];
    for (let t = 0; t < trials; t++) {
      const dd = sqDist(x, i, cand, t, d);
      pot[t] += w * Math.min(dd, cl);
    }
  }
}

/** k-means++: row `id` becomes a centre; each row keeps the nearer of the two; returns the potential. */
export function seedApply(
  x: Float64Array,
  d: number,
  closest: Float64Array,
  id: number,
  weights: Float64Array | null,
  start: number,
  end: number,
): number {
  let pot = 0;
  const row = id | 0;
  for (let i = start; i < end; i++) {
    const dd = Math.min(sqDist(x, i, x, row, d), closest[i]);
    closest[i] = dd;
    pot += weights ? weights[i] * dd : dd;
  }
  return pot;
}
