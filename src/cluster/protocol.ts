/**
 * The k-means worker protocol, used by both sides (engine.ts posts jobs, worker.ts runs them): the
 * shared buffers, the job codes, the parameter and control slots, and the one function that runs a
 * job on a block of rows — so a row is computed by the same code on any thread.
 */
import { assignBounded, assignFull, clusterSums, seedApply, seedTrials } from './kernels.js';
import type { WasmKernels, WasmMemory, WasmModule } from './wasm.js';

/**
 * Rows per block. Every sum is taken per block and the blocks are added in order, so results do not
 * depend on how many threads share the blocks.
 */
export const BLOCK = 8192;

export const JOB = { full: 1, bounded: 2, sums: 3, seedTrials: 4, seedApply: 5, release: 9 } as const;
export type Job = (typeof JOB)[keyof typeof JOB];

/** Most k-means++ candidates a round may try (2 + ln k stays under it for any k Strata accepts). */
export const MAX_TRIALS = 16;

/** Slots of the shared `params` array that carry a job's scalar arguments. */
export const PARAM = { maxMove: 0, maxMove2: 1, argMax: 2, seedId: 3, trials: 4, size: 8 } as const;

/** Per part, `ctrl` holds these slots; after the parts, one shared next-block counter. */
export const CTRL = { job: 0, done: 1, ready: 2, perPart: 4 } as const;
export const DONE = { pending: 0, ok: 1, failed: 2 } as const;

/** What a worker receives once per fit: its part number and every shared buffer. */
export interface Setup {
  index: number;
  parts: number;
  n: number;
  d: number;
  k: number;
  x: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  centroids: Float64Array;
  half: Float64Array;
  moves: Float64Array;
  closest: Float64Array;
  /** Per block, each k-means++ candidate's potential (blocks × MAX_TRIALS). */
  trialPot: Float64Array;
  /** The round's k-means++ candidate rows (MAX_TRIALS × d). */
  cand: Float64Array;
  /** When every array above lives in one WebAssembly memory: it and the kernels' module. */
  memory: WasmMemory | null;
  module: WasmModule | null;
  weights: Float64Array | null;
  sums: Float64Array;
  mass: Float64Array;
  params: Float64Array;
  results: Float64Array;
  ctrl: Int32Array;
}

export type Buffers = Omit<Setup, 'index' | 'parts'>;

/**
 * Runs `job` on block `b` (rows start…end) with the WebAssembly kernels when the arrays live in their
 * memory, else the JavaScript ones (the same arithmetic); returns the block's partial result.
 */
export function runBlock(
  job: number,
  s: Buffers,
  b: number,
  start: number,
  end: number,
  wasm: WasmKernels | null = null,
): number {
  return wasm ? runWasm(job, s, b, start, end, wasm) : runJs(job, s, b, start, end);
}

/** The block's job on the WebAssembly kernels (arrays passed as their offsets in its memory). */
function runWasm(job: number, s: Buffers, b: number, start: number, end: number, wasm: WasmKernels): number {
  const { x, d, k } = s;
  const trials = s.params[PARAM.trials];
  const at = (a: { byteOffset: number } | null) => (a ? a.byteOffset : 0);
  switch (job) {
    case JOB.full:
      return wasm.assignFull(
        at(x),
        d,
        k,
        at(s.centroids),
        at(s.labels),
        at(s.upper),
        at(s.lower),
        start,
        end,
      );
    case JOB.bounded:
      return wasm.assignBounded(
        at(x),
        d,
        k,
        at(s.centroids),
        at(s.labels),
        at(s.upper),
        at(s.lower),
        at(s.half),
        at(s.moves),
        s.params[PARAM.maxMove],
        s.params[PARAM.maxMove2],
        s.params[PARAM.argMax],
        start,
        end,
      );
    case JOB.seedTrials:
      wasm.seedTrials(
        at(x),
        d,
        at(s.closest),
        at(s.cand),
        trials,
        at(s.weights),
        at(s.trialPot) + b * MAX_TRIALS * 8,
        start,
        end,
      );
      return 0;
    case JOB.sums:
      wasm.clusterSums(
        at(x),
        d,
        at(s.labels),
        at(s.weights),
        at(s.sums) + b * k * d * 8,
        at(s.mass) + b * k * 8,
        start,
        end,
      );
      return 0;
    case JOB.seedApply:
      return wasm.seedApply(
        at(x),
        d,
        at(s.closest),
        at(x) + s.params[PARAM.seedId] * d * 8,
        at(s.weights),
        start,
        end,
      );
  }
  throw new Error(`unknown k-means job ${job}`);
}

/** The block's job on the JavaScript kernels (the same arithmetic). */
function runJs(job: number, s: Buffers, b: number, start: number, end: number): number {
  const { x, d, k } = s;
  const trials = s.params[PARAM.trials];
  switch (job) {
    case JOB.full:
      return assignFull(x, d, k, s.centroids, s.labels, s.upper, s.lower, start, end);
    case JOB.bounded:
      return assignBounded(
        x,
        d,
        k,
        s.centroids,
        s.labels,
        s.upper,
        s.lower,
        s.half,
        s.moves,
        s.params[PARAM.maxMove],
        s.params[PARAM.maxMove2],
        s.params[PARAM.argMax],
        start,
        end,
      );
    case JOB.sums:
      clusterSums(
        x,
        d,
        s.labels,
        s.weights,
        s.sums.subarray(b * k * d, (b + 1) * k * d),
        s.mass.subarray(b * k, (b + 1) * k),
        start,
        end,
      );
      return 0;
    case JOB.seedTrials:
      seedTrials(x, d, s.closest, s.cand, trials, s.weights, s.trialPot.subarray(b * MAX_TRIALS), start, end);
      return 0;
    case JOB.seedApply:
      return seedApply(x, d, s.closest, s.params[PARAM.seedId], s.weights, start, end);
    default:
      throw new Error(`unknown k-means job ${job}`);
  }
}
