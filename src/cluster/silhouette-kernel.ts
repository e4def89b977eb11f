import { sqDist } from './kernels.js';
import { instantiate, type WasmMemory, type WasmModule } from './wasm.js';

/**
 * The silhouette's pair sums for rows [from, to) of a sample ordered by cluster (`starts[c]` is where
 * cluster c begins): each pair (a, b > a) is visited once and its distance credited to both rows, a's
 * run of one cluster summed in a register. Shared by the main thread and the k-means workers.
 */
export function silhouettePairs(
  xs: Float64Array,
  ls: Int32Array,
  starts: Int32Array,
  d: number,
  k: number,
  from: number,
  to: number,
  sums: Float64Array,
): void {
  for (let a = from; a < to; a++) {
    const la = ls[a];
    for (let c = la; c < k; c++) {
      let run = 0;
      for (let b = Math.max(a + 1, starts[c]); b < starts[c + 1]; b++) {
        const dist = Math.sqrt(sqDist(xs, a, xs, b, d));
        run += dist;
        sums[b * k + la] += dist;
      }
      sums[a * k + c] += run;
    }
  }
}

/**
 * A silhouette share posted to a k-means worker: rows [from, to) into `sums`. ctrl[0] goes from
 * POSTED to CLAIMED (the worker took it) and then DONE or FAILED, or to TAKEN_BACK when the poster
 * found it still unclaimed after its own share (a worker busy with a fit) and did it itself.
 */
export interface SilhouetteTask {
  silhouette: true;
  xs: Float64Array;
  ls: Int32Array;
  starts: Int32Array;
  d: number;
  k: number;
  from: number;
  to: number;
  sums: Float64Array;
  ctrl: Int32Array;
  /** When the arrays live in one WebAssembly memory: it and the kernels' module. */
  memory: WasmMemory | null;
  module: WasmModule | null;
}

export const TASK = { posted: 0, done: 1, failed: 2, claimed: 3, takenBack: 4 } as const;

export function runSilhouetteTask(t: SilhouetteTask): void {
  if (Atomics.compareExchange(t.ctrl, 0, TASK.posted, TASK.claimed) !== TASK.posted) return;
  try {
    if (t.module && t.memory)
      instantiate(t.module, t.memory).silhouettePairs(
        t.xs.byteOffset,
        t.ls.byteOffset,
        t.starts.byteOffset,
        t.d,
        t.k,
        t.from,
        t.to,
        t.sums.byteOffset,
      );
    else silhouettePairs(t.xs, t.ls, t.starts, t.d, t.k, t.from, t.to, t.sums);
    Atomics.store(t.ctrl, 0, TASK.done);
  } catch {
    Atomics.store(t.ctrl, 0, TASK.failed);
  }
  Atomics.notify(t.ctrl, 0);
}
