/**
 * The sufficient statistics of the purchase models, compressed: customers with the same repeat
 * purchases x, recency t_x and age T are one triple with a weight, so a fit costs the number of
 * distinct triples, not of customers.
 */
export interface Triples {
  /** Repeat purchases. */
  x: Float64Array;
  /** Time of the last purchase since the first (0 without repeats), in the model's unit. */
  tx: Float64Array;
  /** Time from the first purchase to the end of the calibration period, in the model's unit. */
  T: Float64Array;
  /** Customers with this triple. */
  w: Float64Array;
  n: number;
}

/** Triples from per-customer arrays (a Map from the triple's key to its index; order of first seen). */
export function compress(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): Triples {
  const at = new Map<string, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const key = `${x[i]} ${tx[i]} ${T[i]}`;
    const j = at.get(key);
    if (j === undefined) {
      at.set(key, xs.length);
      xs.push(x[i]);
      txs.push(tx[i]);
      Ts.push(T[i]);
      ws.push(1);
    } else ws[j]++;
  }
  return {
    x: Float64Array.from(xs),
    tx: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    w: Float64Array.from(ws),
    n: xs.length,
  };
}

/** The distinct values of x with, for each triple, the index of its x among them. */
export function distinctX(t: Triples): { values: Float64Array; of: Int32Array } {
  const at = new Map<number, number>();
  const values: number[] = [];
  const of = new Int32Array(t.n);
  for (let i = 0; i < t.n; i++) {
    let j = at.get(t.x[i]);
    if (j === undefined) {
      j = values.length;
      at.set(t.x[i], j);
      values.push(t.x[i]);
    }
    of[i] = j;
  }
  return { values: Float64Array.from(values), of };
}
