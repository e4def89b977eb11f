import { OptionError } from '../errors.js';
import {
  DEFAULT_SEED,
  NAMES_OPTION,
  type Resolved,
  resolveOptions,
  type Spec,
  UNITS_OPTION,
  type Units,
} from '../options.js';
import { DEFAULT_MAX_LEVELS, type LogSpec, type ScaleMethod } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { KMEANS_DEFAULTS, KMEANS_OPTIONS } from './kmeans.js';
import { CLUSTER_METHODS, type ClusterMethodName } from './method.js';
import { methodOf } from './methods.js';

const isLog = (v: unknown) =>
  v === 'auto' || v === 'none' || (Array.isArray(v) && v.every((c) => typeof c === 'string'));

/** Every option of `clusterTable`, its type and range; checked once where the pipeline is entered. */
export const CLUSTER_OPTIONS = {
  features: { kind: 'columns' },
  exclude: { kind: 'columns' },
  id: { kind: 'string' },
  k: { kind: 'integer', min: 1, auto: true },
  // Up to 100 segments: each k of the scan is a full fit (with its silhouette and stability).
  kRange: { kind: 'range', min: 2, max: 100 },
  nInit: KMEANS_OPTIONS.nInit,
  seed: KMEANS_OPTIONS.seed,
  maxIter: KMEANS_OPTIONS.maxIter,
  tol: KMEANS_OPTIONS.tol,
  scale: { kind: 'choice', values: ['standard', 'robust', 'minmax', 'none'] },
  log: { kind: 'custom', describe: '"auto", "none" or a list of feature columns', check: isLog },
  value: { kind: 'string' },
  maxLevels: { kind: 'integer', min: 2 },
  onProgress: { kind: 'function' },
  units: UNITS_OPTION,
  names: NAMES_OPTION,
  method: { kind: 'choice', values: CLUSTER_METHODS },
  gamma: { kind: 'number', above: 0 },
  clara: { kind: 'integer', min: 1, max: 1000 },
  stability: { kind: 'integer', min: 0, max: 10_000 },
  rulesDepth: { kind: 'integer', min: 0, max: 10 },
} as const satisfies Spec;

export interface ClusterOptions {
  features?: readonly string[];
  exclude?: readonly string[];
  id?: string;
  /** A number, or 'auto' to scan `kRange` and take the recommendation (default 'auto'). */
  k?: number | 'auto';
  /** The range `k: 'auto'` scans (default 2-10). */
  kRange?: readonly [number, number];
  nInit?: number;
  seed?: number;
  maxIter?: number;
  tol?: number;
  /** Default standard; k-medoids range-scales (Gower). */
  scale?: ScaleMethod;
  log?: LogSpec;
  /** A money column whose share per cluster is reported. */
  value?: string;
  /** Most levels a categorical feature may have (default 1,000). */
  maxLevels?: number;
  /** Hears each k scanned, or each restart of a given k. */
  onProgress?: OnProgress;
  /** Units of columns, shown in the profiles, tables, axes and segment descriptions. */
  units?: Units;
  /** Your own segment names, by cluster number ("0") or by the generated name; carried into the model. */
  names?: ReadonlyMap<string, string>;
  /**
   * k-means (default; numbers, categories one-hot), k-prototypes (means and modes, γ per category
   * mismatch) or k-medoids on Gower dissimilarity (real customers as centres). The last two take
   * categorical features by default.
   */
  method?: ClusterMethodName;
  /** k-prototypes: weight of a category mismatch (default: half the mean standard deviation of the numbers). */
  gamma?: number;
  /** k-medoids above 20,000 rows: CLARA, PAM on this many seeded samples of 2,000 rows. */
  clara?: number;
  /** Bootstrap resamples for segment stability (Hennig's clusterboot); 0: none. */
  stability?: number;
  /** Depth of the tree whose rules assign a segment (default 3; 0: no rules). */
  rulesDepth?: number;
}

/** What a clustering does when an option is not given (the CLI's help reads them from here). */
export const CLUSTER_DEFAULTS = {
  k: 'auto',
  kRange: [2, 10],
  nInit: KMEANS_DEFAULTS.nInit,
  seed: DEFAULT_SEED,
  maxIter: KMEANS_DEFAULTS.maxIter,
  tol: KMEANS_DEFAULTS.tol,
  log: 'none',
  maxLevels: DEFAULT_MAX_LEVELS,
  method: 'kmeans',
  stability: 0,
  rulesDepth: 3,
} as const satisfies Partial<ClusterOptions>;

/** A clustering's options, checked and defaulted once; `scale` is the method's when none was given. */
export type ResolvedCluster = Resolved<ClusterOptions, typeof CLUSTER_DEFAULTS> & { scale: ScaleMethod };

/** Checks a clustering's options, fills in the defaults and refuses what the method cannot take. */
export function resolveCluster(options: ClusterOptions): ResolvedCluster {
  return resolvedCluster(resolveOptions(CLUSTER_OPTIONS, CLUSTER_DEFAULTS, options));
}

/** The method's part of resolving, for options checked by a spec that extends CLUSTER_OPTIONS. */
export function resolvedCluster<O extends Resolved<ClusterOptions, typeof CLUSTER_DEFAULTS>>(
  o: O,
): O & { scale: ScaleMethod } {
  const method = methodOf(o.method);
  const refused = method.refuse(o);
  if (refused) throw new OptionError(refused[0], refused[1]);
  return { ...o, scale: o.scale ?? method.scale };
}
