import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { cellText, type Table } from '../src/data/table.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = resolve(ROOT, '..', 'shared', 'data');
const inCI = process.env.CI === 'true' || process.env.CI === '1';
/** `npm run test:all` sets this: the full suite, where a missing prerequisite fails under CI. */
const fullSuite = process.env.STRATA_FULL_SUITE === '1';

function missing(what: string): void {
  if (inCI && fullSuite) throw new Error(`missing ${what}: CI must install it`);
  console.warn(`skipping: ${what} is missing`);
}

/**
 * Path of a dataset in ../shared/data. In CI's full suite a missing file fails the run;
 * elsewhere it returns undefined (use with `suite`) and says what is missing.
 */
export function shared(rel: string): string | undefined {
  const p = join(SHARED, rel);
  if (existsSync(p)) return p;
  missing(`dataset ${p}`);
  return undefined;
}

/** Whether a peer tool is present; same rule as `shared`. */
export function peer(check: () => boolean, what: string): boolean {
  if (check()) return true;
  missing(what);
  return false;
}

let sklearn: boolean | undefined;
export function hasSklearn(): boolean {
  sklearn ??= peer(
    () => spawnSync('/usr/bin/python3', ['-c', 'import sklearn, pandas'], { encoding: 'utf8' }).status === 0,
    "scikit-learn (Debian's python3-sklearn and python3-pandas)",
  );
  return sklearn;
}

let rCluster: boolean | undefined;
export function hasRCluster(): boolean {
  rCluster ??= peer(
    () => spawnSync('Rscript', ['-e', 'library(cluster); library(fpc)'], { encoding: 'utf8' }).status === 0,
    "R with cluster and fpc (Debian's r-cran-cluster and r-cran-fpc)",
  );
  return rCluster;
}

/** Runs R (Debian's, with cluster and fpc) and parses the JSON-like numbers it prints, one per line. */
export function rscript(code: string): number[][] {
  const r = spawnSync('Rscript', ['-e', code], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`R failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
}

/**
 * A suite that needs prerequisites. When one is missing, no code of the suite runs (not even
 * the body that declares its tests): one skipped placeholder names what is missing.
 */
export function suite(name: string, ready: boolean, body: () => void): void {
  if (ready) describe(name, body);
  else describe.skip(name, () => it(`needs a prerequisite that is missing (see the line above)`, () => {}));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function cli(
  args: readonly string[],
  opts: { cwd?: string; input?: string; env?: Record<string, string> } = {},
): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'strata.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
    encoding: 'utf8',
    input: opts.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'strata-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs Python (Debian's, with scikit-learn) and parses the JSON it prints. */
export function python<T>(code: string): T {
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The column flags of `strata rfm` for the bundled sample transactions. */
export const SAMPLE_RFM = [
  '--customer',
  'customer_id',
  '--date',
  'invoice_date',
  '--amount',
  'amount',
  '--invoice',
  'invoice_id',
];

/** The column flags of `strata clv` for the bundled purchase log (data/purchases.csv). */
export const SAMPLE_CLV = ['--customer', 'customer_id', '--date', 'order_date', '--amount', 'value'];

/** The table as a typed CSV (missing = empty) with a row id, and the column types for a database. */
export function typedCsv(t: Table, file: string): { name: string; numeric: boolean }[] {
  const cols = [
    { name: 'strata_row', numeric: true },
    ...t.columns.map((c) => ({ name: c.name, numeric: c.type === 'numeric' })),
  ];
  const q = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [cols.map((c) => q(c.name)).join(',')];
  for (let i = 0; i < t.nRows; i++)
    lines.push([String(i + 1), ...t.columns.map((c) => q(cellText(c, i)))].join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return cols;
}

/** |a − b| relative to the larger of the two. */
export const relative = (a: number, b: number) =>
  Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
