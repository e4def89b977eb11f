import type { Table } from '../data/table.js';
import { DataError, OptionError } from '../errors.js';
import { withDefaults } from '../options.js';
import { modelInputs } from '../prep/model-inputs.js';
import {
  type CategoricalStep,
  commonLevels,
  type LogSpec,
  type NumericStep,
  RECIPE_DEFAULTS,
  type Recipe,
  type RecipeStep,
  type ScaleMethod,
  tooManyLevels,
} from '../prep/recipe.js';
import { num, quoter } from '../sql/quote.js';
import { numberOf, quantileSql } from './connect.js';
import type { DbSource } from './kmeans-database.js';
import { firstScanOnShards, pooledAverages, shardSources, spreadScanOnShards } from './recipe-shards.js';
import { aggregateNamingColumn } from './source.js';

/** The recipe of `features` fitted in the database, numbers told from categories as the sample reads them. */
export function fitFeaturesInDatabase(
  src: DbSource,
  sample: Table,
  features: readonly string[],
  options: DbRecipeOptions,
): Promise<Recipe> {
  const categorical = (f: string) => sample.get(f)?.type === 'categorical';
  return fitRecipeInDatabase(
    src,
    features.filter((f) => !categorical(f)),
    features.filter(categorical),
    options,
  );
}

export interface DbRecipeOptions {
  scale?: ScaleMethod;
  /** As in-process: 'auto' logs a non-negative feature whose skewness exceeds `skewThreshold`. */
  log?: LogSpec;
  skewThreshold?: number;
  maxLevels?: number;
  /** As in-process: one-hot only this many most frequent levels; the rest share the "other" code. */
  oneHotLevels?: number;
  /** Missing numbers stay missing in the inputs (trees route them), as in-process. */
  keepMissing?: boolean;
}

/**
 * A recipe fitted by SQL aggregates where the customers are, as `fitRecipe` fits it in-process: per
 * numeric feature the median (what a missing value becomes), the smallest value and the skewness (for
 * `log: 'auto'`), then the centre and spread of the imputed (and logged) values for `scale`; per
 * categorical feature its levels (sorted) and the most frequent one. Three queries for the numbers
 * (two without `log: 'auto'`), one per category.
 */
export async function fitRecipeInDatabase(
  src: DbSource,
  numeric: readonly string[],
  categorical: readonly string[],
  given: DbRecipeOptions = {},
): Promise<Recipe> {
  const options = withDefaults(RECIPE_DEFAULTS, given);
  const { scale, log } = options;
  if (Array.isArray(log))
    for (const name of log)
      if (!numeric.includes(name))
        throw new OptionError('log', `names "${name}", which is not one of the features`);
  const steps: RecipeStep[] = numeric.length ? await numericSteps(src, numeric, options) : [];
  for (const name of categorical)
    steps.push(await categoricalStep(src, name, options.maxLevels, options.oneHotLevels));
  const ordered = [
    ...steps.filter((s) => s.kind === 'numeric'),
    ...steps.filter((s) => s.kind === 'categorical'),
  ];
  const outputs = modelInputs({ steps: ordered }).map((i) => i.name);
  return options.keepMissing
    ? { scale, keepMissing: true, steps: ordered, outputs }
    : { scale, steps: ordered, outputs };
}

type Resolved = ReturnType<typeof withDefaults<DbRecipeOptions, typeof RECIPE_DEFAULTS>>;

/** The numeric steps by SQL aggregates: median, missing, minimum and mean; skewness; centre and spread. */
async function numericSteps(
  src: DbSource,
  numeric: readonly string[],
  options: Resolved,
): Promise<NumericStep[]> {
  const { db } = src;
  const { scale, log } = options;
  const q = quoter(db.dialect);
  const where = (column: string) => ({ file: db.label, column });
  const x = (c: string) => `CAST(${q(c)} AS DOUBLE PRECISION)`;
  const quantile = (v: string, p: number) => quantileSql(db.dialect, v, p);
  const steps: NumericStep[] = [];
  const moments = (c: string) =>
    `COUNT(*) - COUNT(${q(c)}), MIN(${x(c)}), AVG(${x(c)}), VAR_POP(${x(c)}), MAX(${x(c)}), COUNT(${q(c)})`;
  const stats = (c: string) => `${quantile(x(c), 0.5)}, ${moments(c)}`;
  const shards = shardSources(src);
  const first =
    (shards && (await firstScanOnShards(shards, numeric, x, moments))) ??
    (await aggregateNamingColumn(
      db,
      `SELECT ${numeric.map(stats).join(', ')} FROM ${src.from}`,
      numeric,
      (c) => `SELECT ${stats(c)} FROM ${src.from}`,
      'is not a number in every row of the database',
    ));
  const at = (i: number, j: number) => numberOf(first[STATS * i + j]);
  const impute = numeric.map((c, i) => {
    const v = at(i, 0);
    if (!Number.isFinite(v)) throw new DataError(where(c), 'every value is missing');
    return v;
  });
  const skew =
    log === 'auto'
      ? await skewness(
          src,
          numeric,
          numeric.map((_c, i) => at(i, 3)),
        )
      : numeric.map(() => 0);
  const logged = numeric.map((c, i) => {
    const want = Array.isArray(log)
      ? log.includes(c)
      : log === 'auto' && at(i, 2) >= 0 && skew[i] > options.skewThreshold;
    if (want && at(i, 2) < 0) throw new DataError(where(c), 'has negative values and cannot be logged');
    return want;
  });
  // Without a log, the centre and spread of the imputed values follow from the present values'
  // count, mean, variance, minimum and maximum and the missing count (the imputed rows all hold the
  // median), so the same scan gives them; a logged feature or robust scaling needs a second scan.
  const again = numeric
    .map((_c, i) => i)
    .filter((i) => scale === 'robust' || (scale !== 'none' && logged[i]));
  const second = again.length ? await spreadScan(src, numeric, again, impute, logged, scale) : new Map();
  numeric.forEach((name, i) => {
    const [a, b] =
      second.get(i) ??
      imputedSpread(scale, at(i, 6), at(i, 1), impute[i], {
        mean: at(i, 3),
        variance: at(i, 4),
        min: at(i, 2),
        max: at(i, 5),
      });
    const center = scale === 'none' ? 0 : a;
    const spread = scale === 'minmax' ? b - a : scale === 'none' ? 1 : b;
    steps.push({
      kind: 'numeric',
      name,
      impute: impute[i],
      log: logged[i],
      center,
      scale: spread > 0 ? spread : 1,
      missing: at(i, 1),
    });
  });
  return steps;
}

/** The population skewness of each column's present values, from central moments (as in-process). */
async function skewness(
  src: DbSource,
  numeric: readonly string[],
  means: readonly number[],
): Promise<number[]> {
  const q = quoter(src.db.dialect);
  const x = (c: string) => `CAST(${q(c)} AS DOUBLE PRECISION)`;
  const d = (c: string, i: number) => `(${x(c)} - ${num(means[i])})`;
  const select = numeric
    .map((c, i) => `AVG(${d(c, i)} * ${d(c, i)}), AVG(${d(c, i)} * ${d(c, i)} * ${d(c, i)}), COUNT(${q(c)})`)
    .join(', ');
  const shards = shardSources(src);
  const m =
    (shards && (await pooledAverages(shards, select, numeric.length, 3))) ??
    (await src.db.rows(`SELECT ${select} FROM ${src.from}`))[0];
  return numeric.map((_c, i) => {
    const m2 = numberOf(m[3 * i]);
    const m3 = numberOf(m[3 * i + 1]);
    return numberOf(m[3 * i + 2]) < 3 || !(m2 > 0) ? 0 : m3 / m2 ** 1.5;
  });
}

/** Columns of the first scan per numeric feature (see `stats`). */
const STATS = 7;

/**
 * The (centre, spread) pair `scale` takes, for values of which `missing` were replaced by `median`:
 * mean and standard deviation by Chan's pairwise combination (the present values with the imputed
 * ones, whose variance is 0), or minimum and maximum.
 */
function imputedSpread(
  scale: ScaleMethod,
  present: number,
  missing: number,
  median: number,
  v: { mean: number; variance: number; min: number; max: number },
): [number, number] {
  if (scale === 'minmax')
    return missing > 0 ? [Math.min(v.min, median), Math.max(v.max, median)] : [v.min, v.max];
  if (scale !== 'standard') return [0, 1];
  const n = present + missing;
  const delta = median - v.mean;
  const mean = v.mean + (delta * missing) / n;
  const m2 = v.variance * present + (delta * delta * present * missing) / n;
  return [mean, Math.sqrt(m2 / n)];
}

/** The centre and spread of the imputed (and logged) values of the features at `which`, by one more scan. */
async function spreadScan(
  src: DbSource,
  numeric: readonly string[],
  which: readonly number[],
  impute: readonly number[],
  logged: readonly boolean[],
  scale: ScaleMethod,
): Promise<Map<number, [number, number]>> {
  const { db } = src;
  const q = quoter(db.dialect);
  const quantile = (v: string, p: number) => quantileSql(db.dialect, v, p);
  const values = which.map((i) => {
    const c = numeric[i];
    const raw = `CASE WHEN ${q(c)} IS NULL THEN ${num(impute[i])} ELSE CAST(${q(c)} AS DOUBLE PRECISION) END`;
    return logged[i] ? `LN(1 + ${raw})` : raw;
  });
  const parts = values.map((v) => {
    if (scale === 'standard') return `AVG(${v}), STDDEV_POP(${v})`;
    if (scale === 'minmax') return `MIN(${v}), MAX(${v})`;
    return `${quantile(v, 0.5)}, ${quantile(v, 0.75)} - ${quantile(v, 0.25)}`;
  });
  const shards = shardSources(src);
  const there = shards && (await spreadScanOnShards(shards, values, scale));
  if (there) return new Map(which.map((i, j) => [i, there[j]]));
  const [row] = await db.rows(`SELECT ${parts.join(', ')} FROM ${src.from}`);
  return new Map(which.map((i, j) => [i, [numberOf(row[2 * j]), numberOf(row[2 * j + 1])]]));
}

/** A categorical step: its levels (sorted) and the most frequent one (the first of equals). */
async function categoricalStep(
  src: DbSource,
  name: string,
  maxLevels: number,
  oneHotLevels: number | undefined,
): Promise<CategoricalStep> {
  const { db } = src;
  const q = quoter(db.dialect);
  const where = (column: string) => ({ file: db.label, column });
  const rows = await db.rows(
    `SELECT CAST(${q(name)} AS VARCHAR) AS level, COUNT(*) AS n FROM ${src.from} WHERE ${q(name)} IS NOT NULL GROUP BY 1`,
  );
  if (!rows.length) throw new DataError(where(name), 'every value is missing');
  if (rows.length > maxLevels) throw new DataError(where(name), tooManyLevels(rows.length, maxLevels));
  const sorted = rows.map((r) => String(r[0])).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const count = new Map(rows.map((r) => [String(r[0]), numberOf(r[1])]));
  const levels =
    oneHotLevels === undefined
      ? sorted
      : commonLevels(
          sorted,
          sorted.map((l) => count.get(l)!),
          oneHotLevels,
        );
  let mode = rows[0];
  for (const r of rows)
    if (
      numberOf(r[1]) > numberOf(mode[1]) ||
      (numberOf(r[1]) === numberOf(mode[1]) && String(r[0]) < String(mode[0]))
    )
      mode = r;
  return { kind: 'categorical', name, impute: String(mode[0]), levels };
}
