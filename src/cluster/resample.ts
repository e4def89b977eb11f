/**
 * One clustering of a subset of rows, as a plain-data task that a worker thread can run: the same
 * method and settings as the original fit, on the rows a bootstrap drew. Used by stability.ts on the
 * main thread and by resample-worker.ts on the others, so a resample gives the same labels anywhere.
 */
import { kmeans } from './kmeans.js';
import { clara, fasterPam, gowerDissimilarity } from './kmedoids.js';
import { kprototypes } from './kprototypes.js';
import type { ClusterMethod } from './methods.js';
import { type MixedData, takeRows } from './mixed.js';

export interface ClusterTask {
  method: ClusterMethod;
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

/** Labels of `rows` (ascending row numbers) clustered on their own with `seed`. */
export function clusterRows(task: ClusterTask, rows: Int32Array, seed: number): Int32Array {
  const m = rows.length;
  if (task.method === 'kmeans') {
    const { d } = task;
    const x = new Float64Array(m * d);
    for (let r = 0; r < m; r++) x.set(task.x.subarray(rows[r] * d, rows[r] * d + d), r * d);
    return kmeans(x, m, d, { k: task.k, nInit: task.nInit, maxIter: task.maxIter, tol: task.tol, seed })
      .labels;
  }
  const sub = takeRows(task.mixed!, rows);
  if (task.method === 'kprototypes')
    return kprototypes(sub, { k: task.k, gamma: task.gamma, nInit: task.nInit, maxIter: task.maxIter, seed })
      .labels;
  return task.clara !== undefined
    ? clara(sub, { k: task.k, seed, samples: task.clara }).labels
    : fasterPam(gowerDissimilarity(sub), { k: task.k, seed }).labels;
}
