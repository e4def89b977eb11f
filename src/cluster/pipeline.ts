import type { Table } from '../data/table.js';
import { DataError } from '../errors.js';
import type { KMeansModel } from '../model/model-file.js';
import { MODEL_FORMAT, MODEL_VERSION } from '../model/model-file.js';
import { checkOptions, NAMES_OPTION, type Spec, UNITS_OPTION, type Units } from '../options.js';
import { chooseFeatures, idColumn, type LeftOut, leftOut } from '../prep/features.js';
import { applyRecipe, fitRecipe, type LogSpec, type ScaleMethod } from '../prep/recipe.js';
import type { OnProgress } from '../progress.js';
import { VERSION } from '../version.js';
import { type KScan, scanK } from './choose-k.js';
import { KMEANS_OPTIONS, type KMeansResult, kmeans } from './kmeans.js';
import { type ClusterPoints, clusterPoints } from './points.js';
import { type Profiles, profileClusters } from './profile.js';
import { silhouette } from './quality.js';

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
}

export interface ClusterRun {
  model: KMeansModel;
  fit: KMeansResult;
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

/**
 * The whole unsupervised pipeline: features → recipe → k-means (k chosen or given) → profiles.
 *
 * @example
 * const run = clusterTable(await load('data/customers.csv'), { k: 'auto', log: 'auto', seed: 42 });
 * run.profiles.clusters.map((c) => c.name);
 */
export function clusterTable(table: Table, options: ClusterOptions = {}): ClusterRun {
  checkOptions(CLUSTER_OPTIONS, options);
  const id = idColumn(table, options.id);
  const features = chooseFeatures(table, {
    features: options.features,
    exclude: options.exclude,
    reserved: [id],
  });
  const recipe = fitRecipe(table, features, {
    scale: options.scale ?? 'standard',
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
  let scan: KScan | null = null;
  let fit: KMeansResult;
  const k = options.k ?? 'auto';
  if (k === 'auto') {
    const [from, to] = options.kRange ?? [2, 10];
    if (m.rows <= from)
      throw new DataError({ file: table.source }, `only ${m.rows} rows: too few to choose k from ${from}`);
    scan = scanK(m.data, m.rows, m.cols, { ...base, from, to, onProgress: options.onProgress });
    fit = scan.fits.get(scan.recommended)!;
  } else {
    if (m.rows < k) throw new DataError({ file: table.source }, `k = ${k} is more than the ${m.rows} rows`);
    fit = kmeans(m.data, m.rows, m.cols, { ...base, k, onProgress: options.onProgress });
  }
  const sil = scan
    ? scan.rows.find((r) => r.k === fit.k)!.silhouette
    : silhouette(m.data, m.rows, m.cols, fit.labels, fit.k, { seed });
  const profiles = profileClusters(table, fit.labels, fit.k, {
    features,
    value: options.value,
    names: options.names,
  });
  const distance = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const c = fit.labels[i] * m.cols;
    for (let t = 0; t < m.cols; t++) s += (m.data[i * m.cols + t] - fit.centroids[c + t]) ** 2;
    distance[i] = Math.sqrt(s);
  }
  const centroids: number[][] = [];
  for (let j = 0; j < fit.k; j++)
    centroids.push(Array.from(fit.centroids.subarray(j * m.cols, (j + 1) * m.cols)));
  const model: KMeansModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
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
    },
  };
  const logged = recipe.steps.filter((s) => s.kind === 'numeric' && s.log).map((s) => s.name);
  const run = {
    model,
    fit,
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
