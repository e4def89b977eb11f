import { digamma, hyp2f1, lnGamma, logAddExp } from '../util/special.js';
import { distinctOf, type Triples } from './triples.js';

/** BG/NBD (Fader, Hardie & Lee 2005): purchases Poisson(λ), λ ~ Gamma(r, α); after each purchase the customer drops out with p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export const BGNBD_PARAMS = ['r', 'alpha', 'a', 'b'] as const;

/**
 * The log-likelihood of the triples and its gradient in the log-parameters (ln r, ln α, ln a, ln b):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *        + ln[ (α+T)^−(r+x) + [x > 0] a/(b+x−1) (α+t_x)^−(r+x) ].
 * The terms in x alone are computed once per distinct x.
 */
export function bgnbdLogLikelihood(p: BgNbdParams, t: Triples): { ll: number; grad: Float64Array } {
  const { r, alpha, a, b } = p;
  const { values, of } = distinctOf(t.x);
  const m = values.length;
  const head = new Float64Array(m);
  const dHr = new Float64Array(m);
  const dHa = new Float64Array(m);
  const dHb = new Float64Array(m);
  const psiAB = digamma(a + b);
  const lnA = Math.log(alpha);
  for (let j = 0; j < m; j++) {
    const x = values[j];
    head[j] =
      lnGamma(r + x) -
      lnGamma(r) +
      r * lnA +
      lnGamma(a + b) +
      lnGamma(b + x) -
      lnGamma(b) -
      lnGamma(a + b + x);
    const psiABX = digamma(a + b + x);
    dHr[j] = digamma(r + x) - digamma(r) + lnA;
    dHa[j] = psiAB - psiABX;
    dHb[j] = psiAB + digamma(b + x) - digamma(b) - psiABX;
  }
  const Ts = distinctOf(t.T);
  const txs = distinctOf(t.tx);
  const lnT = Float64Array.from(Ts.values, (v) => Math.log(alpha + v));
  const invT = Float64Array.from(Ts.values, (v) => 1 / (alpha + v));
  const lnTx = Float64Array.from(txs.values, (v) => Math.log(alpha + v));
  const invTx = Float64Array.from(txs.values, (v) => 1 / (alpha + v));
  // ln a − ln(b+x−1) per distinct x (unused for x = 0).
  const lnAb = Float64Array.from(values, (x) => (x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0));
  let ll = 0;
  const g = new Float64Array(4);
  for (let i = 0; i < t.n; i++) {
    const x = t.x[i];
    const w = t.w[i];
    const j = of[i];
    const kT = Ts.of[i];
    const lT = lnT[kT];
    const c3 = -(r + x) * lT;
    if (x === 0) {
      ll += w * (head[j] + c3);
      g[0] += w * (dHr[j] - lT);
      g[1] += w * (r / alpha - (r + x) * invT[kT]);
      g[2] += w * dHa[j];
      g[3] += w * dHb[j];
      continue;
    }
    const kTx = txs.of[i];
    const lTx = lnTx[kTx];
    const c4 = lnAb[j] - (r + x) * lTx;
    const L = logAddExp(c3, c4);
    ll += w * (head[j] + L);
    const w3 = Math.exp(c3 - L);
    const w4 = Math.exp(c4 - L);
    g[0] += w * (dHr[j] - w3 * lT - w4 * lTx);
    g[1] += w * (r / alpha - w3 * (r + x) * invT[kT] - w4 * (r + x) * invTx[kTx]);
    g[2] += w * (dHa[j] + w4 / a);
    g[3] += w * (dHb[j] - w4 / (b + x - 1));
  }
  // In the log-parameters: d/d ln θ = θ d/dθ.
  g[0] *= r;
  g[1] *= alpha;
  g[2] *= a;
  g[3] *= b;
  return { ll, grad: g };
}

/** P(alive | x, t_x, T) = 1 / (1 + [x > 0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)). */
export function bgnbdAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  return 1 / (1 + (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t units (Fader, Hardie & Lee 2005, eq. 10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
 */
export function bgnbdExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const f = hyp2f1(r + x, b + x, a + b + x - 1, z).value;
  const head =
    ((a + b + x - 1) / (a - 1)) * (1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * f);
  return head * bgnbdAlive(p, x, tx, T);
}

/** E[X(t)]: expected purchases of a new customer in t units (eq. 9). */
export function bgnbdUnconditional(p: BgNbdParams, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const f = hyp2f1(r, b, a + b - 1, t / (alpha + t)).value;
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * f);
}
