import fc from 'fast-check';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/cluster/kmeans.js';
import { calinskiHarabasz, daviesBouldin, silhouette } from '../../src/cluster/quality.js';
import { Random } from '../../src/util/random.js';

function blobs(n: number, d: number, centers: number, seed: number, spread = 1): Float64Array {
  const r = new Random(seed);
  const c = Array.from({ length: centers }, () => Array.from({ length: d }, () => r.normal(0, 6)));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const m = c[i % centers];
    for (let t = 0; t < d; t++) x[i * d + t] = m[t] + r.normal(0, spread);
  }
  return x;
}

const rows = (x: Float64Array, d: number) =>
  Array.from({ length: x.length / d }, (_, i) => Array.from(x.subarray(i * d, i * d + d)));

describe('k-means engine', () => {
  it('equals ml-kmeans when both start from the same centroids', () => {
    for (const seed of [1, 2, 3]) {
      const d = 3;
      const x = blobs(300, d, 4, seed, 2.5);
      const init = x.slice(0, 4 * d);
      const ours = kmeans(x, 300, d, { k: 4, init, tol: 0, maxIter: 500, algorithm: 'lloyd' });
      const theirs = mlKmeans(rows(x, d), 4, {
        initialization: rows(init, d),
        maxIterations: 500,
        tolerance: 0,
      });
      expect(Array.from(ours.labels)).toEqual(theirs.clusters);
      const theirCentroids = theirs.centroids.flat();
      for (let i = 0; i < ours.centroids.length; i++)
        expect(ours.centroids[i]).toBeCloseTo(theirCentroids[i], 9);
    }
  });

  it('Lloyd and Hamerly reach the same result from the same start', () => {
    const d = 4;
    const x = blobs(2000, d, 6, 9, 2);
    const init = x.slice(0, 6 * d);
    const a = kmeans(x, 2000, d, { k: 6, init, algorithm: 'lloyd', tol: 0 });
    const b = kmeans(x, 2000, d, { k: 6, init, algorithm: 'hamerly', tol: 0 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.inertia).toBeCloseTo(a.inertia, 6);
    expect(b.iterations).toBe(a.iterations);
  });

  it('is deterministic for a seed, and seeds matter', () => {
    const x = blobs(500, 2, 5, 4, 3);
    const a = kmeans(x, 500, 2, { k: 5, nInit: 3, seed: 7 });
    const b = kmeans(x, 500, 2, { k: 5, nInit: 3, seed: 7 });
    expect(Array.from(b.centroids)).toEqual(Array.from(a.centroids));
    expect(b.restarts).toEqual(a.restarts);
    const c = kmeans(x, 500, 2, { k: 5, nInit: 3, seed: 8 });
    expect(c.restarts).not.toEqual(a.restarts);
  });

  it('uses sample weights: a heavy point pulls its centroid', () => {
    const x = Float64Array.from([0, 0, 1, 0, 10, 0, 11, 0]);
    const w = Float64Array.from([1, 9, 1, 1]);
    const r = kmeans(x, 4, 2, { k: 2, init: Float64Array.from([0, 0, 10, 0]), weights: w });
    expect(r.centroids[0]).toBeCloseTo(0.9, 12);
    expect(r.centroids[2]).toBeCloseTo(10.5, 12);
    expect(r.inertia).toBeCloseTo(1 * 0.81 + 9 * 0.01 + 0.25 + 0.25, 12);
  });

  it('re-seeds an empty cluster from the farthest point', () => {
    const x = Float64Array.from([0, 0, 0.1, 0, 0.2, 0, 50, 0]);
    // The third centre is far from every point, so its cluster starts empty.
    const r = kmeans(x, 4, 2, {
      k: 3,
      init: Float64Array.from([0, 0, 25, 0, 1000, 1000]),
      algorithm: 'lloyd',
    });
    const sizes = [0, 0, 0];
    for (const l of r.labels) sizes[l]++;
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(r.inertia).toBeLessThan(0.03);
  });

  it('rejects k larger than the number of distinct points', () => {
    const x = Float64Array.from([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(() => kmeans(x, 4, 2, { k: 3 })).toThrow(/k = 3 but the data has only 2 distinct points/);
    expect(() => kmeans(x, 4, 2, { k: 5 })).toThrow(/k = 5 is more than the 4 rows/);
  });

  it('quality metrics match scikit-learn on a hand-checked case', () => {
    // Two pairs 1 apart, 9 apart from each other: a = 1, b = 9.5 or 8.5 for each point.
    const x = Float64Array.from([0, 0, 1, 0, 9, 0, 10, 0]);
    const labels = Int32Array.from([0, 0, 1, 1]);
    expect(silhouette(x, 4, 2, labels, 2)).toBeCloseTo(1 - (1 / 9.5 + 1 / 8.5) / 2, 12);
    expect(calinskiHarabasz(x, 4, 2, labels, 2)).toBeCloseTo((81 * 2) / 1, 9);
    expect(daviesBouldin(x, 4, 2, labels, 2)).toBeCloseTo(1 / 9, 9);
  });
});

describe('k-means properties', () => {
  const data = fc
    .record({
      n: fc.integer({ min: 12, max: 120 }),
      d: fc.integer({ min: 1, max: 4 }),
      k: fc.integer({ min: 1, max: 5 }),
      seed: fc.integer(),
    })
    .map(({ n, d, k, seed }) => {
      const r = new Random(seed);
      const x = new Float64Array(n * d);
      for (let i = 0; i < x.length; i++) x[i] = Math.round(r.normal(0, 5) * 100) / 100;
      return { x, n, d, k, seed };
    });

  it('inertia never increases across iterations, for both algorithms', () => {
    fc.assert(
      fc.property(data, ({ x, n, d, k, seed }) => {
        for (const algorithm of ['lloyd', 'hamerly'] as const) {
          let r: ReturnType<typeof kmeans>;
          try {
            r = kmeans(x, n, d, { k, nInit: 1, seed, trackInertia: true, tol: 0, algorithm });
          } catch {
            return; // fewer distinct points than k
          }
          const h = r.history!;
          for (let i = 1; i < h.length; i++) expect(h[i]).toBeLessThanOrEqual(h[i - 1] * (1 + 1e-12) + 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the reported inertia is the best of the restarts', () => {
    fc.assert(
      fc.property(data, ({ x, n, d, k, seed }) => {
        let r: ReturnType<typeof kmeans>;
        try {
          r = kmeans(x, n, d, { k, nInit: 4, seed });
        } catch {
          return;
        }
        expect(r.inertia).toBe(Math.min(...r.restarts));
      }),
      { numRuns: 40 },
    );
  });
});

describe('refined starts on large data', () => {
  // 12 blobs, k = 8: several local optima, as in the bench.
  const n = 120_000;
  const d = 4;
  const x = blobs(n, d, 12, 5, 1.5);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

  it('start from k-means on a sample and settle at least as low as k-means++ on every row', () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6];
    const refined = seeds.map((seed) => kmeans(x, n, d, { k: 8, nInit: 1, seed }));
    const plain = seeds.map((seed) => kmeans(x, n, d, { k: 8, nInit: 1, seed, refine: false }));
    const best = kmeans(x, n, d, { k: 8, nInit: 20, seed: 99, refine: false }).inertia;
    const med = median(refined.map((r) => r.inertia));
    expect(med).toBeLessThanOrEqual(median(plain.map((r) => r.inertia)));
    expect(med / best).toBeLessThan(1.001);
    // The sample did the early iterations: few are left on every row.
    expect(median(refined.map((r) => r.iterations))).toBeLessThan(median(plain.map((r) => r.iterations)));
    // Same seed, same result, byte for byte; another seed draws another sample.
    const again = kmeans(x, n, d, { k: 8, nInit: 1, seed: 3 });
    expect(Array.from(again.centroids)).toEqual(Array.from(refined[3].centroids));
  });

  it('fall back to k-means++ when weights leave fewer than k rows in the sample', () => {
    const weights = new Float64Array(n);
    for (let i = 0; i < 6; i++) weights[i * 20_000] = 1;
    for (let i = 0; i < 4; i++) weights[i * 20_000 + 7] = 1;
    const r = kmeans(x, n, d, { k: 8, nInit: 1, seed: 1, weights });
    expect(r.inertia).toBeGreaterThanOrEqual(0);
    expect(new Set(Array.from(r.labels)).size).toBe(8);
  });

  it('draw distinct sorted rows for the sample', () => {
    const rows = new Random(4).choose(1_000_000, 20_000);
    expect(rows.length).toBe(20_000);
    expect(new Set(rows).size).toBe(20_000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
    expect(rows[0]).toBeGreaterThanOrEqual(0);
    expect(rows[rows.length - 1]).toBeLessThan(1_000_000);
    expect(Array.from(new Random(4).choose(10, 20))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
