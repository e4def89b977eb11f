import type { Table } from '../data/table.js';
import type { KMeansModel } from '../model/model-file.js';
import type { Matrix, Recipe, ScaleMethod } from '../prep/steps.js';
import type { OnProgress } from '../progress.js';
import type { MixedCenters, MixedData } from './mixed.js';

export type ClusterMethodName = 'kmeans' | 'kprototypes' | 'kmedoids';
export const CLUSTER_METHODS: readonly ClusterMethodName[] = ['kmeans', 'kprototypes', 'kmedoids'];

/** What every method's fit gives the pipeline: labels, centres in the recipe's output space, its objective. */
export interface ClusterFit {
  k: number;
  /** Width of the recipe's output space. */
  d: number;
  /** k × d, row-major: centroids, prototypes (modes one-hot) or medoids. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances to the centres in the recipe's scaled space (k-means' objective). */
  inertia: number;
  iterations: number;
}

/** A fit with what the method measures in its own terms. */
export interface MethodFit extends ClusterFit {
  /** k-means: the inertia; k-prototypes: the total cost; k-medoids: the mean Gower dissimilarity to the medoid. */
  objective: number;
  /** k-prototypes and k-medoids: each row's dissimilarity to its centre, in the method's own terms. */
  distance?: Float64Array;
  /** k-prototypes and k-medoids: the centres as numbers and levels. */
  centers?: MixedCenters;
  /** k-medoids: the row of each medoid. */
  medoids?: Int32Array;
}

/** The settings a method fits with, resolved once where the library was entered. */
export interface MethodSettings {
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  /** k-prototypes: the weight of a category mismatch (absent: Huang's default from the data). */
  gamma?: number;
  /** k-medoids: CLARA's samples (absent: PAM on every row). */
  clara?: number;
  onProgress?: OnProgress;
}

/** One clustering of a subset of rows as plain data, for worker threads (see resample.ts). */
export interface ClusterTask {
  method: ClusterMethodName;
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
  gamma: number;
  clara?: number;
  /** k-means: the scaled one-hot matrix, n × d. */
  x: Float64Array;
  n: number;
  d: number;
  /** k-prototypes and k-medoids: the mixed records. */
  mixed: MixedData | null;
}

/** A method made ready on one table: fit any k, measure it, resample it. */
export interface MethodSetup {
  /** One k fitted; `progress` false keeps a scan's fits from reporting their restarts. */
  fit(k: number, progress?: boolean): MethodFit;
  /** Each row's dissimilarity to its centre (Euclidean for k-means, the method's own otherwise). */
  distances(fit: MethodFit): Float64Array;
  /** The silhouette on the method's own dissimilarity, started now and finished when called. */
  silhouette(fit: MethodFit): () => number;
  /** The silhouette of a fit while scanning k (a sample above the exact limit, as the final one). */
  scanSilhouette(fit: MethodFit): number;
  /** The mixed-records weight of a mismatch the fit used (k-prototypes), else undefined. */
  gamma: number | undefined;
  /** A resample's settings as plain data. */
  task(k: number): ClusterTask;
}

/** The figures a run's sentences are made of (the summary's fields). */
export interface RunFigures {
  k: number;
  objective: number;
  gamma?: number;
  inertia: number;
  silhouette: number;
  iterations: number;
}

/**
 * A clustering method: how it fits, and how it is spoken of. Every place that says something
 * method-specific (the CLI, the report, the SQL export) asks the method, so adding a method is one file.
 */
export interface ClusterMethod {
  name: ClusterMethodName;
  /** The report's heading: "k-means clustering". */
  title: string;
  /** The objective's name: "inertia", "cost", "mean dissimilarity". */
  objectiveName: string;
  /** The k-scan chart's axis, when it is not the inertia's. */
  kScanAxis?: string;
  /** The objective as printed in a k-scan table. */
  objectiveText(value: number, num: (x: number) => string): string;
  /** What the fit measured, for a sentence: "inertia 1,234". */
  fitPhrase(r: RunFigures, num: (x: number) => string): string;
  /** The sentence that describes a run: "k = 4, inertia …, silhouette …, 7 iterations." */
  runSentence(r: RunFigures, num: (x: number) => string): string;
  /** What was done with missing values, given "column count, …". */
  missingSentence(missing: string): string;
  /** A sentence that explains the method in a report, when it needs one. */
  about?: string;
  /** The SQL export's comment: "k-means, nearest of 4 centroids". */
  sqlComment(k: number): string;
  /** Whether it takes categorical features by default (k-means one-hots only what it is given). */
  categorical: boolean;
  /** The scale of the numbers when none is given (Gower range-scales). */
  scale: ScaleMethod;
  /** Option combinations the method refuses, said as (option, why), before any data is read. */
  refuse(o: { scale?: ScaleMethod; gamma?: number; clara?: number }): [string, string] | null;
  /** The data it cannot cluster (k-prototypes without a category), said as (option, why). */
  refuseData(table: Table, features: readonly string[]): [string, string] | null;
  /** The method made ready on the recipe's matrix `m` of `table`. */
  setup(recipe: Recipe, table: Table, m: Matrix, s: MethodSettings): MethodSetup;
  /** Labels of `rows` clustered on their own (bootstrap resamples). */
  resample(task: ClusterTask, rows: Int32Array, seed: number): Int32Array;
  /** Nearest stored centre and the dissimilarity to it, for new customers. */
  predict(model: KMeansModel, table: Table, m: Matrix): { labels: Int32Array; distance: Float64Array };
}

/** "1 iteration", "7 iterations". */
export const times = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
