import type { Table } from '../data/table.js';
import { DataError, OptionError } from '../errors.js';
import { chooseFeatures, idColumn, leftOut, MAX_MISSING_SHARE } from '../prep/features.js';
import { applyRecipe, fitRecipe, ONE_HOT_LEVELS, type Recipe, type Transformed } from '../prep/recipe.js';
import { type KScan, scanWith } from './choose-k.js';
import { type ClusterOptions, type ResolvedCluster, resolveCluster } from './cluster-options.js';
import { kmeansModel } from './kmeans-model.js';
import { medoidOf } from './medoid.js';
import type { MethodFit, MethodSetup } from './method.js';
import { methodOf } from './methods.js';
import { clusterPoints } from './points.js';
import { profileClusters } from './profile.js';
import type { ClusterRun } from './run.js';
import { clusterRules } from './segment-rules.js';
import { stability } from './stability.js';

export type { ClusterOptions, ResolvedCluster } from './cluster-options.js';
export { CLUSTER_DEFAULTS, CLUSTER_OPTIONS, resolveCluster } from './cluster-options.js';
export type { ClusterRun } from './run.js';

/** How many levels of a category the method one-hots (k-means), or undefined where it matches them. */
export function oneHotLevelsOf(method: ResolvedCluster['method']): number | undefined {
  return method === 'kmeans' ? ONE_HOT_LEVELS : undefined;
}

/** The id column and the features a clustering of `table` uses under `options`. */
export function clusterFeatures(
  table: Table,
  options: Pick<ResolvedCluster, 'id' | 'features' | 'exclude' | 'method'>,
): { id: string | undefined; features: string[] } {
  const id = idColumn(table, options.id);
  const features = chooseFeatures(table, {
    features: options.features,
    exclude: options.exclude,
    reserved: [id],
    categorical: methodOf(options.method).categorical,
    maxMissing: MAX_MISSING_SHARE,
  });
  return { id, features };
}

/**
 * The whole unsupervised pipeline: features → recipe → the method (k chosen or given) → profiles,
 * names, rules and stability.
 *
 * @example
 * const run = clusterTable(await load('data/customers.csv'), { k: 'auto', log: 'auto', seed: 42 });
 * run.profiles.clusters.map((c) => c.name);
 */
export function clusterTable(table: Table, options: ClusterOptions = {}): ClusterRun {
  return runClustering(table, resolveCluster(options));
}

/**
 * `clusterTable` on options already resolved. A recipe fitted elsewhere (by SQL over every customer
 * in a database) stands in for the one this table would give.
 */
export function runClustering(table: Table, o: ResolvedCluster, fitted?: Recipe): ClusterRun {
  const method = methodOf(o.method);
  const { id, features } = clusterFeatures(table, o);
  const refused = method.refuseData(table, features);
  if (refused) throw new OptionError(refused[0], refused[1]);
  const recipe =
    fitted ??
    fitRecipe(table, features, {
      scale: o.scale,
      log: o.log,
      maxLevels: o.maxLevels,
      oneHotLevels: oneHotLevelsOf(o.method),
    });
  const m = applyRecipe(recipe, table);
  if (o.k !== 'auto' && m.rows < o.k)
    throw new DataError({ file: table.source }, `k = ${o.k} is more than the ${m.rows} rows`);
  rejectConstant(table, m);
  const setup = method.setup(recipe, table, m, o);
  const { fit, scan, silhouette } = chooseFit(table, m, o, setup);
  return finish(table, { o, setup, fit, scan, silhouette, recipe, m, id, features });
}

/** The fit of the given k, or of the k a scan of the range recommends, with its silhouette started. */
function chooseFit(
  table: Table,
  m: Transformed,
  o: ResolvedCluster,
  setup: MethodSetup,
): { fit: MethodFit; scan: KScan<MethodFit> | null; silhouette: () => number } {
  if (o.k !== 'auto') {
    const t = performance.now();
    const fit = setup.fit(o.k);
    announce(o, (performance.now() - t) / 1000, 0);
    // Started now, finished once the profiles and rules are done: a worker thread sums pairs meanwhile.
    return { fit, scan: null, silhouette: setup.silhouette(fit) };
  }
  const [from, to] = o.kRange;
  if (m.rows <= from)
    throw new DataError({ file: table.source }, `only ${m.rows} rows: too few to choose k from ${from}`);
  // The first fit pays for what the later ones share (a dissimilarity matrix, warm code): the second
  // is the one the rest are like.
  let fits = 0;
  const fitK = (k: number) => {
    const t = performance.now();
    const fit = setup.fit(k, false);
    if (++fits === 2) announce(o, (performance.now() - t) / 1000, to - k);
    return { fit, silhouette: setup.scanSilhouette(fit), objective: fit.objective };
  };
  const scan = scanWith(
    m.data,
    m.rows,
    m.cols,
    { from, to, onProgress: o.onProgress },
    fitK,
    o.method !== 'kmeans',
  );
  const fit = scan.fits.get(scan.recommended)!;
  const scanned = scan.rows.find((r) => r.k === fit.k)!.silhouette;
  return { fit, scan, silhouette: () => scanned };
}

/** Below this many seconds of work still ahead, no estimate is said (quick runs stay quiet). */
const ESTIMATE_FROM_SECONDS = 20;

/**
 * Early, what the rest will take, said once: the fits of the scan still to come and the stability
 * resamples, each about as long as the fit just timed. Undefined when it is under 20 s.
 */
export function estimateMessage(seconds: number, scanLeft: number, stability: number): string | undefined {
  const scan = scanLeft * seconds;
  const resamples = stability * seconds;
  if (scan + resamples < ESTIMATE_FROM_SECONDS) return undefined;
  const parts = [
    ...(scanLeft ? [`${scanLeft} more k of the scan about ${duration(scan)}`] : []),
    ...(stability ? [`${stability} stability resamples about ${duration(resamples)}`] : []),
  ];
  return `a fit takes about ${duration(seconds)}: ${parts.join(', ')}; about ${duration(scan + resamples)} still to go`;
}

function announce(o: ResolvedCluster, seconds: number, scanLeft: number): void {
  const message = o.onProgress && estimateMessage(seconds, scanLeft, o.stability ?? 0);
  if (message) o.onProgress!({ step: scanLeft ? 'choosing k' : 'clustering', done: 0, total: 1, message });
}

const duration = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

interface Chosen {
  o: ResolvedCluster;
  setup: MethodSetup;
  fit: MethodFit;
  scan: KScan<MethodFit> | null;
  silhouette: () => number;
  recipe: Recipe;
  m: Transformed;
  id: string | undefined;
  features: string[];
}

/** Profiles and names, rules, stability and the model of the chosen fit. */
function finish(table: Table, c: Chosen): ClusterRun {
  const { o, fit, m, id, features } = c;
  const profiles = profileClusters(table, fit.labels, fit.k, { features, value: o.value, names: o.names });
  const medoids = fit.medoids && Array.from(fit.medoids, (row) => medoidOf(table, row, id, features));
  medoids?.forEach((medoid, j) => {
    profiles.clusters[j].medoid = medoid;
  });
  const distance = c.setup.distances(fit);
  const names = profiles.clusters.map((p) => p.segment);
  const rules = clusterRules(table, features, fit.labels, names, o);
  const silhouette = c.silhouette();
  const stable = o.stability
    ? stability(c.setup.task(fit.k), fit.labels, fit.k, o.stability, o.seed, o.onProgress)
    : null;
  const model = kmeansModel(fit, o, {
    recipe: c.recipe,
    id,
    rows: m.rows,
    features,
    source: table.source,
    names,
    silhouette,
    gamma: c.setup.gamma,
    medoids,
    rules,
  });
  const logged = c.recipe.steps.filter((s) => s.kind === 'numeric' && s.log).map((s) => s.name);
  const run = {
    model,
    fit,
    method: o.method,
    options: o,
    stability: stable,
    rules,
    scan: c.scan,
    profiles,
    silhouette,
    features,
    leftOut: leftOut(table, features, {
      features: o.features,
      exclude: o.exclude,
      id,
      maxMissing: MAX_MISSING_SHARE,
    }),
    id,
    distance,
    imputed: m.imputed,
    gaps: gapsOf(table, features),
    folded: foldedOf(table, c.recipe),
    logged,
  };
  return { ...run, points: clusterPoints(run, table, m.data, o.seed) };
}

/** A feature past this missing share is named in a warning (it is mostly imputed, or skipped). */
const GAP_WARNING_SHARE = 0.2;

function gapsOf(table: Table, features: readonly string[]): { column: string; share: number }[] {
  const out: { column: string; share: number }[] = [];
  for (const f of features) {
    const info = table.info(f);
    const share = info && table.nRows ? info.missing / table.nRows : 0;
    if (share > GAP_WARNING_SHARE) out.push({ column: f, share });
  }
  return out;
}

/** Categorical features with levels the recipe folded into "other" (k-means one-hots the common ones). */
function foldedOf(table: Table, recipe: Recipe): { column: string; levels: number; kept: number }[] {
  const out: { column: string; levels: number; kept: number }[] = [];
  for (const s of recipe.steps) {
    if (s.kind !== 'categorical') continue;
    const info = table.info(s.name);
    if (info && info.distinct > s.levels.length)
      out.push({ column: s.name, levels: info.distinct, kept: s.levels.length });
  }
  return out;
}

function rejectConstant(table: Table, m: Transformed): void {
  const { data: x, rows: n, cols: d, names } = m;
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
