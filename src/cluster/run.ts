import type { KMeansModel } from '../model/model-file.js';
import type { LeftOut } from '../prep/features.js';
import type { KScan } from './choose-k.js';
import type { ResolvedCluster } from './cluster-options.js';
import type { ClusterMethodName, MethodFit } from './method.js';
import type { ClusterPoints } from './points.js';
import type { Profiles } from './profile.js';
import type { SegmentRules } from './segment-rules.js';
import type { Stability } from './stability.js';

/** A clustering as the pipeline leaves it: the fit, the model, the profiles and what was measured. */
export interface ClusterRun {
  model: KMeansModel;
  fit: MethodFit;
  method: ClusterMethodName;
  /** The options it ran with, checked and defaulted. */
  options: ResolvedCluster;
  /** Each segment's bootstrap stability, when resamples were asked for. */
  stability: Stability | null;
  /** Rules that put a customer into each segment (absent with rulesDepth 0 or a single segment). */
  rules: SegmentRules | null;
  scan: KScan<MethodFit> | null;
  profiles: Profiles;
  silhouette: number;
  features: string[];
  /** Every other column and why it is not a feature. */
  leftOut: LeftOut[];
  id: string | undefined;
  /** Distance of each row to its centroid (in the scaled feature space, or the method's dissimilarity). */
  distance: Float64Array;
  imputed: Record<string, number>;
  /** Features missing in more than a fifth of the rows, with that share: a warning names them. */
  gaps: { column: string; share: number }[];
  /** Categories with more levels than k-means one-hots: the rarer ones share an "other" code. */
  folded: { column: string; levels: number; kept: number }[];
  logged: string[];
  /** A sample of customers on two principal components, for charts. */
  points: ClusterPoints;
}
