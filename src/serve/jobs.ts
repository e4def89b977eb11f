import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterMethodName } from '../cluster/method.js';
import { toCsv } from '../util/csv.js';
import { writeFileAtomic } from '../util/fs.js';

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ClusterJobOptions {
  /** The data file's workbench key, and its path. */
  key: string;
  path: string;
  name: string;
  /** A number, or 'auto' to choose it. */
  k: number | 'auto';
  method: ClusterMethodName;
  features?: string[];
  /** Names per cluster number, from a rename. */
  names?: string[];
}

/**
 * Starts one clustering run writing its results folder to `out` (with `namesFile`, a CSV of cluster
 * number and name, when renaming); `strata serve` runs `strata cluster` in a child process.
 */
export type ClusterRunner = (job: ClusterJobOptions, out: string, namesFile?: string) => ChildProcess;

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
 * Clustering runs off the request path: each is a child process (a `ClusterRunner`) writing into
 * DIR/.strata/runs/ID, so a slow or failing run never blocks or takes down the server, and cancelling
 * one is stopping its process.
 */
export class Jobs {
  private readonly jobs = new Map<string, Job & { child?: ChildProcess }>();
  private readonly root: string;

  constructor(
    dir: string,
    private readonly run: ClusterRunner,
  ) {
    this.root = join(dir, '.strata', 'runs');
    mkdirSync(this.root, { recursive: true });
  }

  get(id: string): Job | undefined {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    const { child: _c, ...job } = j;
    return job;
  }

  /** The finished runs on one data file, oldest first. */
  done(key: string): Job[] {
    return [...this.jobs.keys()]
      .map((id) => this.get(id)!)
      .filter((j) => j.status === 'done' && j.options.key === key);
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
    let namesFile: string | undefined;
    if (o.names) {
      namesFile = join(this.root, `${id}.names.csv`);
      writeFileAtomic(
        namesFile,
        // Exact: the run reads the names back, and a spreadsheet guard would become part of a name.
        toCsv(
          ['cluster', 'name'],
          o.names.map((n, c) => [c, n]),
          { exact: true },
        ),
      );
    }
    const child = this.run(o, dir, namesFile);
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
