import type { Table } from '../data/table.js';
import { DataError } from '../errors.js';
import type { ClvModel } from '../model/model-file.js';
import { type PurchaseModel, type PurchaseParams, purchaseModel } from './fit.js';
import { expectedSpend } from './gamma-gamma.js';
import { tripleValues } from './values.js';

/** The purchase model a CLV model file holds. */
export function purchaseModelOf(model: ClvModel): PurchaseModel {
  return purchaseModel(model.state.model, model.state.purchase as unknown as PurchaseParams);
}

/** What a CLV model says of each customer: P(alive), purchases over the horizon, spend per purchase, CLV. */
export interface ClvPredictions {
  alive: Float64Array;
  expected: Float64Array;
  spend: Float64Array;
  clv: Float64Array;
}

/** The columns of a customer summary a CLV model scores (clv.csv has them). */
export const SUMMARY_COLUMNS = ['x', 't_x', 'T', 'mean_value'] as const;

function numbers(table: Table, name: string, required: boolean): Float64Array | null {
  const col = table.get(name);
  if (!col) {
    if (required)
      throw new DataError(
        { file: table.source, column: name },
        `column not found: a lifetime-value model scores customer summaries with columns ${SUMMARY_COLUMNS.join(', ')} (as clv.csv has them)`,
      );
    return null;
  }
  if (col.type !== 'numeric') throw new DataError({ file: table.source, column: name }, 'is not numeric');
  return col.values;
}

/**
 * A fitted CLV model applied to customer summaries (x repeat purchases, t_x and T in the model's unit,
 * the mean value of the repeat purchases): each distinct (x, t_x, T) is computed once.
 */
export function predictClv(model: ClvModel, table: Table): ClvPredictions {
  const x = numbers(table, 'x', true)!;
  const tx = numbers(table, 't_x', true)!;
  const T = numbers(table, 'T', true)!;
  const mean = numbers(table, 'mean_value', false);
  const n = table.nRows;
  for (let i = 0; i < n; i++) {
    const ok =
      Number.isInteger(x[i]) && x[i] >= 0 && tx[i] >= 0 && T[i] >= tx[i] && (x[i] > 0 || tx[i] === 0);
    if (!ok)
      throw new DataError(
        { file: table.source, row: i + 1 },
        `x = ${x[i]}, t_x = ${tx[i]}, T = ${T[i]} is not a customer summary (x a whole number ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 without repeats)`,
      );
  }
  const at = new Map<string, number>();
  const tri: { x: number[]; tx: number[]; T: number[] } = { x: [], tx: [], T: [] };
  const of = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = `${x[i]} ${tx[i]} ${T[i]}`;
    let j = at.get(key);
    if (j === undefined) {
      j = tri.x.length;
      at.set(key, j);
      tri.x.push(x[i]);
      tri.tx.push(tx[i]);
      tri.T.push(T[i]);
    }
    of[i] = j;
  }
  const triples = {
    x: Float64Array.from(tri.x),
    tx: Float64Array.from(tri.tx),
    T: Float64Array.from(tri.T),
    w: new Float64Array(tri.x.length).fill(1),
    n: tri.x.length,
  };
  const { horizon, discount, margin } = model.params;
  const v = tripleValues(purchaseModelOf(model), triples, horizon, discount, 0);
  const out: ClvPredictions = {
    alive: new Float64Array(n),
    expected: new Float64Array(n),
    spend: new Float64Array(n),
    clv: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const j = of[i];
    out.alive[i] = v.alive[j];
    out.expected[i] = v.expected[j];
    out.spend[i] = expectedSpend(model.state.spend, x[i], mean ? mean[i] : Number.NaN);
    out.clv[i] = margin * out.spend[i] * v.factor[j];
  }
  return out;
}
