import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { clusterDatabase } from '../../src/db/cluster-database.js';
import { connect } from '../../src/db/connect.js';
import { describeDatabase } from '../../src/db/describe-database.js';
import { describe as describeTable } from '../../src/results/describe.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const demo = join(ROOT, 'data', 'customers.csv');
const transactions = join(ROOT, 'data', 'transactions.csv');

describe('describe, pareto and rfm --db (DuckDB)', () => {
  let path: string;
  beforeAll(async () => {
    path = join(tempDir(), 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(path);
    const con = await instance.connect();
    await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${demo}', header = true)`);
    // One unreadable amount among 5,000, in a text column: a sample of 50 does not see it.
    await con.run(
      `CREATE TABLE typo AS SELECT * REPLACE (CASE WHEN customer_id = 'C04321' THEN 'n/a?' ELSE CAST(sales_12m AS VARCHAR) END AS sales_12m) FROM customers`,
    );
    await con.run(`CREATE TABLE tx AS SELECT * FROM read_csv('${transactions}', header = true)`);
    con.closeSync();
    instance.closeSync();
  });

  it('gives the same columns as describing the file: types, roles, missing, distinct, ranges, top levels', async () => {
    const db = await connect(`duckdb:${path}`);
    try {
      const there = await describeDatabase(db, { table: 'customers' });
      const here = describeTable(await load(demo));
      expect(there.columns).toEqual(here.columns);
      expect(there.input).toEqual({ file: `duckdb:${path} customers`, rows: 5000 });
    } finally {
      await db.close();
    }
    const r = cli([
      'describe',
      '--db',
      `duckdb:${path}`,
      '--query',
      "SELECT * FROM customers WHERE region = 'North'",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/query: 1,038 rows, 15 columns/);
  });

  it('pareto --db: the same summary and classes as the file, read in id order', () => {
    const dir = tempDir();
    const there = cli([
      'pareto',
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--value',
      'sales_12m',
      '--out',
      join(dir, 'db'),
    ]);
    expect(there.code, there.stderr).toBe(0);
    const here = cli(['pareto', demo, '--value', 'sales_12m', '--out', join(dir, 'file')]);
    expect(here.code, here.stderr).toBe(0);
    const summary = (d: string) => {
      const { input: _i, ...s } = JSON.parse(readFileSync(join(dir, d, 'summary.json'), 'utf8'));
      return s;
    };
    expect(summary('db')).toEqual(summary('file'));
    expect(readFileSync(join(dir, 'db', 'pareto.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'file', 'pareto.csv'), 'utf8'),
    );
  });

  it('rfm --db: totals per customer computed in the database, scored as the file is: the same rfm.csv and summary', () => {
    const dir = tempDir();
    const flags = [
      '--customer',
      'customer_id',
      '--date',
      'invoice_date',
      '--amount',
      'amount',
      '--invoice',
      'invoice_id',
    ];
    const there = cli([
      'rfm',
      '--db',
      `duckdb:${path}`,
      '--table',
      'tx',
      ...flags,
      '--out',
      join(dir, 'db'),
      '--no-report',
    ]);
    expect(there.code, there.stderr).toBe(0);
    const here = cli(['rfm', transactions, ...flags, '--out', join(dir, 'file'), '--no-report']);
    expect(here.code, here.stderr).toBe(0);
    const summary = (d: string) => {
      const { input, ...s } = JSON.parse(readFileSync(join(dir, d, 'summary.json'), 'utf8'));
      return { input, s };
    };
    expect(summary('db').s).toEqual(summary('file').s);
    expect(summary('db').input).toEqual({ file: `duckdb:${path} tx`, rows: 117130 });
    expect(readFileSync(join(dir, 'db', 'rfm.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'file', 'rfm.csv'), 'utf8'),
    );
    const missing = cli([
      'rfm',
      '--db',
      `duckdb:${path}`,
      '--table',
      'tx',
      ...flags.slice(0, 4),
      '--amount',
      'nope',
      '--out',
      join(dir, 'x'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`strata: duckdb:${path} tx: amount column "nope" not found`);
  });

  it('a column the database cannot read as its type: one line naming the database and the column', async () => {
    const db = await connect(`duckdb:${path}`);
    try {
      await expect(describeDatabase(db, { table: 'typo', sample: 50 })).rejects.toThrow(
        new RegExp(
          `^duckdb:${path}, column "sales_12m": cannot be read as the type its values suggest \\(.*n/a\\?`,
        ),
      );
      await expect(
        clusterDatabase(db, { table: 'typo', sample: 50, k: 3, features: ['sales_12m', 'margin_pct'] }),
      ).rejects.toThrow(/column "sales_12m": is not a number in every row of the database/);
    } finally {
      await db.close();
    }
  });
});
