import { majorityClass } from '../model/saved-tree.js';
import { pathOf, type TreeArrays } from '../model/tree-model.js';
import { modelInputs } from '../prep/model-inputs.js';
import type { Recipe } from '../prep/recipe.js';
import { formatNumber } from '../util/format.js';
import { humanize } from '../util/words.js';

export interface Condition {
  column: string;
  /** For numbers: min < x ≤ max (either side may be open). For categories: the allowed levels. */
  min?: number;
  max?: number;
  levels?: string[];
  /** Whether missing values satisfy the condition (they follow the tree's learned direction). */
  missing: boolean;
  text: string;
}

export interface Rule {
  leaf: number;
  conditions: Condition[];
  class: string;
  /** Training customers in the leaf. */
  customers: number;
  share: number;
  /** Share of the leaf's training customers whose class is the predicted one. */
  correct: number;
  /** "IF … THEN tier A": what the rule says, the same wherever a rule is shown. */
  statement: string;
  /** The statement with its support: "IF … THEN tier A  (957 customers, 19.1%; 85% correct)". */
  text: string;
}

/** rules.json: every rule of a tree, largest first. */
export type RuleList = Rule[];

/** Which input column (and level) each model input comes from. */
export interface FeatureMap {
  column: string[];
  level: (string | null)[];
  /** Levels of each categorical column, for turning "not these" into "one of those". */
  levels: Map<string, string[]>;
  /** Numeric columns that had missing values in training: only there is the missing route worth saying. */
  hadMissing: Set<string>;
}

export function featureMap(recipe: Recipe): FeatureMap {
  const inputs = modelInputs(recipe);
  const levels = new Map<string, string[]>();
  const hadMissing = new Set<string>();
  for (const s of recipe.steps) {
    if (s.kind === 'categorical') levels.set(s.name, s.levels);
    else if (s.missing === undefined || s.missing > 0) hadMissing.add(s.name);
  }
  return {
    column: inputs.map((i) => i.step.name),
    level: inputs.map((i) => (i.kind === 'level' ? i.level : null)),
    levels,
    hadMissing,
  };
}

/** A threshold in rule text, with the one number formatter (no SI prefixes). */
export function shortNumber(v: number): string {
  return formatNumber(v);
}

interface Acc {
  min: number;
  max: number;
  missing: boolean;
  isIn: string | null;
  notIn: Set<string>;
  order: number;
}

/** The merged conditions along a path of node ids (root first). */
export function conditionsOf(t: TreeArrays, path: readonly number[], map: FeatureMap): Condition[] {
  const acc = new Map<string, Acc>();
  path.slice(0, -1).forEach((node, i) => {
    const f = t.feature[node];
    const wentLeft = path[i + 1] === t.left[node];
    const col = map.column[f];
    let a = acc.get(col);
    if (!a) {
      a = {
        min: -Infinity,
        max: Infinity,
        missing: map.hadMissing.has(col),
        isIn: null,
        notIn: new Set(),
        order: acc.size,
      };
      acc.set(col, a);
    }
    const level = map.level[f];
    if (level === null) {
      if (wentLeft) a.max = Math.min(a.max, t.threshold[node]);
      else a.min = Math.max(a.min, t.threshold[node]);
      if ((t.missingLeft[node] === 1) !== wentLeft) a.missing = false;
    } else {
      a.missing = false;
      if (wentLeft) a.notIn.add(level);
      else a.isIn = level;
    }
  });
  return [...acc.entries()].map(([column, a]) => toCondition(column, a, map));
}

function toCondition(column: string, a: Acc, map: FeatureMap): Condition {
  const all = map.levels.get(column);
  if (all) {
    const levels = a.isIn !== null ? [a.isIn] : all.filter((l) => !a.notIn.has(l));
    const useNot = a.isIn === null && a.notIn.size < levels.length;
    const list = (xs: string[]) => `{${xs.join(', ')}}`;
    const text = useNot
      ? `${column} NOT IN ${list([...a.notIn])}`
      : levels.length === 1
        ? `${column} = ${levels[0]}`
        : `${column} IN ${list(levels)}`;
    return { column, levels, missing: false, text };
  }
  const parts: string[] = [];
  let text: string;
  if (Number.isFinite(a.min) && Number.isFinite(a.max))
    text = `${shortNumber(a.min)} < ${column} ≤ ${shortNumber(a.max)}`;
  else if (Number.isFinite(a.min)) text = `${column} > ${shortNumber(a.min)}`;
  else text = `${column} ≤ ${shortNumber(a.max)}`;
  parts.push(text);
  if (a.missing) parts.push('(or missing)');
  return {
    column,
    ...(Number.isFinite(a.min) ? { min: a.min } : {}),
    ...(Number.isFinite(a.max) ? { max: a.max } : {}),
    missing: a.missing,
    text: parts.join(' '),
  };
}

function leafPaths(t: TreeArrays): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const stack: number[][] = [[0]];
  while (stack.length) {
    const path = stack.pop()!;
    const node = path[path.length - 1];
    if (t.feature[node] < 0) out.set(node, path);
    else stack.push([...path, t.right[node]], [...path, t.left[node]]);
  }
  return out;
}

/**
 * One rule per leaf, in original units and category names, sorted by support.
 * `leafOfRow` and `y` are the training rows' leaves and classes (to count support and correctness).
 */
export function extractRules(
  t: TreeArrays,
  recipe: Recipe,
  classes: readonly string[],
  label: string,
  leafOfRow: Int32Array,
  y: Int32Array,
): Rule[] {
  const C = t.nClasses;
  const n = leafOfRow.length;
  const count = new Map<number, number>();
  const hits = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const leaf = leafOfRow[i];
    count.set(leaf, (count.get(leaf) ?? 0) + 1);
    if (y[i] === majorityClass(t.value, leaf * C, C)) hits.set(leaf, (hits.get(leaf) ?? 0) + 1);
  }
  return rulesOf(t, recipe, classes, label, count, hits, n);
}

/**
 * The rules of a tree from its own training counts (an unweighted tree's leaves hold every training
 * customer and the class counts): what a tree trained where the rows stay can say about them.
 */
export function rulesFromLeaves(
  t: TreeArrays,
  recipe: Recipe,
  classes: readonly string[],
  label: string,
): Rule[] {
  const C = t.nClasses;
  const count = new Map<number, number>();
  const hits = new Map<number, number>();
  for (let i = 0; i < t.feature.length; i++) {
    if (t.feature[i] >= 0) continue;
    count.set(i, t.samples[i]);
    hits.set(i, t.value[i * C + majorityClass(t.value, i * C, C)]);
  }
  return rulesOf(t, recipe, classes, label, count, hits, t.samples[0]);
}

function rulesOf(
  t: TreeArrays,
  recipe: Recipe,
  classes: readonly string[],
  label: string,
  count: Map<number, number>,
  hits: Map<number, number>,
  n: number,
): Rule[] {
  const map = featureMap(recipe);
  const C = t.nClasses;
  const predictedOf = (leaf: number) => majorityClass(t.value, leaf * C, C);
  const rules: Rule[] = [];
  for (const [leaf, path] of leafPaths(t)) {
    const conditions = conditionsOf(t, path, map);
    const cls = classes[predictedOf(leaf)];
    const customers = count.get(leaf) ?? 0;
    const correct = customers ? (hits.get(leaf) ?? 0) / customers : 0;
    const share = n ? customers / n : 0;
    const when = conditions.length ? `IF ${conditions.map((c) => c.text).join(' AND ')}` : 'ALWAYS';
    const statement = `${when} THEN ${humanize(label)} ${cls}`;
    const text = `${statement}  (${customers.toLocaleString('en-US')} customers, ${(100 * share).toFixed(1)}%; ${Math.round(100 * correct)}% correct)`;
    rules.push({ leaf, conditions, class: cls, customers, share, correct, statement, text });
  }
  return rules.sort((a, b) => b.customers - a.customers || a.leaf - b.leaf);
}

/** The conditions that decided one row's prediction, as text. */
export function explainRow(t: TreeArrays, recipe: Recipe, x: Float64Array, row: number, p: number): string {
  return conditionsOf(t, pathOf(t, x, row, p), featureMap(recipe))
    .map((c) => c.text)
    .join(' AND ');
}

/** What a rule says, without its support; also for rules saved before `statement` existed. */
export function ruleStatement(rule: Pick<Rule, 'text'> & { statement?: string }): string {
  return rule.statement ?? rule.text.replace(/\s+\([\d,]+ customers, [\d.]+%; \d+% correct\)$/, '');
}
