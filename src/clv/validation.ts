/** How the model did on the holdout, against what really happened and two naive baselines. */
export interface Validation {
  /** Holdout length, in units. */
  periods: number;
  customers: number;
  /** Total repeat purchases in the holdout, actual and predicted (Σ E[Y(holdout)]). */
  actual: number;
  predicted: number;
  actualValue: number;
  /** By calibration frequency (0, 1, …, 6, 7+): customers and mean holdout purchases, actual and predicted. */
  byFrequency: { frequency: string; customers: number; actual: number; predicted: number }[];
  /** Mean absolute error per customer: the model, "same as last period", and the calibration rate scaled. */
  mae: { model: number; lastPeriod: number; rate: number };
}

export const FREQUENCY_BUCKETS = ['0', '1', '2', '3', '4', '5', '6', '7+'];

/**
 * From the holdout grouped by triple, actual purchases and purchases in the last holdout-length of
 * calibration (`columns`: x, txd, td, holdout_x, last_x, n, value), with each triple's prediction.
 */
export function validate(
  columns: readonly Float64Array[],
  predictedOf: (x: number, txd: number, td: number) => number,
  holdoutDays: number,
  periods: number,
): Validation {
  const buckets = FREQUENCY_BUCKETS.map((frequency) => ({
    frequency,
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  let customers = 0;
  let actual = 0;
  let predicted = 0;
  let actualValue = 0;
  const err = { model: 0, lastPeriod: 0, rate: 0 };
  const [xs, txds, tds, hxs, lastXs, ns, values] = columns;
  for (let i = 0; i < xs.length; i++) {
    const [x, txd, td, hx, lastX, n, value] = [xs[i], txds[i], tds[i], hxs[i], lastXs[i], ns[i], values[i]];
    const p = predictedOf(x, txd, td);
    customers += n;
    actual += n * hx;
    predicted += n * p;
    actualValue += value;
    const b = buckets[Math.min(x, 7)];
    b.customers += n;
    b.actual += n * hx;
    b.predicted += n * p;
    err.model += n * Math.abs(hx - p);
    err.lastPeriod += n * Math.abs(hx - lastX);
    // The calibration's repeat rate (x over the days since the first purchase), over the holdout's days.
    err.rate += n * Math.abs(hx - (td > 0 ? (x * holdoutDays) / td : 0));
  }
  const per = (v: number) => (customers ? v / customers : 0);
  return {
    periods,
    customers,
    actual,
    predicted,
    actualValue,
    byFrequency: buckets
      .filter((b) => b.customers > 0)
      .map((b) => ({ ...b, actual: b.actual / b.customers, predicted: b.predicted / b.customers })),
    mae: { model: per(err.model), lastPeriod: per(err.lastPeriod), rate: per(err.rate) },
  };
}
