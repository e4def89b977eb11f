import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  BLOCK,
  type Buffers,
  CTRL,
  DONE,
  JOB,
  type Job,
  MAX_TRIALS,
  PARAM,
  runBlock,
  type Setup,
} from './protocol.js';
import {
  Arena,
  instantiate,
  kernelsModule,
  type WasmKernels,
  type WasmMemory,
  type WasmModule,
} from './wasm.js';

/** Below this many row × centre × dimension products a step is not worth splitting. */
const PARALLEL_FROM = 4_000_000;

const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));
let pool: Worker[] | null = null;

/** Worker threads to use: STRATA_THREADS, else one fewer than the cores (0 = none). */
export function threads(): number {
  const env = Number(process.env.STRATA_THREADS);
  if (Number.isInteger(env) && env >= 1) return env - 1;
  return Math.max(0, Math.min(availableParallelism(), 8) - 1);
}

function workers(): Worker[] {
  if (!pool) {
    const count = existsSync(workerFile) ? threads() : 0;
    pool = Array.from({ length: count }, () => {
      // No inherited flags: a parent run with -e or --input-type must not change how the worker loads.
      const w = new Worker(workerFile, { execArgv: [] });
      w.unref(); // an idle pool never keeps the process alive
      w.on('error', () => undefined); // a failed worker is noticed by the engine, which then works alone
      return w;
    });
  }
  return pool;
}

/**
 * An idle pool worker that takes one other task (a message it knows) while this thread works too, or
 * null when there is none. Only between fits: a fit's workers are busy until it releases them.
 */
export function spareWorker(): Worker | null {
  return workers()[0] ?? null;
}

const shared = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));

/**
 * The arrays of one k-means fit, and each step run either here or split by rows between this thread
 * and the worker threads (Atomics.wait keeps the API synchronous). Results are identical either way:
 * every row is computed by the same kernel, and sums are taken per block of rows and merged in order.
 */
export class Engine {
  readonly x: Float64Array;
  readonly labels: Int32Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly centroids: Float64Array;
  readonly half: Float64Array;
  readonly moves: Float64Array;
  readonly closest: Float64Array;
  readonly weights: Float64Array | null;
  private crew: Worker[];
  private parts: number;
  private readonly blocks: number;
  private readonly sumsBuf: Float64Array;
  private readonly massBuf: Float64Array;
  private readonly trialPot: Float64Array;
  private readonly cand: Float64Array;
  private readonly memory: WasmMemory | null;
  private readonly module: WasmModule | null;
  private readonly wasm: WasmKernels | null;
  private readonly params: Float64Array;
  private readonly results: Float64Array;
  private readonly ctrl: Int32Array;

  constructor(
    x: Float64Array,
    readonly n: number,
    readonly d: number,
    readonly k: number,
    weights?: Float64Array,
  ) {
    let crew = n * k * d >= PARALLEL_FROM ? workers() : [];
    this.crew = crew;
    this.parts = crew.length + 1;
    this.blocks = Math.max(1, Math.ceil(n / BLOCK));
    const blocks = this.blocks;
    const ctrlLength = this.parts * CTRL.perPart + 1;
    // Every array in one WebAssembly memory when the kernels compiled and it fits; else plain arrays,
    // shared with the workers when there are any.
    const module = kernelsModule();
    const arena = module
      ? Arena.create(
          Arena.size([
            ...[n * d, n, n, n, weights ? n : 0].map((len) => len * 8),
            n * 4,
            ...[
              k * d,
              k,
              k,
              blocks * k * d,
              blocks * k,
              blocks * MAX_TRIALS,
              MAX_TRIALS * d,
              PARAM.size,
              blocks,
            ].map((len) => len * 8),
            ctrlLength * 4,
          ]),
        )
      : null;
    const make = crew.length ? shared : (bytes: number) => new ArrayBuffer(bytes);
    const f64 = arena ? (len: number) => arena.f64(len) : (len: number) => new Float64Array(make(len * 8));
    const i32 = arena ? (len: number) => arena.i32(len) : (len: number) => new Int32Array(make(len * 4));
    this.memory = arena?.memory ?? null;
    this.module = arena ? module : null;
    this.wasm = arena && module ? instantiate(module, arena.memory) : null;
    const sharedAlready = x.buffer instanceof SharedArrayBuffer;
    const copy = arena !== null || (crew.length > 0 && !sharedAlready);
    this.x = copy ? f64(x.length) : x;
    if (copy) this.x.set(x);
    this.labels = i32(n);
    this.upper = f64(n);
    this.lower = f64(n);
    this.centroids = f64(k * d);
    this.half = f64(k);
    this.moves = f64(k);
    this.closest = f64(n);
    const ownWeights = weights && (arena !== null || crew.length > 0);
    this.weights = weights ? (ownWeights ? f64(n) : weights) : null;
    if (weights && ownWeights) this.weights!.set(weights);
    this.sumsBuf = f64(blocks * k * d);
    this.massBuf = f64(blocks * k);
    this.trialPot = f64(blocks * MAX_TRIALS);
    this.cand = f64(MAX_TRIALS * d);
    this.params = f64(PARAM.size);
    this.results = f64(blocks);
    this.ctrl = i32(ctrlLength);
    for (const [i, w] of crew.entries()) {
      const setup: Setup = { index: i + 1, parts: this.parts, ...this.buffers };
      w.postMessage(setup);
      // Wait until the worker holds the buffers and listens for jobs; one that never answers retires the pool.
      if (Atomics.wait(this.ctrl, (i + 1) * CTRL.perPart + CTRL.ready, 0, 10_000) === 'timed-out') {
        for (const x of crew) void x.terminate();
        pool = [];
        crew = [];
        break;
      }
    }
    if (!crew.length && this.crew.length) {
      this.crew = [];
      this.parts = 1;
    }
  }

  /** The shared buffers, as the protocol names them. */
  private get buffers(): Buffers {
    return {
      n: this.n,
      d: this.d,
      k: this.k,
      x: this.x,
      labels: this.labels,
      upper: this.upper,
      lower: this.lower,
      centroids: this.centroids,
      half: this.half,
      moves: this.moves,
      closest: this.closest,
      trialPot: this.trialPot,
      cand: this.cand,
      memory: this.memory,
      module: this.module,
      weights: this.weights,
      sums: this.sumsBuf,
      mass: this.massBuf,
      params: this.params,
      results: this.results,
      ctrl: this.ctrl,
    };
  }

  /**
   * Runs `job` on every block: this thread and the workers each take the next block from a shared
   * counter until none is left (so a slower thread takes fewer); returns the per-block results.
   */
  private run(job: Job): Float64Array {
    const next = this.parts * CTRL.perPart;
    Atomics.store(this.ctrl, next, 0);
    for (let p = 1; p < this.parts; p++) {
      Atomics.store(this.ctrl, p * CTRL.perPart + CTRL.done, DONE.pending);
      Atomics.store(this.ctrl, p * CTRL.perPart + CTRL.job, job);
      Atomics.notify(this.ctrl, p * CTRL.perPart + CTRL.job);
    }
    const buffers = this.buffers;
    for (let b = Atomics.add(this.ctrl, next, 1); b < this.blocks; b = Atomics.add(this.ctrl, next, 1)) {
      this.results[b] = runBlock(job, buffers, b, b * BLOCK, Math.min(this.n, (b + 1) * BLOCK), this.wasm);
    }
    for (let p = 1; p < this.parts; p++) {
      const done = p * CTRL.perPart + CTRL.done;
      while (Atomics.load(this.ctrl, done) === DONE.pending) Atomics.wait(this.ctrl, done, 0, 1000);
      if (Atomics.load(this.ctrl, done) === DONE.failed) throw new Error('a k-means worker thread failed');
    }
    return this.results;
  }

  private total(r: Float64Array): number {
    let s = 0;
    for (let b = 0; b < this.blocks; b++) s += r[b];
    return s;
  }

  assignFull(): number {
    return this.total(this.run(JOB.full));
  }

  assignBounded(maxMove: number, maxMove2: number, argMax: number): number {
    this.params[PARAM.maxMove] = maxMove;
    this.params[PARAM.maxMove2] = maxMove2;
    this.params[PARAM.argMax] = argMax;
    return this.total(this.run(JOB.bounded));
  }

  /** Per-cluster weighted sums (k × d) and masses (k), merged over the blocks in order. */
  sums(): { sums: Float64Array; mass: Float64Array } {
    const { k, d } = this;
    this.sumsBuf.fill(0);
    this.massBuf.fill(0);
    this.run(JOB.sums);
    const sums = this.sumsBuf.slice(0, k * d);
    const mass = this.massBuf.slice(0, k);
    for (let b = 1; b < this.blocks; b++) {
      for (let t = 0; t < k * d; t++) sums[t] += this.sumsBuf[b * k * d + t];
      for (let j = 0; j < k; j++) mass[j] += this.massBuf[b * k + j];
    }
    return { sums, mass };
  }

  /** k-means++: each candidate row's potential were it the next centre, merged over the blocks in order. */
  seedTrials(ids: readonly number[]): Float64Array {
    if (ids.length > MAX_TRIALS) throw new Error(`at most ${MAX_TRIALS} k-means++ candidates a round`);
    this.params[PARAM.trials] = ids.length;
    const { x, d } = this;
    ids.forEach((id, t) => {
      this.cand.set(x.subarray(id * d, id * d + d), t * d);
    });
    this.run(JOB.seedTrials);
    const pot = new Float64Array(ids.length);
    for (let b = 0; b < this.blocks; b++)
      for (let t = 0; t < ids.length; t++) pot[t] += this.trialPot[b * MAX_TRIALS + t];
    return pot;
  }

  /** k-means++: row `id` becomes a centre (`closest` updated); returns the potential. */
  seedApply(id: number): number {
    this.params[PARAM.seedId] = id;
    return this.total(this.run(JOB.seedApply));
  }

  /** Lets the workers drop this fit's buffers. */
  release(): void {
    for (let p = 1; p < this.parts; p++) {
      Atomics.store(this.ctrl, p * CTRL.perPart + CTRL.job, JOB.release);
      Atomics.notify(this.ctrl, p * CTRL.perPart + CTRL.job);
    }
  }
}
