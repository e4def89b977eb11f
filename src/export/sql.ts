import { methodOf } from '../cluster/methods.js';
import { centersFromOutputs, splitSteps } from '../cluster/mixed.js';
import { OptionError, UsageError } from '../errors.js';
import type { FeatureModel, KMeansModel, Model, TreeModel } from '../model/model-file.js';
import { majorityClass, majorityShare } from '../model/saved-tree.js';
import { withDefaults } from '../options.js';
import { categoryExpr, inputs, numericExpr, text } from '../sql/inputs-sql.js';
import { nearestSql } from '../sql/nearest.js';
import { DIALECTS, type Dialect, literal, num, quoter, tableName } from '../sql/quote.js';
import { VERSION } from '../version.js';

export type { Dialect };
export { DIALECTS };

export interface SqlOptions {
  dialect?: Dialect;
  /** A plain identifier, optionally schema-qualified (schema.table). */
  table?: string;
  /** Id column returned with each prediction (default: the model's id column, if any). */
  id?: string;
  /** Instead of `table`: a FROM clause already quoted (a table of any name, or a parenthesised SELECT). */
  from?: string;
}

/**
 * One SELECT that scores every row of a table: the recipe inlined, then the tree as nested CASE WHEN
 * (missing values follow the tree's learned direction) or k-means as the nearest centroid.
 */
/** The dialect and table an export uses when none is given (the CLI's help reads them from here). */
export const SQL_DEFAULTS = { dialect: 'ansi', table: 'customers' } as const satisfies SqlOptions;

/** Why a lifetime-value model is not exported: its expectations need ₂F₁ per customer. */
export const CLV_EXPORT =
  'a lifetime-value model scores with strata predict, also inside a database; export writes trees and clusterings';

export function exportSql(model: Model, given: SqlOptions = {}): string {
  if (model.kind === 'clv') throw new UsageError(CLV_EXPORT);
  const options = withDefaults(SQL_DEFAULTS, given);
  const { dialect } = options;
  if (!DIALECTS.includes(dialect))
    throw new OptionError('dialect', `must be one of ${DIALECTS.join(', ')} (got "${dialect}")`);
  const table = options.from ?? tableName(options.table);
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
function refuseBackslashes(model: FeatureModel, id: string | undefined): void {
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
  const cls = leaves.map((i) => `WHEN ${i} THEN ${literal(s.classes[best(i)])}`).join(' ');
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
  const names = m.state.names.map((n, j) => `WHEN ${j} THEN ${literal(n)}`).join(' ');
  const idPass = idOut ? `${idOut.replace(/, $/, '')}, ` : '';
  const what = methodOf(m.state.method ?? 'kmeans').sqlComment(k);
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
          `CASE WHEN c${u} = ${literal(categorical[u].levels[centers.cat[j * qn + u]])} THEN 0.0 ELSE ${gamma} END`,
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
        `CASE WHEN c${u} IS NULL OR c${u} = ${literal(s.levels[centers.cat[j * qn + u]])} THEN 0.0 ELSE 1.0 END`,
      );
      counts.push(`CASE WHEN c${u} IS NULL THEN 0.0 ELSE 1.0 END`);
    });
    // Rows sharing no variable with the medoid are at 0, as in training.
    return `COALESCE((${sums.join(' + ') || '0.0'}) / NULLIF(${counts.join(' + ') || '0.0'}, 0.0), 0.0) AS d${j}`;
  });
  return { z, dist };
}
