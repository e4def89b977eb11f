/** A k-means worker thread: computes its range of rows for each job the Engine posts (engine.ts). */
import { parentPort } from 'node:worker_threads';
import { BLOCK } from './engine.js';
import { assignBounded, assignFull, clusterSums, seedCandidate } from './kernels.js';

interface Setup {
  index: number;
  parts: number;
  n: number;
  d: number;
  k: number;
  x: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  centroids: Float64Array;
  half: Float64Array;
  moves: Float64Array;
  closest: Float64Array;
  candidate: Float64Array;
  weights: Float64Array | null;
  sums: Float64Array;
  mass: Float64Array;
  params: Float64Array;
  results: Float64Array;
  ctrl: Int32Array;
}

parentPort?.on('message', (s: Setup) => {
  const base = s.index * 4;
  const blocks = Math.max(1, Math.ceil(s.n / BLOCK));
  const next = s.parts * 4;
  const { k, d } = s;
  Atomics.store(s.ctrl, base + 2, 1);
  Atomics.notify(s.ctrl, base + 2);
  for (;;) {
    Atomics.wait(s.ctrl, base, 0);
    const job = Atomics.exchange(s.ctrl, base, 0);
    if (job === 9) return; // release: back to the event loop for the next fit
    try {
      for (let b = Atomics.add(s.ctrl, next, 1); b < blocks; b = Atomics.add(s.ctrl, next, 1)) {
        const start = b * BLOCK;
        const end = Math.min(s.n, start + BLOCK);
        let r = 0;
        if (job === 1) r = assignFull(s.x, d, k, s.centroids, s.labels, s.upper, s.lower, start, end);
        else if (job === 2) {
          r = assignBounded(
            s.x,
            d,
            k,
            s.centroids,
            s.labels,
            s.upper,
            s.lower,
            s.half,
            s.moves,
            s.params[0],
            s.params[1],
            s.params[2],
            start,
            end,
          );
        } else if (job === 3) {
          clusterSums(
            s.x,
            d,
            s.labels,
            s.weights,
            s.sums.subarray(b * k * d, (b + 1) * k * d),
            s.mass.subarray(b * k, (b + 1) * k),
            start,
            end,
          );
        } else if (job === 4)
          r = seedCandidate(s.x, d, s.closest, s.params[3], s.weights, s.candidate, start, end);
        s.results[b] = r;
      }
      Atomics.store(s.ctrl, base + 1, 1);
    } catch {
      Atomics.store(s.ctrl, base + 1, 2);
    }
    Atomics.notify(s.ctrl, base + 1);
  }
});
