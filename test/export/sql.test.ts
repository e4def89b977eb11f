import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterTable } from '../../src/cluster/cluster-table.js';
import { predictClusters } from '../../src/cluster/predict-clusters.js';
import { exec, queryRows } from '../../src/data/duck.js';
import { load } from '../../src/data/load.js';
import { exportSql } from '../../src/export/sql.js';
import { cli, tempDir } from '../helpers.js';

describe('export: bad input', () => {
  const dir = tempDir();
  const model = join(dir, 'm', 'model.json');
  const trained = cli([
    'classify',
    'data/customers.csv',
    '--label',
    'assigned_tier',
    '--max-depth',
    '3',
    '--out',
    join(dir, 'm'),
  ]);
  const cases: [string, string[], number, RegExp][] = [
    ['an unknown format', ['--to', 'excel'], 2, /--to excel: expected one of sql, pmml/],
    [
      'an unsupported dialect',
      ['--to', 'sql', '--dialect', 'oracle'],
      2,
      /--dialect oracle: expected one of duckdb, postgres, ansi/,
    ],
    [
      'a table name that is not a plain identifier',
      ['--to', 'sql', '--table', 'customers; DROP TABLE customers'],
      2,
      /--table must be a plain table name: letters, digits and _, optionally schema.table \(got "customers; DROP TABLE customers"\)/,
    ],
  ];
  for (const [name, args, code, message] of cases) {
    it(name, () => {
      expect(trained.code, trained.stderr).toBe(0);
      const r = cli(['export', model, ...args]);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }

  it('a model of an unknown version or kind', () => {
    const m = JSON.parse(spawnSync('cat', [model], { encoding: 'utf8' }).stdout);
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ ...m, version: 7 }));
    expect(cli(['export', future, '--to', 'sql']).stderr).toMatch(/version 7 needs a newer Strata/);
    const kind = join(dir, 'kind.json');
    writeFileSync(kind, JSON.stringify({ ...m, kind: 'svm' }));
    const r = cli(['export', kind, '--to', 'pmml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown model kind "svm"/);
  });

  it('quotes hostile column names and category values in the SQL it writes', async () => {
    const evil = 'we"ird; DROP TABLE x; --';
    const rows = Array.from({ length: 60 }, (_, i) => ({
      [evil]: i % 10,
      "kind'); --": i % 3 ? "a'b" : 'c',
      spend: i,
    }));
    const t = await load(rows);
    const m = clusterTable(t, { k: 2, seed: 1, features: [evil, "kind'); --", 'spend'] }).model;
    const sql = exportSql(m, { dialect: 'duckdb', table: 'hostile' });
    expect(sql).toContain('"we""ird; DROP TABLE x; --"');
    expect(sql).toContain("'a''b'");
    await exec(
      `CREATE OR REPLACE TABLE hostile ("we""ird; DROP TABLE x; --" DOUBLE, "kind'); --" VARCHAR, spend DOUBLE)`,
    );
    for (const r of rows)
      await exec(
        `INSERT INTO hostile VALUES (${r[evil]}, '${String(r["kind'); --"]).replace(/'/g, "''")}', ${r.spend})`,
      );
    const out = await queryRows(`SELECT cluster FROM (${sql}) AS s`);
    const p = predictClusters(m, t);
    expect(out.map((r) => Number(r[0]))).toEqual(Array.from(p.cluster));
  });
});
