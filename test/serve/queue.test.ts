import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClusterJobOptions, Jobs, MAX_QUEUED } from '../../src/serve/jobs.js';
import { RequestError } from '../../src/serve/uploads.js';
import { tempDir } from '../helpers.js';

const options: ClusterJobOptions = {
  key: 'dir:a.csv',
  path: '/nowhere/a.csv',
  name: 'a.csv',
  k: 3,
  method: 'kmeans',
};

/** Real child processes that wait until killed, counted as they start. */
function waitingRunner() {
  const started: string[] = [];
  return {
    started,
    run: (_o: ClusterJobOptions, out: string) => {
      started.push(out);
      return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'pipe' });
    },
  };
}

const exited = (jobs: Jobs, id: string) =>
  new Promise<void>((resolve) => {
    const poll = (): unknown => (jobs.get(id)?.status === 'cancelled' ? resolve() : setTimeout(poll, 20));
    poll();
  });

describe('the workbench queues clustering runs', () => {
  it('runs one per slot, queues the rest with their place, refuses past the queue, and starts the next when one ends', async () => {
    const runner = waitingRunner();
    const jobs = new Jobs(tempDir(), runner.run, 2);
    const ids: string[] = [];
    for (let i = 0; i < 2 + MAX_QUEUED; i++) ids.push(jobs.start(options).id);
    expect(runner.started).toHaveLength(2);
    expect(ids.map((id) => jobs.get(id)!.status)).toEqual([
      'running',
      'running',
      ...Array(MAX_QUEUED).fill('queued'),
    ]);
    expect(jobs.get(ids[2])!.ahead).toBe(0);
    expect(jobs.get(ids[9])!.ahead).toBe(MAX_QUEUED - 1);
    // One more: a clear busy answer, not an eleventh process.
    let refused: unknown;
    try {
      jobs.start(options);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).status).toBe(503);
    expect((refused as Error).message).toBe(
      `busy: 2 runs going and ${MAX_QUEUED} waiting (at most ${MAX_QUEUED}); try again when one finishes`,
    );
    expect(runner.started).toHaveLength(2);
    // A queued run cancelled leaves the queue; those behind it move up.
    jobs.cancel(ids[3]);
    expect(jobs.get(ids[3])!.status).toBe('cancelled');
    expect(jobs.get(ids[4])!.ahead).toBe(1);
    // A running one cancelled: its process ends and the first in the queue starts.
    jobs.cancel(ids[0]);
    await exited(jobs, ids[0]);
    for (let i = 0; i < 100 && jobs.get(ids[2])!.status !== 'running'; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(jobs.get(ids[2])!.status).toBe('running');
    expect(runner.started).toHaveLength(3);
    expect(runner.started[2]).toBe(join(jobs.get(ids[2])!.dir));
    expect(jobs.get(ids[4])!.ahead).toBe(0);
    expect(existsSync(jobs.get(ids[0])!.dir)).toBe(false);
    jobs.stopAll();
    expect(ids.every((id) => ['cancelled', 'running'].includes(jobs.get(id)!.status))).toBe(true);
  });
});
