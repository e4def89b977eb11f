/**
 * Maximum likelihood by BFGS on the log-parameters, with a backtracking line search that keeps the
 * Armijo and curvature conditions; the standard errors from the Hessian of the log-likelihood.
 */

/** The log-likelihood and its gradient at θ (log-parameters); NaN or −∞ means outside the model. */
export type Objective = (theta: Float64Array) => { ll: number; grad: Float64Array };

export interface Maximum {
  theta: Float64Array;
  ll: number;
  grad: Float64Array;
  iterations: number;
  converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * Maximises `f` from `start`. Converged when the largest gradient entry is below `tol` × (1 + |ll|)
 * (relative, so a log-likelihood of −10⁶ is held to the same digits as one of −10).
 */
export function maximize(f: Objective, start: Float64Array, tol = 1e-9, maxIter = 500): Maximum {
  const k = start.length;
  let theta = Float64Array.from(start);
  let cur = f(theta);
  if (!Number.isFinite(cur.ll)) throw new RangeError('the starting point has no finite likelihood');
  // H approximates the inverse Hessian of −ll.
  let H = identity(k);
  for (let it = 1; it <= maxIter; it++) {
    const gmax = Math.max(...Array.from(cur.grad, Math.abs));
    if (gmax <= tol * (1 + Math.abs(cur.ll))) return { theta, ...cur, iterations: it - 1, converged: true };
    // Ascent direction d = H g (H for −ll, so the ascent of ll).
    const d = new Float64Array(k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) d[i] += H[i * k + j] * cur.grad[j];
    let slope = dot(d, cur.grad);
    if (!(slope > 0)) {
      H = identity(k);
      d.set(cur.grad);
      slope = dot(d, d);
    }
    let step = Math.min(1, 2 / Math.max(...Array.from(d, Math.abs)));
    let next: ReturnType<Objective> | null = null;
    let cand = theta;
    for (let tries = 0; tries < 60; tries++) {
      cand = Float64Array.from(theta, (v, i) => v + step * d[i]);
      const n = f(cand);
      if (Number.isFinite(n.ll) && n.ll >= cur.ll + 1e-4 * step * slope) {
        next = n;
        break;
      }
      step /= 2;
    }
    if (!next) return { theta, ...cur, iterations: it, converged: gmax <= 1e-5 * (1 + Math.abs(cur.ll)) };
    const s = Float64Array.from(cand, (v, i) => v - theta[i]);
    // y is the change in the gradient of −ll.
    const y = Float64Array.from(next.grad, (v, i) => -(v - cur.grad[i]));
    const sy = dot(s, y);
    if (sy > 1e-12) H = bfgsUpdate(H, s, y, sy, k);
    theta = cand;
    cur = next;
  }
  return { theta, ...cur, iterations: maxIter, converged: false };
}

function identity(k: number): Float64Array {
  const I = new Float64Array(k * k);
  for (let i = 0; i < k; i++) I[i * k + i] = 1;
  return I;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ. */
function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, k: number): Float64Array {
  const rho = 1 / sy;
  const Hy = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Hy[i] += H[i * k + j] * y[j];
  const yHy = dot(y, Hy);
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      out[i * k + j] =
        H[i * k + j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
  return out;
}

/**
 * Standard errors of the parameters (not their logs) at the maximum: the square roots of the diagonal
 * of the inverse of −Hessian, the Hessian by central differences of the analytic gradient. Null when
 * the Hessian is not negative definite there (the errors are then undefined).
 */
export function standardErrors(f: Objective, theta: Float64Array): Float64Array | null {
  const k = theta.length;
  const p = Float64Array.from(theta, Math.exp);
  // The gradient in the parameters: d ll/dθ = d ll/d ln θ / θ.
  const gradIn = (q: Float64Array) => {
    const g = f(Float64Array.from(q, Math.log)).grad;
    return Float64Array.from(g, (v, i) => v / q[i]);
  };
  const Hm = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const h = 1e-5 * Math.max(p[j], 1e-3);
    const up = Float64Array.from(p);
    const down = Float64Array.from(p);
    up[j] += h;
    down[j] -= h;
    if (down[j] <= 0) down[j] = p[j] * 0.5;
    const gu = gradIn(up);
    const gd = gradIn(down);
    for (let i = 0; i < k; i++) Hm[i * k + j] = -(gu[i] - gd[i]) / (up[j] - down[j]);
  }
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) Hm[i * k + j] = Hm[j * k + i] = (Hm[i * k + j] + Hm[j * k + i]) / 2;
  const inv = invert(Hm, k);
  if (!inv) return null;
  const se = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    if (!(inv[i * k + i] > 0)) return null;
    se[i] = Math.sqrt(inv[i * k + i]);
  }
  return se;
}

/** The inverse of a symmetric positive-definite matrix by Cholesky, or null when it is not. */
function invert(A: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j];
      for (let m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j];
    }
  const inv = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    const y = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = i === c ? 1 : 0;
      for (let m = 0; m < i; m++) s -= L[i * k + m] * y[m];
      y[i] = s / L[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = y[i];
      for (let m = i + 1; m < k; m++) s -= L[m * k + i] * inv[m * k + c];
      inv[i * k + c] = s / L[i * k + i];
    }
  }
  return inv;
}
