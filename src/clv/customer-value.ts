import { OptionError } from '../errors.js';
import type { ClvModel } from '../model/model-file.js';
import { type SpendParams, expectedSpend as spendOf } from './gamma-gamma.js';
import { purchaseModelOf } from './predict-clv.js';
import { tripleValues } from './values.js';

/**
 * One customer as the models see them, in the model's unit: `x` repeat purchases, the recency `tx`
 * (first to last purchase) and age `T` (first purchase to the end of observation), and the mean
 * value of the repeat purchases (absent without repeats).
 */
export interface CustomerHistory {
  x: number;
  tx: number;
  T: number;
  meanValue?: number;
}

function checked(c: CustomerHistory): CustomerHistory {
  const { x, tx, T } = c;
  if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && (x > 0 || tx === 0)))
    throw new OptionError(
      'customer',
      `x = ${x}, tx = ${tx}, T = ${T} is not a customer history (x a whole number ≥ 0, 0 ≤ tx ≤ T, tx = 0 without repeats)`,
    );
  return c;
}

/** P(alive): the chance the customer has not yet stopped buying. */
export function probabilityAlive(model: ClvModel, customer: CustomerHistory): number {
  const { x, tx, T } = checked(customer);
  return purchaseModelOf(model).alive(x, tx, T);
}

/** Expected purchases in the next `periods` units (default: the model's horizon). */
export function expectedPurchases(
  model: ClvModel,
  customer: CustomerHistory,
  periods: number = model.params.horizon,
): number {
  const { x, tx, T } = checked(customer);
  if (!(Number.isFinite(periods) && periods >= 0))
    throw new OptionError('periods', `must be a number ≥ 0 (got ${periods})`);
  return purchaseModelOf(model).expected(periods, x, tx, T);
}

/**
 * The value of one purchase to expect from the customer (Gamma-Gamma: their mean shrunk towards the
 * population's), from a model file; or from the spend parameters, x and the mean value.
 */
export function expectedSpend(model: ClvModel, customer: CustomerHistory): number;
export function expectedSpend(params: SpendParams, x: number, meanValue: number): number;
export function expectedSpend(
  from: ClvModel | SpendParams,
  customer: CustomerHistory | number,
  meanValue?: number,
): number {
  if (typeof customer === 'number') return spendOf(from as SpendParams, customer, meanValue ?? Number.NaN);
  const c = checked(customer);
  return spendOf((from as ClvModel).state.spend, c.x, c.meanValue ?? Number.NaN);
}

/**
 * The customer's lifetime value over the model's horizon: the spend per purchase times the purchases
 * of each whole period discounted at the model's rate, times its margin (as clv.csv has it).
 */
export function lifetimeValue(model: ClvModel, customer: CustomerHistory): number {
  const c = checked(customer);
  const one = (v: number) => Float64Array.of(v);
  const { horizon, discount, margin } = model.params;
  const v = tripleValues(
    purchaseModelOf(model),
    { x: one(c.x), tx: one(c.tx), T: one(c.T), w: one(1), n: 1 },
    horizon,
    discount,
    0,
  );
  return margin * expectedSpend(model, c) * v.factor[0];
}
