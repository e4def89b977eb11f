import { modelInputs } from '../prep/model-inputs.js';
import type { CategoricalStep, NumericStep, Recipe } from '../prep/steps.js';
import { type Dialect, literal, num } from './quote.js';

/** A model's inputs as SQL expressions over a table's columns: the recipe inlined, value by value. */

export function double(expr: string, dialect: Dialect): string {
  // ansi: no CAST type that all engines share (DOUBLE vs FLOAT64), so multiply by a float literal.
  return dialect === 'ansi' ? `(${expr} * 1.0)` : `CAST(${expr} AS DOUBLE PRECISION)`;
}

export function text(expr: string, dialect: Dialect): string {
  return dialect === 'ansi' ? expr : `CAST(${expr} AS VARCHAR)`;
}

/** The recipe's value of one numeric step (imputed, logged, scaled), as SQL. */
export function numericExpr(
  s: NumericStep,
  q: (n: string) => string,
  dialect: Dialect,
  keepMissing: boolean,
): string {
  let v = double(q(s.name), dialect);
  // CASE rather than COALESCE and GREATEST: the same values, and a sharded PostgreSQL (postgres_fdw)
  // ships CASE to its shards but not those two.
  if (!keepMissing) v = `CASE WHEN ${v} IS NULL THEN ${num(s.impute)} ELSE ${v} END`;
  if (s.log) v = `LN(1.0 + CASE WHEN ${v} > 0.0 THEN ${v} ELSE 0.0 END)`;
  if (s.center !== 0) v = `(${v} - ${num(s.center)})`;
  if (s.scale !== 1) v = `(${v} / ${num(s.scale)})`;
  return v;
}

export function categoryExpr(s: CategoricalStep, q: (n: string) => string, dialect: Dialect): string {
  const t = text(q(s.name), dialect);
  return `CASE WHEN ${t} IS NULL THEN ${literal(s.impute)} ELSE ${t} END`;
}

/** One expression per model input (recipe output), in order. */
export function inputs(recipe: Recipe, q: (n: string) => string, dialect: Dialect): string[] {
  return modelInputs(recipe).map((input) =>
    input.kind === 'numeric'
      ? numericExpr(input.step, q, dialect, !!recipe.keepMissing)
      : `CASE WHEN ${categoryExpr(input.step, q, dialect)} = ${literal(input.level)} THEN 1.0 ELSE 0.0 END`,
  );
}
