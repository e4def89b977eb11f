import type { PurchaseModel } from './fit.js';

/** Repeat purchases per period since the first day, actual and expected, each also cumulated. */
export interface Tracking {
  /** Days in a period (the unit's). */
  periodDays: number;
  /** The period the calibration ends in (its last day's), or null without a holdout. */
  calibrationPeriods: number | null;
  actual: number[];
  expected: number[];
  cumulativeActual: number[];
  cumulativeExpected: number[];
}

/**
 * The tracking plot of Fader, Hardie & Lee: repeat purchases per period of the customers, actual and
 * expected. A customer who first bought on day s contributes E[X(t − s)] repeat purchases by day t,
 * so the expectation sums the unconditional curve over the cohorts of first-purchase days.
 */
export function tracking(
  m: PurchaseModel,
  cohorts: readonly { day: number; n: number }[],
  repeats: readonly { day: number; n: number }[],
  periodDays: number,
  lastDay: number,
  calEndDay: number | null,
): Tracking {
  const periods = Math.max(1, Math.ceil((lastDay + 1) / periodDays));
  const actual = new Array<number>(periods).fill(0);
  for (const r of repeats) actual[Math.min(periods - 1, Math.floor(r.day / periodDays))] += r.n;
  const cumulativeExpected: number[] = [];
  for (let k = 0; k < periods; k++) {
    // The end of period k: the day after its last, or the day after the last day observed.
    const end = Math.min((k + 1) * periodDays, lastDay + 1);
    let e = 0;
    for (const c of cohorts) if (end > c.day + 1) e += c.n * m.unconditional((end - c.day - 1) / periodDays);
    cumulativeExpected.push(e);
  }
  const expected = cumulativeExpected.map((c, k) => c - (k ? cumulativeExpected[k - 1] : 0));
  const cumulativeActual: number[] = [];
  actual.reduce((acc, a) => {
    cumulativeActual.push(acc + a);
    return acc + a;
  }, 0);
  return {
    periodDays,
    calibrationPeriods: calEndDay === null ? null : Math.floor(calEndDay / periodDays) + 1,
    actual,
    expected,
    cumulativeActual,
    cumulativeExpected,
  };
}
