import { digamma, lnGamma } from '../util/special.js';

/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's purchase values
 * are Gamma(p, ν), ν ~ Gamma(q, γ) across customers, independent of how often they buy.
 */
export interface SpendParams {
  p: number;
  q: number;
  gamma: number;
}

export const SPEND_PARAMS = ['p', 'q', 'gamma'] as const;

/** Repeat customers' purchase counts and mean purchase values, with a weight each. */
export interface SpendData {
  x: Float64Array;
  m: Float64Array;
  w: Float64Array;
  n: number;
}

/**
 * ln f(m̄ | p, q, γ, x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + m̄x),
 * summed, with the gradient in (ln p, ln q, ln γ).
 */
export function spendLogLikelihood(sp: SpendParams, d: SpendData): { ll: number; grad: Float64Array } {
  const { p, q, gamma } = sp;
  const lgq = lnGamma(q);
  const psiQ = digamma(q);
  let ll = 0;
  const g = new Float64Array(3);
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i];
    const m = d.m[i];
    const w = d.w[i];
    const px = p * x;
    const lnDen = Math.log(gamma + m * x);
    ll +=
      w *
      (lnGamma(px + q) -
        lnGamma(px) -
        lgq +
        q * Math.log(gamma) +
        (px - 1) * Math.log(m) +
        px * Math.log(x) -
        (px + q) * lnDen);
    const psiPQ = digamma(px + q);
    g[0] += w * x * (psiPQ - digamma(px) + Math.log(m) + Math.log(x) - lnDen);
    g[1] += w * (psiPQ - psiQ + Math.log(gamma) - lnDen);
    g[2] += w * (q / gamma - (px + q) / (gamma + m * x));
  }
  g[0] *= p;
  g[1] *= q;
  g[2] *= gamma;
  return { ll, grad: g };
}

/**
 * E[M | x, m̄]: the expected value of a purchase given x purchases averaging m̄, a weighted mean of the
 * population's γp/(q−1) and the customer's own m̄ (weight px/(px+q−1)); for x = 0 the population mean.
 */
export function expectedSpend(sp: SpendParams, x: number, m: number): number {
  const { p, q, gamma } = sp;
  if (x === 0 || !Number.isFinite(m)) return (gamma * p) / (q - 1);
  return (p * (gamma + m * x)) / (p * x + q - 1);
}
