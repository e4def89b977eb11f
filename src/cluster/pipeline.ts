import type { Table } from '../data/table.js';
import { DataError, OptionError } from '../errors.js';
import type { KMeansModel } from '../model/model-file.js';
import { MODEL_FORMAT, MODEL_VERSION } from '../model/model-file.js';
import { checkOptions, NAMES_OPTION, type Spec, UNITS_OPTION, type Units } from '../options.js';
import { chooseFeatures, idColumn, type LeftOut, leftOut } from '../prep/features.js';
import { applyRecipe, fitRecipe, type LogSpec, type Recipe, type ScaleMethod } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { VERSION } from '../version.js';
import { type KFitter, type KScan, scanK } from './choose-k.js';
import { KMEANS_OPTIONS, kmeans } from './kmeans.js';
import { medoidOf } from './medoid.js';
import {
  CLUSTER_METHODS,
  type ClusterFit,
  type ClusterMethod,
  fitMixed,
  type MixedFit,
  mixedSetup,
  silhouetteMixed,
} from './methods.js';
import { mixedOf } from './mixed.js';
import { type ClusterPoints, clusterPoints } from './points.js';
import { type Profiles, profileClusters } from './profile.js';
import { startSilhouette } from './quality.js';
import type { ClusterTask } from './resample.js';
import { type SegmentRules, segmentRules } from './segment-rules.js';
import { type Stability, stability } from './stability.js';

const isLog = (v: unknown) =>
  v === 'auto' || v === 'none' || (Array.isArray(v) && v.every((c) => typeof c === 'string'));

/** Every option of `clusterTable`, its type and range; checked once where the pipeline is entered. */
export const CLUSTER_OPTIONS = {
  features: { kind: 'columns' },
  exclude: { kind: 'columns' },
  id: { kind: 'string' },
  k: { kind: 'integer', min: 1, auto: true },
  kRange: { kind: 'range', min: 2 },
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
  kRange?: [number, number];
  nInit?: number;
  seed?: number;
  maxIter?: number;
  tol?: number;
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
  method?: ClusterMethod;
  /** k-prototypes: weight of a category mismatch (default: half the mean standard deviation of the numbers). */
  gamma?: number;
  /** k-medoids above 20,000 rows: CLARA, PAM on this many seeded samples of 2,000 rows. */
  clara?: number;
  /** Bootstrap resamples for segment stability (Hennig's clusterboot); 0 or absent: none. */
  stability?: number;
  /** Depth of the tree whose rules assign a segment (default 3; 0: no rules). */
  rulesDepth?: number;
}

export interface ClusterRun {
  model: KMeansModel;
  fit: ClusterFit;
  method: ClusterMethod;
  /** k-prototypes and k-medoids: the objective, the medoids and each row's dissimilarity. */
  mixed: MixedFit | null;
  /** Each segment's bootstrap stability, when resamples were asked for. */
  stability: Stability | null;
  /** Rules that put a customer into each segment (absent with rulesDepth 0 or a single segment). */
  rules: SegmentRules | null;
  scan: KScan | null;
  profiles: Profiles;
  silhouette: number;
  features: string[];
  /** Every other column and why it is not a feature. */
  leftOut: LeftOut[];
  id: string | undefined;
  /** Distance of each row to its centroid (in the scaled feature space). */
  distance: Float64Array;
  imputed: Record<string, number>;
  logged: string[];
  /** A sample of customers on two principal components, for charts. */
  points: ClusterPoints;
}

/** The id column and the features a clustering of `table` uses under `options`. */
export function clusterFeatures(
  table: Table,
  options: ClusterOptions,
): { id: string | undefined; features: string[] } {
  const id = idColumn(table, options.id);
  const features = chooseFeatures(table, {
    features: options.features,
    exclude: options.exclude,
    reserved: [id],
    categorical: (options.method ?? 'kmeans') !== 'kmeans',
  });
  return { id, features };
}

/**
 * The whole unsupervised pipeline: features → recipe → k-means (k chosen or given) → profiles.
 *
 * @example
 * const run = clusterTable(await load('data/customers.csv'), { k: 'auto', log: 'auto', seed: 42 });
 * run.profiles.clusters.map((c) => c.name);
 */
export function clusterTable(table: Table, options: ClusterOptions = {}, fitted?: Recipe): ClusterRun {
  checkOptions(CLUSTER_OPTIONS, options);
  const method = options.method ?? 'kmeans';
  const { id, features } = clusterFeatures(table, options);
  checkMethod(table, features, options);
  // A recipe fitted elsewhere (by SQL over every customer in a database) stands in for this sample's.
  const recipe =
    fitted ??
    fitRecipe(table, features, {
      // Gower range-scales every number.
      scale: method === 'kmedoids' ? 'minmax' : (options.scale ?? 'standard'),
      log: options.log ?? 'none',
      maxLevels: options.maxLevels,
    });
  const m = applyRecipe(recipe, table);
  const k0 = options.k ?? 'auto';
  if (k0 !== 'auto' && m.rows < k0)
    throw new DataError({ file: table.source }, `k = ${k0} is more than the ${m.rows} rows`);
  rejectConstant(table, m.data, m.rows, m.cols, m.names);
  const seed = options.seed ?? 42;
  const nInit = options.nInit ?? 10;
  const base = { nInit, seed, maxIter: options.maxIter ?? 300, tol: options.tol ?? 1e-4 };
  const setup =
    method === 'kmeans'
      ? null
      : mixedSetup(method, recipe, mixedOf(recipe, table, method === 'kmedoids'), m.data, {
          ...base,
          gamma: options.gamma,
          clara: options.clara,
          onProgress: options.onProgress,
        });
  const mixedFits = new Map<number, MixedFit & { silhouette: number }>();
  const fitter: KFitter | undefined = setup
    ? (k) => {
        const fit = { ...fitMixed(setup, k), silhouette: 0 };
        fit.silhouette = silhouetteMixed(setup, fit.labels, k);
        mixedFits.set(k, fit);
        return { fit, silhouette: fit.silhouette, objective: fit.objective };
      }
    : undefined;
  let scan: KScan | null = null;
  let fit: ClusterFit;
  const k = options.k ?? 'auto';
  if (k === 'auto') {
    const [from, to] = options.kRange ?? [2, 10];
    if (m.rows <= from)
      throw new DataError({ file: table.source }, `only ${m.rows} rows: too few to choose k from ${from}`);
    scan = scanK(m.data, m.rows, m.cols, { ...base, from, to, onProgress: options.onProgress }, fitter);
    fit = scan.fits.get(scan.recommended)!;
  } else {
    if (m.rows < k) throw new DataError({ file: table.source }, `k = ${k} is more than the ${m.rows} rows`);
    fit = fitter
      ? fitter(k).fit
      : kmeans(m.data, m.rows, m.cols, { ...base, k, onProgress: options.onProgress });
  }
  const mixed = mixedFits.get(fit.k) ?? null;
  // Started now, finished once the profiles and rules are done: a worker thread sums pairs meanwhile.
  const scanned = scan?.rows.find((r) => r.k === fit.k)?.silhouette;
  const silhouetteLater = scan
    ? () => scanned!
    : mixed
      ? () => mixed.silhouette
      : startSilhouette(m.data, m.rows, m.cols, fit.labels, fit.k, { seed });
  const profiles = profileClusters(table, fit.labels, fit.k, {
    features,
    value: options.value,
    names: options.names,
  });
  if (mixed?.medoids)
    mixed.medoids.forEach((row, j) => {
      profiles.clusters[j].medoid = medoidOf(table, row, id, features);
    });
  const distance = mixed?.distance ?? euclidean(m.data, m.rows, m.cols, fit);
  const task: ClusterTask = {
    method,
    k: fit.k,
    ...base,
    gamma: setup?.gamma ?? 1,
    clara: options.clara,
    x: m.data,
    n: m.rows,
    d: m.cols,
    mixed: setup?.x ?? null,
  };
  const depth = options.rulesDepth ?? 3;
  const used = new Set(fit.labels).size;
  const rules =
    depth > 0 && used > 1
      ? segmentRules(
          table,
          features,
          fit.labels,
          profiles.clusters.map((c) => c.segment),
          { depth, seed, maxLevels: options.maxLevels },
        )
      : null;
  const sil = silhouetteLater();
  const stable = options.stability
    ? stability(task, fit.labels, fit.k, options.stability, seed, options.onProgress)
    : null;
  const centroids: number[][] = [];
  for (let j = 0; j < fit.k; j++)
    centroids.push(Array.from(fit.centroids.subarray(j * m.cols, (j + 1) * m.cols)));
  const model: KMeansModel = {
    format: MODEL_FORMAT,
    // Plain k-means models stay readable by Strata versions that know no other method.
    version: method === 'kmeans' ? 1 : MODEL_VERSION,
    kind: 'kmeans',
    createdWith: `strata ${VERSION}`,
    recipe,
    id: id ?? null,
    training: { rows: m.rows, features, source: table.source },
    params: base,
    state: {
      k: fit.k,
      centroids,
      names: profiles.clusters.map((c) => c.segment),
      inertia: fit.inertia,
      silhouette: sil,
      iterations: fit.iterations,
      ...(setup && mixed
        ? {
            method: setup.method,
            objective: mixed.objective,
            ...(setup.method === 'kprototypes' ? { gamma: setup.gamma } : {}),
            ...(mixed.medoids
              ? { medoids: Array.from(mixed.medoids, (_row, j) => profiles.clusters[j].medoid!) }
              : {}),
          }
        : {}),
      ...(rules ? { rules: { depth: rules.depth, fidelity: rules.fidelity, tree: rules.tree } } : {}),
    },
  };
  const logged = recipe.steps.filter((s) => s.kind === 'numeric' && s.log).map((s) => s.name);
  const run = {
    model,
    fit,
    method,
    mixed,
    stability: stable,
    rules,
    scan,
    profiles,
    silhouette: sil,
    features,
    leftOut: leftOut(table, features, { features: options.features, exclude: options.exclude, id }),
    id,
    distance,
    imputed: m.imputed,
    logged,
  };
  return { ...run, points: clusterPoints(run, table, m.data, seed) };
}

function euclidean(x: Float64Array, n: number, d: number, fit: ClusterFit): Float64Array {
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const c = fit.labels[i] * d;
    for (let t = 0; t < d; t++) s += (x[i * d + t] - fit.centroids[c + t]) ** 2;
    distance[i] = Math.sqrt(s);
  }
  return distance;
}

/** Options that do not fit the method, and data it cannot cluster: one line saying what to do. */
function checkMethod(table: Table, features: readonly string[], o: ClusterOptions): void {
  const method = o.method ?? 'kmeans';
  if (method === 'kprototypes' && !features.some((f) => table.get(f)?.type === 'categorical'))
    throw new OptionError(
      'method',
      `kprototypes needs a categorical feature, and none of ${features.join(', ')} is one: name one in features, or use kmeans`,
    );
  if (method === 'kmedoids' && o.scale !== undefined && o.scale !== 'minmax')
    throw new OptionError(
      'scale',
      'kmedoids uses Gower dissimilarity, which range-scales every number: leave scale out',
    );
  if (o.gamma !== undefined && method !== 'kprototypes')
    throw new OptionError(
      'gamma',
      'is the weight of a category mismatch in kprototypes: use it with method kprototypes',
    );
  if (o.clara !== undefined && method !== 'kmedoids')
    throw new OptionError('clara', 'samples rows for kmedoids: use it with method kmedoids');
}

function rejectConstant(table: Table, x: Float64Array, n: number, d: number, names: string[]): void {
  const constant: string[] = [];
  for (let t = 0; t < d; t++) {
    let same = true;
    for (let i = 1; i < n && same; i++) same = x[i * d + t] === x[t];
    if (same) constant.push(names[t]);
  }
  if (constant.length === d) {
    throw new DataError(
      { file: table.source, column: constant[0] },
      `every feature is constant (${constant.join(', ')}); there is nothing to cluster on`,
    );
  }
}
