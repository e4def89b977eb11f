import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, listFiles, tempDir } from '../helpers.js';

describe('strata cluster and predict', () => {
  const out = join(tempDir(), 'run');
  const sample = ['cluster', 'data/customers.csv', '--k', 'auto', '--log', 'auto', '--value', 'sales_12m'];

  it('clusters the sample customers, writes its files and a JSON summary', () => {
    const r = cli([...sample, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s).slice(5, 11)).toEqual([
      'k',
      'inertia',
      'silhouette',
      'iterations',
      'kScan',
      'recommendation',
    ]);
    expect(s.parameters).toMatchObject({ k: 5, kRange: [2, 10], seed: 42, nInit: 10, scale: 'standard' });
    expect(s.k).toBe(5);
    expect(s.kScan).toHaveLength(9);
    expect(Object.keys(s.kScan[0])).toEqual([
      'k',
      'inertia',
      'silhouette',
      'calinskiHarabasz',
      'daviesBouldin',
    ]);
    expect(
      s.clusters.map((c: { customers: number }) => c.customers).reduce((a: number, b: number) => a + b, 0),
    ).toBe(5000);
    expect(Object.keys(s.clusters[0]).slice(0, 4)).toEqual(['cluster', 'segment', 'customers', 'share']);
    for (const f of ['model.json', 'assignments.csv', 'profiles.json', 'k-scan.csv'])
      expect(existsSync(join(out, f))).toBe(true);
    const assignments = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n');
    expect(assignments[0]).toBe('customer_id,cluster,segment,distance');
    expect(assignments).toHaveLength(5001);
  });

  it('prints a readable summary without --json, and is byte-identical on a rerun', () => {
    const again = join(tempDir(), 'again');
    const r = cli([...sample, '--out', again]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Choosing k: k = 5: highest silhouette/);
    expect(r.stdout).toMatch(/Missing values imputed: margin_pct 92, credit_score 173/);
    for (const f of ['model.json', 'assignments.csv', 'profiles.json', 'k-scan.csv']) {
      expect(readFileSync(join(again, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
    }
  });

  it('predicts segments for new customers with the saved model', () => {
    const file = join(tempDir(), 'p.csv');
    const r = cli(['predict', join(out, 'model.json'), 'data/customers.csv', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const predicted = readFileSync(file, 'utf8');
    const assigned = readFileSync(join(out, 'assignments.csv'), 'utf8');
    expect(predicted).toBe(assigned);
  });

  it('refuses to write into a folder it did not write, unless --force', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.txt'), 'precious');
    const r = cli(['cluster', 'data/customers.csv', '--k', '3', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files Strata did not write \(mine\.txt\); use --force/);
    expect(listFiles(dir)).toEqual(['mine.txt']);
    const f = cli(['cluster', 'data/customers.csv', '--k', '3', '--out', dir, '--force']);
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(join(dir, 'mine.txt'), 'utf8')).toBe('precious');
  });

  describe('bad input: one line, non-zero exit, nothing written', () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cases: [string, string[], number, RegExp][] = [
      [
        'fewer rows than k',
        [write('few.csv', 'a,b\n1,2\n3,4\n5,7\n'), '--k', '5'],
        1,
        /k = 5 is more than the 3 rows/,
      ],
      [
        'every feature constant',
        [write('const.csv', 'a,b\n1,2\n1,2\n1,2\n1,2\n'), '--k', '2'],
        1,
        /column "a": every feature is constant \(a, b\)/,
      ],
      [
        'a feature that does not exist',
        ['data/customers.csv', '--features', 'sales_12m,nope', '--k', '3'],
        2,
        /column "nope" not found/,
      ],
      [
        'a non-numeric column asked to be numeric',
        [write('txt.csv', 'a,b\n1,x\n2,y\n3,z\n'), '--type', 'b=numeric'],
        1,
        /row 1, column "b": "x" cannot be read as a number/,
      ],
      [
        'a feature with every value missing',
        [write('miss.csv', 'a,b\n1,\n2,\n3,\n4,\n'), '--features', 'a,b', '--type', 'b=numeric', '--k', '2'],
        1,
        /column "b": every value is missing/,
      ],
      [
        'a bad --k',
        ['data/customers.csv', '--k', 'many'],
        2,
        /--k must be "auto" or an integer ≥ 1 \(got "many"\)/,
      ],
      [
        'a bad --scale',
        ['data/customers.csv', '--scale', 'huge'],
        2,
        /--scale must be one of standard, robust, minmax, none \(got "huge"\)/,
      ],
    ];
    for (const [name, args, code, message] of cases) {
      it(name, () => {
        const target = join(dir, `out-${name.replace(/\W+/g, '-')}`);
        const r = cli(['cluster', ...args, '--out', target]);
        expect(r.code).toBe(code);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(existsSync(target)).toBe(false);
      });
    }

    it('predict refuses a damaged model file', () => {
      const bad = write('model.json', '{"format":"strata-model","version":1,"kind":"kmeans"');
      const r = cli(['predict', bad, 'data/customers.csv']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/not a Strata model: the JSON is damaged/);
      const future = write(
        'future.json',
        JSON.stringify({ format: 'strata-model', version: 99, kind: 'kmeans', createdWith: 'strata 9.0.0' }),
      );
      const f = cli(['predict', future, 'data/customers.csv']);
      expect(f.code).toBe(1);
      expect(f.stderr).toMatch(/version 99 needs a newer Strata/);
    });

    it('predict names a feature missing from the new data', () => {
      const model = join(out, 'model.json');
      const data = write('partial.csv', 'customer_id,sales_12m\nX1,100\n');
      const r = cli(['predict', model, data]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/column "total_assets": feature column is missing from the data/);
    });
  });
});
