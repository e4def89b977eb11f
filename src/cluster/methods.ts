import type { ClusterMethod, ClusterMethodName } from './method.js';
import { KMEANS } from './method-kmeans.js';
import { KMEDOIDS } from './method-kmedoids.js';
import { KPROTOTYPES } from './method-kprototypes.js';

export type { ClusterFit, ClusterMethod, ClusterMethodName, MethodFit } from './method.js';
export { CLUSTER_METHODS } from './method.js';

const METHODS: ReadonlyMap<ClusterMethodName, ClusterMethod> = new Map(
  [KMEANS, KPROTOTYPES, KMEDOIDS].map((m) => [m.name, m]),
);

/** The clustering method of a name (every name a summary or model file can hold). */
export function methodOf(name: ClusterMethodName): ClusterMethod {
  const m = METHODS.get(name);
  if (!m) throw new Error(`no clustering method "${name}"`);
  return m;
}
