import { digamma, gaussLegendre, lnGamma, logAddExp } from '../util/special.js';
import { distinctOf, type Triples } from './triples.js';

/** Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases Poisson(λ), λ ~ Gamma(r, α); lifetimes exponential(μ), μ ~ Gamma(s, β). */
export interface PnbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export const PNBD_PARAMS = ['r', 'alpha', 's', 'beta'] as const;

/** Nodes of the quadrature in log-time (64 Gauss–Legendre points). */
const GL = gaussLegendre(64);

/** ln of the dying-customer term and its gradient in (r, α, s, β). */
interface Second {
  value: number;
  grad: [number, number, number, number];
}

/**
 * ln ∫ from t_x to T of s (α+τ)^−(r+x) (β+τ)^−(s+1) dτ: the likelihood's term for a customer who
 * stopped at some τ after the last purchase (Fader & Hardie's s/(r+s+x)·A₀, whose ₂F₁ form needs a
 * slowly converging series when α and β are far apart). Integrated over u = ln(τ + min(α, β)), where
 * both factors are smooth, by 64-point Gauss–Legendre; the gradient is the integral of the
 * integrand's own derivatives on the same nodes. −∞ when t_x = T.
 */
function secondTerm(p: PnbdParams, x: number, tx: number, T: number): Second {
  const { r, alpha, s, beta } = p;
  if (!(T > tx)) return { value: Number.NEGATIVE_INFINITY, grad: [0, 0, 0, 0] };
  const m = Math.min(alpha, beta);
  const lo = Math.log(tx + m);
  const hi = Math.log(T + m);
  const half = (hi - lo) / 2;
  const mid = (hi + lo) / 2;
  const n = GL.x.length;
  const l = new Float64Array(n);
  let top = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const u = mid + half * GL.x[k];
    const tau = Math.exp(u) - m;
    // ln of w_k · f(τ) · dτ/du.
    l[k] =
      Math.log(GL.w[k] * half) +
      Math.log(s) -
      (r + x) * Math.log(alpha + tau) -
      (s + 1) * Math.log(beta + tau) +
      u;
    if (l[k] > top) top = l[k];
  }
  let sum = 0;
  const g = [0, 0, 0, 0] as [number, number, number, number];
  for (let k = 0; k < n; k++) {
    const e = Math.exp(l[k] - top);
    const tau = Math.exp(mid + half * GL.x[k]) - m;
    sum += e;
    g[0] -= e * Math.log(alpha + tau);
    g[1] -= (e * (r + x)) / (alpha + tau);
    g[2] += e * (1 / s - Math.log(beta + tau));
    g[3] -= (e * (s + 1)) / (beta + tau);
  }
  return { value: top + Math.log(sum), grad: [g[0] / sum, g[1] / sum, g[2] / sum, g[3] / sum] };
}

/**
 * The Pareto/NBD log-likelihood of the triples and its gradient in (ln r, ln α, ln s, ln β):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β
 *        + ln[ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ].
 */
export function pnbdLogLikelihood(p: PnbdParams, t: Triples): { ll: number; grad: Float64Array } {
  const { r, alpha, s, beta } = p;
  const { values, of } = distinctOf(t.x);
  const head = Float64Array.from(values, (x) => lnGamma(r + x) - lnGamma(r));
  const dHead = Float64Array.from(values, (x) => digamma(r + x) - digamma(r));
  let ll = 0;
  const g = new Float64Array(4);
  for (let i = 0; i < t.n; i++) {
    const x = t.x[i];
    const w = t.w[i];
    const T = t.T[i];
    const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const second = secondTerm(p, x, t.tx[i], T);
    const L = logAddExp(first, second.value);
    ll += w * (head[of[i]] + r * Math.log(alpha) + s * Math.log(beta) + L);
    const w1 = Math.exp(first - L);
    const w2 = Number.isFinite(second.value) ? Math.exp(second.value - L) : 0;
    g[0] += w * (dHead[of[i]] + Math.log(alpha) - w1 * Math.log(alpha + T) + w2 * second.grad[0]);
    g[1] += w * (r / alpha - (w1 * (r + x)) / (alpha + T) + w2 * second.grad[1]);
    g[2] += w * (Math.log(beta) - w1 * Math.log(beta + T) + w2 * second.grad[2]);
    g[3] += w * (s / beta - (w1 * s) / (beta + T) + w2 * second.grad[3]);
  }
  g[0] *= r;
  g[1] *= alpha;
  g[2] *= s;
  g[3] *= beta;
  return { ll, grad: g };
}

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A₀): the still-active term's share. */
export function pnbdAlive(p: PnbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return 1 / (1 + Math.exp(secondTerm(p, x, tx, T).value - first));
}

/** (1 − (B/(B+t))^(s−1)) / (s − 1), and its limit ln((B+t)/B) at s = 1. */
function survivalIntegral(s: number, B: number, t: number): number {
  if (Math.abs(s - 1) < 1e-9) return Math.log((B + t) / B);
  return -Math.expm1((s - 1) * Math.log(B / (B + t))) / (s - 1);
}

/** E[Y(t) | x, t_x, T] = (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1))/(s−1) · P(alive). */
export function pnbdExpected(p: PnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, beta } = p;
  return (((r + x) * (beta + T)) / (alpha + T)) * survivalIntegral(p.s, beta + T, t) * pnbdAlive(p, x, tx, T);
}

/** E[X(t)] = rβ/α · (1 − (β/(β+t))^(s−1))/(s−1): expected purchases of a new customer in t units. */
export function pnbdUnconditional(p: PnbdParams, t: number): number {
  if (t === 0) return 0;
  return ((p.r * p.beta) / p.alpha) * survivalIntegral(p.s, p.beta, t);
}
