/** Issue #32: quiet wrong answers from cut files and odd values, each with the input that broke it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';
import { spawnServe } from './serve/spawn.js';

/** 50,000 rows of id, x, y: big enough that a cut lands mid-stream. */
function points(): string {
  const lines = ['id,x,y'];
  for (let i = 0; i < 50_000; i++)
    lines.push(`${i},${((i * 7919) % 1000) / 1000},${((i * 104729) % 997) / 997}`);
  return `${lines.join('\n')}\n`;
}

describe('damaged files are refused, never read as shorter ones', () => {
  it('a .csv.gz cut short: one line, exit 1, nothing written (cluster and rfm)', () => {
    const dir = tempDir();
    const whole = gzipSync(points());
    for (const cut of [0.6, 0.3, 0.95]) {
      const file = join(dir, `cut-${cut}.csv.gz`);
      writeFileSync(file, whole.subarray(0, Math.floor(whole.length * cut)));
      const out = join(dir, `out-${cut}`);
      const r = cli(['cluster', file, '--k', '3', '--out', out, '--no-report']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${file}: the compressed file ends early (truncated?)`);
      expect(existsSync(out)).toBe(false);
    }
    const tx = join(dir, 'tx.csv.gz');
    const log = gzipSync(
      `customer,date,amount\n${Array.from({ length: 20_000 }, (_, i) => `c${i % 900},2024-0${1 + (i % 9)}-1${i % 10},${i % 97}`).join('\n')}\n`,
    );
    writeFileSync(tx, log.subarray(0, Math.floor(log.length * 0.5)));
    const r = cli([
      'rfm',
      tx,
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--out',
      join(dir, 'rfm'),
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('the compressed file ends early (truncated?)');
    // The whole file still reads.
    const good = join(dir, 'good.csv.gz');
    writeFileSync(good, whole);
    const ok = cli(['describe', good, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).input.rows).toBe(50_000);
  });

  it('a file that is not gzip at all but named .gz says so', () => {
    const dir = tempDir();
    const file = join(dir, 'plain.csv.gz');
    writeFileSync(file, readFileSync('data/customers.csv'));
    const r = cli(['describe', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/plain\.csv\.gz: is not a readable gzip file/);
  });
});

describe("--force over a user's file", () => {
  it('a user file named as a result is replaced, others are kept, and what is reported is what is there', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'assignments.csv'), 'user content\n');
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    const refused = cli(['cluster', 'data/customers.csv', '--k', '3', '--out', out, '--no-report']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('one named as a result is replaced');
    expect(readFileSync(join(out, 'assignments.csv'), 'utf8')).toBe('user content\n');
    const r = cli(['cluster', 'data/customers.csv', '--k', '3', '--out', out, '--no-report', '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${join(out, 'assignments.csv')}`);
    expect(readFileSync(join(out, 'assignments.csv'), 'utf8')).toMatch(/^customer_id,/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('nested JSON', () => {
  it('an object holding an array, or records with list values: one line naming the column, exit 1', () => {
    const dir = tempDir();
    const cases: [string, string][] = [
      ['wrapped.json', '{"customers": [{"id": 1, "x": 2}, {"id": 2, "x": 3}], "meta": {"n": 2}}'],
      ['lists.json', '[{"id": 1, "x": [1, 2]}, {"id": 2, "x": [3]}]'],
    ];
    for (const [name, text] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      for (const args of [
        ['describe', file],
        ['cluster', file, '--k', '2', '--out', join(dir, `o-${name}`)],
      ]) {
        const r = cli(args);
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/column "(customers|x)": holds lists or objects \(nested data\)/);
      }
    }
  });
});

describe('shares of a total', () => {
  it('cluster --value on a column with negative values is refused with the row, as pareto is', () => {
    const out = join(tempDir(), 'out');
    const r = cli(['cluster', 'data/customers.csv', '--k', '3', '--value', 'sales_growth_pct', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'strata: data/customers.csv, row 4, column "sales_growth_pct": is -1.5: shares of a total need values of 0 or more (a loss or a return would make a group hold more than all of it); leave such rows out or choose a positive measure',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('migrate counts every customer', () => {
  it('a blank tier is counted as unranked with a warning; a tier missing from --order is refused as compare refuses it', () => {
    const dir = tempDir();
    const before = join(dir, 'before.csv');
    const after = join(dir, 'after.csv');
    writeFileSync(before, 'id,tier\n1,A\n2,B\n3,C\n4,A\n5,B\n6,\n');
    writeFileSync(after, 'id,tier\n1,A\n2,A\n3,\n4,B\n5,B\n6,C\n7,A\n');
    const base = ['migrate', before, after, '--id', 'id', '--tier', 'tier', '--no-report', '--json'];
    const r = cli([...base, '--out', join(dir, 'm')]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect([s.customers, s.stayed, s.up, s.down, s.unranked, s.new, s.gone]).toEqual([6, 2, 1, 1, 2, 1, 0]);
    expect(s.stayed + s.up + s.down + s.unranked).toBe(s.customers);
    expect(s.warnings.map((w: { code: string }) => w.code)).toContain('unranked');
    const refused = cli([...base, '--order', 'A,B', '--out', join(dir, 'n')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(
      /--order does not list tier "C" \(customer "3", row 3 of .*after\.csv\); it lists A, B$/,
    );
    expect(existsSync(join(dir, 'n'))).toBe(false);
  });
});

describe('row numbers', () => {
  it('--names counts data rows from 1, as every other message does', () => {
    const dir = tempDir();
    const names = join(dir, 'names.csv');
    writeFileSync(names, 'cluster,name\n0,Big\n1,Small\n1,Again\n');
    const r = cli(['cluster', 'data/customers.csv', '--k', '2', '--names', names, '--out', join(dir, 'o')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/names\.csv, row 3, column "cluster": "1" is named twice$/m);
  });
});

describe('the CSV formula guard is visible where it applies (#31)', () => {
  it('predict warns when a class label gains the apostrophe, and --raw-csv writes it exactly', () => {
    const dir = tempDir();
    const file = join(dir, 'train.csv');
    const rows = Array.from(
      { length: 60 },
      (_, i) => `c${i},${i % 10},${i % 10 < 5 ? '-10.000)' : '[5 10)'}`,
    );
    writeFileSync(file, `id,x,band\n${rows.join('\n')}\n`);
    const out = join(dir, 'model');
    expect(cli(['classify', file, '--label', 'band', '--out', out, '--no-report']).code).toBe(0);
    const guarded = cli(['predict', join(out, 'model.json'), file]);
    expect(guarded.code, guarded.stderr).toBe(0);
    expect(guarded.stdout).toContain(",'-10.000)");
    expect(guarded.stderr).toMatch(
      /Warning: 1 value in the predictions starts like a spreadsheet formula \(e\.g\. "-10\.000\)"\).*--raw-csv writes them exactly/,
    );
    const exact = cli(['--raw-csv', 'predict', join(out, 'model.json'), file]);
    expect(exact.stdout).toContain(',-10.000)');
    expect(exact.stdout).not.toContain("'-10.000)");
    expect(exact.stderr).not.toContain('Warning');
  });
});

describe('label guesses (#31)', () => {
  it("a survey's income bands are a possible label; a marital status is not", () => {
    const dir = tempDir();
    const file = join(dir, 'survey.csv');
    const rows = Array.from(
      { length: 60 },
      (_, i) =>
        `${1 + (i % 9)},${['Married', 'Single', 'Divorced'][i % 3]},${['White', 'Black', 'Asian'][i % 3]},${i % 7}`,
    );
    writeFileSync(file, `INCOME,MARITAL.STATUS,ETHNIC.CLASS,AGE\n${rows.join('\n')}\n`);
    const r = cli(['describe', file, '--json', '--type', 'INCOME=categorical']);
    expect(r.code, r.stderr).toBe(0);
    const roles = new Map(
      (JSON.parse(r.stdout).columns as { name: string; role: string }[]).map((c) => [c.name, c.role]),
    );
    expect(roles.get('INCOME')).toBe('label');
    expect(roles.get('MARITAL.STATUS')).toBe('categorical');
  });
});

describe('bounded options', () => {
  it('--n-init, --k-range and --features are refused past their limits, before any work', () => {
    const cases: [string[], string][] = [
      [['--n-init', '1000000'], '--n-init must be an integer ≥ 1 and ≤ 1000 (got 1000000)'],
      [['--k-range', '2-500'], '--k-range must be a range FROM-TO with 2 ≤ FROM ≤ TO ≤ 100 (got 2-500)'],
      [
        ['--features', 'sales_12m,sales_12m'],
        '--features must be a non-empty list of distinct column names (got [sales_12m, sales_12m])',
      ],
      [['--features', ','], '--features must be a non-empty list of distinct column names (got [])'],
    ];
    for (const [args, message] of cases) {
      const out = join(tempDir(), 'out');
      const r = cli(['cluster', 'data/customers.csv', ...args, '--out', out]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(`strata: ${message}`);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('mostly-missing features', () => {
  /** 300 customers in three groups on x and y; m is present for three of them only. */
  function sparse(): string {
    const lines = ['id,x,y,m'];
    for (let i = 0; i < 300; i++) {
      const g = i % 3;
      const x = [0, 10, 20][g] + ((i * 37) % 100) / 100;
      const y = [5, 0, 10][g] + ((i * 61) % 100) / 100;
      lines.push(`c${i},${x.toFixed(2)},${y.toFixed(2)},${i < 3 ? [3, 1, 2][i] : ''}`);
    }
    return `${lines.join('\n')}\n`;
  }

  it('a default choice leaves a column missing past 50% out, listed with its share', () => {
    const dir = tempDir();
    const file = join(dir, 'sparse.csv');
    writeFileSync(file, sparse());
    const r = cli(['cluster', file, '--k', '3', '--out', join(dir, 'out'), '--no-report', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.features).toEqual(['x', 'y']);
    expect(s.leftOut).toContainEqual({
      column: 'm',
      reason:
        '99.0% missing, more than the 50% a feature chosen by default may miss; name it in features to use it',
    });
  });

  it('a named mostly-missing feature is kept with a warning, and no segment is named after it', () => {
    const dir = tempDir();
    const file = join(dir, 'sparse.csv');
    writeFileSync(file, sparse());
    const r = cli([
      'cluster',
      file,
      '--k',
      '3',
      '--features',
      'x,y,m',
      '--out',
      join(dir, 'out'),
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.features).toEqual(['x', 'y', 'm']);
    expect(s.warnings.find((w: { code: string }) => w.code === 'mostly-missing').message).toMatch(
      /^m is missing for 99\.0% of customers: those gaps were filled with the median/,
    );
    // Each segment holds one of the three customers with an m (3, 1 or 2): its mean is far from the
    // overall one, but 99% of the segment has no value, so the name must not say "High m" / "Low m".
    const names: string[] = s.clusters.map((c: { segment: string }) => c.segment);
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).not.toMatch(/\bm\b/);
  });
});

describe('medoids with gaps (#31)', () => {
  it('a centre customer missing fields is named in a warning that says why it looks central', () => {
    const dir = tempDir();
    const file = join(dir, 'gappy.csv');
    const lines = ['id,x,y,z'];
    for (let i = 0; i < 300; i++) {
      const g = i % 3;
      const x = ([0, 10, 20][g] + ((i * 37) % 100) / 100).toFixed(2);
      const y = ([5, 0, 10][g] + ((i * 61) % 100) / 100).toFixed(2);
      // One customer in ten lacks y and z: Gower compares them on x alone, so they look central.
      lines.push(i % 10 === 0 ? `c${i},${x},,` : `c${i},${x},${y},${((i * 13) % 100) / 10}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = cli(['cluster', file, '--k', '3', '--method', 'kmedoids', '--out', join(dir, 'out'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    const gappy = s.clusters.filter((c: { medoid: { missing: string[] } }) => c.medoid.missing.length);
    expect(gappy.length).toBeGreaterThan(0);
    const warned = s.warnings.filter((w: { code: string }) => w.code === 'medoid-with-gaps');
    expect(warned).toHaveLength(gappy.length);
    expect(warned[0].message).toContain(
      `(${gappy[0].medoid.id}) lacks y, z: the Gower dissimilarity compares`,
    );
    // The report carries the same warning.
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain(
      'so a record with gaps can look central',
    );
  });
});

describe('many levels in one-hot k-means', () => {
  it('one-hots the 50 most frequent levels, folds the rest into "other" with a warning, and predicts them', () => {
    const dir = tempDir();
    const file = join(dir, 'levels.csv');
    // 120 cities; city c000 … c049 twice as common as the rest.
    const lines = ['id,x,city'];
    for (let i = 0; i < 1700; i++) {
      const city = i < 1000 ? i % 50 : 50 + (i % 70);
      lines.push(`${i},${((i * 7919) % 1000) / 1000},c${String(city).padStart(3, '0')}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const r = cli([
      'cluster',
      file,
      '--k',
      '3',
      '--features',
      'x,city',
      '--out',
      out,
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.warnings.find((w: { code: string }) => w.code === 'levels-folded').message).toBe(
      'city has 120 levels: k-means one-hots the 50 most frequent and compares the other 70 as one "other" level (all zeros), which bounds its memory; method kprototypes or kmedoids compares every level by matching',
    );
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const step = model.recipe.steps.find((st: { name: string }) => st.name === 'city');
    expect(step.levels).toHaveLength(50);
    expect(step.levels[0]).toBe('c000');
    expect(step.levels).not.toContain('c050');
    // A rare city is scored as the "other" code, as in training: the same segment as assigned.
    const assigned = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n');
    const predicted = cli(['predict', join(out, 'model.json'), file, '--out', join(dir, 'p.csv')]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const lines2 = readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n');
    const col = (rows: string[], name: string) => {
      const at = rows[0].split(',').indexOf(name);
      expect(at).toBeGreaterThanOrEqual(0);
      return rows.slice(1).map((l) => l.split(',')[at]);
    };
    expect(col(lines2, 'cluster')).toEqual(col(assigned, 'cluster'));
    // Matching methods keep every level.
    const kp = cli([
      'cluster',
      file,
      '--k',
      '3',
      '--features',
      'x,city',
      '--method',
      'kprototypes',
      '--out',
      join(dir, 'kp'),
      '--no-report',
      '--json',
    ]);
    expect(kp.code, kp.stderr).toBe(0);
    expect(JSON.parse(kp.stdout).warnings.map((w: { code: string }) => w.code)).not.toContain(
      'levels-folded',
    );
  });
});

describe('low: one clear line for each odd input', () => {
  const oneLine = (r: { code: number; stderr: string }) => {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr.trim();
  };

  it('a line longer than 16 MB names its row and the limit', () => {
    const dir = tempDir();
    const file = join(dir, 'long.csv');
    writeFileSync(file, `id,x,note\n1,2,ok\n2,3,${'a'.repeat(17 * 1024 * 1024)}\n3,4,fine\n`);
    expect(oneLine(cli(['describe', file]))).toBe(
      `strata: ${file}: row 2 (line 3): the line is 17 MB, longer than the 16 MB a line may have (a field this long is not customer data, or a quote is never closed)`,
    );
  });

  it('a truncated Parquet file is refused as such', () => {
    const dir = tempDir();
    const whole = join(dir, 'c.parquet');
    const script = `import { DuckDBInstance } from '@duckdb/node-api';
      const c = await (await DuckDBInstance.create(':memory:')).connect();
      await c.run("COPY (SELECT * FROM read_csv('data/customers.csv')) TO '${whole}' (FORMAT parquet)");`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const cut = join(dir, 'cut.parquet');
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(oneLine(cli(['cluster', cut, '--k', '3', '--out', join(dir, 'out')]))).toBe(
      `strata: ${cut}: the Parquet file ends early (truncated?) or is not Parquet`,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a year-9999 placeholder date names its row and column', () => {
    const dir = tempDir();
    const file = join(dir, 'tx.csv');
    writeFileSync(
      file,
      'customer,date,amount\nc1,2024-01-05,10\n,2024-01-05,10\nc2,9999-12-31,20\nc1,2024-02-05,5\n',
    );
    for (const command of ['rfm', 'clv'])
      expect(
        oneLine(
          cli([
            command,
            file,
            '--customer',
            'customer',
            '--date',
            'date',
            '--amount',
            'amount',
            '--out',
            join(dir, command),
          ]),
        ),
      ).toBe(
        `strata: ${file}, row 3, column "date": "9999-12-31" is a placeholder, not a purchase date (year 9999): leave the date blank, or drop the row`,
      );
  });

  it('a YAML tag that names code is refused in one line with where it is', () => {
    const dir = tempDir();
    const card = join(dir, 'card.yaml');
    writeFileSync(
      card,
      readFileSync('data/scorecards/sample-tier.yaml', 'utf8').replace(
        /^name: .*$/m,
        'name: !!js/function "function () { return 1 }"',
      ),
    );
    const r = cli(['grade', 'data/customers.csv', '--scorecard', card, '--out', join(dir, 'out')]);
    expect(oneLine(r)).toBe(
      `strata: ${card}: not valid YAML: line 4, column 7: the tag !!js/function is not plain data; write the value without it`,
    );
  });

  it('JSON values of mixed types are read as their text, without quotes', () => {
    const dir = tempDir();
    const file = join(dir, 'mixed.json');
    writeFileSync(
      file,
      '[{"id":"a","t":"gold","x":1},{"id":"b","t":5,"x":2},{"id":"c","t":"silver","x":3},{"id":"d","t":null,"x":4}]',
    );
    const r = cli(['describe', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout).columns.find((c: { name: string }) => c.name === 't');
    expect(t.missing).toBe(1);
    expect(JSON.stringify(t)).toContain('"gold"');
    expect(JSON.stringify(t)).not.toContain('\\"gold\\"');
  });

  it('a feature with no value in a predict batch is numbers, all missing, with a warning', () => {
    const dir = tempDir();
    const out = join(dir, 'm');
    expect(cli(['cluster', 'data/customers.csv', '--k', '3', '--out', out, '--no-report']).code).toBe(0);
    const rows = readFileSync('data/customers.csv', 'utf8').trim().split('\n').slice(0, 21);
    const at = rows[0].split(',').indexOf('sales_12m');
    const batch = join(dir, 'batch.csv');
    writeFileSync(
      batch,
      `${rows
        .map((l, i) =>
          i === 0
            ? l
            : l
                .split(',')
                .map((v, j) => (j === at ? '' : v))
                .join(','),
        )
        .join('\n')}\n`,
    );
    const r = cli(['predict', join(out, 'model.json'), batch, '--out', join(dir, 'p.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `Warning: sales_12m has no value in ${batch}: every customer gets the training median (or most frequent level) there, so it does not tell them apart`,
    );
    expect(readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n')).toHaveLength(21);
  });
});

describe('low: the workbench folder', () => {
  it('a second workbench on the same folder, or a damaged decision log: one line, exit 1', async () => {
    const dir = tempDir();
    const { child } = await spawnServe(dir);
    try {
      const second = cli(['serve', dir, '--port', '0']);
      expect(second.code, second.stderr).toBe(1);
      expect(second.stderr.trim()).toMatch(
        /^strata: .*decisions\.duckdb: another workbench \(process \d+\) has this folder open; stop it first, or serve another folder$/,
      );
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.on('exit', done));
    }
    writeFileSync(join(dir, '.strata', 'decisions.duckdb'), 'not a database');
    const damaged = cli(['serve', dir, '--port', '0']);
    expect(damaged.code, damaged.stderr).toBe(1);
    expect(damaged.stderr.trim()).toMatch(
      /decisions\.duckdb: the decision log is damaged \(not a DuckDB database\)/,
    );
  });
});

describe('names say where they come from (#31)', () => {
  it('each generated name lists its words and traits; a given name has none; k = 2 is no edge to widen', () => {
    const dir = tempDir();
    const names = join(dir, 'names.csv');
    writeFileSync(names, 'cluster,name\n0,Our best\n');
    const r = cli([
      'cluster',
      'data/customers.csv',
      '--k',
      '4',
      '--names',
      names,
      '--out',
      join(dir, 'o'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.clusters[0].segment).toBe('Our best');
    expect(s.clusters[0].nameFrom).toBeUndefined();
    for (const c of s.clusters.slice(1)) {
      expect(c.nameFrom.length).toBeGreaterThan(0);
      // Every word of the name is explained by a trait of a named column.
      for (const line of c.nameFrom) expect(line).toMatch(/^[\w -]+: (high|low) \w+ \([+-]\d+\.\d sd\)$/);
    }
    expect(readFileSync(join(dir, 'o', 'report.html'), 'utf8')).toContain('name from');
    const scan = cli([
      'cluster',
      'data/customers.csv',
      '--k',
      'auto',
      '--k-range',
      '2-3',
      '--out',
      join(dir, 'a'),
      '--no-report',
      '--json',
    ]);
    const a = JSON.parse(scan.stdout);
    const edge = a.warnings.filter((w: { code: string }) => w.code === 'k-at-range-edge');
    if (a.k === 2) expect(edge).toEqual([]);
    else expect(edge[0].message).toContain('a range reaching higher (k from 2 to 6)');
  });
});

describe('grade → classify → compare without a join (#31)', () => {
  it('grade --with-data writes every column and the tier; classify and compare read it as it is', () => {
    const dir = tempDir();
    const g = cli([
      'grade',
      'data/customers.csv',
      '--scorecard',
      'data/scorecards/sample-tier.yaml',
      '--with-data',
      '--out',
      join(dir, 'g'),
      '--json',
    ]);
    expect(g.code, g.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'g', 'graded-data.csv'), 'utf8')
      .trim()
      .split('\n');
    const input = readFileSync('data/customers.csv', 'utf8').trim().split('\n');
    expect(lines).toHaveLength(input.length);
    // The data exactly as written, then the tier of the card.
    expect(lines.map((l, i) => l.slice(0, input[i].length))).toEqual(input);
    expect(lines[0].endsWith(',tier')).toBe(true);
    const tiers = readFileSync(join(dir, 'g', 'grades.csv'), 'utf8')
      .trim()
      .split('\n');
    const tierAt = tiers[0].split(',').indexOf('tier');
    expect(lines.slice(1).map((l) => l.split(',').pop())).toEqual(
      tiers.slice(1).map((l) => l.split(',')[tierAt]),
    );
    const c = cli([
      'classify',
      join(dir, 'g', 'graded-data.csv'),
      '--label',
      'tier',
      '--exclude',
      'assigned_tier',
      '--out',
      join(dir, 'c'),
      '--no-report',
      '--json',
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).cv.accuracy).toBeGreaterThan(0.8);
    const cmp = cli([
      'compare',
      join(dir, 'g', 'graded-data.csv'),
      '--assigned',
      'tier',
      '--model',
      join(dir, 'c', 'model.json'),
      '--out',
      join(dir, 'cmp'),
      '--no-report',
      '--json',
    ]);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(JSON.parse(cmp.stdout).customers).toBe(input.length - 1);
  });
});

describe('categorical-only clustering (#31)', () => {
  it("the report shows each segment's category mix and lift, and no empty means table or heatmap", () => {
    const dir = tempDir();
    const file = join(dir, 'survey.csv');
    const lines = ['id,home,sex,area'];
    for (let i = 0; i < 300; i++) {
      const g = i % 3;
      const pick = (levels: string[]) => levels[(g + (i % 7 === 0 ? 1 : 0)) % levels.length];
      lines.push(
        `r${i},${pick(['Own', 'Rent', 'Family'])},${pick(['F', 'M', 'F'])},${pick(['North', 'South', 'East'])}`,
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const r = cli([
      'cluster',
      file,
      '--k',
      '3',
      '--method',
      'kmedoids',
      '--features',
      'home,sex,area',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(
      'Category mix: each segment&#39;s 5 most common levels of each categorical feature',
    );
    expect(html).not.toContain('Segment means (original units)');
    const profiles = JSON.parse(readFileSync(join(out, 'profiles.json'), 'utf8'));
    const own = profiles.clusters
      .flatMap(
        (c: {
          categorical: { column: string; levels: { level: string; lift: number; share: number }[] }[];
        }) => c.categorical,
      )
      .filter((m: { column: string }) => m.column === 'home')
      .flatMap((m: { levels: { level: string; lift: number; share: number }[] }) => m.levels)
      .filter((l: { level: string; share: number }) => l.level === 'Own' && l.share > 0.5);
    expect(own.length).toBeGreaterThan(0);
    // The lift in the table is the profile's: share in the segment over the share of all.
    expect(html).toMatch(
      new RegExp(`Own</td><td[^>]*>[\\d.]+%</td><td[^>]*>[\\d.]+%</td><td[^>]*>${own[0].lift.toFixed(2)}×`),
    );
  });
});
