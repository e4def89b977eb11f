import { DataError } from '../errors.js';
import type { Random } from '../util/random.js';
import { lowerBound } from '../util/search.js';
import type { Engine } from './engine.js';

/**
 * Greedy k-means++ (as scikit-learn): each new centre is the best of 2 + ln k candidates
 * drawn with probability proportional to weight × squared distance to the nearest centre.
 * The distance passes run on the engine (split across worker threads for large data).
 */
export function kmeansPlusPlus(engine: Engine, rnd: Random): Float64Array {
  const { x, n, d, k, weights, closest } = engine;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = weights ? rnd.weighted(weights) : rnd.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);
  // Every row at distance +∞ makes the first pass the plain distance to the first centre.
  closest.fill(Number.POSITIVE_INFINITY);
  let potential = engine.seedApply(first);
  const cumulative = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    if (potential <= 0) throw new DataError({}, `k = ${k} but the data has only ${c} distinct points`);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += weights ? weights[i] * closest[i] : closest[i];
      cumulative[i] = acc;
    }
    const ids: number[] = [];
    for (let t = 0; t < trials; t++) ids.push(Math.min(lowerBound(cumulative, rnd.next() * acc), n - 1));
    // All the round's candidates scored in one pass over the rows, then the best one applied.
    const pots = engine.seedTrials(ids);
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t] < pots[best]) best = t;
    centers.set(x.subarray(ids[best] * d, ids[best] * d + d), c * d);
    potential = engine.seedApply(ids[best]);
  }
  return centers;
}
