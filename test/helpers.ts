import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = resolve(ROOT, '..', 'shared', 'data');
const inCI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Path of a dataset in ../shared/data. In CI a missing file fails the test run;
 * elsewhere it returns undefined (use with describe.skipIf) and says what is missing.
 */
export function shared(rel: string): string | undefined {
  const p = join(SHARED, rel);
  if (existsSync(p)) return p;
  if (inCI) throw new Error(`missing dataset ${p}: CI needs ../shared/data`);
  console.warn(`skipping: dataset ${p} is missing`);
  return undefined;
}

/** Path of a peer tool (e.g. /usr/bin/python3 with scikit-learn); same rule as `shared`. */
export function peer(check: () => boolean, what: string): boolean {
  if (check()) return true;
  if (inCI) throw new Error(`missing ${what}: CI must install it`);
  console.warn(`skipping: ${what} is missing`);
  return false;
}

export function hasSklearn(): boolean {
  return peer(
    () => spawnSync('/usr/bin/python3', ['-c', 'import sklearn, pandas'], { encoding: 'utf8' }).status === 0,
    "scikit-learn (Debian's python3-sklearn and python3-pandas)",
  );
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function cli(args: readonly string[], opts: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'strata.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
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
