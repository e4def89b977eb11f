import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OnProgress } from '../progress.js';
import { Random } from '../util/random.js';
import { threads } from './engine.js';
import { type ClusterTask, clusterRows } from './resample.js';
import type { ResampleJob } from './resample-worker.js';

/** Hennig's reading of a segment's mean bootstrap Jaccard similarity (`fpc::clusterboot`). */
export type StabilityReading = 'dissolved' | 'weak pattern' | 'stable' | 'highly stable';

export function readingOf(jaccard: number): StabilityReading {
  if (jaccard < 0.6) return 'dissolved';
  if (jaccard < 0.75) return 'weak pattern';
  if (jaccard <= 0.85) return 'stable';
  return 'highly stable';
}

export interface SegmentStability {
  cluster: number;
  /** Mean over the resamples of the best Jaccard similarity to a resampled segment. */
  jaccard: number;
  reading: StabilityReading;
  /** Resamples in which the segment dissolved (best Jaccard ≤ 0.5) and was recovered (≥ 0.75). */
  dissolved: number;
  recovered: number;
}

export interface Stability {
  resamples: number;
  segments: SegmentStability[];
}

const workerFile = fileURLToPath(new URL('./resample-worker.js', import.meta.url));

/**
 * Segment stability by the nonparametric bootstrap (Hennig 2007, `fpc::clusterboot` with
 * bootmethod "boot"): B resamples drawn with replacement, their distinct rows clustered again with
 * the same method and settings, and each original segment compared with its best-matching resampled
 * segment on the rows both contain. Resamples are shared between this thread and worker threads;
 * each has its own seed, so the result does not depend on the number of threads.
 */
export function stability(
  task: ClusterTask,
  labels: Int32Array,
  k: number,
  B: number,
  seed: number,
  onProgress?: OnProgress,
): Stability {
  const { n } = task;
  const rnd = new Random(seed ^ 0x5eed);
  const draws = new Int32Array(new SharedArrayBuffer(B * n * 4));
  const out = new Int32Array(new SharedArrayBuffer(B * n * 4));
  const sizes = new Int32Array(B);
  const seeds = new Int32Array(B);
  const seen = new Uint8Array(n);
  for (let b = 0; b < B; b++) {
    seen.fill(0);
    for (let i = 0; i < n; i++) seen[rnd.int(n)] = 1;
    let m = 0;
    for (let i = 0; i < n; i++) if (seen[i]) draws[b * n + m++] = i;
    sizes[b] = m;
    seeds[b] = rnd.int(2 ** 31);
  }
  const crew = existsSync(workerFile) ? Math.min(threads(), B - 1) : 0;
  const share = (part: number) =>
    Array.from({ length: B }, (_, b) => b).filter((b) => b % (crew + 1) === part);
  const ctrl = new Int32Array(new SharedArrayBuffer(Math.max(1, crew) * 4));
  const workers: Worker[] = [];
  for (let w = 0; w < crew; w++) {
    // One thread per worker: a resample's own k-means must not start threads of its own.
    const worker = new Worker(workerFile, { execArgv: [], env: { ...process.env, STRATA_THREADS: '1' } });
    worker.on('error', () => undefined);
    const job: ResampleJob = { task, draws, sizes, seeds, labels: out, mine: share(w + 1), ctrl, slot: w };
    worker.postMessage(job);
    workers.push(worker);
  }
  const run = (b: number) =>
    out.set(clusterRows(task, draws.subarray(b * n, b * n + sizes[b]), seeds[b]), b * n);
  const started = Date.now();
  let done = 0;
  for (const b of share(0)) {
    run(b);
    onProgress?.({ step: 'stability resamples', done: ++done * (crew + 1), total: B });
  }
  // A worker that failed or never answers has its resamples run here.
  const patience = 30_000 + 10 * (Date.now() - started);
  for (let w = 0; w < crew; w++) {
    const until = Date.now() + patience;
    while (Atomics.load(ctrl, w) === 0 && Date.now() < until) Atomics.wait(ctrl, w, 0, 1000);
    if (Atomics.load(ctrl, w) !== 1) for (const b of share(w + 1)) run(b);
    void workers[w].terminate();
  }
  onProgress?.({ step: 'stability resamples', done: B, total: B });
  return { resamples: B, segments: jaccards(labels, k, draws, out, sizes, n, B) };
}

/** Each original segment's best Jaccard similarity per resample, averaged; zero by zero counts as 0. */
function jaccards(
  labels: Int32Array,
  k: number,
  draws: Int32Array,
  out: Int32Array,
  sizes: Int32Array,
  n: number,
  B: number,
): SegmentStability[] {
  const sum = new Float64Array(k);
  const dissolved = new Int32Array(k);
  const recovered = new Int32Array(k);
  const both = new Int32Array(k * k);
  const a = new Int32Array(k);
  const c = new Int32Array(k);
  for (let b = 0; b < B; b++) {
    both.fill(0);
    a.fill(0);
    c.fill(0);
    for (let r = 0; r < sizes[b]; r++) {
      const orig = labels[draws[b * n + r]];
      const boot = out[b * n + r];
      both[orig * k + boot]++;
      a[orig]++;
      c[boot]++;
    }
    for (let j = 0; j < k; j++) {
      let best = 0;
      for (let l = 0; l < k; l++) {
        const union = a[j] + c[l] - both[j * k + l];
        if (union > 0) best = Math.max(best, both[j * k + l] / union);
      }
      sum[j] += best;
      if (best <= 0.5) dissolved[j]++;
      if (best >= 0.75) recovered[j]++;
    }
  }
  return Array.from({ length: k }, (_, j) => {
    const jaccard = sum[j] / B;
    return {
      cluster: j,
      jaccard,
      reading: readingOf(jaccard),
      dissolved: dissolved[j],
      recovered: recovered[j],
    };
  });
}
