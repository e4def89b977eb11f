import type { Table } from '../data/table.js';
import type { KMeansModel } from '../model/model-file.js';
import { applyRecipe } from '../prep/recipe.js';
import { assign } from './kmeans.js';

export interface ClusterPrediction {
  cluster: Int32Array;
  /** The segment name of each row. */
  segment: string[];
  /** Distance to the assigned centroid in the model's scaled feature space. */
  distance: Float64Array;
  imputed: Record<string, number>;
}

/** Assigns new customers to the nearest stored centroid, through the stored recipe. */
export function predictClusters(model: KMeansModel, table: Table): ClusterPrediction {
  const m = applyRecipe(model.recipe, table);
  const c = Float64Array.from(model.state.centroids.flat());
  const { labels, distance } = assign(m.data, m.rows, m.cols, c, model.state.k);
  return {
    cluster: labels,
    segment: Array.from(labels, (l) => model.state.names[l]),
    distance,
    imputed: m.imputed,
  };
}
