import type { CategoricalColumn, NumericColumn, Table } from '../data/table.js';
import { firstInputOf } from '../prep/model-inputs.js';
import {
  type CategoricalStep,
  levelCodes,
  MISSING_LEVEL,
  type NumericStep,
  type Recipe,
  requireColumn,
  scaledValue,
} from '../prep/recipe.js';

/**
 * Customers as mixed records: numbers in the recipe's scale beside category codes, for the methods
 * that compare categories by matching (k-prototypes, Gower k-medoids) instead of one-hot distance.
 */
export interface MixedData {
  n: number;
  /** Numeric features. */
  p: number;
  /** Categorical features. */
  q: number;
  /** Row-major n × p; NaN where a value is missing and `keepMissing` was asked for. */
  num: Float64Array;
  /** Row-major n × q: index into the recipe's levels; MISSING_LEVEL (−1) or UNSEEN_LEVEL (−2). */
  cat: Int32Array;
  /** Number of training levels of each categorical feature. */
  levels: Int32Array;
}

/** The recipe's numeric and categorical steps, in the order of the model's inputs. */
export function splitSteps(recipe: Pick<Recipe, 'steps'>): {
  numeric: NumericStep[];
  categorical: CategoricalStep[];
} {
  return {
    numeric: recipe.steps.filter((s): s is NumericStep => s.kind === 'numeric'),
    categorical: recipe.steps.filter((s): s is CategoricalStep => s.kind === 'categorical'),
  };
}

/**
 * `table` through the recipe as mixed records. Missing numbers are imputed unless `keepMissing`
 * (Gower skips them); missing categories are the most frequent level unless `keepMissing`.
 */
export function mixedOf(recipe: Recipe, table: Table, keepMissing: boolean): MixedData {
  const { numeric, categorical } = splitSteps(recipe);
  const n = table.nRows;
  const p = numeric.length;
  const q = categorical.length;
  const num = new Float64Array(n * p);
  numeric.forEach((s, t) => {
    const values = (requireColumn(table, s) as NumericColumn).values;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      num[i * p + t] = Number.isNaN(v)
        ? keepMissing
          ? Number.NaN
          : scaledValue(s, s.impute)
        : scaledValue(s, v);
    }
  });
  const cat = new Int32Array(n * q);
  categorical.forEach((s, u) => {
    const codes = levelCodes(s, requireColumn(table, s) as CategoricalColumn);
    const fallback = keepMissing ? MISSING_LEVEL : s.levels.indexOf(s.impute);
    for (let i = 0; i < n; i++) cat[i * q + u] = codes[i] === MISSING_LEVEL ? fallback : codes[i];
  });
  return { n, p, q, num, cat, levels: Int32Array.from(categorical, (s) => s.levels.length) };
}

/** Rows `index` of `x`, as their own records. */
export function takeRows(x: MixedData, index: Int32Array): MixedData {
  const m = index.length;
  const num = new Float64Array(m * x.p);
  const cat = new Int32Array(m * x.q);
  for (let r = 0; r < m; r++) {
    const i = index[r];
    num.set(x.num.subarray(i * x.p, (i + 1) * x.p), r * x.p);
    cat.set(x.cat.subarray(i * x.q, (i + 1) * x.q), r * x.q);
  }
  return { ...x, n: m, num, cat };
}

/** Cluster centres of mixed records: numbers (means or a medoid's values) and one level per category. */
export interface MixedCenters {
  k: number;
  num: Float64Array;
  cat: Int32Array;
}

/**
 * Gower dissimilarity (R's `cluster::daisy(metric = "gower")`) between row i of `a` and row j of
 * `b`: the mean over the variables present in both of |difference| for range-scaled numbers and of
 * mismatch for categories. Rows sharing no present variable are at 0.
 */
export function gower(
  a: { num: Float64Array; cat: Int32Array },
  i: number,
  b: { num: Float64Array; cat: Int32Array },
  j: number,
  p: number,
  q: number,
): number {
  let sum = 0;
  let count = 0;
  const ai = i * p;
  const bj = j * p;
  for (let t = 0; t < p; t++) {
    const d = a.num[ai + t] - b.num[bj + t];
    // A missing side makes the difference NaN: that variable is skipped.
    if (!Number.isNaN(d)) {
      sum += d < 0 ? -d : d;
      count++;
    }
  }
  const ci = i * q;
  const cj = j * q;
  for (let u = 0; u < q; u++) {
    const x = a.cat[ci + u];
    const y = b.cat[cj + u];
    if (x === MISSING_LEVEL || y === MISSING_LEVEL) continue;
    count++;
    if (x !== y) sum++;
  }
  return count ? sum / count : 0;
}

/**
 * The k-prototypes dissimilarity (Huang 1998) between row i of `a` and row j of `b`: squared
 * Euclidean over the numbers plus γ per category that differs.
 */
export function prototypeCost(
  a: { num: Float64Array; cat: Int32Array },
  i: number,
  b: { num: Float64Array; cat: Int32Array },
  j: number,
  p: number,
  q: number,
  gamma: number,
): number {
  let s = 0;
  const ai = i * p;
  const bj = j * p;
  for (let t = 0; t < p; t++) {
    const d = a.num[ai + t] - b.num[bj + t];
    s += d * d;
  }
  let miss = 0;
  const ci = i * q;
  const cj = j * q;
  for (let u = 0; u < q; u++) if (a.cat[ci + u] !== b.cat[cj + u]) miss++;
  return s + gamma * miss;
}

/** Centres as the model stores them: one row per cluster in the recipe's one-hot output space. */
export function centersToOutputs(recipe: Recipe, c: MixedCenters): number[][] {
  const { numeric, categorical } = splitSteps(recipe);
  const first = firstInputOf(recipe);
  const width = recipe.outputs.length;
  const out: number[][] = [];
  for (let j = 0; j < c.k; j++) {
    const row = new Array<number>(width).fill(0);
    numeric.forEach((s, t) => {
      const v = c.num[j * numeric.length + t];
      // A medoid missing a number shows the training median there (Gower skips it when scoring).
      row[first.get(s)!] = Number.isNaN(v) ? scaledValue(s, s.impute) : v;
    });
    categorical.forEach((s, u) => {
      const level = c.cat[j * categorical.length + u];
      row[first.get(s)! + (level >= 0 ? level : s.levels.indexOf(s.impute))] = 1;
    });
    out.push(row);
  }
  return out;
}

/** The stored one-hot centres read back as numbers and levels (a block's largest entry is its level). */
export function centersFromOutputs(recipe: Recipe, rows: readonly (readonly number[])[]): MixedCenters {
  const { numeric, categorical } = splitSteps(recipe);
  const first = firstInputOf(recipe);
  const k = rows.length;
  const num = new Float64Array(k * numeric.length);
  const cat = new Int32Array(k * categorical.length);
  rows.forEach((row, j) => {
    numeric.forEach((s, t) => {
      num[j * numeric.length + t] = row[first.get(s)!];
    });
    categorical.forEach((s, u) => {
      const at = first.get(s)!;
      let best = 0;
      for (let l = 1; l < s.levels.length; l++) if (row[at + l] > row[at + best]) best = l;
      cat[j * categorical.length + u] = best;
    });
  });
  return { k, num, cat };
}
