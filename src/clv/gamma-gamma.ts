import { digamma, lnGamma } from '../util/special.js';
import { distinctOf } from './triples.js';

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
  const lnGammaP = Math.log(gamma);
  const { values, of } = distinctOf(d.x);
  const { lnM } = logsOf(d);
  // The terms in x alone, once per distinct x: ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + px ln x, ψ(px+q), ψ(px).
  const head = new Float64Array(values.length);
  const psiPQ = new Float64Array(values.length);
  const dHead0 = new Float64Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const x = values[j];
    const px = p * x;
    head[j] = lnGamma(px + q) - lnGamma(px) - lgq + q * lnGammaP + px * Math.log(x);
    psiPQ[j] = digamma(px + q);
    dHead0[j] = x * (psiPQ[j] - digamma(px) + Math.log(x));
  }
  let ll = 0;
  const g = new Float64Array(3);
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i];
    const w = d.w[i];
    const j = of[i];
    const px = p * x;
    const mx = d.m[i] * x;
    const lnDen = Math.log(gamma + mx);
    ll += w * (head[j] + (px - 1) * lnM[i] - (px + q) * lnDen);
    g[0] += w * (dHead0[j] + x * (lnM[i] - lnDen));
    g[1] += w * (psiPQ[j] - psiQ + lnGammaP - lnDen);
    g[2] += w * (q / gamma - (px + q) / (gamma + mx));
  }
  g[0] *= p;
  g[1] *= q;
  g[2] *= gamma;
  return { ll, grad: g };
}

const logCache = new WeakMap<SpendData, { lnM: Float64Array }>();

/** ln m̄ of every pair, computed once per data set (it does not depend on the parameters). */
function logsOf(d: SpendData): { lnM: Float64Array } {
  let c = logCache.get(d);
  if (!c) {
    c = { lnM: Float64Array.from(d.m.subarray(0, d.n), Math.log) };
    logCache.set(d, c);
  }
  return c;
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
