import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ClusterMethodName } from '../cluster/method.js';
import { toCsv } from '../util/csv.js';
import { writeFileAtomic } from '../util/fs.js';
import { RequestError } from './uploads.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Runs waiting for a free core at most; one more is refused as busy (each run is a process of ~150 MB). */
export const MAX_QUEUED = 8;

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
  /** When it was asked for (queued runs start later). */
  started: string;
  /** A queued run: how many runs are before it in the queue. */
  ahead?: number;
}

type Held = Job & { child?: ChildProcess; namesFile?: string };

/**
 * Clustering runs off the request path: each is a child process (a `ClusterRunner`) writing into
 * DIR/.strata/runs/ID, so a slow or failing run never blocks or takes down the server, and cancelling
 * one is stopping its process. At most one run per core at a time; the others wait in a queue of
 * MAX_QUEUED, and a request past it is refused as busy.
 */
export class Jobs {
  private readonly jobs = new Map<string, Held>();
  private readonly queue: Held[] = [];
  private running = 0;
  private readonly root: string;

  constructor(
    dir: string,
    private readonly run: ClusterRunner,
    private readonly slots = Math.max(1, availableParallelism()),
    /** A message as a client may see it (no path on this machine). */
    private readonly shown: (message: string) => string = (m) => m,
  ) {
    this.root = join(dir, '.strata', 'runs');
    mkdirSync(this.root, { recursive: true });
  }

  get(id: string): Job | undefined {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    const { child: _c, namesFile: _n, ...job } = j;
    const at = this.queue.indexOf(j);
    return at < 0 ? job : { ...job, ahead: at };
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

  /** Starts a run now if a core is free, else queues it; refuses when the queue is full. */
  start(o: ClusterJobOptions): Job {
    if (this.running >= this.slots && this.queue.length >= MAX_QUEUED)
      throw new RequestError(
        503,
        `busy: ${this.running} runs going and ${this.queue.length} waiting (at most ${MAX_QUEUED}); try again when one finishes`,
      );
    const id = randomUUID();
    const job: Held = {
      id,
      options: o,
      status: 'queued',
      progress: 'waiting for a free core',
      dir: join(this.root, id),
      started: new Date().toISOString(),
    };
    if (o.names) {
      job.namesFile = join(this.root, `${id}.names.csv`);
      writeFileAtomic(
        job.namesFile,
        // Exact: the run reads the names back, and a spreadsheet guard would become part of a name.
        toCsv(
          ['cluster', 'name'],
          o.names.map((n, c) => [c, n]),
          { exact: true },
        ),
      );
    }
    this.jobs.set(id, job);
    this.queue.push(job);
    this.next();
    return this.get(id)!;
  }

  /** Starts queued runs while cores are free. */
  private next(): void {
    while (this.running < this.slots && this.queue.length) this.launch(this.queue.shift()!);
  }

  private launch(job: Held): void {
    this.running++;
    job.status = 'running';
    job.progress = 'starting';
    const child = this.run(job.options, job.dir, job.namesFile);
    job.child = child;
    let err = '';
    child.stdout?.resume();
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      const lines = err.split(/[\r\n]+/).filter((l) => l.trim());
      if (lines.length) job.progress = this.shown(lines[lines.length - 1]).slice(0, 300);
    });
    child.on('exit', (code) => {
      this.running--;
      if (job.namesFile) rmSync(job.namesFile, { force: true });
      delete job.child;
      if (job.status === 'cancelled') rmSync(job.dir, { recursive: true, force: true });
      else if (code === 0 && existsSync(join(job.dir, 'summary.json'))) job.status = 'done';
      else {
        job.status = 'failed';
        job.error = this.shown(
          (err.split('\n').find((l) => l.startsWith('strata: ')) ?? 'the run failed').replace(
            /^strata: /,
            '',
          ),
        );
      }
      this.next();
    });
  }

  /** Stops a running job (its folder is removed) or takes a queued one off the queue. */
  cancel(id: string): Job | undefined {
    const j = this.jobs.get(id);
    if (j?.status === 'queued') {
      this.queue.splice(this.queue.indexOf(j), 1);
      j.status = 'cancelled';
      if (j.namesFile) rmSync(j.namesFile, { force: true });
    } else if (j?.status === 'running' && j.child) {
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
