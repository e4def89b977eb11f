import type { PurchaseModel } from './fit.js';
import type { Triples } from './triples.js';

/** What each triple's customers can expect: alive, purchases over the horizon and the holdout, the value factor. */
export interface TripleValues {
  alive: Float64Array;
  /** E[Y(horizon)]: expected purchases over the horizon. */
  expected: Float64Array;
  /** Σᵢ (E[Y(i)] − E[Y(i−1)]) / (1+d)ⁱ over the horizon's periods: times the spend per purchase, the lifetime value. */
  factor: Float64Array;
  /** E[Y(holdout length)], when there is a holdout. */
  holdout: Float64Array | null;
}

/**
 * Per triple: P(alive), expected purchases and the discounted purchase factor over `horizon` whole
 * periods at `discount` per period (undiscounted, the factor is E[Y(horizon)] itself), and the
 * expected purchases over a holdout of `holdout` units. Each triple's values are computed once,
 * whatever the number of its customers.
 */
export function tripleValues(
  m: PurchaseModel,
  t: Triples,
  horizon: number,
  discount: number,
  holdout: number,
  onRow?: (done: number) => void,
): TripleValues {
  const alive = new Float64Array(t.n);
  const expected = new Float64Array(t.n);
  const factor = new Float64Array(t.n);
  const hold = holdout > 0 ? new Float64Array(t.n) : null;
  for (let i = 0; i < t.n; i++) {
    const x = t.x[i];
    const tx = t.tx[i];
    const T = t.T[i];
    alive[i] = m.alive(x, tx, T);
    expected[i] = m.expected(horizon, x, tx, T);
    if (discount === 0) factor[i] = expected[i];
    else {
      let prev = 0;
      let f = 0;
      for (let p = 1; p <= horizon; p++) {
        const e = p === horizon ? expected[i] : m.expected(p, x, tx, T);
        f += (e - prev) / (1 + discount) ** p;
        prev = e;
      }
      factor[i] = f;
    }
    if (hold) hold[i] = m.expected(holdout, x, tx, T);
    if (onRow && (i & 1023) === 1023) onRow(i + 1);
  }
  return { alive, expected, factor, holdout: hold };
}
