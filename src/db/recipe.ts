import { DataError } from '../errors.js';
import { quoter } from '../export/sql.js';
import { modelInputs } from '../model/inputs.js';
import type { CategoricalStep, NumericStep, Recipe, ScaleMethod } from '../prep/recipe.js';
import { numberOf } from './connect.js';
import type { DbSource } from './kmeans.js';

/**
 * A recipe fitted by SQL aggregates where the customers are: per numeric feature the median (what a
 * missing value becomes), then the centre and spread of the imputed values for `scale`; per categorical
 * feature its levels (sorted) and the most frequent one. Two queries for numbers, one per category.
 * No log transform here (`log` is for in-process recipes).
 */
export async function fitRecipeInDatabase(
  src: DbSource,
  numeric: readonly string[],
  categorical: readonly string[],
  scale: ScaleMethod = 'standard',
): Promise<Recipe> {
  const { db } = src;
  const q = quoter(db.dialect);
  const median = (c: string) =>
    db.dialect === 'duckdb'
      ? `quantile_cont(${q(c)}, 0.5)`
      : `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${q(c)})`;
  const steps: (NumericStep | CategoricalStep)[] = [];
  if (numeric.length) {
    const [first] = await db.rows(
      `SELECT ${numeric.map((c) => `${median(c)}, COUNT(*) - COUNT(${q(c)})`).join(', ')} FROM ${src.from}`,
    );
    const impute = numeric.map((c, i) => {
      const v = numberOf(first[2 * i]);
      if (!Number.isFinite(v)) throw new DataError({ file: db.label, column: c }, 'every value is missing');
      return v;
    });
    const filled = (c: string, i: number) =>
      `CASE WHEN ${q(c)} IS NULL THEN ${impute[i]} ELSE CAST(${q(c)} AS DOUBLE PRECISION) END`;
    const parts = numeric.map((c, i) => {
      const v = filled(c, i);
      if (scale === 'standard') return `AVG(${v}), STDDEV_POP(${v})`;
      if (scale === 'minmax') return `MIN(${v}), MAX(${v})`;
      if (scale === 'robust')
        return db.dialect === 'duckdb'
          ? `quantile_cont(${v}, 0.5), quantile_cont(${v}, 0.75) - quantile_cont(${v}, 0.25)`
          : `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${v}), percentile_cont(0.75) WITHIN GROUP (ORDER BY ${v}) - percentile_cont(0.25) WITHIN GROUP (ORDER BY ${v})`;
      return '0, 1';
    });
    const [second] = await db.rows(`SELECT ${parts.join(', ')} FROM ${src.from}`);
    numeric.forEach((name, i) => {
      const a = numberOf(second[2 * i]);
      const b = numberOf(second[2 * i + 1]);
      const center = scale === 'none' ? 0 : a;
      const spread = scale === 'minmax' ? b - a : scale === 'none' ? 1 : b;
      steps.push({
        kind: 'numeric',
        name,
        impute: impute[i],
        log: false,
        center,
        scale: spread > 0 ? spread : 1,
        missing: numberOf(first[2 * i + 1]),
      });
    });
  }
  for (const name of categorical) {
    const rows = await db.rows(
      `SELECT CAST(${q(name)} AS VARCHAR) AS level, COUNT(*) AS n FROM ${src.from} WHERE ${q(name)} IS NOT NULL GROUP BY 1`,
    );
    if (!rows.length) throw new DataError({ file: db.label, column: name }, 'every value is missing');
    const levels = rows.map((r) => String(r[0])).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let mode = rows[0];
    for (const r of rows)
      if (
        numberOf(r[1]) > numberOf(mode[1]) ||
        (numberOf(r[1]) === numberOf(mode[1]) && String(r[0]) < String(mode[0]))
      )
        mode = r;
    steps.push({ kind: 'categorical', name, impute: String(mode[0]), levels });
  }
  const ordered = [
    ...steps.filter((s) => s.kind === 'numeric'),
    ...steps.filter((s) => s.kind === 'categorical'),
  ];
  return { scale, steps: ordered, outputs: modelInputs({ steps: ordered }).map((i) => i.name) };
}
