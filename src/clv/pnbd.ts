import { digamma, hyp2f1, lnGamma, logAddExp } from '../util/special.js';
import { distinctX, type Triples } from './triples.js';

/** Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases Poisson(λ), λ ~ Gamma(r, α); lifetimes exponential(μ), μ ~ Gamma(s, β). */
export interface PnbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export const PNBD_PARAMS = ['r', 'alpha', 's', 'beta'] as const;

/** ln A₀ of Fader & Hardie's note on the Pareto/NBD likelihood, with its gradient in (r, α, s, β). */
interface LogA0 {
  value: number;
  grad: [number, number, number, number];
}

/**
 * ln[F(a₁, b₁; c₁; z(τ)) / (m+τ)^(r+s+x)] for τ = t_x and τ = T, where (α ≥ β) m = α, b₁ = s+1,
 * z = (α−β)/(α+τ); else m = β, b₁ = r+x, z = (β−α)/(β+τ); a₁ = r+s+x, c₁ = r+s+x+1; and ln A₀ their
 * difference ln(e^u − e^v).
 */
function logA0(p: PnbdParams, x: number, tx: number, T: number): LogA0 {
  const { r, alpha, s, beta } = p;
  const big = alpha >= beta;
  const m = big ? alpha : beta;
  const a1 = r + s + x;
  const b1 = big ? s + 1 : r + x;
  const c1 = r + s + x + 1;
  const term = (tau: number) => {
    const z = Math.abs(alpha - beta) / (m + tau);
    const F = hyp2f1(a1, b1, c1, z);
    const lnm = Math.log(m + tau);
    // dz/dα, dz/dβ for either case.
    const dzA = big ? (beta + tau) / (alpha + tau) ** 2 : -1 / (beta + tau);
    const dzB = big ? -1 / (alpha + tau) : (alpha + tau) / (beta + tau) ** 2;
    const inv = 1 / F.value;
    const dr = inv * (F.da + (big ? 0 : F.db) + F.dc) - lnm;
    const ds = inv * (F.da + (big ? F.db : 0) + F.dc) - lnm;
    const dA = inv * F.dz * dzA - (big ? a1 / (m + tau) : 0);
    const dB = inv * F.dz * dzB - (big ? 0 : a1 / (m + tau));
    return { u: Math.log(F.value) - a1 * lnm, g: [dr, dA, ds, dB] as const };
  };
  const one = term(tx);
  const two = term(T);
  const diff = 1 - Math.exp(two.u - one.u);
  if (!(diff > 0)) return { value: Number.NEGATIVE_INFINITY, grad: [0, 0, 0, 0] };
  const value = one.u + Math.log(diff);
  // d ln(e^u − e^v) = (e^u du − e^v dv) / (e^u − e^v).
  const wu = 1 / diff;
  const wv = (wu - 1) * 1;
  const grad = [0, 1, 2, 3].map((k) => wu * one.g[k] - wv * two.g[k]) as [number, number, number, number];
  return { value, grad };
}

/**
 * The Pareto/NBD log-likelihood of the triples and its gradient in (ln r, ln α, ln s, ln β):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β
 *        + ln[ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ].
 */
export function pnbdLogLikelihood(p: PnbdParams, t: Triples): { ll: number; grad: Float64Array } {
  const { r, alpha, s, beta } = p;
  const { values, of } = distinctX(t);
  const head = Float64Array.from(values, (x) => lnGamma(r + x) - lnGamma(r));
  const dHead = Float64Array.from(values, (x) => digamma(r + x) - digamma(r));
  let ll = 0;
  const g = new Float64Array(4);
  for (let i = 0; i < t.n; i++) {
    const x = t.x[i];
    const w = t.w[i];
    const T = t.T[i];
    const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const a0 = logA0(p, x, t.tx[i], T);
    const second = Math.log(s) - Math.log(r + s + x) + a0.value;
    const L = logAddExp(first, second);
    ll += w * (head[of[i]] + r * Math.log(alpha) + s * Math.log(beta) + L);
    const w1 = Math.exp(first - L);
    const w2 = Number.isFinite(second) ? Math.exp(second - L) : 0;
    const k = 1 / (r + s + x);
    g[0] += w * (dHead[of[i]] + Math.log(alpha) + w1 * -Math.log(alpha + T) + w2 * (-k + a0.grad[0]));
    g[1] += w * (r / alpha + w1 * (-(r + x) / (alpha + T)) + w2 * a0.grad[1]);
    g[2] += w * (Math.log(beta) + w1 * -Math.log(beta + T) + w2 * (1 / s - k + a0.grad[2]));
    g[3] += w * (s / beta + w1 * (-s / (beta + T)) + w2 * a0.grad[3]);
  }
  g[0] *= r;
  g[1] *= alpha;
  g[2] *= s;
  g[3] *= beta;
  return { ll, grad: g };
}

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A₀). */
export function pnbdAlive(p: PnbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const a0 = logA0(p, x, tx, T).value;
  const k = Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + a0;
  return 1 / (1 + Math.exp(k));
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
