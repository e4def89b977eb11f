import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterTable } from '../../src/cluster/cluster-table.js';
import { adjustedRandIndex } from '../../src/cluster/quality.js';
import { load } from '../../src/data/load.js';
import { cli, listFiles, tempDir } from '../helpers.js';
import { plantedPlatform, plantedRecords } from './planted.js';

const ari = async (file: string, features: string[], truth: Int32Array) => {
  const table = await load(file);
  const out = new Map<string, number>();
  for (const method of ['kmeans', 'kprototypes', 'kmedoids'] as const) {
    const run = clusterTable(table, { method, k: 4, seed: 1, features });
    out.set(method, adjustedRandIndex(truth, run.fit.labels));
  }
  return out;
};

describe('mixed-type clustering recovers planted segments', () => {
  it('records (categories carry the segments, amounts heavy-tailed): k-medoids on Gower', async () => {
    const p = plantedRecords(tempDir());
    const r = await ari(p.file, p.features, p.truth);
    console.log(`records: ARI ${[...r].map(([m, v]) => `${m} ${v.toFixed(3)}`).join(', ')}`);
    expect(r.get('kmedoids')).toBeGreaterThanOrEqual(0.9);
    expect(r.get('kmeans')).toBeLessThan(0.9);
  });

  it('platform (amounts carry the segments, five columns repeat one unrelated choice): k-prototypes', async () => {
    const p = plantedPlatform(tempDir());
    const r = await ari(p.file, p.features, p.truth);
    console.log(`platform: ARI ${[...r].map(([m, v]) => `${m} ${v.toFixed(3)}`).join(', ')}`);
    expect(r.get('kprototypes')).toBeGreaterThanOrEqual(0.9);
    expect(r.get('kmeans')).toBeLessThan(0.9);
  });
});

describe('strata cluster --method', () => {
  const dir = tempDir();
  const p = plantedRecords(dir, 600, 3);

  for (const method of ['kprototypes', 'kmedoids'] as const) {
    it(`${method}: predict on the training file gives its assignments; the model is version 2`, () => {
      const out = join(dir, method);
      const r = cli([
        'cluster',
        p.file,
        '--method',
        method,
        '--k',
        '4',
        '--out',
        out,
        '--no-report',
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as {
        method: string;
        objective: number;
        features: string[];
        clusters: { medoid?: unknown }[];
        parameters: { method: string };
      };
      expect(s.method).toBe(method);
      expect(s.parameters.method).toBe(method);
      // Categories are features by default for the mixed methods.
      expect(s.features).toEqual(p.features);
      expect(s.objective).toBeGreaterThan(0);
      expect(s.clusters.every((c) => (method === 'kmedoids') === (c.medoid !== undefined))).toBe(true);
      const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
        version: number;
        state: { method: string };
      };
      expect(model.version).toBe(2);
      expect(model.state.method).toBe(method);
      const pred = cli(['predict', join(out, 'model.json'), p.file]);
      expect(pred.code, pred.stderr).toBe(0);
      expect(pred.stdout).toBe(readFileSync(join(out, 'assignments.csv'), 'utf8'));
    });
  }

  it('k-means models stay version 1, and k-means on named categories suggests kprototypes', () => {
    const out = join(dir, 'kmeans');
    const r = cli([
      'cluster',
      p.file,
      '--k',
      '4',
      '--features',
      p.features.join(','),
      '--out',
      out,
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { method: string; warnings: { code: string; message: string }[] };
    expect(s.method).toBe('kmeans');
    expect(s.warnings.find((w) => w.code === 'categories-one-hot')?.message).toMatch(
      /method kprototypes compares categories by matching/,
    );
    expect((JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { version: number }).version).toBe(
      1,
    );
  });

  it('the same seed gives the same files, byte for byte', () => {
    const a = join(dir, 'same-a');
    const b = join(dir, 'same-b');
    for (const out of [a, b])
      expect(
        cli(['cluster', p.file, '--method', 'kprototypes', '--k', '3', '--out', out, '--no-report']).code,
      ).toBe(0);
    for (const f of ['assignments.csv', 'model.json', 'profiles.json'])
      expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
  });

  it('bad combinations answer with one line saying what to do, and write nothing', () => {
    const nums = join(dir, 'numbers.csv');
    writeFileSync(nums, 'id,a,b\n1,1,2\n2,3,4\n3,5,1\n4,2,2\n');
    const cases: [string[], RegExp][] = [
      [
        ['cluster', nums, '--method', 'kprototypes', '--k', '2'],
        /kprototypes needs a categorical feature.*use kmeans/,
      ],
      [
        ['cluster', p.file, '--method', 'kmedoids', '--scale', 'standard'],
        /Gower.*range-scales every number: leave scale out/,
      ],
      [['cluster', p.file, '--method', 'kmeans', '--gamma', '2'], /gamma.*use it with method kprototypes/],
      [['cluster', p.file, '--method', 'kmedoids', '--sample', '100'], /--sample streams.*--clara/],
      [['cluster', p.file, '--method', 'kmodes'], /method/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, `bad-${listFiles(dir).length}`);
      const r = cli([...args, '--out', out]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.code).not.toBe(-1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(listFiles(out)).toEqual([]);
    }
  });

  it('k-medoids above 20,000 rows asks for --clara, and runs with it', () => {
    const big = plantedRecords(join(dir), 20_001, 5);
    const refused = cli([
      'cluster',
      big.file,
      '--method',
      'kmedoids',
      '--k',
      '4',
      '--out',
      join(dir, 'big-a'),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^strata: --clara is needed for 20,001 rows: k-medoids runs PAM on at most 20,000 rows/,
    );
    const r = cli([
      'cluster',
      big.file,
      '--method',
      'kmedoids',
      '--k',
      '4',
      '--clara',
      '--out',
      join(dir, 'big-b'),
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { clusters: { customers: number }[]; parameters: { clara: number } };
    expect(s.parameters.clara).toBe(5);
    expect(s.clusters.reduce((a, c) => a + c.customers, 0)).toBe(20_001);
  });
});
