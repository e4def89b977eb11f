import type { Table } from '../data/table.js';
import { type Resolved, resolveOptions, type Spec } from '../options.js';
import { shareColumn } from '../prep/features.js';

export interface ParetoOptions {
  value: string;
  /** Cumulative value shares closing classes A and B (default 0.8 and 0.95). */
  cutoffs?: readonly [number, number];
  /** Customer shares for the headline table (default 1%, 5%, 10%, 20%, 50%). */
  customerShares?: readonly number[];
}

const shares = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number' && x > 0 && x <= 1);

export const PARETO_OPTIONS = {
  value: { kind: 'string' },
  cutoffs: {
    kind: 'custom',
    describe: 'two cumulative shares A < B with 0 < A and B ≤ 1',
    check: (v) => shares(v) && (v as number[]).length === 2 && (v as number[])[0] < (v as number[])[1],
  },
  customerShares: { kind: 'custom', describe: 'a list of shares between 0 and 1', check: shares },
} as const satisfies Spec;

/** What the Pareto view does when an option is not given. */
export const PARETO_DEFAULTS = {
  cutoffs: [0.8, 0.95],
  customerShares: [0.01, 0.05, 0.1, 0.2, 0.5],
} as const satisfies Partial<ParetoOptions>;

export type ResolvedPareto = Resolved<ParetoOptions, typeof PARETO_DEFAULTS>;

export interface ParetoResult {
  value: string;
  customers: number;
  total: number;
  /** Rows in descending value order. */
  order: Int32Array;
  /** Cumulative value share after each customer in `order`. */
  cumulative: Float64Array;
  /** ABC class per row (in table order). */
  classOf: string[];
  topShares: { customerShare: number; valueShare: number }[];
  classes: { class: string; customers: number; valueShare: number }[];
  /** Missing values, counted as zero. */
  missing: number;
  headline: string;
}

/**
 * Pareto / ABC view: customers sorted by value (ties by row), cumulative share of the total, and classes:
 * a customer is A while the share held by those ranked above it is below the first cut-off (so the one
 * that crosses 80% is still A), B likewise up to the second, C after.
 */
export function pareto(table: Table, options: ParetoOptions): ParetoResult {
  return paretoOf(table, resolveOptions(PARETO_OPTIONS, PARETO_DEFAULTS, options));
}

/** `pareto` on options already resolved. */
export function paretoOf(table: Table, o: ResolvedPareto): ParetoResult {
  const values = shareColumn(table, o.value);
  const [cutA, cutB] = o.cutoffs;
  const n = table.nRows;
  const v = new Float64Array(n);
  let missing = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (Number.isNaN(x)) missing++;
    v[i] = Number.isNaN(x) ? 0 : x;
    total += v[i];
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => v[b] - v[a] || a - b);
  const cumulative = new Float64Array(n);
  const classOf: string[] = new Array(n);
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const before = total ? acc / total : 0;
    classOf[order[k]] = before < cutA ? 'A' : before < cutB ? 'B' : 'C';
    acc += v[order[k]];
    cumulative[k] = total ? acc / total : 0;
  }
  const topShares = o.customerShares.map((s) => {
    const k = Math.max(1, Math.round(s * n));
    return { customerShare: s, valueShare: cumulative[Math.min(k, n) - 1] };
  });
  const classes = ['A', 'B', 'C'].map((c) => {
    let count = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (classOf[i] === c) {
        count++;
        sum += v[i];
      }
    }
    return { class: c, customers: count, valueShare: total ? sum / total : 0 };
  });
  const top10 = topShares.find((t) => t.customerShare === 0.1) ?? topShares[0];
  const headline = `the top ${Math.round(100 * top10.customerShare)}% of customers hold ${Math.round(100 * top10.valueShare)}% of ${o.value}`;
  return {
    value: o.value,
    customers: n,
    total,
    order,
    cumulative,
    classOf,
    topShares,
    classes,
    missing,
    headline,
  };
}
