import { describe, expect, it } from 'vitest';
import { bgnbdAlive, bgnbdExpected, bgnbdLogLikelihood, bgnbdUnconditional } from '../../src/clv/bgnbd.js';
import { expectedSpend, spendLogLikelihood } from '../../src/clv/gamma-gamma.js';
import { maximize } from '../../src/clv/optimize.js';
import { pnbdAlive, pnbdExpected, pnbdLogLikelihood, pnbdUnconditional } from '../../src/clv/pnbd.js';
import { compress } from '../../src/clv/triples.js';
import { Random } from '../../src/util/random.js';
import { digamma, gaussLegendre, hyp2f1, lnGamma } from '../../src/util/special.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

/** Central differences of `f` at `th`, one parameter at a time. */
function numeric(f: (th: Float64Array) => number, th: Float64Array, h = 1e-6): number[] {
  return Array.from(th, (_, i) => {
    const up = Float64Array.from(th);
    const down = Float64Array.from(th);
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** 400 customers' (x, t_x, T) with repeats, recency and age as a purchase log would give them. */
function someTriples() {
  const rnd = new Random(7);
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (let i = 0; i < 400; i++) {
    const age = 10 + rnd.int(30);
    const repeats = rnd.next() < 0.5 ? 0 : 1 + rnd.int(12);
    x.push(repeats);
    tx.push(repeats ? Math.round(rnd.next() * age * 7) / 7 : 0);
    T.push(age);
  }
  return compress(x, tx, T);
}

describe('special functions', () => {
  it('ln Γ and ψ match known values', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    // Python's math.lgamma.
    expect(rel(lnGamma(123.4), 469.3360974421906)).toBeLessThan(1e-13);
    expect(rel(lnGamma(0.001), 6.907178885383854)).toBeLessThan(1e-13);
    expect(rel(lnGamma(7.25), 7.0521854507385395)).toBeLessThan(1e-13);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.25)).toBeCloseTo(-Math.PI / 2 - 3 * Math.log(2) - 0.5772156649015329, 12);
  });

  it('₂F₁ equals its closed forms, and its derivatives equal differences', () => {
    for (const z of [0.1, 0.5, 0.9]) {
      expect(rel(hyp2f1(1, 1, 2, z).value, -Math.log(1 - z) / z)).toBeLessThan(1e-13);
      expect(rel(hyp2f1(0.7, 1.3, 1.3, z).value, (1 - z) ** -0.7)).toBeLessThan(1e-13);
    }
    const at = [1.7, 2.4, 3.9, 0.6];
    const h = hyp2f1(at[0], at[1], at[2], at[3]);
    const d = numeric((v) => hyp2f1(v[0], v[1], v[2], v[3]).value, Float64Array.from(at));
    [h.da, h.db, h.dc, h.dz].forEach((g, i) => {
      expect(rel(g, d[i])).toBeLessThan(1e-7);
    });
  });

  it('64-point Gauss–Legendre integrates polynomials of degree 127 exactly', () => {
    const { x, w } = gaussLegendre(64);
    let s = 0;
    for (let k = 0; k < 64; k++) s += w[k] * x[k] ** 126;
    expect(rel(s, 2 / 127)).toBeLessThan(1e-12);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 13);
  });
});

describe('the likelihoods and their analytic gradients', () => {
  const t = someTriples();
  const cases = [
    [
      'BG/NBD',
      (th: Float64Array) =>
        bgnbdLogLikelihood(
          { r: Math.exp(th[0]), alpha: Math.exp(th[1]), a: Math.exp(th[2]), b: Math.exp(th[3]) },
          t,
        ),
    ],
    [
      'Pareto/NBD, α > β',
      (th: Float64Array) =>
        pnbdLogLikelihood(
          { r: Math.exp(th[0]), alpha: Math.exp(th[1]), s: Math.exp(th[2]), beta: Math.exp(th[3]) },
          t,
        ),
    ],
  ] as const;
  for (const [name, f] of cases)
    it(`${name}: the gradient is the likelihood's slope`, () => {
      for (const th of [
        [-1.2, 1.5, -0.3, 0.9],
        [0.3, 2.8, 0.4, 1.2],
        [-0.5, 0.2, 1.1, 3.5],
      ]) {
        const at = Float64Array.from(th);
        const g = f(at).grad;
        numeric((v) => f(v).ll, at).forEach((d, i) => {
          expect(Math.abs(g[i] - d)).toBeLessThan(1e-5 * Math.max(1, Math.abs(d)));
        });
      }
    });

  it("Gamma-Gamma: the gradient is the likelihood's slope", () => {
    const rnd = new Random(3);
    const d = {
      x: new Float64Array(200),
      m: new Float64Array(200),
      w: new Float64Array(200).fill(1),
      n: 200,
    };
    for (let i = 0; i < 200; i++) {
      d.x[i] = 1 + rnd.int(9);
      d.m[i] = 5 + 60 * rnd.next();
    }
    const f = (th: Float64Array) =>
      spendLogLikelihood({ p: Math.exp(th[0]), q: Math.exp(th[1]), gamma: Math.exp(th[2]) }, d);
    const at = Float64Array.from([1.5, 1.2, 2.6]);
    const g = f(at).grad;
    numeric((v) => f(v).ll, at).forEach((n, i) => {
      expect(Math.abs(g[i] - n)).toBeLessThan(1e-5 * Math.max(1, Math.abs(n)));
    });
  });
});

describe('what a fitted model says of a customer', () => {
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const pn = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

  it('without repeats a BG/NBD customer is alive; with them, less so the longer ago the last', () => {
    expect(bgnbdAlive(bg, 0, 0, 30)).toBe(1);
    expect(bgnbdAlive(bg, 3, 30, 38)).toBeGreaterThan(bgnbdAlive(bg, 3, 5, 38));
    expect(pnbdAlive(pn, 3, 30, 38)).toBeGreaterThan(pnbdAlive(pn, 3, 5, 38));
    expect(pnbdAlive(pn, 0, 0, 0.000001)).toBeCloseTo(1, 6);
  });

  it("expected purchases grow with the horizon, and a new customer's equal a just-seen customer's", () => {
    expect(bgnbdExpected(bg, 52, 2, 30, 38)).toBeGreaterThan(bgnbdExpected(bg, 26, 2, 30, 38));
    // At T = 0 with no repeats the conditional expectation is the unconditional one.
    expect(rel(bgnbdExpected(bg, 39, 0, 0, 0), bgnbdUnconditional(bg, 39))).toBeLessThan(1e-12);
    expect(rel(pnbdExpected(pn, 39, 0, 0, 1e-12), pnbdUnconditional(pn, 39))).toBeLessThan(1e-9);
  });

  it("the expected spend shrinks a customer's own mean toward the population's", () => {
    const sp = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (sp.gamma * sp.p) / (sp.q - 1);
    expect(expectedSpend(sp, 0, Number.NaN)).toBeCloseTo(population, 10);
    const one = expectedSpend(sp, 1, 100);
    const many = expectedSpend(sp, 20, 100);
    expect(one).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(one);
    expect(many).toBeLessThan(100);
  });
});

describe('the optimiser', () => {
  it('finds the maximum of a concave function from far away', () => {
    const f = (th: Float64Array) => {
      const d = [th[0] - 1, th[1] + 2];
      return {
        ll: -(d[0] ** 2) - 3 * d[1] ** 2 - d[0] * d[1],
        grad: Float64Array.from([-2 * d[0] - d[1], -6 * d[1] - d[0]]),
      };
    };
    const m = maximize(f, Float64Array.from([40, -30]));
    expect(m.converged).toBe(true);
    expect(m.theta[0]).toBeCloseTo(1, 6);
    expect(m.theta[1]).toBeCloseTo(-2, 6);
  });
});
