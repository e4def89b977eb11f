import type { Table } from '../data/table.js';
import type { KMeansModel } from '../model/model-file.js';
import { MISSING_LEVEL } from '../prep/recipe.js';
import type { Recipe } from '../prep/steps.js';
import type { Dissimilarity } from './kmedoids.js';
import type { MethodFit } from './method.js';
import {
  centersFromOutputs,
  centersToOutputs,
  type MixedCenters,
  type MixedData,
  splitSteps,
} from './mixed.js';
import { silhouetteWith } from './quality.js';

/**
 * A mixed method's fit in the pipeline's terms: the centres as rows of the recipe's one-hot space, and
 * the inertia there (so every method reports it alike).
 */
export function mixedFit(
  recipe: Recipe,
  onehot: Float64Array,
  n: number,
  fit: Omit<MethodFit, 'd' | 'centroids' | 'inertia'> & { centers: MixedCenters },
): MethodFit {
  const d = recipe.outputs.length;
  const centroids = Float64Array.from(centersToOutputs(recipe, fit.centers).flat());
  let inertia = 0;
  for (let i = 0; i < n; i++)
    for (let t = 0; t < d; t++) inertia += (onehot[i * d + t] - centroids[fit.labels[i] * d + t]) ** 2;
  return { ...fit, d, centroids, inertia };
}

/** The silhouette of a fit on a dissimilarity, as a finisher (mixed methods compute it at once). */
export function silhouetteOn(dis: Dissimilarity, fit: MethodFit, seed: number): number {
  return silhouetteWith(dis, fit.labels, fit.k, { seed });
}

/** Nearest stored centre of each new customer by `dist` (row, centre) over mixed records. */
export function nearestCentre(
  x: MixedData,
  centers: MixedCenters,
  dist: (i: number, j: number) => number,
): { labels: Int32Array; distance: Float64Array } {
  const labels = new Int32Array(x.n);
  const distance = new Float64Array(x.n);
  for (let i = 0; i < x.n; i++) {
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

/** A model's stored centres as mixed records, a medoid's missing features marked as Gower skips them. */
export function storedCenters(model: KMeansModel): MixedCenters {
  const c = centersFromOutputs(model.recipe, model.state.centroids);
  const { numeric, categorical } = splitSteps(model.recipe);
  model.state.medoids?.forEach((medoid, j) => {
    for (const f of medoid.missing) {
      const t = numeric.findIndex((s) => s.name === f);
      if (t >= 0) c.num[j * numeric.length + t] = Number.NaN;
      const u = categorical.findIndex((s) => s.name === f);
      if (u >= 0) c.cat[j * categorical.length + u] = MISSING_LEVEL;
    }
  });
  return c;
}

/** Whether any feature is categorical. */
export const hasCategory = (table: Table, features: readonly string[]) =>
  features.some((f) => table.get(f)?.type === 'categorical');
