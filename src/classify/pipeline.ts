import type { Table } from '../data/table.js';
import { DataError, OptionError, UsageError } from '../errors.js';
import { MODEL_FORMAT, MODEL_VERSION, type TreeModel } from '../model/model-file.js';
import { savedTree } from '../model/tree.js';
import { checkOptions, type Spec } from '../options.js';
import { chooseFeatures, idColumn, type LeftOut, leftOut } from '../prep/features.js';
import { applyRecipe, DEFAULT_MAX_LEVELS, fitRecipe, type Recipe } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { VERSION } from '../version.js';
import {
  CART_OPTIONS,
  type CartOptions,
  type ClassWeight,
  type FittedTree,
  fitTree,
  predictTree,
  pruneFitted,
  type SplitMethod,
} from './cart.js';
import { type ComplexityChoice, chooseComplexity, type GrownTrees } from './complexity.js';
import {
  type CvResult,
  crossValidate,
  SCORINGS,
  type Scoring,
  stratifiedFolds,
  type TuneResult,
  tune,
} from './cv.js';
import {
  IMPORTANCE_KINDS,
  type Importance,
  type ImportanceKind,
  importances,
  PERMUTATION_ROWS,
} from './importance.js';
import type { Criterion } from './impurity.js';
import { evaluate, type Metrics } from './metrics.js';
import { extractRules, type Rule } from './rules.js';

/** Every option of `classifyTable`, its type and range; checked once where the pipeline is entered. */
export const CLASSIFY_OPTIONS = {
  label: { kind: 'string' },
  features: { kind: 'columns' },
  exclude: { kind: 'columns' },
  id: { kind: 'string' },
  ...CART_OPTIONS,
  folds: { kind: 'integer', min: 2, max: 100 },
  scoring: { kind: 'choice', values: SCORINGS },
  tune: { kind: 'boolean' },
  holdout: { kind: 'number', above: 0, below: 1 },
  seed: { kind: 'integer', min: 0 },
  maxLevels: { kind: 'integer', min: 2 },
  importance: { kind: 'choice', values: IMPORTANCE_KINDS },
  onProgress: { kind: 'function' },
} as const satisfies Spec;

export interface ClassifyOptions {
  label: string;
  features?: readonly string[];
  exclude?: readonly string[];
  id?: string;
  criterion?: Criterion;
  maxDepth?: number;
  minSamplesLeaf?: number;
  minSamplesSplit?: number;
  minImpurityDecrease?: number;
  classWeight?: ClassWeight;
  ccpAlpha?: number;
  splitter?: SplitMethod;
  folds?: number;
  /** Tune depth, leaf size and ccpAlpha by cross-validation. */
  tune?: boolean;
  /** Share of rows held out (stratified) to score a model trained on the rest. */
  holdout?: number;
  seed?: number;
  /** Hears each fold, each tuning candidate (with its score) and each step of the pruning choice. */
  onProgress?: OnProgress;
  /** Most levels a categorical feature, and classes the label, may have (default 1,000). */
  maxLevels?: number;
  /** Importances to compute (default permutation below 100,000 rows, impurity from there). */
  importance?: ImportanceKind;
  /** What `tune` maximises (default: balanced accuracy with class weights, else accuracy). */
  scoring?: Scoring;
}

export interface ClassifyRun {
  model: TreeModel;
  tree: FittedTree;
  recipe: Recipe;
  classes: string[];
  features: string[];
  /** Every other column and why it is not a feature. */
  leftOut: LeftOut[];
  id: string | undefined;
  cv: CvResult;
  tuned: TuneResult | null;
  /** How the tree's size was chosen when no limit was given (cross-validated pruning, one-SE rule). */
  complexity: ComplexityChoice | null;
  holdout: Metrics | null;
  rules: Rule[];
  importance: Importance[];
  /** Rows dropped because their label was missing. */
  dropped: number;
  rows: number;
  /** Training accuracy of the final tree. */
  trainAccuracy: number;
}

/** The labels as class indices (classes sorted); rows with a missing label are dropped. */
export function labelsOf(
  table: Table,
  label: string,
): { y: Int32Array; classes: string[]; keep: Int32Array } {
  if (!table.has(label)) throw new UsageError(`${table.source}: label column "${label}" not found`);
  const text: string[] = [];
  const keep: number[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const t = table.text(label, i);
    if (t === '') continue;
    text.push(t);
    keep.push(i);
  }
  const classes = [...new Set(text)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classes.length < 2) {
    throw new DataError(
      { file: table.source, column: label },
      `the label has ${classes.length === 0 ? 'no values' : `only one class ("${classes[0]}")`}; a classifier needs at least two`,
    );
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  return { y: Int32Array.from(text, (t) => index.get(t)!), classes, keep: Int32Array.from(keep) };
}

/**
 * The supervised pipeline: features → recipe → cross-validated CART → final tree on all rows →
 * rules and importances.
 *
 * @example
 * const run = classifyTable(await load('data/customers.csv'), { label: 'assigned_tier', maxDepth: 6 });
 * run.rules[0].text; // "IF sales_12m > 8K AND … THEN assigned tier A  (…)"
 */
export function classifyTable(input: Table, options: ClassifyOptions): ClassifyRun {
  checkOptions(CLASSIFY_OPTIONS, options);
  if (options.label === undefined)
    throw new OptionError('label', 'is required: the column with the known class');
  const { y, classes, keep } = labelsOf(input, options.label);
  const maxLevels = options.maxLevels ?? DEFAULT_MAX_LEVELS;
  if (classes.length > maxLevels)
    throw new DataError(
      { file: input.source, column: options.label },
      `has ${classes.length.toLocaleString('en-US')} classes, more than ${maxLevels.toLocaleString('en-US')} (maxLevels): not a label to learn`,
    );
  const table = keep.length === input.nRows ? input : input.take(keep);
  const id = idColumn(table, options.id);
  const features = chooseFeatures(table, {
    features: options.features,
    exclude: options.exclude,
    categorical: true,
    reserved: [options.label, id],
  });
  const recipe = fitRecipe(table, features, { scale: 'none', log: 'none', keepMissing: true, maxLevels });
  const m = applyRecipe(recipe, table);
  const seed = options.seed ?? 42;
  const plan = stratifiedFolds(y, classes, options.folds ?? 5, seed);
  let cart: CartOptions = {
    criterion: options.criterion ?? 'gini',
    maxDepth: options.maxDepth,
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
    minSamplesSplit: options.minSamplesSplit ?? 2,
    minImpurityDecrease: options.minImpurityDecrease ?? 0,
    classWeight: options.classWeight ?? 'none',
    ccpAlpha: options.ccpAlpha ?? 0,
    splitter: options.splitter ?? 'auto',
  };
  let tuned: TuneResult | null = null;
  // With no limit given, the tree's size is chosen by cross-validated pruning (rpart's practice), so
  // the default tree is one whose rules a person can read.
  const limited =
    options.maxDepth !== undefined ||
    options.minSamplesLeaf !== undefined ||
    options.minSamplesSplit !== undefined ||
    options.ccpAlpha !== undefined;
  let complexity: ComplexityChoice | null = null;
  let grown: GrownTrees | undefined;
  if (!options.tune && !limited) {
    const { grown: trees, ...choice } = chooseComplexity(
      m.data,
      m.rows,
      m.cols,
      y,
      classes,
      cart,
      plan,
      options.onProgress,
    );
    complexity = choice;
    grown = trees;
    cart = { ...cart, ccpAlpha: complexity.ccpAlpha };
  }
  if (options.tune) {
    const scoring =
      options.scoring ?? (cart.classWeight && cart.classWeight !== 'none' ? 'balanced-accuracy' : 'accuracy');
    tuned = tune(m.data, m.rows, m.cols, y, classes, cart, plan, scoring, options.onProgress);
    cart = tuned.best;
  }
  const cv = crossValidate(m.data, m.rows, m.cols, y, classes, cart, plan, options.onProgress, grown?.folds);
  const holdout = options.holdout
    ? scoreHoldout(m.data, m.rows, m.cols, y, classes, cart, options.holdout, seed)
    : null;
  const tree = grown
    ? pruneFitted(grown.full, cart.ccpAlpha ?? 0)
    : fitTree(m.data, m.rows, m.cols, y, classes, cart);
  const train = predictTree(tree, m.data, m.rows, m.cols);
  let ok = 0;
  for (let i = 0; i < m.rows; i++) if (train.label[i] === y[i]) ok++;
  const rules = extractRules(tree, recipe, classes, options.label, train.leaf, y);
  // Permutation importance by default below 100,000 rows; above, it would take most of the time.
  const importanceKind = options.importance ?? (m.rows < PERMUTATION_ROWS ? 'permutation' : 'impurity');
  const importance = importances(
    tree,
    recipe,
    m.data,
    m.rows,
    m.cols,
    y,
    plan,
    cv.trees,
    seed,
    importanceKind,
  );
  const model = treeModel(tree, cart, recipe, {
    id,
    features,
    rows: m.rows,
    source: table.source,
    label: options.label,
    classes,
    seed,
  });
  return {
    model,
    tree,
    recipe,
    classes,
    features,
    leftOut: leftOut(table, features, {
      features: options.features,
      exclude: options.exclude,
      categorical: true,
      label: options.label,
      id,
    }),
    id,
    cv,
    tuned,
    complexity,
    holdout,
    rules,
    importance,
    dropped: input.nRows - keep.length,
    rows: m.rows,
    trainAccuracy: ok / m.rows,
  };
}

/** The model file of a fitted tree: its recipe, the options it was grown with, and the tree. */
export function treeModel(
  tree: FittedTree,
  cart: CartOptions,
  recipe: Recipe,
  o: {
    id: string | undefined;
    features: string[];
    rows: number;
    source: string;
    label: string;
    classes: readonly string[];
    seed: number;
  },
): TreeModel {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: 'tree',
    createdWith: `strata ${VERSION}`,
    recipe,
    id: o.id ?? null,
    training: { rows: o.rows, features: o.features, source: o.source },
    params: {
      criterion: cart.criterion ?? 'gini',
      maxDepth: cart.maxDepth ?? null,
      minSamplesSplit: cart.minSamplesSplit ?? 2,
      minSamplesLeaf: cart.minSamplesLeaf ?? 1,
      minImpurityDecrease: cart.minImpurityDecrease ?? 0,
      classWeight: (cart.classWeight instanceof Map
        ? Object.fromEntries(cart.classWeight)
        : (cart.classWeight ?? 'none')) as TreeModel['params']['classWeight'],
      ccpAlpha: cart.ccpAlpha ?? 0,
      splitter: tree.splitter,
      seed: o.seed,
    },
    state: savedTree(tree, o.label, o.classes),
  };
}

function scoreHoldout(
  x: Float64Array,
  n: number,
  p: number,
  y: Int32Array,
  classes: readonly string[],
  cart: CartOptions,
  share: number,
  seed: number,
): Metrics {
  const parts = Math.max(2, Math.round(1 / share));
  const plan = stratifiedFolds(y, classes, parts, seed + 1);
  const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => plan.fold[i] !== 0);
  const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => plan.fold[i] === 0);
  const tree = fitTree(x, n, p, y, classes, cart, train);
  const pr = predictTree(tree, x, n, p, test);
  return evaluate(
    Int32Array.from(test, (r) => y[r]),
    pr.label,
    classes,
    pr.proba,
  );
}
