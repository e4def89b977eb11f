/** A stability worker thread: clusters its share of the bootstrap resamples (stability.ts posts them). */
import { parentPort } from 'node:worker_threads';
import { type ClusterTask, clusterRows } from './resample.js';

export interface ResampleJob {
  task: ClusterTask;
  /** Resample b's rows are draws[b × n … b × n + sizes[b]). */
  draws: Int32Array;
  sizes: Int32Array;
  seeds: Int32Array;
  /** Labels out, laid out as the draws. */
  labels: Int32Array;
  /** The resamples this thread runs. */
  mine: number[];
  /** Slot `slot` goes from 0 to 1 (done) or 2 (failed). */
  ctrl: Int32Array;
  slot: number;
}

parentPort?.on('message', (job: ResampleJob) => {
  const { task, draws, sizes, seeds, labels, ctrl, slot } = job;
  try {
    for (const b of job.mine) {
      const rows = draws.subarray(b * task.n, b * task.n + sizes[b]);
      labels.set(clusterRows(task, rows, seeds[b]), b * task.n);
    }
    Atomics.store(ctrl, slot, 1);
  } catch {
    Atomics.store(ctrl, slot, 2);
  }
  Atomics.notify(ctrl, slot);
});
