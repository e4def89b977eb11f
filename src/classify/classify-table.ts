import type { Table } from '../data/table.js';
import { DataError, UsageError } from '../errors.js';
import type { TreeModel } from '../model/model-file.js';
import { chooseFeatures, idColumn, type LeftOut, leftOut } from '../prep/features.js';
import { applyRecipe, fitRecipe, type Recipe } from '../prep/recipe.js';
import { type FittedTree, growTree, predictTree, pruneFitted, type ResolvedCart } from './cart.js';
import { type ClassifyOptions, type ResolvedClassify, resolveClassify } from './classify-options.js';
import { type ComplexityChoice, chooseComplexity, type GrownTrees } from './complexity.js';
import { type CvResult, crossValidate, type FoldPlan, stratifiedFolds, type TuneResult, tune } from './cv.js';
import { type Importance, importances, PERMUTATION_ROWS } from './importance.js';
import { evaluate, type Metrics } from './metrics.js';
import { mergeSameClass } from './prune.js';
import { extractRules, type Rule } from './rules.js';
import type { TrainingSet } from './training-set.js';
import { treeModel } from './tree-file.js';

export type { ClassifyOptions, ResolvedClassify } from './classify-options.js';
export { CLASSIFY_DEFAULTS, CLASSIFY_OPTIONS, resolveClassify } from './classify-options.js';
export { treeModel } from './tree-file.js';

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
  /** With a hold-out: its share, and each held-out customer (id, or row number in the input) with the true and predicted class. */
  heldOut: { share: number; ids: string[]; actual: string[]; predicted: string[] } | null;
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
  return runClassify(input, resolveClassify(options));
}

/** `classifyTable` on options already resolved. */
export function runClassify(input: Table, o: ResolvedClassify): ClassifyRun {
  const { y, classes, keep } = labelsOf(input, o.label);
  if (classes.length > o.maxLevels)
    throw new DataError({ file: input.source, column: o.label }, tooManyClasses(classes.length, o.maxLevels));
  const table = keep.length === input.nRows ? input : input.take(keep);
  const id = idColumn(table, o.id);
  const choice = { features: o.features, exclude: o.exclude, categorical: true };
  const features = chooseFeatures(table, { ...choice, reserved: [o.label, id] });
  const recipe = fitRecipe(table, features, {
    scale: 'none',
    log: 'none',
    keepMissing: true,
    maxLevels: o.maxLevels,
  });
  const m = applyRecipe(recipe, table);
  const set: TrainingSet = { x: m, y, classes };
  const plan = stratifiedFolds(y, classes, o.folds, o.seed);
  const { cart, tuned, complexity, grown } = chooseSize(set, o, plan);
  const cv = crossValidate(set, cart, plan, { onProgress: o.onProgress, grown: grown?.folds });
  const held = o.holdout ? scoreHoldout(set, cart, o.holdout, o.seed) : null;
  const heldOut =
    held && o.holdout
      ? {
          share: o.holdout,
          ids: Array.from(held.rows, (r) => (id ? table.text(id, r) : String(keep[r] + 1))),
          actual: Array.from(held.rows, (r) => classes[y[r]]),
          predicted: Array.from(held.predicted, (c) => classes[c]),
        }
      : null;
  const fitted = grown ? pruneFitted(grown.full, cart.ccpAlpha) : growTree(set, cart);
  const tree = o.mergeLeaves ? { ...fitted, ...mergeSameClass(fitted) } : fitted;
  const train = predictTree(tree, m);
  let ok = 0;
  for (let i = 0; i < m.rows; i++) if (train.label[i] === y[i]) ok++;
  // Permutation importance by default below 100,000 rows; above, it would take most of the time.
  const kind = o.importance ?? (m.rows < PERMUTATION_ROWS ? 'permutation' : 'impurity');
  const importance = importances(tree, recipe, set, plan, { kind, foldTrees: cv.trees, seed: o.seed });
  const source = table.source;
  const about = { id, features, rows: m.rows, source, label: o.label, classes, seed: o.seed };
  return {
    model: treeModel(tree, cart, recipe, about),
    tree,
    recipe,
    classes,
    features,
    leftOut: leftOut(table, features, { ...choice, label: o.label, id }),
    id,
    cv,
    tuned,
    complexity,
    holdout: held?.metrics ?? null,
    heldOut,
    rules: extractRules(tree, recipe, classes, o.label, train.leaf, y),
    importance,
    dropped: input.nRows - keep.length,
    rows: m.rows,
    trainAccuracy: ok / m.rows,
  };
}

/** Why a label with `n` classes is refused. */
export function tooManyClasses(n: number, maxLevels: number): string {
  return `has ${n.toLocaleString('en-US')} classes, more than ${maxLevels.toLocaleString('en-US')} (maxLevels): not a label to learn`;
}

/**
 * The tree's size: as limited by hand, tuned, or — with no limit given — chosen by cross-validated
 * pruning (rpart's practice), so the default tree is one whose rules a person can read.
 */
function chooseSize(
  set: TrainingSet,
  o: ResolvedClassify,
  plan: FoldPlan,
): { cart: ResolvedCart; tuned: TuneResult | null; complexity: ComplexityChoice | null; grown?: GrownTrees } {
  const cart: ResolvedCart = {
    criterion: o.criterion,
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    minSamplesSplit: o.minSamplesSplit,
    minImpurityDecrease: o.minImpurityDecrease,
    classWeight: o.classWeight,
    ccpAlpha: o.ccpAlpha,
    splitter: o.splitter,
  };
  if (o.tune) {
    const tuned = tune(set, cart, plan, o.scoring, o.onProgress);
    return { cart: tuned.best, tuned, complexity: null };
  }
  if (!o.pruned) return { cart, tuned: null, complexity: null };
  const { grown, ...complexity } = chooseComplexity(set, cart, plan, o.onProgress);
  return { cart: { ...cart, ccpAlpha: complexity.ccpAlpha }, tuned: null, complexity, grown };
}

function scoreHoldout(
  set: TrainingSet,
  cart: ResolvedCart,
  share: number,
  seed: number,
): { metrics: Metrics; rows: Int32Array; predicted: Int32Array } {
  const { y, classes } = set;
  const n = set.x.rows;
  const parts = Math.max(2, Math.round(1 / share));
  const plan = stratifiedFolds(y, classes, parts, seed + 1);
  const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => plan.fold[i] !== 0);
  const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => plan.fold[i] === 0);
  const tree = growTree(set, cart, train);
  const pr = predictTree(tree, set.x, test);
  const metrics = evaluate(
    Int32Array.from(test, (r) => y[r]),
    pr.label,
    classes,
    pr.proba,
  );
  return { metrics, rows: test, predicted: pr.label };
}
