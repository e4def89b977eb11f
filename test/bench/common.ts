import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/util/random.js';

export const BENCH_DIR = join(process.env.TMPDIR ?? '/tmp', 'strata-bench');
mkdirSync(BENCH_DIR, { recursive: true });

export interface BenchRow {
  name: string;
  strata: number;
  /** Absent where the row has no scikit-learn counterpart (it then prints a target instead). */
  sklearn?: number;
  /** The peer's name when it is not scikit-learn (scipy, pandas…). */
  peer?: string;
  unit: string;
  note?: string;
}

/** Gaussian blobs (n × d) around `centers` random centres; seeded. */
export function blobs(n: number, d: number, centers: number, seed: number): Float64Array {
  const r = new Random(seed);
  const c = Array.from({ length: centers }, () => Array.from({ length: d }, () => r.normal(0, 4)));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const m = c[r.int(centers)];
    for (let t = 0; t < d; t++) x[i * d + t] = m[t] + r.normal(0, 1.5);
  }
  return x;
}

export function writeF64(name: string, x: Float64Array): string {
  const p = join(BENCH_DIR, name);
  writeFileSync(p, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  return p;
}

/** Runs Python with scikit-learn (Debian's) and parses its JSON output. */
export function python<T>(code: string): T {
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

export function time<T>(f: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t) / 1000 };
}

/** Peak resident memory (MB) of a command, from GNU time. */
export function peakMemory(cmd: string[]): { mb: number; seconds: number; status: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const kb = Number(r.stderr.trim().split('\n').pop());
  return { mb: kb / 1024, seconds: (performance.now() - t) / 1000, status: r.status ?? -1 };
}
