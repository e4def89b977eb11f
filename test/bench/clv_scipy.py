"""The lifetime-value bench's peer: BG/NBD and Gamma-Gamma by maximum likelihood in numpy/scipy.

The same weighted likelihoods Strata maximises (Fader, Hardie & Lee 2005), vectorised over the same
distinct triples, with analytic gradients and scipy's BFGS on log-parameters (what Python's
`lifetimes` does, which cannot be installed here). Usage: clv_scipy.py TRIPLES SPEND REPEATS;
the inputs are raw float64 columns (x, t_x, T, w) and (x, m, w). Prints one JSON line.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln


def bgnbd(theta, x, tx, T, w):
    r, alpha, a, b = np.exp(theta)
    rep = x > 0
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    bx1 = np.where(rep, b + x - 1, 1.0)
    a4 = np.where(rep, np.log(a) - np.log(bx1) - (r + x) * np.log(alpha + tx), -np.inf)
    top = np.maximum(a3, a4)
    lse = top + np.log(np.exp(a3 - top) + np.exp(a4 - top))
    w3, w4 = np.exp(a3 - lse), np.exp(a4 - lse)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + tx)
    d_alpha = r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + tx)
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - w4 / bx1
    ll = np.sum(w * (a1 + a2 + lse))
    grad = np.array([np.sum(w * d) for d in (d_r, d_alpha, d_a, d_b)]) * np.exp(theta)
    return -ll, -grad


def gamma_gamma(theta, x, m, w):
    p, q, g = np.exp(theta)
    px = p * x
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + m * x)
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - np.log(g + m * x))
    d_q = digamma(px + q) - digamma(q) + np.log(g) - np.log(g + m * x)
    d_g = q / g - (px + q) / (g + m * x)
    grad = np.array([np.sum(w * d) for d in (d_p, d_q, d_g)]) * np.exp(theta)
    return -np.sum(w * ll), -grad


def fit(f, start, args, repeats):
    best = None
    seconds = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        res = minimize(f, start, args=args, jac=True, method="BFGS", options={"gtol": 1e-7, "maxiter": 500})
        seconds = min(seconds, time.perf_counter() - t)
        best = res
    return {"params": np.exp(best.x).tolist(), "ll": -float(best.fun), "iterations": int(best.nit), "seconds": seconds}


def main():
    triples = np.fromfile(sys.argv[1], dtype="<f8").reshape(4, -1)
    spend = np.fromfile(sys.argv[2], dtype="<f8").reshape(3, -1)
    repeats = int(sys.argv[3])
    purchase = fit(bgnbd, np.zeros(4), tuple(triples), repeats)
    spending = fit(gamma_gamma, np.zeros(3), tuple(spend), repeats)
    print(json.dumps({"purchase": purchase, "spend": spending, "triples": triples.shape[1]}))


if __name__ == "__main__":
    with np.errstate(divide="ignore", invalid="ignore"):
        main()
