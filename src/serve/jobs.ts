import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toCsv } from '../util/csv.js';
import { writeFileAtomic } from '../util/fs.js';

/** The CLI beside this module (src/serve or dist/serve alike): a run is `strata cluster` in a process of its own. */
const STRATA = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ClusterJobOptions {
  /** The data file's workbench key, and its path. */
  key: string;
  path: string;
  name: string;
  /** A number, or 'auto' to choose it. */
  k: number | 'auto';
  method: 'kmeans' | 'kprototypes' | 'kmedoids';
  features?: string[];
  /** Names per cluster number, from a rename. */
  names?: string[];
}

export interface Job {
  id: string;
  options: ClusterJobOptions;
  status: JobStatus;
  /** The last progress line the run printed. */
  progress: string;
  /** Why it failed: the run's one-line message. */
  error?: string;
  /** The run's folder, once done. */
  dir: string;
  started: string;
}

/**
 * Clustering runs off the request path: each is `strata cluster` in a child process writing into
 * DIR/.strata/runs/ID, so a slow or failing run never blocks or takes down the server, and cancelling
 * one is stopping its process.
 */
export class Jobs {
  private readonly jobs = new Map<string, Job & { child?: ChildProcess }>();
  private readonly root: string;

  constructor(dir: string) {
    this.root = join(dir, '.strata', 'runs');
    mkdirSync(this.root, { recursive: true });
  }

  get(id: string): Job | undefined {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    const { child: _c, ...job } = j;
    return job;
  }

  /** The run's summary, once it is done. */
  summary(id: string): unknown {
    const j = this.jobs.get(id);
    if (j?.status !== 'done') return undefined;
    return JSON.parse(readFileSync(join(j.dir, 'summary.json'), 'utf8'));
  }

  start(o: ClusterJobOptions): Job {
    const id = randomUUID();
    const dir = join(this.root, id);
    const args = [
      STRATA,
      'cluster',
      o.path,
      '--out',
      dir,
      '--k',
      String(o.k),
      '--method',
      o.method,
      '--json',
    ];
    if (o.features?.length) args.push('--features', o.features.join(','));
    if (o.names) {
      const file = join(this.root, `${id}.names.csv`);
      writeFileAtomic(
        file,
        toCsv(
          ['cluster', 'name'],
          o.names.map((n, c) => [c, n]),
        ),
      );
      args.push('--names', file);
    }
    // Progress lines a quarter of a second apart, for the page to show.
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STRATA_PROGRESS_INTERVAL_MS: '250' },
    });
    const job: Job & { child?: ChildProcess } = {
      id,
      options: o,
      status: 'running',
      progress: 'starting',
      dir,
      started: new Date().toISOString(),
      child,
    };
    this.jobs.set(id, job);
    let err = '';
    child.stdout?.resume();
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      const lines = err.split(/[\r\n]+/).filter((l) => l.trim());
      if (lines.length) job.progress = lines[lines.length - 1].slice(0, 300);
    });
    child.on('exit', (code) => {
      rmSync(join(this.root, `${id}.names.csv`), { force: true });
      delete job.child;
      if (job.status === 'cancelled') {
        rmSync(dir, { recursive: true, force: true });
        return;
      }
      if (code === 0 && existsSync(join(dir, 'summary.json'))) job.status = 'done';
      else {
        job.status = 'failed';
        job.error = (err.split('\n').find((l) => l.startsWith('strata: ')) ?? 'the run failed').replace(
          /^strata: /,
          '',
        );
      }
    });
    return this.get(id)!;
  }

  /** Stops a running job; its folder is removed. */
  cancel(id: string): Job | undefined {
    const j = this.jobs.get(id);
    if (j?.status === 'running' && j.child) {
      j.status = 'cancelled';
      j.child.kill('SIGTERM');
    }
    return this.get(id);
  }

  /** Stops every running job (the server is closing). */
  stopAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }
}
