import { DataError } from '../errors.js';
import {
  BGNBD_PARAMS,
  type BgNbdParams,
  bgnbdAlive,
  bgnbdExpected,
  bgnbdLogLikelihood,
  bgnbdUnconditional,
} from './bgnbd.js';
import type { ClvModelKind } from './clv-options.js';
import { SPEND_PARAMS, type SpendData, type SpendParams, spendLogLikelihood } from './gamma-gamma.js';
import { maximize, type Objective, standardErrors } from './optimize.js';
import {
  PNBD_PARAMS,
  type PnbdParams,
  pnbdAlive,
  pnbdExpected,
  pnbdLogLikelihood,
  pnbdUnconditional,
} from './pnbd.js';
import type { Triples } from './triples.js';

/** A fitted purchase model's parameters by name: r, alpha, a, b (BG/NBD) or r, alpha, s, beta (Pareto/NBD). */
export type PurchaseParams = BgNbdParams | PnbdParams;

/** What a purchase model says of a customer with x repeat purchases at t_x in T units. */
export interface PurchaseModel {
  kind: ClvModelKind;
  params: PurchaseParams;
  alive(x: number, tx: number, T: number): number;
  expected(t: number, x: number, tx: number, T: number): number;
  /** Expected purchases of a new customer in t units. */
  unconditional(t: number): number;
}

export function purchaseModel(kind: ClvModelKind, params: PurchaseParams): PurchaseModel {
  if (kind === 'bgnbd') {
    const p = params as BgNbdParams;
    return {
      kind,
      params: p,
      alive: (x, tx, T) => bgnbdAlive(p, x, tx, T),
      expected: (t, x, tx, T) => bgnbdExpected(p, t, x, tx, T),
      unconditional: (t) => bgnbdUnconditional(p, t),
    };
  }
  const p = params as PnbdParams;
  return {
    kind,
    params: p,
    alive: (x, tx, T) => pnbdAlive(p, x, tx, T),
    expected: (t, x, tx, T) => pnbdExpected(p, t, x, tx, T),
    unconditional: (t) => pnbdUnconditional(p, t),
  };
}

/** A maximum-likelihood fit: parameters by name, their standard errors, and how it went. */
export interface Fitted<P> {
  params: P;
  logLikelihood: number;
  /** Null when the Hessian is not negative definite at the maximum. */
  standardErrors: P | null;
  iterations: number;
}

const NAMES: Readonly<Record<ClvModelKind, readonly string[]>> = { bgnbd: BGNBD_PARAMS, pnbd: PNBD_PARAMS };
const TITLE: Readonly<Record<ClvModelKind, string>> = { bgnbd: 'BG/NBD', pnbd: 'Pareto/NBD' };

/** A parameter beyond these (in either direction) has run to a bound of what the data can say. */
const BOUND = 1e7;

const named = <P>(names: readonly string[], v: ArrayLike<number>) =>
  Object.fromEntries(names.map((n, i) => [n, v[i]])) as P;

/**
 * Maximises a likelihood over log-parameters from `start`, then from a second start if the first
 * does not converge; a fit that does not converge, or whose parameters run to a bound, is a one-line
 * DataError saying which and what it means, never parameters returned as if they were an answer.
 */
function fitWith<P>(
  title: string,
  names: readonly string[],
  f: Objective,
  starts: Float64Array[],
  source: string,
): Fitted<P> {
  let best: ReturnType<typeof maximize> | null = null;
  for (const start of starts) {
    let m: ReturnType<typeof maximize>;
    try {
      m = maximize(f, start, 1e-7);
    } catch {
      continue;
    }
    if (!best || m.ll > best.ll) best = m;
    if (m.converged) break;
  }
  if (!best)
    throw new DataError({ file: source }, `the ${title} likelihood cannot be evaluated on these customers`);
  const values = Array.from(best.theta, Math.exp);
  const runaway = values.findIndex((v) => !(v < BOUND && v > 1 / BOUND));
  if (runaway >= 0)
    throw new DataError(
      { file: source },
      `the ${title} fit runs to a bound: ${names[runaway]} → ${values[runaway].toPrecision(3)} (the data cannot pin it down; with purchase models this usually means too few repeat purchases, or a calibration period too short to see customers stop)`,
    );
  if (!best.converged)
    throw new DataError(
      { file: source },
      `the ${title} fit did not converge in ${best.iterations} iterations (log-likelihood ${best.ll.toFixed(2)}, largest gradient ${Math.max(...Array.from(best.grad, Math.abs)).toExponential(2)})`,
    );
  const se = standardErrors(f, best.theta);
  return {
    params: named<P>(names, values),
    logLikelihood: best.ll,
    standardErrors: se ? named<P>(names, se) : null,
    iterations: best.iterations,
  };
}

/** The purchase model by maximum likelihood on the compressed triples. */
export function fitPurchases(kind: ClvModelKind, t: Triples, source: string): Fitted<PurchaseParams> {
  const names = NAMES[kind];
  const of = (th: Float64Array) => named<Record<string, number>>(names, Array.from(th, Math.exp));
  const f: Objective =
    kind === 'bgnbd'
      ? (th) => bgnbdLogLikelihood(of(th) as unknown as BgNbdParams, t)
      : (th) => pnbdLogLikelihood(of(th) as unknown as PnbdParams, t);
  let meanT = 0;
  let customers = 0;
  for (let i = 0; i < t.n; i++) {
    meanT += t.w[i] * t.T[i];
    customers += t.w[i];
  }
  meanT /= Math.max(customers, 1);
  const starts = [
    new Float64Array(4),
    Float64Array.from([Math.log(0.5), Math.log(Math.max(meanT / 4, 1)), 0, 0]),
  ];
  return fitWith<PurchaseParams>(TITLE[kind], names, f, starts, source);
}

/** The Gamma-Gamma spend model on the repeat customers' mean purchase values. */
export function fitSpend(d: SpendData, source: string): Fitted<SpendParams> {
  const f: Objective = (th) =>
    spendLogLikelihood({ p: Math.exp(th[0]), q: Math.exp(th[1]), gamma: Math.exp(th[2]) }, d);
  const fit = fitWith<SpendParams>(
    'Gamma-Gamma',
    SPEND_PARAMS,
    f,
    [new Float64Array(3), Float64Array.from([1, 1, 1])],
    source,
  );
  if (!(fit.params.q > 1))
    throw new DataError(
      { file: source },
      `the Gamma-Gamma spend model has q = ${fit.params.q.toPrecision(3)} ≤ 1: the mean purchase value it implies is infinite (the values are too dispersed for this model)`,
    );
  return fit;
}
