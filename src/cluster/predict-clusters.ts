import type { Table } from '../data/table.js';
import type { KMeansModel } from '../model/model-file.js';
import { applyRecipe } from '../prep/recipe.js';
import { methodOf } from './methods.js';

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
  const { labels, distance } = methodOf(model.state.method ?? 'kmeans').predict(model, table, m);
  return {
    cluster: labels,
    segment: Array.from(labels, (l) => model.state.names[l]),
    distance,
    imputed: m.imputed,
  };
}
