import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Runs the built engine (dist/, where the worker file exists) in a fresh process with STRATA_THREADS. */
function fitWithThreads(threads: number, wasm = true): string {
  const script = `
    const { kmeans, Random, silhouette } = await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});
    const n = 200000, d = 4, r = new Random(3);
    const x = new Float64Array(n * d);
    for (let i = 0; i < x.length; i++) x[i] = r.normal((i % 7) * 2, 1.5);
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const out = [];
    for (const algorithm of ['lloyd', 'hamerly']) {
      const m = kmeans(x, n, d, { k: 10, nInit: 2, seed: 5, algorithm, weights: algorithm === 'lloyd' ? w : undefined });
      let h = 0;
      for (let i = 0; i < n; i++) h = (h * 31 + m.labels[i]) >>> 0;
      // The silhouette of 10,000 sampled rows: the pair sums split between this thread and a worker.
      const sil = silhouette(x, n, d, m.labels, 10, { seed: 1 });
      out.push([m.inertia, m.iterations, m.restarts, Array.from(m.centroids), h, sil]);
    }
    // Large enough k that the refined start's fit on its 20,000-row sample wants the workers too.
    const big = kmeans(x, n, d, { k: 60, nInit: 2, seed: 2 });
    out.push([big.inertia, big.iterations, Array.from(big.centroids)]);
    console.log(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_THREADS: String(threads), STRATA_WASM: wasm ? '1' : '0' },
    maxBuffer: 16 << 20,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`status ${r.status} ${r.signal}: ${r.stderr}`);
  return r.stdout;
}

describe('k-means on worker threads', () => {
  it('gives byte-identical fits and silhouettes on one thread and on two, with WebAssembly kernels or without', () => {
    const one = fitWithThreads(1);
    const two = fitWithThreads(2);
    expect(JSON.parse(one)[0][0]).toBeGreaterThan(0);
    expect(JSON.parse(one)[0][5]).toBeGreaterThan(0);
    expect(two).toBe(one);
    // The WebAssembly kernels do the JavaScript ones' arithmetic, operation for operation.
    expect(fitWithThreads(1, false)).toBe(one);
    expect(fitWithThreads(2, false)).toBe(one);
  });
});

describe('the WebAssembly kernels', () => {
  it('are the module compiled from kernels.wat (npm run wasm)', async () => {
    const { compileKernels } = await import('../../scripts/wasm.js');
    const { KERNELS_WASM } = await import('../../src/cluster/kernels-wasm.js');
    expect(Buffer.from(await compileKernels()).toString('base64')).toBe(KERNELS_WASM);
  });
});
