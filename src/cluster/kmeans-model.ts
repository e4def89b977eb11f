import { type KMeansModel, type Medoid, MODEL_FORMAT, TREE_AND_MIXED_VERSION } from '../model/model-file.js';
import type { Recipe } from '../prep/steps.js';
import { VERSION } from '../version.js';
import type { ResolvedCluster } from './cluster-options.js';
import type { MethodFit } from './method.js';
import type { SegmentRules } from './segment-rules.js';

/** What a clustering's model file holds besides the fit: where it was trained and what it measured. */
export interface KMeansModelParts {
  recipe: Recipe;
  id: string | undefined;
  rows: number;
  features: string[];
  source: string;
  names: string[];
  silhouette: number;
  gamma: number | undefined;
  medoids: Medoid[] | undefined;
  rules: SegmentRules | null;
}

/** The part of a model file's state that holds a clustering's rules (nothing without rules). */
export function rulesState(rules: SegmentRules | null) {
  return rules ? { rules: { depth: rules.depth, fidelity: rules.fidelity, tree: rules.tree } } : {};
}

/** The model file of a clustering (every method's; plain k-means stays readable by version-1 readers). */
export function kmeansModel(fit: MethodFit, o: ResolvedCluster, p: KMeansModelParts): KMeansModel {
  const d = fit.d;
  const centroids = Array.from({ length: fit.k }, (_, j) =>
    Array.from(fit.centroids.subarray(j * d, (j + 1) * d)),
  );
  const mixed = o.method !== 'kmeans';
  return {
    format: MODEL_FORMAT,
    version: mixed ? TREE_AND_MIXED_VERSION : 1,
    kind: 'kmeans',
    createdWith: `strata ${VERSION}`,
    recipe: p.recipe,
    id: p.id ?? null,
    training: { rows: p.rows, features: p.features, source: p.source },
    params: { nInit: o.nInit, seed: o.seed, maxIter: o.maxIter, tol: o.tol },
    state: {
      k: fit.k,
      centroids,
      names: p.names,
      inertia: fit.inertia,
      silhouette: p.silhouette,
      iterations: fit.iterations,
      ...(mixed
        ? {
            method: o.method as 'kprototypes' | 'kmedoids',
            objective: fit.objective,
            ...(p.gamma !== undefined ? { gamma: p.gamma } : {}),
            ...(p.medoids ? { medoids: p.medoids } : {}),
          }
        : {}),
      ...rulesState(p.rules),
    },
  };
}
