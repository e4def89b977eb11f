/**
 * Special functions for the lifetime-value models: log-gamma, digamma and the Gauss hypergeometric
 * function with its derivatives in every argument, all in double precision.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error below 1e-14). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export const lnBeta = (a: number, b: number) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** ψ(x), the derivative of ln Γ, for x > 0: the recurrence up to 10, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  let y = x;
  while (y < 10) {
    r -= 1 / y;
    y += 1;
  }
  const f = 1 / (y * y);
  return (
    r +
    Math.log(y) -
    0.5 / y -
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - (f * 691) / 32760)))))
  );
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** 2F1(a, b; c; z) and its partial derivatives in a, b, c and z. */
export interface Hyp2F1 {
  value: number;
  da: number;
  db: number;
  dc: number;
  dz: number;
}

/** Terms of the series at most; a series that needs more is reported, never returned half-summed. */
export const HYP2F1_MAX_TERMS = 200_000;

/**
 * The Gauss hypergeometric function Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ for 0 ≤ z < 1 and positive a, b, c, by
 * its power series (all terms positive, so no cancellation), with the derivatives in a, b, c summed
 * alongside: d(a)ₙ/da = (a)ₙ Σₖ<ₙ 1/(a + k). Stops when a term no longer changes the sum; throws when
 * the series would need more than HYP2F1_MAX_TERMS terms (z too close to 1).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): Hyp2F1 {
  if (z === 0) return { value: 1, da: 0, db: 0, dc: 0, dz: (a * b) / c };
  let term = 1;
  let value = 1;
  let sa = 0;
  let sb = 0;
  let sc = 0;
  let da = 0;
  let db = 0;
  let dc = 0;
  let dz = 0;
  for (let n = 0; n < HYP2F1_MAX_TERMS; n++) {
    sa += 1 / (a + n);
    sb += 1 / (b + n);
    sc += 1 / (c + n);
    const next = (term * (a + n) * (b + n) * z) / ((c + n) * (n + 1));
    dz += (term * (a + n) * (b + n)) / (c + n);
    term = next;
    value += term;
    da += term * sa;
    db += term * sb;
    dc -= term * sc;
    if (term <= value * 1e-17 && n > 2) return { value, da, db, dc, dz };
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}) needs more than ${HYP2F1_MAX_TERMS} terms`);
}

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on Pₙ from the Chebyshev guesses). */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}
