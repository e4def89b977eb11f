/** A k-means worker thread: runs its share of blocks for each job the Engine posts (protocol.ts). */
import { parentPort } from 'node:worker_threads';
import { BLOCK, CTRL, DONE, JOB, runBlock, type Setup } from './protocol.js';
import { runSilhouetteTask, type SilhouetteTask } from './silhouette-kernel.js';
import { instantiate, type WasmKernels } from './wasm.js';

parentPort?.on('message', (s: Setup | SilhouetteTask) => {
  if ('silhouette' in s) return runSilhouetteTask(s);
  const base = s.index * CTRL.perPart;
  const blocks = Math.max(1, Math.ceil(s.n / BLOCK));
  const next = s.parts * CTRL.perPart;
  let wasm: WasmKernels | null = null;
  try {
    wasm = s.module && s.memory ? instantiate(s.module, s.memory) : null;
  } catch {
    wasm = null; // the same arithmetic in JavaScript
  }
  Atomics.store(s.ctrl, base + CTRL.ready, 1);
  Atomics.notify(s.ctrl, base + CTRL.ready);
  for (;;) {
    Atomics.wait(s.ctrl, base + CTRL.job, 0);
    const job = Atomics.exchange(s.ctrl, base + CTRL.job, 0);
    if (job === JOB.release) return; // back to the event loop for the next fit
    try {
      for (let b = Atomics.add(s.ctrl, next, 1); b < blocks; b = Atomics.add(s.ctrl, next, 1)) {
        const start = b * BLOCK;
        s.results[b] = runBlock(job, s, b, start, Math.min(s.n, start + BLOCK), wasm);
      }
      Atomics.store(s.ctrl, base + CTRL.done, DONE.ok);
    } catch {
      Atomics.store(s.ctrl, base + CTRL.done, DONE.failed);
    }
    Atomics.notify(s.ctrl, base + CTRL.done);
  }
});
