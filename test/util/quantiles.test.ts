import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/util/random.js';
import { quantileSorted, quantiles, round, roundText } from '../../src/util/stats.js';

const QS = [0.5, 0.25, 0.75, 0, 1, 0.1, 0.999];

/** The quantiles of a sorted copy: what the one-pass bracketing must give exactly. */
const sorted = (a: Float64Array) => QS.map((q) => quantileSorted(Float64Array.from(a).sort(), q));

describe('quantiles', () => {
  it('equal those of a sort on large arrays: noise, ties, sorted runs, a few huge values', () => {
    const r = new Random(3);
    const n = 60_000;
    const cases: [string, Float64Array][] = [
      ['normal', Float64Array.from({ length: n }, () => r.normal(0, 1))],
      ['ties', Float64Array.from({ length: n }, () => Math.floor(r.next() * 5))],
      ['sorted', Float64Array.from({ length: n }, (_, i) => i)],
      ['reversed runs', Float64Array.from({ length: n }, (_, i) => (i % 1000) * 1000 - Math.floor(i / 1000))],
      ['skewed', Float64Array.from({ length: n }, (_, i) => (i % 997 === 0 ? 1e12 : r.next()))],
      // Every sampled position holds the same value: the brackets miss and selection does it all.
      ['adversarial', Float64Array.from({ length: n }, (_, i) => (i % 15 === 0 ? 0 : i))],
    ];
    for (const [name, a] of cases)
      expect([name, quantiles(Float64Array.from(a), QS)]).toEqual([name, sorted(a)]);
  });

  it('equal those of a sort on any array', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        (values, repeat) => {
          // Repeated to pass the size where bracketing starts.
          const a = Float64Array.from(
            { length: values.length * repeat },
            (_, i) => values[(i * 7) % values.length],
          );
          expect(quantiles(Float64Array.from(a), QS)).toEqual(sorted(a));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('roundText', () => {
  it('writes what String(round(v, digits)) writes, faster', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -1e8, max: 1e8, noNaN: true })),
        fc.integer({ min: 1, max: 12 }),
        (v, digits) => {
          expect(roundText(v, digits)).toBe(String(round(v, digits)));
        },
      ),
      { numRuns: 20_000 },
    );
    for (const v of [9.999999999, 0.000999999995, 1e-6, 9_999_999.99, 1000, 0.001, -0.5, 5e-7, -0])
      expect(roundText(v, 8)).toBe(String(round(v, 8)));
  });
});
