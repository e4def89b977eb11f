import { centersFromOutputs, splitSteps } from '../cluster/mixed.js';
import { OptionError, UsageError } from '../errors.js';
import type { KMeansModel, Model, TreeModel } from '../model/model-file.js';
import { majorityClass, majorityShare } from '../model/tree.js';
import { modelInputs } from '../prep/inputs.js';
import type { CategoricalStep, NumericStep, Recipe } from '../prep/recipe.js';
import { VERSION } from '../version.js';

export type Dialect = 'duckdb' | 'postgres' | 'ansi';
export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'ansi'];

export interface SqlOptions {
  dialect?: Dialect;
  /** A plain identifier, optionally schema-qualified (schema.table). */
  table?: string;
  /** Id column returned with each prediction (default: the model's id column, if any). */
  id?: string;
  /** Instead of `table`: a FROM clause already quoted (a table of any name, or a parenthesised SELECT). */
  from?: string;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Column names are always quoted in duckdb / postgres; in `ansi` plain names are left bare (Spark, Trino
 * and BigQuery resolve them case-insensitively) and only other names get ANSI double quotes.
 */
export function quoter(dialect: Dialect): (name: string) => string {
  return (name) => (dialect === 'ansi' && PLAIN.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
}

const str = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * A number literal in exponent form, the shortest that reads back as the same double. Engines read
 * exponent literals as doubles (DuckDB would read 0.92 as a DECIMAL and round it back imprecisely),
 * so the database computes with exactly the numbers Strata does. Negative ones are parenthesised so
 * that "x - -1" can never become a "--" comment.
 */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new UsageError(`cannot write ${v} into SQL`);
  const s = v.toExponential();
  return v < 0 ? `(${s})` : s;
}

function tableName(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => PLAIN.test(p))) {
    throw new OptionError(
      'table',
      `must be a plain table name: letters, digits and _, optionally schema.table (got ${JSON.stringify(table)})`,
    );
  }
  return table;
}

function double(expr: string, dialect: Dialect): string {
  // ansi: no CAST type that all engines share (DOUBLE vs FLOAT64), so multiply by a float literal.
  return dialect === 'ansi' ? `(${expr} * 1.0)` : `CAST(${expr} AS DOUBLE PRECISION)`;
}

function text(expr: string, dialect: Dialect): string {
  return dialect === 'ansi' ? expr : `CAST(${expr} AS VARCHAR)`;
}

/** The recipe's value of one numeric step (imputed, logged, scaled), as SQL. */
function numericExpr(
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

function categoryExpr(s: CategoricalStep, q: (n: string) => string, dialect: Dialect): string {
  const t = text(q(s.name), dialect);
  return `CASE WHEN ${t} IS NULL THEN ${str(s.impute)} ELSE ${t} END`;
}

/** One expression per model input (recipe output), in order. */
export function inputs(recipe: Recipe, q: (n: string) => string, dialect: Dialect): string[] {
  return modelInputs(recipe).map((input) =>
    input.kind === 'numeric'
      ? numericExpr(input.step, q, dialect, !!recipe.keepMissing)
      : `CASE WHEN ${categoryExpr(input.step, q, dialect)} = ${str(input.level)} THEN 1.0 ELSE 0.0 END`,
  );
}

/**
 * One SELECT that scores every row of a table: the recipe inlined, then the tree as nested CASE WHEN
 * (missing values follow the tree's learned direction) or k-means as the nearest centroid.
 */
export function exportSql(model: Model, options: SqlOptions = {}): string {
  const dialect = options.dialect ?? 'ansi';
  if (!DIALECTS.includes(dialect))
    throw new OptionError('dialect', `must be one of ${DIALECTS.join(', ')} (got "${dialect}")`);
  const table = options.from ?? tableName(options.table ?? 'customers');
  const q = quoter(dialect);
  const id = options.id ?? model.id ?? undefined;
  if (dialect === 'ansi') refuseBackslashes(model, id);
  const idSelect = id ? `${q(id)} AS ${q(id)}, ` : '';
  const idOut = id ? `${q(id)}, ` : '';
  return model.kind === 'tree'
    ? treeSql(model, table, q, dialect, idSelect, idOut)
    : kmeansSql(model, table, q, dialect, idSelect, idOut);
}

/**
 * Spark SQL and BigQuery read a backslash inside a quoted name or string as an escape, so the
 * portable dialect cannot carry one exactly; DuckDB and PostgreSQL can.
 */
function refuseBackslashes(model: Model, id: string | undefined): void {
  const texts: string[] = id ? [id] : [];
  for (const step of model.recipe.steps) {
    texts.push(step.name);
    if (step.kind === 'categorical') texts.push(...step.levels);
  }
  texts.push(...(model.kind === 'tree' ? model.state.classes : model.state.names));
  const bad = texts.find((t) => t.includes('\\'));
  if (bad !== undefined)
    throw new UsageError(
      `the "ansi" dialect cannot carry ${JSON.stringify(bad)}: it holds a backslash, which Spark SQL and BigQuery read as an escape; use the duckdb or postgres dialect`,
    );
}

function treeSql(
  m: TreeModel,
  table: string,
  q: (n: string) => string,
  dialect: Dialect,
  idSelect: string,
  idOut: string,
): string {
  const s = m.state;
  const inp = inputs(m.recipe, q, dialect);
  const leafOf = (node: number, indent: string): string => {
    if (s.feature[node] < 0) return String(node);
    const x = inp[s.feature[node]];
    const deeper = `${indent}  `;
    const left = leafOf(s.left[node], deeper);
    const right = leafOf(s.right[node], deeper);
    const missing = s.missingLeft[node] === 1 ? left : right;
    // One-hot inputs are never NULL; numeric ones are NULL exactly when the value is missing.
    const nullable =
      m.recipe.keepMissing && s.feature[node] < m.recipe.steps.filter((st) => st.kind === 'numeric').length;
    const nullCase = nullable ? `\n${indent}WHEN ${x} IS NULL THEN ${missing}` : '';
    return `CASE${nullCase}\n${indent}WHEN ${x} <= ${num(s.threshold[node])} THEN ${left}\n${indent}ELSE ${right} END`;
  };
  const leaves = s.feature.flatMap((f, i) => (f < 0 ? [i] : []));
  const C = s.classes.length;
  const best = (i: number) => majorityClass(s.value[i], 0, C);
  const prob = (i: number) => majorityShare(s.value[i], 0, C);
  const cls = leaves.map((i) => `WHEN ${i} THEN ${str(s.classes[best(i)])}`).join(' ');
  const pr = leaves.map((i) => `WHEN ${i} THEN ${num(prob(i))}`).join(' ');
  // The comment holds no text from the data or the model file: a \r in a label would end it.
  return `-- Strata ${VERSION}: decision tree, ${leaves.length} leaves, ${C} classes
SELECT ${idOut}CASE leaf ${cls} END AS predicted,
  CASE leaf ${pr} END AS probability
FROM (
  SELECT ${idSelect}${leafOf(0, '    ')} AS leaf
  FROM ${table}
) AS scored`;
}

function kmeansSql(
  m: KMeansModel,
  table: string,
  q: (n: string) => string,
  dialect: Dialect,
  idSelect: string,
  idOut: string,
): string {
  const k = m.state.k;
  const { z, dist } = m.state.method
    ? mixedDistances(m, q, dialect)
    : {
        z: inputs(m.recipe, q, dialect).map((e, t) => `${e} AS z${t}`),
        dist: m.state.centroids.map(
          (c, j) => `${c.map((v, t) => `(z${t} - ${num(v)}) * (z${t} - ${num(v)})`).join(' + ')} AS d${j}`,
        ),
      };
  // The first centroid at the smallest distance wins, as in Strata's own assignment.
  const cluster = nearestSql(k, 'd');
  const names = m.state.names.map((n, j) => `WHEN ${j} THEN ${str(n)}`).join(' ');
  const idPass = idOut ? `${idOut.replace(/, $/, '')}, ` : '';
  const what =
    m.state.method === 'kmedoids'
      ? `k-medoids, nearest of ${k} medoids by Gower dissimilarity`
      : m.state.method === 'kprototypes'
        ? `k-prototypes, nearest of ${k} prototypes (squared distance + γ per category mismatch)`
        : `k-means, nearest of ${k} centroids`;
  return `-- Strata ${VERSION}: ${what}
SELECT ${idOut}cluster, CASE cluster ${names} END AS segment
FROM (
  SELECT ${idPass}${cluster} AS cluster
  FROM (
    SELECT ${idPass}${dist.join(',\n    ')}
    FROM (
      SELECT ${idSelect}${z.join(',\n    ')}
      FROM ${table}
    ) AS inputs
  ) AS distances
) AS nearest`;
}

/**
 * The number of the nearest of k distance columns (prefix0 … prefix{k−1}); the first of equals wins,
 * as in Strata's own assignment.
 */
export function nearestSql(k: number, prefix: string): string {
  if (k === 1) return '0';
  const pick = Array.from({ length: k }, (_, j) => {
    const tests = Array.from({ length: k }, (_v, i) => i)
      .filter((i) => i !== j)
      .map((i) => `${prefix}${j} ${i < j ? '<' : '<='} ${prefix}${i}`);
    return j === k - 1 ? `ELSE ${j}` : `WHEN ${tests.join(' AND ')} THEN ${j}`;
  }).join(' ');
  return `CASE ${pick} END`;
}

/**
 * k-prototypes and k-medoids as SQL: the numbers through the recipe (z…), each category as text
 * (c…), and per centre a CASE per category mismatch. Gower skips a variable missing on either side
 * and divides by the variables present, as in training.
 */
function mixedDistances(
  m: KMeansModel,
  q: (n: string) => string,
  dialect: Dialect,
): { z: string[]; dist: string[] } {
  const gowerDis = m.state.method === 'kmedoids';
  const { numeric, categorical } = splitSteps(m.recipe);
  const centers = centersFromOutputs(m.recipe, m.state.centroids);
  const p = numeric.length;
  const qn = categorical.length;
  const z = [
    ...numeric.map((s, t) => `${numericExpr(s, q, dialect, gowerDis)} AS z${t}`),
    ...categorical.map(
      (s, u) => `${gowerDis ? text(q(s.name), dialect) : categoryExpr(s, q, dialect)} AS c${u}`,
    ),
  ];
  const dist = Array.from({ length: m.state.k }, (_, j) => {
    const lacks = new Set(m.state.medoids?.[j]?.missing ?? []);
    if (!gowerDis) {
      const parts = numeric.map((_s, t) => {
        const v = num(centers.num[j * p + t]);
        return `(z${t} - ${v}) * (z${t} - ${v})`;
      });
      const gamma = num(m.state.gamma ?? 1);
      for (let u = 0; u < qn; u++)
        parts.push(
          `CASE WHEN c${u} = ${str(categorical[u].levels[centers.cat[j * qn + u]])} THEN 0.0 ELSE ${gamma} END`,
        );
      return `${parts.join(' + ')} AS d${j}`;
    }
    const sums: string[] = [];
    const counts: string[] = [];
    numeric.forEach((s, t) => {
      if (lacks.has(s.name)) return;
      sums.push(`COALESCE(ABS(z${t} - ${num(centers.num[j * p + t])}), 0.0)`);
      counts.push(`CASE WHEN z${t} IS NULL THEN 0.0 ELSE 1.0 END`);
    });
    categorical.forEach((s, u) => {
      if (lacks.has(s.name)) return;
      sums.push(
        `CASE WHEN c${u} IS NULL OR c${u} = ${str(s.levels[centers.cat[j * qn + u]])} THEN 0.0 ELSE 1.0 END`,
      );
      counts.push(`CASE WHEN c${u} IS NULL THEN 0.0 ELSE 1.0 END`);
    });
    // Rows sharing no variable with the medoid are at 0, as in training.
    return `COALESCE((${sums.join(' + ') || '0.0'}) / NULLIF(${counts.join(' + ') || '0.0'}, 0.0), 0.0) AS d${j}`;
  });
  return { z, dist };
}
