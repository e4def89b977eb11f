import { type LoadOptions, load } from '../data/load.js';
import { type StreamColumn, streamBatches } from '../data/stream.js';
import { type Resolved, resolveOptions, type Spec } from '../options.js';
import { applyRecipe } from '../prep/recipe.js';
import {
  CLUSTER_DEFAULTS,
  CLUSTER_OPTIONS,
  type ClusterOptions,
  resolvedCluster,
} from './cluster-options.js';
import { runClustering } from './cluster-table.js';
import { assign } from './kmeans.js';
import { recount, refit } from './refit.js';
import type { ClusterRun } from './run.js';

/** Every option of `clusterFile`: those of `clusterTable` and the streaming ones. */
export const LARGE_CLUSTER_OPTIONS = {
  ...CLUSTER_OPTIONS,
  sample: { kind: 'integer', min: 10 },
  batchRows: { kind: 'integer', min: 1 },
  epochs: { kind: 'integer', min: 1 },
  onAssigned: { kind: 'function' },
} as const satisfies Spec;

/** The streaming options' defaults (the clustering's are CLUSTER_DEFAULTS). */
export const LARGE_CLUSTER_DEFAULTS = { ...CLUSTER_DEFAULTS, batchRows: 65_536, epochs: 2 } as const;

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
  options: LargeClusterOptions,
): Promise<LargeClusterRun> {
  const o = resolvedCluster(resolveOptions(LARGE_CLUSTER_OPTIONS, LARGE_CLUSTER_DEFAULTS, options));
  const sample = await load(file, { ...read, sample: { rows: o.sample, seed: o.seed } });
  const { sample: _rows, batchRows: _b, epochs: _e, onAssigned: _a, ...clusterOptions } = o;
  const run = runClustering(sample, { ...clusterOptions, rulesDepth: 0 });
  const recipe = run.model.recipe;
  const columns: StreamColumn[] = recipe.steps.map((s) => ({
    name: s.name,
    type: s.kind === 'numeric' ? 'numeric' : 'categorical',
  }));
  if (run.id && !columns.some((c) => c.name === run.id)) columns.push({ name: run.id, type: 'text' });
  const stream = { file, read, columns, batchRows: o.batchRows };
  const centroids = await miniBatches(run, stream, o.epochs);
  const done = refit(run, sample, centroids, clusterOptions.rulesDepth);
  const counted = await assignAll(done, stream, run.fit.centroids, o.onAssigned);
  const { rows, sampleInertia, ...totals } = counted;
  const final = recount(done, { ...totals, rows, source: file });
  return { ...final, rows, sampleRows: sample.nRows, epochs: o.epochs, sampleInertia };
}

type LargeResolved = Resolved<LargeClusterOptions, typeof LARGE_CLUSTER_DEFAULTS>;

interface Stream {
  file: string;
  read: LoadOptions;
  columns: StreamColumn[];
  batchRows: LargeResolved['batchRows'];
}

/** Mini-batch passes over every row; the sample fit counts as prior mass, so batches refine it. */
async function miniBatches(run: ClusterRun, s: Stream, epochs: number): Promise<Float64Array> {
  const recipe = run.model.recipe;
  const d = recipe.outputs.length;
  const k = run.fit.k;
  const centroids = Float64Array.from(run.fit.centroids);
  const mass = new Float64Array(k);
  for (const l of run.fit.labels) mass[l]++;
  for (let e = 0; e < epochs; e++) {
    await streamBatches(s.file, s.read, s.columns, s.batchRows, (batch) => {
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
  return centroids;
}

/** A last pass: every row assigned (and handed to `onAssigned`), sizes and inertias counted. */
async function assignAll(
  done: ClusterRun,
  s: Stream,
  before: Float64Array,
  onAssigned: LargeClusterOptions['onAssigned'],
): Promise<{ sizes: Float64Array; rows: number; inertia: number; sampleInertia: number }> {
  const recipe = done.model.recipe;
  const d = recipe.outputs.length;
  const k = done.fit.k;
  const centroids = done.fit.centroids;
  const names = done.profiles.clusters.map((c) => c.segment);
  const id = done.id;
  let inertia = 0;
  let sampleInertia = 0;
  const sizes = new Float64Array(k);
  const rows = await streamBatches(s.file, s.read, s.columns, s.batchRows, (batch) => {
    const m = applyRecipe(recipe, batch);
    const a = assign(m.data, m.rows, d, centroids, k);
    const b = assign(m.data, m.rows, d, before, k);
    for (let i = 0; i < m.rows; i++) {
      sizes[a.labels[i]]++;
      inertia += a.distance[i] ** 2;
      sampleInertia += b.distance[i] ** 2;
    }
    if (onAssigned) {
      const ids = Array.from({ length: m.rows }, (_, i) => (id ? batch.text(id, i) : ''));
      onAssigned({ ids, idColumn: id, cluster: a.labels, distance: a.distance, names });
    }
  });
  return { sizes, rows, inertia, sampleInertia };
}
