/**
 * One clustering of a subset of rows, as a plain-data task that a worker thread can run: the same
 * method and settings as the original fit, on the rows a bootstrap drew. Used by stability.ts on the
 * main thread and by resample-worker.ts on the others, so a resample gives the same labels anywhere.
 */
import type { ClusterTask } from './method.js';
import { methodOf } from './methods.js';

export type { ClusterTask };

/** Labels of `rows` (ascending row numbers) clustered on their own with `seed`. */
export function clusterRows(task: ClusterTask, rows: Int32Array, seed: number): Int32Array {
  return methodOf(task.method).resample(task, rows, seed);
}
