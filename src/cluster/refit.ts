import type { Table } from '../data/table.js';
import { applyRecipe } from '../prep/recipe.js';
import { assign } from './kmeans.js';
import { rulesState } from './kmeans-model.js';
import { clusterPoints } from './points.js';
import { profileClusters } from './profile.js';
import { silhouette } from './quality.js';
import type { ClusterRun } from './run.js';
import { clusterRules } from './segment-rules.js';

/**
 * The tail shared by clustering data larger than memory and clustering inside a database: the
 * sample's labels, profiles, names, rules and points under the centroids refined over every customer.
 * The sample's own fit is made without rules (`rulesDepth` 0): they are learned here, once, on the
 * final labels and names, to the depth asked for.
 */
export function refit(
  run: ClusterRun,
  sample: Table,
  centroids: Float64Array,
  rulesDepth: number,
): ClusterRun {
  const o = { ...run.options, rulesDepth };
  const m = applyRecipe(run.model.recipe, sample);
  const k = run.fit.k;
  const d = m.cols;
  const { labels, distance } = assign(m.data, m.rows, d, centroids, k);
  const profiles = profileClusters(sample, labels, k, {
    features: run.features,
    value: o.value,
    names: o.names,
  });
  const sil = silhouette(m.data, m.rows, d, labels, k, { seed: o.seed });
  const names = profiles.clusters.map((c) => c.segment);
  // Learned on the final labels: the sample's own fit may name its segments otherwise.
  const rules = clusterRules(sample, run.features, labels, names, o);
  const fit = { ...run.fit, labels, centroids };
  const model = {
    ...run.model,
    state: {
      ...run.model.state,
      centroids: Array.from({ length: k }, (_, j) => Array.from(centroids.subarray(j * d, (j + 1) * d))),
      names,
      silhouette: sil,
      ...rulesState(rules),
    },
  };
  const next = { ...run, options: o, fit, model, profiles, silhouette: sil, distance, rules };
  return { ...next, points: clusterPoints(next, sample, m.data, o.seed) };
}

/** What a pass over every customer counted: each segment's size, the inertia, where and how many. */
export interface Recount {
  sizes: Float64Array;
  rows: number;
  inertia: number;
  /** Lloyd iterations over every customer (absent: the fit's own). */
  iterations?: number;
  source: string;
}

/** Sizes and shares count every customer; means, quartiles and traits describe the sample. */
export function recount(run: ClusterRun, r: Recount): ClusterRun {
  const iterations = r.iterations ?? run.fit.iterations;
  run.model.state.inertia = r.inertia;
  run.model.state.iterations = iterations;
  run.model.training = { ...run.model.training, rows: r.rows, source: r.source };
  for (const c of run.profiles.clusters) {
    c.customers = r.sizes[c.cluster];
    c.share = r.rows ? r.sizes[c.cluster] / r.rows : 0;
  }
  run.profiles.rows = r.rows;
  // k-means' objective is its inertia.
  return { ...run, fit: { ...run.fit, inertia: r.inertia, objective: r.inertia, iterations } };
}
