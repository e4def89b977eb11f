import type { CategoricalColumn, Column, Table } from '../data/table.js';
import { DataError, OptionError, UsageError } from '../errors.js';
import { withDefaults } from '../options.js';
import { finiteValues, mean, quantiles, skewness } from '../util/stats.js';
import { firstInputOf, modelInputs } from './model-inputs.js';
import type {
  CategoricalStep,
  LogSpec,
  NumericStep,
  Recipe,
  RecipeStep,
  ScaleMethod,
  Transformed,
} from './steps.js';

export type {
  CategoricalStep,
  LogSpec,
  Matrix,
  NumericStep,
  Recipe,
  RecipeStep,
  ScaleMethod,
  Transformed,
} from './steps.js';

export interface RecipeOptions {
  scale?: ScaleMethod;
  log?: LogSpec;
  /** Skewness above which `log: 'auto'` applies log1p (default 1). */
  skewThreshold?: number;
  /** Leave missing numbers as NaN (trees route them) instead of imputing the median. */
  keepMissing?: boolean;
  /** Most levels a categorical feature may have (default 1,000): more would one-hot into a huge matrix. */
  maxLevels?: number;
  /**
   * One-hot at most this many of a category's most frequent levels; rarer ones share the all-zero
   * code of an unseen level ("other"), which bounds k-means' matrix at rows × this per feature.
   */
  oneHotLevels?: number;
}

/** k-means one-hots at most this many levels of a category (the most frequent); the rest are "other". */
export const ONE_HOT_LEVELS = 50;

/**
 * The `limit` most frequent levels (equal counts by level text), in the order given; every level
 * when there are no more than `limit`.
 */
export function commonLevels(levels: readonly string[], counts: ArrayLike<number>, limit: number): string[] {
  if (levels.length <= limit) return [...levels];
  const order = levels.map((_l, i) => i);
  order.sort((a, b) => counts[b] - counts[a] || (levels[a] < levels[b] ? -1 : levels[a] > levels[b] ? 1 : 0));
  const keep = new Set(order.slice(0, limit));
  return levels.filter((_l, i) => keep.has(i));
}

export const DEFAULT_MAX_LEVELS = 1000;

/** What a recipe does when an option is not given. */
export const RECIPE_DEFAULTS = {
  scale: 'standard',
  log: 'none',
  skewThreshold: 1,
  keepMissing: false,
  maxLevels: DEFAULT_MAX_LEVELS,
} as const satisfies RecipeOptions;

/** Why a categorical feature with `n` levels cannot be one-hot encoded. */
export function tooManyLevels(n: number, maxLevels: number): string {
  return `has ${n.toLocaleString('en-US')} levels, more than ${maxLevels.toLocaleString('en-US')} (maxLevels): too many to one-hot; leave it out or raise maxLevels`;
}

/** Learns imputation values, logs, scales and levels from `table` for the named features. */
export function fitRecipe(table: Table, features: readonly string[], options: RecipeOptions = {}): Recipe {
  const o = withDefaults(RECIPE_DEFAULTS, options);
  const { scale, log, maxLevels } = o;
  const threshold = o.skewThreshold;
  if (Array.isArray(log)) {
    for (const name of log) {
      if (!features.includes(name))
        throw new OptionError('log', `names "${name}", which is not one of the features`);
    }
  }
  const steps = features.map((name): RecipeStep => {
    const col = table.get(name);
    if (!col) throw new UsageError(`${table.source}: column "${name}" not found`);
    if (col.type === 'categorical') {
      if (col.levels.length > maxLevels)
        throw new DataError(
          { file: table.source, column: name },
          tooManyLevels(col.levels.length, maxLevels),
        );
      return fitCategorical(table.source, col, o.oneHotLevels);
    }
    if (col.type !== 'numeric') {
      throw new DataError(
        { file: table.source, column: name },
        `is ${col.type === 'date' ? 'a date' : 'free text'} column, not a numeric or categorical feature`,
      );
    }
    const present = finiteValues(col.values);
    if (!present.length) throw new DataError({ file: table.source, column: name }, 'every value is missing');
    let lowest = present[0];
    for (let i = 1; i < present.length; i++) if (present[i] < lowest) lowest = present[i];
    // The median by selection (O(n)); present is reordered, and only the count is used after.
    const [impute] = quantiles(present, [0.5]);
    const wantLog = Array.isArray(log)
      ? log.includes(name)
      : log === 'auto' && lowest >= 0 && skewness(col.values) > threshold;
    if (wantLog && lowest < 0) {
      throw new DataError({ file: table.source, column: name }, 'has negative values and cannot be logged');
    }
    const filled = new Float64Array(col.values.length);
    for (let i = 0; i < filled.length; i++) {
      const v = Number.isNaN(col.values[i]) ? impute : col.values[i];
      filled[i] = wantLog ? logOnePlus(v) : v;
    }
    const { center, spread } = scaleParams(scale, filled);
    const missing = col.values.length - present.length;
    return { kind: 'numeric', name, impute, log: wantLog, center, scale: spread, missing };
  });
  const outputs = modelInputs({ steps }).map((input) => input.name);
  return o.keepMissing ? { scale, keepMissing: true, steps, outputs } : { scale, steps, outputs };
}

function fitCategorical(source: string, col: CategoricalColumn, oneHotLevels?: number): CategoricalStep {
  const counts = new Int32Array(col.levels.length);
  for (const k of col.codes) if (k >= 0) counts[k]++;
  let best = -1;
  for (let i = 0; i < counts.length; i++)
    if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) best = i;
  if (best < 0) throw new DataError({ file: source, column: col.name }, 'every value is missing');
  const present = col.levels.flatMap((_l, i) => (counts[i] > 0 ? [i] : []));
  const seen = present.map((i) => col.levels[i]);
  const levels =
    oneHotLevels === undefined
      ? seen
      : commonLevels(
          seen,
          present.map((i) => counts[i]),
          oneHotLevels,
        );
  return { kind: 'categorical', name: col.name, impute: col.levels[best], levels };
}

function scaleParams(method: ScaleMethod, v: Float64Array): { center: number; spread: number } {
  if (method === 'none') return { center: 0, spread: 1 };
  if (method === 'standard') {
    const m = mean(v);
    let s = 0;
    for (let i = 0; i < v.length; i++) s += (v[i] - m) * (v[i] - m);
    const sd = Math.sqrt(s / v.length);
    return { center: m, spread: sd > 0 ? sd : 1 };
  }
  if (method === 'robust') {
    const [q1, median, q3] = quantiles(Float64Array.from(v), [0.25, 0.5, 0.75]);
    const iqr = q3 - q1;
    return { center: median, spread: iqr > 0 ? iqr : 1 };
  }
  let lo = v[0];
  let hi = v[0];
  for (let i = 1; i < v.length; i++) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  const range = hi - lo;
  return { center: lo, spread: range > 0 ? range : 1 };
}

/** Applies a fitted recipe to `table`; unseen categories become all-zero one-hot rows. */
export function applyRecipe(recipe: Recipe, table: Table): Transformed {
  const rows = table.nRows;
  const cols = recipe.outputs.length;
  // Large matrices live in shared memory, so k-means worker threads read them without a copy.
  const bytes = rows * cols * 8;
  const data = new Float64Array(bytes >= 8 << 20 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const imputed: Record<string, number> = {};
  const first = firstInputOf(recipe);
  const columns = recipe.steps.map((s) => requireColumn(table, s));
  recipe.steps.forEach((s, idx) => {
    if (s.kind !== 'numeric') return;
    const j = first.get(s)!;
    const values = (columns[idx] as { values: Float64Array }).values;
    let filled = 0;
    for (let i = 0; i < rows; i++) {
      let v = values[i];
      if (Number.isNaN(v)) {
        if (recipe.keepMissing) {
          data[i * cols + j] = Number.NaN;
          continue;
        }
        v = s.impute;
        filled++;
      }
      data[i * cols + j] = scaledValue(s, v);
    }
    imputed[s.name] = filled;
  });
  recipe.steps.forEach((s, idx) => {
    if (s.kind !== 'categorical') return;
    const j = first.get(s)!;
    const codes = levelCodes(s, columns[idx] as CategoricalColumn);
    const fallback = s.levels.indexOf(s.impute);
    let filled = 0;
    for (let i = 0; i < rows; i++) {
      let k = codes[i];
      if (k === MISSING_LEVEL) {
        filled++;
        k = fallback;
      }
      if (k >= 0) data[i * cols + j + k] = 1;
    }
    imputed[s.name] = filled;
  });
  return { data, rows, cols, names: recipe.outputs, imputed };
}

/** A missing category, in `levelCodes`. */
export const MISSING_LEVEL = -1;
/** A category the recipe never saw in training, in `levelCodes`. */
export const UNSEEN_LEVEL = -2;

/** Each row's index into the step's training levels; MISSING_LEVEL or UNSEEN_LEVEL otherwise. */
export function levelCodes(s: CategoricalStep, col: CategoricalColumn): Int32Array {
  const index = new Map(s.levels.map((l, k) => [l, k]));
  const map = Int32Array.from(col.levels, (l) => index.get(l) ?? UNSEEN_LEVEL);
  const out = new Int32Array(col.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = col.codes[i] < 0 ? MISSING_LEVEL : map[col.codes[i]];
  return out;
}

/** The step's column of `table`, checked (and read as categories where a category is expected). */
export function requireColumn(table: Table, s: RecipeStep): Column {
  const col = table.get(s.name);
  if (!col)
    throw new DataError({ file: table.source, column: s.name }, 'feature column is missing from the data');
  if (s.kind === 'numeric' && col.type !== 'numeric') {
    // A column with no value at all reads as categories; for a numeric step it is numbers, all missing.
    if (table.info(s.name)?.missing === table.nRows)
      return { name: s.name, type: 'numeric', values: new Float64Array(table.nRows).fill(Number.NaN) };
    throw new DataError({ file: table.source, column: s.name }, `expected numbers, found ${col.type} values`);
  }
  if (s.kind === 'categorical' && col.type !== 'categorical') {
    // Unseen data can read as numbers (e.g. codes 1/2/3); compare them as text.
    return asCategorical(table, s.name);
  }
  return col;
}

function asCategorical(table: Table, name: string): CategoricalColumn {
  const levels = new Map<string, number>();
  const codes = new Int32Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    const t = table.text(name, i);
    if (t === '') {
      codes[i] = -1;
      continue;
    }
    let k = levels.get(t);
    if (k === undefined) {
      k = levels.size;
      levels.set(t, k);
    }
    codes[i] = k;
  }
  return { name, type: 'categorical', codes, levels: [...levels.keys()] };
}

/** A present value of a numeric step in the model's space: logged if the step logs, then scaled. */
export function scaledValue(s: NumericStep, v: number): number {
  return ((s.log ? logOnePlus(Math.max(v, 0)) : v) - s.center) / s.scale;
}

/** Maps a transformed numeric value back to original units. */
export function inverseNumeric(step: NumericStep, z: number): number {
  const v = z * step.scale + step.center;
  return step.log ? Math.expm1(v) : v;
}

/**
 * ln(1 + v), written so rather than Math.log1p: exported SQL can only say LN(1 + v), and scoring in a
 * database must give exactly the same numbers as scoring here.
 */
export function logOnePlus(v: number): number {
  return Math.log(1 + v);
}
