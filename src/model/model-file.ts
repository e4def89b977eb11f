import { readFileSync, statSync } from 'node:fs';
import { DataError } from '../errors.js';
import type { Recipe, RecipeStep } from '../prep/recipe.js';
import { writeFileAtomic } from '../util/fs.js';
import { VERSION } from '../version.js';

export const MODEL_FORMAT = 'strata-model';
/** A medoid: the real customer at the centre of a k-medoids segment. */
export interface Medoid {
  /** Row number in the data (1-based, as `row` in assignments.csv). */
  row: number;
  /** The customer's id, when the data has an id column. */
  id: string | null;
  /** The customer's value of each feature, as text ('' when missing). */
  values: { column: string; value: string }[];
  /** Features the medoid has no value for: Gower skips them when scoring against it. */
  missing: string[];
}

/**
 * Bumped on any change to the file layout; files of older versions keep loading. Version 2 added
 * k-prototypes and k-medoids (`state.method`); plain k-means models are still written as version 1.
 * Version 3 added lifetime-value models (`kind: "clv"`), written as version 3; the others as before.
 */
export const MODEL_VERSION = 3;
/** The version written for trees and mixed-type clusterings: older Strata keeps reading them. */
export const TREE_AND_MIXED_VERSION = 2;

export type ModelKind = 'kmeans' | 'tree' | 'clv';

export interface ModelFileBase {
  format: typeof MODEL_FORMAT;
  version: number;
  kind: 'kmeans' | 'tree';
  createdWith: string;
  recipe: Recipe;
  /** The id column used when training, if any. */
  id: string | null;
  training: { rows: number; features: string[]; source: string };
}

export interface KMeansState {
  k: number;
  /** One row per cluster, in the recipe's output space. */
  centroids: number[][];
  names: string[];
  inertia: number;
  silhouette: number;
  iterations: number;
  /** Absent for k-means (nearest centroid, squared Euclidean). */
  method?: 'kprototypes' | 'kmedoids';
  /** k-prototypes: the cost; k-medoids: the mean Gower dissimilarity to the medoid. */
  objective?: number;
  /** k-prototypes: the weight of one category mismatch. */
  gamma?: number;
  /** k-medoids: the customer at the centre of each segment. */
  medoids?: Medoid[];
  /** Rules that put a customer into a segment (a shallow tree on the features), for `predict --by rules`. */
  rules?: { depth: number; fidelity: number; tree: TreeModel };
}

export interface KMeansParams {
  nInit: number;
  seed: number;
  maxIter: number;
  tol: number;
}

export interface KMeansModel extends ModelFileBase {
  kind: 'kmeans';
  params: KMeansParams;
  state: KMeansState;
}

export interface TreeParams {
  criterion: 'gini' | 'entropy';
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  classWeight: 'none' | 'balanced' | Record<string, number>;
  ccpAlpha: number;
  splitter: 'exact' | 'histogram';
  seed: number;
}

export interface TreeState {
  label: string;
  classes: string[];
  /** Node arrays in preorder; feature −1 marks a leaf; value holds weighted class totals. */
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  missingLeft: number[];
  value: number[][];
  samples: number[];
  impurity: number[];
  depth: number;
  leaves: number;
}

export interface TreeModel extends ModelFileBase {
  kind: 'tree';
  params: TreeParams;
  state: TreeState;
}

/** A lifetime-value model: the purchase model, the spend model, and the settings of its values. */
export interface ClvModel {
  format: typeof MODEL_FORMAT;
  version: number;
  kind: 'clv';
  createdWith: string;
  /** The customer column of the log it was trained on. */
  id: string | null;
  training: {
    customers: number;
    triples: number;
    source: string;
    calibrationEnd: string;
    asOf: string;
    /** The log's columns, so `predict --db` can summarise another table of the same shape. */
    columns: {
      customer: string;
      date: string;
      amount?: string;
      quantity?: string;
      price?: string;
      invoice?: string;
      dropInvoicePrefix?: string;
    };
  };
  params: {
    /** The time unit of t_x, T, the horizon and the discount rate. */
    unit: 'day' | 'week' | 'month';
    /** Whole periods the lifetime value covers. */
    horizon: number;
    /** Discount rate per period. */
    discount: number;
    margin: number;
  };
  state: {
    model: 'bgnbd' | 'pnbd';
    /** r, alpha, a, b (BG/NBD) or r, alpha, s, beta (Pareto/NBD). */
    purchase: Record<string, number>;
    /** Gamma-Gamma: p, q, gamma. */
    spend: { p: number; q: number; gamma: number };
    logLikelihood: number;
  };
}

/** A model that scores customers from their features (clustering or tree). */
export type FeatureModel = KMeansModel | TreeModel;

export type Model = KMeansModel | TreeModel | ClvModel;

export function saveModel(path: string, model: Model): void {
  writeFileAtomic(path, `${JSON.stringify(model, null, 1)}\n`);
}

/** Reads and validates a model file; every problem is a one-line DataError naming the file. */
export function loadModel(path: string): Model {
  let text: string;
  try {
    if (statSync(path).size > MODEL_LIMITS.bytes)
      throw new DataError(
        { file: path },
        `the model file is larger than ${MODEL_LIMITS.bytes / 1024 / 1024} MB; Strata does not read it`,
      );
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError({ file: path }, 'model file not found');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DataError({ file: path }, `not a Strata model: the JSON is damaged (${(e as Error).message})`);
  }
  return validateModel(path, json);
}

function fail(path: string, what: string): never {
  throw new DataError({ file: path }, `not a valid Strata model: ${what}`);
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function validateModel(path: string, json: unknown): Model {
  if (!isObj(json) || json.format !== MODEL_FORMAT) fail(path, `"format" is not "${MODEL_FORMAT}"`);
  if (json.version === undefined) fail(path, '"version" is missing');
  if (!isNum(json.version) || !Number.isInteger(json.version) || json.version < 1)
    fail(path, `"version" is ${JSON.stringify(json.version)}, not a whole number ≥ 1`);
  if (json.version > MODEL_VERSION) {
    // createdWith is what the file claims: named only when it adds something to the message.
    const claimed = typeof json.createdWith === 'string' ? json.createdWith.slice(0, 40) : '';
    const by = claimed && claimed !== `strata ${VERSION}` ? ` (it says it was written by ${claimed})` : '';
    throw new DataError(
      { file: path },
      `model file version ${json.version} needs a newer Strata: this is ${VERSION}, which reads versions 1 to ${MODEL_VERSION}${by}`,
    );
  }
  if (json.kind !== 'kmeans' && json.kind !== 'tree' && json.kind !== 'clv')
    fail(path, `unknown model kind "${String(json.kind)}"`);
  if (json.kind === 'clv') return validateClv(path, json);
  validateRecipe(path, json.recipe);
  if (!isObj(json.training) || !Array.isArray(json.training.features))
    fail(path, '"training.features" is missing');
  if (!isObj(json.state) || !isObj(json.params)) fail(path, '"state" or "params" is missing');
  const width = (json.recipe as Recipe).outputs.length;
  if (json.kind === 'kmeans') validateKMeans(path, json.state, width);
  else validateTree(path, json.state, width);
  return json as unknown as Model;
}

/** Limits a model file must keep: larger ones are refused before they can exhaust memory. */
export const MODEL_LIMITS = {
  bytes: 64 * 1024 * 1024,
  inputs: 100_000,
  depth: 500,
  magnitude: 1e150,
} as const;

const isBounded = (v: unknown): v is number => isNum(v) && Math.abs(v) <= MODEL_LIMITS.magnitude;
const distinctStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') && new Set(v).size === v.length;

function validateRecipe(path: string, r: unknown): void {
  if (!isObj(r) || !Array.isArray(r.steps) || !Array.isArray(r.outputs))
    fail(path, '"recipe" is missing or damaged');
  let width = 0;
  (r.steps as unknown[]).forEach((s, i) => {
    if (!isObj(s) || typeof s.name !== 'string') fail(path, `recipe.steps[${i}] is damaged`);
    const step = s as unknown as RecipeStep;
    if (step.kind === 'numeric') {
      if (
        !isBounded(step.impute) ||
        !isBounded(step.center) ||
        !isBounded(step.scale) ||
        !(step.scale >= 1e-12) ||
        typeof step.log !== 'boolean'
      ) {
        fail(path, `recipe.steps[${i}] (${step.name}) has damaged numbers`);
      }
      width++;
    } else if (step.kind === 'categorical') {
      if (!distinctStrings(step.levels) || typeof step.impute !== 'string')
        fail(path, `recipe.steps[${i}] is damaged`);
      width += step.levels.length;
    } else fail(path, `recipe.steps[${i}] has an unknown kind`);
  });
  if (width !== (r.outputs as unknown[]).length) fail(path, 'recipe.outputs does not match its steps');
  if (width > MODEL_LIMITS.inputs)
    fail(
      path,
      `${width} model inputs is more than the ${MODEL_LIMITS.inputs.toLocaleString('en-US')} Strata reads`,
    );
}

function validateKMeans(path: string, s: Record<string, unknown>, width: number): void {
  const c = s.centroids;
  if (!isNum(s.k) || !Number.isInteger(s.k) || s.k < 1) fail(path, 'state.k is not a whole number ≥ 1');
  if (!Array.isArray(c) || c.length !== s.k) fail(path, 'state.centroids does not match state.k');
  (c as unknown[]).forEach((row, j) => {
    if (!Array.isArray(row) || row.length !== width)
      fail(path, `state.centroids[${j}] does not have ${width} numbers`);
    const bad = row.findIndex((v) => !isBounded(v));
    if (bad >= 0)
      fail(
        path,
        `state.centroids[${j}][${bad}] is ${JSON.stringify(row[bad])}, not a number within ±${String(MODEL_LIMITS.magnitude).replace('+', '')}`,
      );
  });
  if (!distinctStrings(s.names) || s.names.length !== s.k)
    fail(path, 'state.names are not k distinct segment names');
  if (s.rules !== undefined) {
    const r = s.rules;
    // Checked to be a tree before it is read, so a file cannot nest models in models.
    if (!isObj(r) || !isNum(r.fidelity) || !isObj(r.tree) || r.tree.kind !== 'tree')
      fail(path, 'state.rules is damaged');
    const tree = validateModel(path, r.tree);
    if (tree.kind !== 'tree') fail(path, 'state.rules.tree is not a tree');
    if (!tree.state.classes.every((c) => (s.names as string[]).includes(c)))
      fail(path, 'state.rules.tree assigns a segment the model does not name');
  }
  if (s.method === undefined) return;
  if (s.method !== 'kprototypes' && s.method !== 'kmedoids')
    fail(path, `unknown state.method "${String(s.method)}"`);
  if (s.method === 'kprototypes' && !(isBounded(s.gamma) && s.gamma > 0))
    fail(path, 'state.gamma is not a number > 0');
  if (s.method === 'kmedoids') {
    const m = s.medoids;
    if (!Array.isArray(m) || m.length !== s.k) fail(path, 'state.medoids does not match state.k');
    (m as unknown[]).forEach((x, j) => {
      if (!isObj(x) || !Array.isArray(x.missing) || !x.missing.every((f) => typeof f === 'string'))
        fail(path, `state.medoids[${j}] is damaged`);
    });
  }
}

function validateTree(path: string, s: Record<string, unknown>, width: number): void {
  if (!distinctStrings(s.classes) || s.classes.length < 2)
    fail(path, 'state.classes are not two or more distinct class names');
  if (typeof s.label !== 'string') fail(path, 'state.label is not a text');
  const C = (s.classes as unknown[]).length;
  const f = s.feature;
  if (!Array.isArray(f) || !f.length) fail(path, 'state.feature is missing');
  const m = (f as unknown[]).length;
  for (const key of ['threshold', 'left', 'right', 'missingLeft', 'value', 'samples', 'impurity']) {
    const a = s[key];
    if (!Array.isArray(a) || a.length !== m) fail(path, `state.${key} does not have ${m} nodes`);
  }
  for (let i = 0; i < m; i++) {
    const fi = (f as unknown[])[i];
    if (!isNum(fi) || !Number.isInteger(fi) || fi >= width || fi < -1)
      fail(path, `state.feature[${i}] is not a feature of the recipe`);
    const v = (s.value as unknown[])[i];
    if (!Array.isArray(v) || v.length !== C || !v.every((x) => isBounded(x) && x >= 0))
      fail(path, `state.value[${i}] does not have ${C} class totals ≥ 0`);
    if (fi >= 0) {
      const l = (s.left as unknown[])[i];
      const r = (s.right as unknown[])[i];
      if (
        !isNum(l) ||
        !isNum(r) ||
        !Number.isInteger(l) ||
        !Number.isInteger(r) ||
        l <= i ||
        r <= i ||
        l >= m ||
        r >= m
      )
        fail(path, `state.left/right[${i}] point outside the tree`);
      if (!isBounded((s.threshold as unknown[])[i])) fail(path, `state.threshold[${i}] is not a number`);
    }
  }
  // A tree, not a graph: every node but the root has one parent; depth bounded (walked, no recursion).
  const depth = new Int32Array(m).fill(-1);
  depth[0] = 0;
  for (let i = 0; i < m; i++) {
    if ((f as number[])[i] < 0) continue;
    if (depth[i] < 0) fail(path, `state node ${i} is not reached from the root`);
    for (const child of [(s.left as number[])[i], (s.right as number[])[i]]) {
      if (depth[child] >= 0) fail(path, `state node ${child} has two parents`);
      depth[child] = depth[i] + 1;
      if (depth[child] > MODEL_LIMITS.depth)
        fail(path, `the tree is deeper than the ${MODEL_LIMITS.depth} levels Strata reads`);
    }
  }
  if (depth.some((d) => d < 0)) fail(path, 'some nodes of state are not reached from the root');
}

const CLV_PURCHASE: Readonly<Record<string, readonly string[]>> = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  pnbd: ['r', 'alpha', 's', 'beta'],
};

function validateClv(path: string, json: Record<string, unknown>): ClvModel {
  const { params: p, state: s, training: t } = json;
  if (!isObj(p) || !isObj(s) || !isObj(t)) fail(path, '"state", "params" or "training" is missing');
  if (!['day', 'week', 'month'].includes(String(p.unit))) fail(path, 'params.unit is not day, week or month');
  const c = t.columns;
  const text = (v: unknown) => v === undefined || (typeof v === 'string' && v.length > 0);
  if (
    !isObj(c) ||
    typeof c.customer !== 'string' ||
    typeof c.date !== 'string' ||
    !Object.values(c).every(text)
  )
    fail(path, 'training.columns does not name the log’s customer and date columns');
  if (c.amount === undefined && (c.quantity === undefined || c.price === undefined))
    fail(path, 'training.columns names neither an amount nor a quantity and a price');
  if (!isNum(p.horizon) || !Number.isInteger(p.horizon) || p.horizon < 1 || p.horizon > 100_000)
    fail(path, 'params.horizon is not a whole number of periods from 1 to 100,000');
  if (!isNum(p.discount) || p.discount < 0 || p.discount >= 1)
    fail(path, 'params.discount is not a rate from 0 to below 1');
  if (!isBounded(p.margin) || !(p.margin > 0)) fail(path, 'params.margin is not a number > 0');
  const names = CLV_PURCHASE[String(s.model)];
  if (!names) fail(path, `unknown state.model "${String(s.model)}"`);
  const positive = (v: unknown) => isBounded(v) && v > 0;
  if (!isObj(s.purchase) || !names.every((n) => positive((s.purchase as Record<string, unknown>)[n])))
    fail(path, `state.purchase does not have ${names.join(', ')} as numbers > 0`);
  const sp = s.spend;
  if (!isObj(sp) || !positive(sp.p) || !positive(sp.gamma) || !(isBounded(sp.q) && sp.q > 1))
    fail(path, 'state.spend does not have p, gamma > 0 and q > 1');
  return json as unknown as ClvModel;
}
