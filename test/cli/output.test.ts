import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const files = (dir: string) => readdirSync(dir).sort();
const cluster = (out: string, ...more: string[]) =>
  cli(['cluster', 'data/customers.csv', '--out', out, '--seed', '7', ...more]);

describe('an output folder holds exactly one run', () => {
  it('a second run leaves no file of the first: --k auto then --k 3', () => {
    const out = join(tempDir(), 'seg');
    expect(cluster(out, '--k', 'auto', '--k-range', '2-4').code).toBe(0);
    expect(files(out)).toContain('k-scan.csv');
    expect(files(join(out, 'charts')).some((f) => f.startsWith('k-scan'))).toBe(true);
    const r = cluster(out, '--k', '3');
    expect(r.code, r.stderr).toBe(0);
    expect(files(out)).not.toContain('k-scan.csv');
    expect(files(join(out, 'charts')).some((f) => f.startsWith('k-scan'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).k).toBe(3);
    // Nothing is left beside the folder either.
    expect(files(dirname(out))).toEqual(['seg']);
  });

  it('classify into a cluster folder replaces the cluster files', () => {
    const out = join(tempDir(), 'mixed');
    expect(cluster(out, '--k', '3').code).toBe(0);
    const r = cli([
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--max-depth',
      '3',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(files(out)).not.toContain('assignments.csv');
    expect(files(out)).toContain('rules.txt');
  });

  it('refuses files it did not write, naming them; with --force keeps them untouched', () => {
    const out = join(tempDir(), 'kept');
    expect(cluster(out, '--k', '3').code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    const refused = cluster(out, '--k', '4');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds files Strata did not write \(notes\.txt\); use --force/);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
    const forced = cluster(out, '--k', '4', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).k).toBe(4);
    // notes.txt stays foreign: the next run still asks.
    expect(cluster(out, '--k', '3').code).toBe(2);
  });

  it('kill -9 at any moment of a run leaves the previous run complete; the next run cleans up', async () => {
    const out = join(tempDir(), 'killed');
    expect(cluster(out, '--k', '3').code).toBe(0);
    const snapshot = () =>
      new Map(
        files(out).map((f) => [
          f,
          f === 'charts' ? files(join(out, f)).join(',') : readFileSync(join(out, f), 'utf8'),
        ]),
      );
    const before = snapshot();
    // A run of about 2 s: the kills land while computing, while writing the staged folder, and while
    // rendering the report into it.
    for (const after of [300, 900, 1300, 1600, 1900, 2300]) {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'bin', 'strata.js'),
          'cluster',
          'data/customers.csv',
          '--out',
          out,
          '--k',
          '4',
          '--seed',
          '9',
        ],
        { cwd: ROOT, stdio: 'ignore' },
      );
      // Listen before killing: a run that finished first must not leave the test waiting.
      const exited = new Promise((r) => child.on('exit', (c, signal) => r(signal ?? c)));
      await new Promise((r) => setTimeout(r, after));
      child.kill('SIGKILL');
      const code = await exited;
      const now = snapshot();
      // Either the kill came before the new run was in place and the old run is untouched, or the new
      // run is complete (a kill can land after the folder was swapped in, before the process ends):
      // never a mix.
      const replaced = JSON.parse(now.get('summary.json') ?? '{}').k === 4;
      if (!replaced) expect(now, `killed after ${after} ms`).toEqual(before);
      else expect([...now.keys()], `finished by ${after} ms`).toEqual([...before.keys()]);
      if (code !== 'SIGKILL' || replaced) break;
    }
    const again = cluster(out, '--k', '2');
    expect(again.code, again.stderr).toBe(0);
    expect(files(dirname(out))).toEqual(['killed']);
  });

  it("leftovers of a killed run beside the folder are removed; a live run's are not", () => {
    const out = join(tempDir(), 'left');
    expect(cluster(out, '--k', '2').code).toBe(0);
    const dead = join(dirname(out), '.left.strata-stage-999999999-abcd');
    const live = join(dirname(out), `.left.strata-stage-${process.pid}-abcd`);
    mkdirSync(dead);
    mkdirSync(live);
    writeFileSync(join(dead, 'summary.json'), '{}');
    expect(cluster(out, '--k', '3').code).toBe(0);
    expect(files(dirname(out))).toEqual([`.left.strata-stage-${process.pid}-abcd`, 'left']);
  });

  it('two runs into one folder at once: the folder holds one whole run', async () => {
    const out = join(tempDir(), 'race');
    const run = (k: string) =>
      new Promise<number>((resolve) => {
        const c = spawn(
          process.execPath,
          [join(ROOT, 'bin', 'strata.js'), 'cluster', 'data/customers.csv', '--out', out, '--k', k],
          { cwd: ROOT, stdio: 'ignore' },
        );
        c.on('exit', (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([run('3'), run('5')]);
    expect(codes).toEqual([0, 0]);
    const k = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).k;
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).parameters.k).toBe(k);
    const clusters = new Set(
      readFileSync(join(out, 'assignments.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]),
    );
    expect(clusters.size).toBe(k);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(`fall into ${k} segments`);
  });
});

describe('single output files: predict --out and export --out', () => {
  const dir = tempDir();
  const model = join(dir, 'm', 'model.json');
  const trained = cluster(join(dir, 'm'), '--k', '3');

  it('refuses to replace an existing file without --force, and never an input', () => {
    expect(trained.code, trained.stderr).toBe(0);
    const target = join(dir, 'p.csv');
    writeFileSync(target, 'keep');
    const r = cli(['predict', model, 'data/customers.csv', '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/p\.csv: the file exists; use --force to replace it/);
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(cli(['predict', model, 'data/customers.csv', '--out', target, '--force']).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^customer_id,cluster,segment,distance/);
    const self = cli(['export', model, '--to', 'sql', '--out', model, '--force']);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/is an input of this command/);
    expect(JSON.parse(readFileSync(model, 'utf8')).kind).toBe('kmeans');
  });

  it('a folder it cannot write to is one line, exit 1, naming the path', () => {
    const ro = join(dir, 'ro');
    expect(cluster(ro, '--k', '2').code).toBe(0);
    chmodSync(dir, 0o500);
    try {
      // root ignores permissions; a path through a file fails for everyone.
      const blocked = join(ro, 'summary.json', 'x');
      const r = cluster(blocked, '--k', '2');
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('summary.json');
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(existsSync(join(ro, 'summary.json'))).toBe(true);
  });
});
