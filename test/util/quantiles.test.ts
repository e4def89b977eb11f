import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiLines } from '../../src/util/ascii-lines.js';
import { Random } from '../../src/util/random.js';
import { quantileSorted, quantiles, round } from '../../src/util/stats.js';

const QS = [0.5, 0.25, 0.75, 0, 1, 0.1, 0.999];

/** The quantiles of a sorted copy: what the one-pass bracketing must give exactly. */
const sorted = (a: Float64Array) => QS.map((q) => quantileSorted(Float64Array.from(a).sort(), q) + 0);
/** -0 and 0 are the same quantile. */
const of = (a: Float64Array) => quantiles(Float64Array.from(a), QS).map((v) => v + 0);

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
          expect(of(a)).toEqual(sorted(a));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('AsciiLines', () => {
  const written = (fill: (out: AsciiLines) => void) => {
    const parts: string[] = [];
    const out = new AsciiLines((t) => parts.push(t));
    fill(out);
    out.flush();
    return parts.join('');
  };

  it('writes what String(round(v, digits)) writes, digit by digit', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -1e8, max: 1e8, noNaN: true })),
        fc.integer({ min: 1, max: 12 }),
        (v, digits) => {
          expect(written((o) => o.significant(v, digits))).toBe(String(round(v, digits)));
        },
      ),
      { numRuns: 20_000 },
    );
    for (const v of [9.999999999, 0.000999999995, 1e-6, 9_999_999.99, 1000, 0.001, -0.5, 5e-7, -0, 0])
      expect(written((o) => o.significant(v, 8))).toBe(String(round(v, 8)));
  });

  it('writes whole numbers as toFixed(0) does, and many lines across blocks', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (v) => {
        expect(written((o) => o.integer(v))).toBe(v.toFixed(0));
      }),
    );
    const text = written((o) => {
      for (let i = 0; i < 300_000; i++) {
        o.integer(i);
        o.text(',é,');
        o.significant(i / 7, 8);
        o.byte(10);
      }
    });
    const lines = text.split('\n');
    expect(lines.length).toBe(300_001);
    expect(lines[299_999]).toBe(`299999,é,${String(round(299_999 / 7, 8))}`);
  });
});
