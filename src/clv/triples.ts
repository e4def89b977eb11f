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

/** Distinct values of a column, and for each row the index of its value among them. */
export interface Distinct {
  values: Float64Array;
  of: Int32Array;
}

const distinctCache = new WeakMap<Float64Array, Distinct>();

/**
 * The distinct values of a column (x, t_x or T: a few hundred at most, as times are whole days),
 * computed once per array: a likelihood evaluated fifty times over a million triples then takes
 * its logarithms and Γ functions per distinct value, not per row.
 */
export function distinctOf(column: Float64Array): Distinct {
  const cached = distinctCache.get(column);
  if (cached) return cached;
  const at = new Map<number, number>();
  const values: number[] = [];
  const of = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    let j = at.get(column[i]);
    if (j === undefined) {
      j = values.length;
      at.set(column[i], j);
      values.push(column[i]);
    }
    of[i] = j;
  }
  const d = { values: Float64Array.from(values), of };
  distinctCache.set(column, d);
  return d;
}
