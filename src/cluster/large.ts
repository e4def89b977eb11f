import { type LoadOptions, load } from '../data/load.js';
import { type StreamColumn, streamBatches } from '../data/stream.js';
import type { Table } from '../data/table.js';
import { checkOptions, type Spec } from '../options.js';
import { applyRecipe } from '../prep/recipe.js';
import { assign } from './kmeans.js';
import { CLUSTER_OPTIONS, type ClusterOptions, type ClusterRun, clusterTable } from './pipeline.js';
import { clusterPoints } from './points.js';
import { profileClusters } from './profile.js';
import { silhouette } from './quality.js';

/** Every option of `clusterFile`: those of `clusterTable` and the streaming ones. */
export const LARGE_CLUSTER_OPTIONS = {
  ...CLUSTER_OPTIONS,
  sample: { kind: 'integer', min: 10 },
  batchRows: { kind: 'integer', min: 1 },
  epochs: { kind: 'integer', min: 1 },
  onAssigned: { kind: 'function' },
} as const satisfies Spec;

export interface LargeClusterOptions extends ClusterOptions {
  /** Rows in the seeded sample that chooses k, fits the recipe and is profiled. */
  sample: number;
  /** Rows per mini-batch (default 65,536). */
  batchRows?: number;
  /** Mini-batch passes over the whole file (default 2). */
  epochs?: number;
  /** Called with each assigned batch after the last pass (id, cluster, distance), to stream them out. */
  onAssigned?: (batch: AssignedBatch) => void;
}

export interface AssignedBatch {
  /** The id column's values ('' when the data has no id column). */
  ids: readonly string[];
  idColumn: string | undefined;
  cluster: Int32Array;
  distance: Float64Array;
  names: readonly string[];
}

export interface LargeClusterRun extends ClusterRun {
  rows: number;
  sampleRows: number;
  epochs: number;
  /** Inertia of the centroids fitted on the sample alone, over all rows (to show what the passes gained). */
  sampleInertia: number;
}

/**
 * k-means for data larger than memory: the recipe, k and the profiles come from a seeded sample; the
 * centroids are then refined by mini-batch passes over every row, read in batches straight from DuckDB;
 * a last pass assigns every row. At most one batch and the sample are in memory.
 */
export async function clusterFile(
  file: string,
  read: LoadOptions,
  o: LargeClusterOptions,
): Promise<LargeClusterRun> {
  checkOptions(LARGE_CLUSTER_OPTIONS, o);
  const seed = o.seed ?? 42;
  const sample = await load(file, { ...read, sample: { rows: o.sample, seed } });
  const { sample: _rows, batchRows: _b, epochs: _e, onAssigned: _a, ...options } = o;
  const run = clusterTable(sample, { ...options, seed });
  const recipe = run.model.recipe;
  const d = recipe.outputs.length;
  const k = run.fit.k;
  const id = run.id;
  const columns: StreamColumn[] = recipe.steps.map((s) => ({
    name: s.name,
    type: s.kind === 'numeric' ? 'numeric' : 'categorical',
  }));
  if (id && !columns.some((c) => c.name === id)) columns.push({ name: id, type: 'text' });
  const batchRows = o.batchRows ?? 65_536;
  const epochs = o.epochs ?? 2;
  const centroids = Float64Array.from(run.fit.centroids);
  // The sample fit counts as prior mass, so the first batches refine rather than overwrite it.
  const mass = new Float64Array(k);
  for (const l of run.fit.labels) mass[l]++;
  const before = Float64Array.from(centroids);
  let rows = 0;
  for (let e = 0; e < epochs; e++) {
    rows = await streamBatches(file, read, columns, batchRows, (batch) => {
      const m = applyRecipe(recipe, batch);
      const { labels } = assign(m.data, m.rows, d, centroids, k);
      const sums = new Float64Array(k * d);
      const counts = new Float64Array(k);
      for (let i = 0; i < m.rows; i++) {
        const l = labels[i];
        counts[l]++;
        for (let t = 0; t < d; t++) sums[l * d + t] += m.data[i * d + t];
      }
      for (let j = 0; j < k; j++) {
        if (!counts[j]) continue;
        const total = mass[j] + counts[j];
        for (let t = 0; t < d; t++)
          centroids[j * d + t] = (mass[j] * centroids[j * d + t] + sums[j * d + t]) / total;
        mass[j] = total;
      }
    });
  }
  const done = refit(run, sample, centroids, o, seed);
  const names = done.profiles.clusters.map((c) => c.segment);
  let inertia = 0;
  let sampleInertia = 0;
  const sizes = new Float64Array(k);
  await streamBatches(file, read, columns, batchRows, (batch) => {
    const m = applyRecipe(recipe, batch);
    const a = assign(m.data, m.rows, d, centroids, k);
    const b = assign(m.data, m.rows, d, before, k);
    for (let i = 0; i < m.rows; i++) {
      sizes[a.labels[i]]++;
      inertia += a.distance[i] ** 2;
      sampleInertia += b.distance[i] ** 2;
    }
    if (o.onAssigned) {
      const ids = Array.from({ length: m.rows }, (_, i) => (id ? batch.text(id, i) : ''));
      o.onAssigned({ ids, idColumn: id, cluster: a.labels, distance: a.distance, names });
    }
  });
  done.model.state.inertia = inertia;
  done.model.training = { ...done.model.training, rows, source: file };
  // Sizes and shares count every row; means, quartiles and traits describe the sample.
  for (const c of done.profiles.clusters) {
    c.customers = sizes[c.cluster];
    c.share = rows ? sizes[c.cluster] / rows : 0;
  }
  done.profiles.rows = rows;
  return { ...done, rows, sampleRows: sample.nRows, epochs, sampleInertia, fit: { ...done.fit, inertia } };
}

/** The sample's labels, profiles, names and points under the refined centroids. */
export function refit(
  run: ClusterRun,
  sample: Table,
  centroids: Float64Array,
  o: ClusterOptions,
  seed: number,
): ClusterRun {
  const m = applyRecipe(run.model.recipe, sample);
  const k = run.fit.k;
  const d = m.cols;
  const { labels, distance } = assign(m.data, m.rows, d, centroids, k);
  const profiles = profileClusters(sample, labels, k, {
    features: run.features,
    value: o.value,
    names: o.names,
  });
  const sil = silhouette(m.data, m.rows, d, labels, k, { seed });
  const fit = { ...run.fit, labels, centroids };
  const model = {
    ...run.model,
    state: {
      ...run.model.state,
      centroids: Array.from({ length: k }, (_, j) => Array.from(centroids.subarray(j * d, (j + 1) * d))),
      names: profiles.clusters.map((c) => c.segment),
      silhouette: sil,
    },
  };
  const next = { ...run, fit, model, profiles, silhouette: sil, distance };
  return { ...next, points: clusterPoints(next, sample, m.data, seed) };
}
