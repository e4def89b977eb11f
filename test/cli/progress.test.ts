import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress-bar.js';
import { ROOT, tempDir } from '../helpers.js';

const BIN = join(ROOT, 'bin', 'strata.js');
const ESC = String.fromCharCode(27);
const ESC_RE = '\\u001b';

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('progress on stderr', () => {
  it('as plain lines when stderr is not a terminal; --json on stdout stays clean', () => {
    const r = run(
      ['cluster', 'data/customers.csv', '--k-range', '2-4', '--out', join(tempDir(), 'a'), '--json'],
      {
        STRATA_PROGRESS_INTERVAL_MS: '0',
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe('cluster');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('strata: reading customers.csv: 1/1, done');
    expect(lines).toContain('strata: choosing k: 3/3 (k = 4), done');
    expect(lines.some((l) => /^strata: rendering charts: \d+\/\d+/.test(l))).toBe(true);
    expect(r.stderr.includes('\r') || r.stderr.includes(ESC)).toBe(false);
  });

  it('says nothing for steps shorter than the interval (2 s by default), and nothing at all with --quiet', () => {
    // The clock is the test's, not the machine's: a busy machine must not make a step "long".
    let t = 0;
    const written: string[] = [];
    const report = progressReporter({ stream: { write: (s: string) => written.push(s) }, now: () => t })!;
    report({ step: 'folds', done: 1, total: 5 });
    t = 1999;
    report({ step: 'folds', done: 4, total: 5 });
    report({ step: 'folds', done: 5, total: 5 });
    expect(written).toEqual([]);
    const quick = run(['cluster', 'data/customers.csv', '--k', '3', '--out', join(tempDir(), 'b')], {
      STRATA_PROGRESS_INTERVAL_MS: '3600000',
    });
    expect(quick.code).toBe(0);
    expect(quick.stderr).toBe('');
    const quiet = run(
      ['--quiet', 'cluster', 'data/customers.csv', '--k', '3', '--out', join(tempDir(), 'c')],
      {
        STRATA_PROGRESS_INTERVAL_MS: '0',
      },
    );
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('as a bar rewritten in place on a pseudo-terminal', () => {
    const out = join(tempDir(), 'd');
    // util-linux `script` gives the command a real pseudo-terminal.
    const r = spawnSync(
      'script',
      [
        '-qec',
        `${process.execPath} ${BIN} cluster data/customers.csv --k-range 2-4 --out ${out}`,
        '/dev/null',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`\r${ESC}[Kchoosing k ████████░░░░░░░░░░░░░░░░ 1/3 (k = 2)`);
    expect(r.stdout).toMatch(new RegExp(`\r${ESC_RE}\\[Krendering charts [█░]+ \\d+/\\d+`));
    expect(r.stdout).toContain('Clustered 5,000 customers');
  });

  it('a step is reported once it has run 2 s, then at most every 2 s; messages always get a line', () => {
    let t = 0;
    const written: string[] = [];
    const report = progressReporter({ stream: { write: (s: string) => written.push(s) }, now: () => t })!;
    report({ step: 'folds', done: 1, total: 5 });
    t = 1000;
    report({ step: 'folds', done: 2, total: 5 });
    t = 2500;
    report({ step: 'folds', done: 3, total: 5, detail: 'fold 3' });
    t = 3000;
    report({ step: 'folds', done: 4, total: 5 });
    report({ step: 'folds', done: 4, total: 5, message: 'depth 3: accuracy 0.9' });
    t = 3100;
    report({ step: 'folds', done: 5, total: 5 });
    expect(written).toEqual([
      'strata: folds: 3/5 (fold 3), about 2 s left\n',
      'strata: depth 3: accuracy 0.9\n',
      'strata: folds: 5/5, done\n',
    ]);
  });

  it('--tune prints each candidate as it finishes and lists every candidate with its scores', () => {
    const dir = tempDir();
    const lines = spawnSync('head', ['-n', '601', join(ROOT, 'data', 'customers.csv')], {
      encoding: 'utf8',
    }).stdout;
    const file = join(dir, 'small.csv');
    writeFileSync(file, lines);
    const r = run(
      [
        'classify',
        file,
        '--label',
        'assigned_tier',
        '--tune',
        '--scoring',
        'macro-f1',
        '--out',
        join(dir, 't'),
        '--json',
      ],
      {},
    );
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.tuning.scoring).toBe('macro-f1');
    expect(s.tuning.candidates.length).toBeGreaterThanOrEqual(28);
    expect(Object.keys(s.tuning.candidates[0])).toEqual([
      'maxDepth',
      'minSamplesLeaf',
      'ccpAlpha',
      'accuracy',
      'balancedAccuracy',
      'macroF1',
      'kappa',
      'logLoss',
    ]);
    const best = Math.max(...s.tuning.candidates.map((c: { macroF1: number }) => c.macroF1));
    const chosen = s.tuning.candidates.filter(
      (c: { maxDepth: number | null; minSamplesLeaf: number; ccpAlpha: number }) =>
        c.maxDepth === s.tuning.best.maxDepth &&
        c.minSamplesLeaf === s.tuning.best.minSamplesLeaf &&
        c.ccpAlpha === s.tuning.best.ccpAlpha,
    );
    expect(chosen.at(-1).macroF1).toBeCloseTo(best, 12);
    const printed = r.stderr
      .split('\n')
      .filter((l) => /^strata: depth \S+, min leaf \d+.*: macro-f1 0\.\d{4}$/.test(l));
    expect(printed).toHaveLength(s.tuning.candidates.length);
  });
});
