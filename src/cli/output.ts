import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  type Part,
  partOfResult,
  type Result,
  runFile,
  StrataError,
  UsageError,
  writeReport,
} from '../index.js';
import { progressReporter } from './progress-bar.js';

/** The flags of every command that writes a results folder: --out, --force, --no-report, --json. */
export function outFlags(command: Command, folder: string): Command {
  return command
    .option('--out <dir>', 'output folder', folder)
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .option('--json', 'print a JSON summary on stdout');
}

const MARKER = '.strata-output';
const MARKER_HEAD =
  'Written by Strata. Strata replaces the files listed below on its next run into this folder.';

/** Files that Strata 0.1 wrote; its marker did not list them. */
const LEGACY =
  /^(report\.(html|md)|charts|run\.json|summary\.json|describe\.json|model\.json|assignments\.csv|k-scan\.csv|points\.json|profiles\.(json|csv)|rules\.(txt|json)|importance\.csv|grades\.csv|comparison\.json|disagreements\.csv|migration\.(csv|json)|rfm\.csv|pareto\.csv|predictions\.csv|cluster|classify|grade|rfm|compare)$/;
/** A temporary file that a killed 0.1 run left inside the folder. */
const LEFTOVER = /^\.[0-9a-f-]{36}\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsError(path: string, e: unknown): StrataError {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file is in the way',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENAMETOOLONG: 'the name is too long',
    ENOSPC: 'the disk is full',
    ENOENT: 'the folder does not exist',
  };
  return new StrataError(`${path}: cannot write there: ${why[err.code ?? ''] ?? err.message}`, 1);
}

/**
 * An output folder that holds exactly one run's files. A run writes into a fresh folder beside
 * `--out` and swaps it in when everything (data files and report) is written, so a crash, a kill or
 * Ctrl-C leaves the previous run intact and no file of an earlier run survives a later one. Files in
 * `--out` that Strata did not write are refused unless forced, then carried over untouched.
 */
export class OutputDir {
  readonly dir: string;
  private readonly base: string;
  private readonly parent: string;
  private readonly files = new Map<string, string | Uint8Array>();
  private readonly streams = new Map<string, string>();
  private readonly report: boolean;
  private readonly foreign: string[];
  private stage: string | undefined;

  /** From a command's --out, --force and --no-report flags. */
  static from(flags: { out: string; force?: boolean; report?: boolean }): OutputDir {
    return new OutputDir(flags.out, flags.force, flags.report !== false);
  }

  constructor(dir: string, force = false, report = true) {
    this.dir = dir;
    this.report = report;
    const full = resolve(dir);
    this.base = basename(full);
    this.parent = dirname(full);
    if (full.startsWith('/proc/') || full.startsWith('/sys/') || full.startsWith('/dev/'))
      throw new UsageError(`--out ${dir}: not a place for results`);
    let isDir = false;
    try {
      const st = lstatSync(full);
      if (st.isSymbolicLink()) throw new UsageError(`--out ${dir}: is a symbolic link; give the real folder`);
      if (!st.isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a folder`);
      isDir = true;
    } catch (e) {
      if (e instanceof StrataError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw fsError(dir, e);
    }
    this.foreign = isDir ? foreignEntries(full) : [];
    if (this.foreign.length && !force) {
      const shown = this.foreign.slice(0, 5).join(', ') + (this.foreign.length > 5 ? ', …' : '');
      throw new UsageError(
        `--out ${dir}: the folder holds files Strata did not write (${shown}); use --force to keep them beside the results (one named as a result is replaced)`,
      );
    }
    this.removeLeftovers();
  }

  add(name: string, content: string | Uint8Array): void {
    this.files.set(name, content);
  }

  private readonly parts: Part[] = [];

  /**
   * A pipeline's result: run.json, summary.json, its documents and tables (under `prefix`, e.g.
   * "cluster/" in the demo); its report part is kept in memory for `finish`.
   */
  addResult(result: Result, prefix = ''): void {
    const json = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;
    const run = runFile(result.summary);
    this.add(`${prefix}run.json`, json(run));
    this.add(`${prefix}summary.json`, json(result.summary));
    for (const [name, doc] of result.documents) this.add(`${prefix}${name}`, json(doc));
    for (const [name, writer] of result.tables) {
      const file = this.stream(`${prefix}${name}`);
      try {
        writer((text) => file.write(text));
      } finally {
        file.close();
      }
    }
    this.parts.push(partOfResult(result, run, prefix.replace(/\/$/, '')));
  }

  /** The folder the run writes into, created on first use and removed if the run does not finish. */
  private stageDir(): string {
    if (this.stage) return this.stage;
    try {
      mkdirSync(this.parent, { recursive: true });
      const stage = join(
        this.parent,
        `.${this.base}.strata-stage-${process.pid}-${randomBytes(4).toString('hex')}`,
      );
      mkdirSync(stage);
      this.stage = stage;
    } catch (e) {
      throw fsError(this.dir, e);
    }
    const stage = this.stage;
    const abandon = () => rmSync(stage, { recursive: true, force: true });
    const onSignal = () => {
      abandon();
      process.stderr.write('strata: interrupted; nothing was written\n');
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('exit', abandon);
    this.cleanups.push(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', abandon);
    });
    return stage;
  }

  /** A file too large to hold in memory: written as it comes into the run's folder. */
  stream(name: string): { write(text: string): void; close(): void } {
    const path = join(this.stageDir(), name);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    this.streams.set(name, path);
    return { write: (text) => writeSync(fd, text), close: () => closeSync(fd) };
  }

  private readonly cleanups: (() => void)[] = [];

  /** Writes every file and the report built from them, then swaps the folder in; says where they are. */
  async finish(): Promise<string> {
    const stage = this.writeFiles();
    let report: string | undefined;
    if (this.report)
      report = (await writeReport(stage, this.parts.length ? this.parts : undefined, progressReporter()))
        .html;
    const paths = this.swap();
    const where = `Wrote ${paths.join(', ')}`;
    return report ? `${where}\nReport: ${join(this.dir, 'report.html')}` : where;
  }

  /** Writes every file and swaps the folder in, without a report; returns the files' paths. */
  commit(): string[] {
    this.writeFiles();
    return this.swap();
  }

  private writeFiles(): string {
    const stage = this.stageDir();
    try {
      for (const [name, content] of this.files) {
        const p = join(stage, name);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, content);
      }
    } catch (e) {
      throw fsError(this.dir, e);
    }
    return stage;
  }

  private swap(): string[] {
    const stage = this.stageDir();
    const full = join(this.parent, this.base);
    const ours = readdirSync(stage).sort();
    writeFileSync(join(stage, MARKER), `${MARKER_HEAD}\n${ours.join('\n')}\n`);
    const unlock = this.lock();
    try {
      const old = existsSync(full)
        ? join(this.parent, `.${this.base}.strata-old-${process.pid}-${randomBytes(4).toString('hex')}`)
        : undefined;
      if (old) {
        // Entries written by someone else stay: they move into the new folder untouched, except one
        // named as a result, which the result replaces (--force said so; a rename would do the opposite).
        for (const f of foreignEntries(full))
          if (!ours.includes(f)) renameSync(join(full, f), join(stage, f));
        renameSync(full, old);
      }
      renameSync(stage, full);
      this.stage = undefined;
      if (old) rmSync(old, { recursive: true, force: true });
    } catch (e) {
      throw fsError(this.dir, e);
    } finally {
      unlock();
      for (const c of this.cleanups) c();
    }
    return [...this.files.keys(), ...this.streams.keys()].map((n) => join(this.dir, n));
  }

  /** Two runs into one folder swap one after the other: the second waits for the first. */
  private lock(): () => void {
    const path = join(this.parent, `.${this.base}.strata-lock`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        writeFileSync(path, String(process.pid), { flag: 'wx' });
        return () => rmSync(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(this.dir, e);
        const holder = Number(readFileSync(path, 'utf8'));
        if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) rmSync(path, { force: true });
        else if (Date.now() > deadline)
          throw new UsageError(`--out ${this.dir}: another Strata run (process ${holder}) is writing there`);
        else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
    }
  }

  /** Folders and locks beside `--out` that a killed run left. */
  private removeLeftovers(): void {
    if (!existsSync(this.parent)) return;
    const prefix = `.${this.base}.strata-`;
    for (const f of readdirSync(this.parent)) {
      if (!f.startsWith(prefix)) continue;
      const m = /^(?:stage|old)-(\d+)-/.exec(f.slice(prefix.length));
      if (m && !alive(Number(m[1]))) rmSync(join(this.parent, f), { recursive: true, force: true });
    }
  }
}

/** The entries of an output folder that Strata did not write. */
function foreignEntries(dir: string): string[] {
  const entries = readdirSync(dir);
  if (!entries.includes(MARKER)) return entries.sort();
  const text = readFileSync(join(dir, MARKER), 'utf8');
  const listed = text.startsWith(MARKER_HEAD)
    ? new Set(text.split('\n').slice(1).filter(Boolean))
    : undefined;
  return entries
    .filter((f) => f !== MARKER && !LEFTOVER.test(f) && !(listed ? listed.has(f) : LEGACY.test(f)))
    .sort();
}

/**
 * One output file (`predict --out`, `export --out`): never one of the command's inputs, and an
 * existing file only with --force; written through a temporary file and a rename.
 */
export function writeOutputFile(
  path: string,
  content: string,
  force: boolean,
  inputs: readonly string[],
): void {
  const full = resolve(path);
  for (const input of inputs) {
    if (resolve(input) === full)
      throw new UsageError(`--out ${path}: is an input of this command; choose another file`);
  }
  if (existsSync(full)) {
    if (lstatSync(full).isDirectory()) throw new UsageError(`--out ${path}: is a folder; give a file name`);
    if (!force) throw new UsageError(`--out ${path}: the file exists; use --force to replace it`);
  }
  const tmp = join(
    dirname(full),
    `.${basename(full)}.strata-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, full);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fsError(path, e);
  }
}
