import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../data/errors.js';
import { writeReport } from '../report/write.js';
import { writeFileAtomic } from '../util/fs.js';

const MARKER = '.strata-output';

/**
 * An output folder. Files are collected first and written only when the whole run succeeded,
 * each atomically; a non-empty folder that Strata did not write is refused unless forced.
 */
export class OutputDir {
  readonly dir: string;
  private readonly files = new Map<string, string | Uint8Array>();

  private readonly report: boolean;

  /** From a command's --out, --force and --no-report flags. */
  static from(flags: { out: string; force?: boolean; report?: boolean }): OutputDir {
    return new OutputDir(flags.out, flags.force, flags.report !== false);
  }

  constructor(dir: string, force = false, report = true) {
    this.dir = dir;
    this.report = report;
    if (existsSync(dir) && !force) {
      const entries = readdirSync(dir);
      if (entries.length && !entries.includes(MARKER)) {
        throw new UsageError(
          `--out ${dir}: the folder is not empty and was not written by Strata; use --force to write into it`,
        );
      }
    }
  }

  add(name: string, content: string | Uint8Array): void {
    this.files.set(name, content);
  }

  private readonly streams = new Map<string, string>();

  /** A file too large to hold in memory: written as it comes to a temporary name, renamed at commit. */
  stream(name: string): { write(text: string): void; close(): void } {
    const created = !existsSync(this.dir);
    mkdirSync(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${randomUUID()}.tmp`);
    const fd = openSync(tmp, 'w');
    this.streams.set(name, tmp);
    // Streaming awaits DuckDB between batches, so a signal is handled at once: leave nothing behind.
    const abandon = () => {
      rmSync(tmp, { force: true });
      if (created && !readdirSync(this.dir).length) rmSync(this.dir, { recursive: true, force: true });
    };
    const onSignal = () => {
      abandon();
      process.stderr.write('strata: interrupted; nothing was written\n');
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('exit', () => rmSync(tmp, { force: true }));
    this.cleanups.push(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
    return { write: (text) => writeSync(fd, text), close: () => closeSync(fd) };
  }

  private readonly cleanups: (() => void)[] = [];

  /** Writes every file, then the report built from them; returns a line saying where they are. */
  async finish(): Promise<string> {
    const paths = this.commit().filter((p) => !p.endsWith(MARKER));
    if (!this.report) return `Wrote ${paths.join(', ')}`;
    const report = await writeReport(this.dir);
    return `Wrote ${paths.join(', ')}\nReport: ${report.html}`;
  }

  /** Writes every file; returns their paths. */
  commit(): string[] {
    writeFileAtomic(
      join(this.dir, MARKER),
      'Written by Strata. Strata may overwrite the files in this folder.\n',
    );
    const paths: string[] = [];
    for (const [name, content] of this.files) {
      const p = join(this.dir, name);
      writeFileAtomic(p, content);
      paths.push(p);
    }
    for (const [name, tmp] of this.streams) {
      const p = join(this.dir, name);
      renameSync(tmp, p);
      paths.push(p);
    }
    for (const c of this.cleanups) c();
    return paths;
  }
}
