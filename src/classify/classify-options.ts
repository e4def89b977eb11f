import { OptionError } from '../errors.js';
import { DEFAULT_SEED, type Resolved, resolveOptions, type Spec } from '../options.js';
import { DEFAULT_MAX_LEVELS } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { CART_DEFAULTS, CART_OPTIONS, type ClassWeight, type SplitMethod } from './cart.js';
import { SCORINGS, type Scoring } from './cv.js';
import { IMPORTANCE_KINDS, type ImportanceKind } from './importance.js';
import type { SplitCriterion } from './impurity.js';

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
  mergeLeaves: { kind: 'boolean' },
  onProgress: { kind: 'function' },
} as const satisfies Spec;

export interface ClassifyOptions {
  label: string;
  features?: readonly string[];
  exclude?: readonly string[];
  id?: string;
  criterion?: SplitCriterion;
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
  /**
   * Merge splits whose leaves all predict one class (the same predictions from fewer rules; the
   * merged leaves' class shares are pooled). Segment rules do; default false.
   */
  mergeLeaves?: boolean;
  /** What `tune` maximises (default: balanced accuracy with class weights, else accuracy). */
  scoring?: Scoring;
}

/** What a classification does when an option is not given (the CLI's help reads them from here). */
export const CLASSIFY_DEFAULTS = {
  ...CART_DEFAULTS,
  folds: 5,
  tune: false,
  seed: DEFAULT_SEED,
  maxLevels: DEFAULT_MAX_LEVELS,
} as const satisfies Partial<ClassifyOptions>;

/**
 * A classification's options, checked and defaulted once. `limits` says whether the size of the tree
 * was limited by hand (maxDepth, minSamplesLeaf or minSamplesSplit given); `pruned` whether it is
 * chosen by cross-validated pruning (no limit, no ccpAlpha, no tuning); `scoring` is what tuning
 * maximises.
 */
export type ResolvedClassify = Resolved<ClassifyOptions, typeof CLASSIFY_DEFAULTS> & SizeChoice;

interface SizeChoice {
  limits: boolean;
  pruned: boolean;
  scoring: Scoring;
}

/** Checks a classification's options against `spec` (CLASSIFY_OPTIONS or one that extends it). */
export function resolveClassifyWith<O extends ClassifyOptions, D extends typeof CLASSIFY_DEFAULTS>(
  spec: Spec,
  defaults: D,
  options: O,
): Resolved<O, D> & SizeChoice {
  const o = resolveOptions(spec, defaults, options);
  if (options.label === undefined)
    throw new OptionError('label', 'is required: the column with the known class');
  const limits =
    options.maxDepth !== undefined ||
    options.minSamplesLeaf !== undefined ||
    options.minSamplesSplit !== undefined;
  const pruned = !options.tune && !limits && options.ccpAlpha === undefined;
  const weighted = options.classWeight !== undefined && options.classWeight !== 'none';
  const scoring = options.scoring ?? (weighted ? 'balanced-accuracy' : 'accuracy');
  return { ...o, limits, pruned, scoring };
}

export function resolveClassify(options: ClassifyOptions): ResolvedClassify {
  return resolveClassifyWith(CLASSIFY_OPTIONS, CLASSIFY_DEFAULTS, options);
}
