import type { Table } from '../data/table.js';
import type { KMeansModel } from '../model/model-file.js';
import { applyRecipe, MISSING_LEVEL } from '../prep/recipe.js';
import { assign } from './kmeans.js';
import { centersFromOutputs, gower, type MixedCenters, mixedOf, prototypeCost, splitSteps } from './mixed.js';

export interface ClusterPrediction {
  cluster: Int32Array;
  /** The segment name of each row. */
  segment: string[];
  /** Dissimilarity to the assigned centre: Euclidean (k-means), √cost (k-prototypes) or Gower (k-medoids). */
  distance: Float64Array;
  imputed: Record<string, number>;
}

/** Assigns new customers to the nearest stored centre, through the stored recipe and the model's dissimilarity. */
export function predictClusters(model: KMeansModel, table: Table): ClusterPrediction {
  const m = applyRecipe(model.recipe, table);
  const k = model.state.k;
  let labels: Int32Array;
  let distance: Float64Array;
  if (model.state.method) {
    ({ labels, distance } = nearestMixed(model, table));
  } else {
    const c = Float64Array.from(model.state.centroids.flat());
    ({ labels, distance } = assign(m.data, m.rows, m.cols, c, k));
  }
  return {
    cluster: labels,
    segment: Array.from(labels, (l) => model.state.names[l]),
    distance,
    imputed: m.imputed,
  };
}

function nearestMixed(model: KMeansModel, table: Table): { labels: Int32Array; distance: Float64Array } {
  const gowerDis = model.state.method === 'kmedoids';
  const x = mixedOf(model.recipe, table, gowerDis);
  const centers = centersFromOutputs(model.recipe, model.state.centroids);
  if (gowerDis) markMissing(model, centers);
  const { n, p, q } = x;
  const gamma = model.state.gamma ?? 1;
  const dist = (i: number, j: number) =>
    gowerDis ? gower(x, i, centers, j, p, q) : Math.sqrt(prototypeCost(x, i, centers, j, p, q, gamma));
  const labels = new Int32Array(n);
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bd = dist(i, 0);
    for (let j = 1; j < centers.k; j++) {
      const d = dist(i, j);
      if (d < bd) {
        bd = d;
        best = j;
      }
    }
    labels[i] = best;
    distance[i] = bd;
  }
  return { labels, distance };
}

/** A medoid's missing features, skipped by Gower as in training. */
function markMissing(model: KMeansModel, c: MixedCenters): void {
  const { numeric, categorical } = splitSteps(model.recipe);
  model.state.medoids?.forEach((medoid, j) => {
    for (const f of medoid.missing) {
      const t = numeric.findIndex((s) => s.name === f);
      if (t >= 0) c.num[j * numeric.length + t] = Number.NaN;
      const u = categorical.findIndex((s) => s.name === f);
      if (u >= 0) c.cat[j * categorical.length + u] = MISSING_LEVEL;
    }
  });
}
