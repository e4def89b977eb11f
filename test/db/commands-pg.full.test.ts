import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cli, peer, ROOT, shared, suite, tempDir } from '../helpers.js';

const PG = { PGHOST: '127.0.0.1', PGUSER: 'postgres', PGPASSWORD: 'strata', PGDATABASE: 'strata_test' };
const psql = (args: string[]) =>
  spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', '-p', '5432', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...PG },
  });
const hasServer = peer(
  () => psql(['-tAc', 'SELECT 1']).stdout.trim() === '1',
  'PostgreSQL on 127.0.0.1:5432',
);

const run = (args: string[]) => cli(args, { env: { PGPASSWORD: 'strata' } });
const demo = join(ROOT, 'data', 'customers.csv');
const transactions = join(ROOT, 'data', 'transactions.csv');
const URL = 'postgres://postgres@127.0.0.1:5432/strata_test';

suite('describe, pareto and rfm --db postgres:// (typed tables)', hasServer, () => {
  beforeAll(() => {
    const r = psql([
      '-c',
      'DROP TABLE IF EXISTS cmd_customers, cmd_tx',
      '-c',
      `CREATE TABLE cmd_customers (customer_id TEXT, industry TEXT, region TEXT, ownership TEXT, total_assets DOUBLE PRECISION, annual_revenue DOUBLE PRECISION, sales_12m DOUBLE PRECISION, order_count_12m INTEGER, margin_pct DOUBLE PRECISION, sales_growth_pct DOUBLE PRECISION, days_since_last_order INTEGER, payment_delay_days INTEGER, credit_score INTEGER, tenure_years DOUBLE PRECISION, assigned_tier TEXT)`,
      '-c',
      `\\copy cmd_customers FROM '${demo}' WITH (FORMAT csv, HEADER true, NULL '')`,
      '-c',
      'CREATE TABLE cmd_tx (customer_id TEXT, invoice_id TEXT, invoice_date DATE, amount DOUBLE PRECISION)',
      '-c',
      `\\copy cmd_tx FROM '${transactions}' WITH (FORMAT csv, HEADER true, NULL '')`,
    ]);
    expect(r.status, r.stderr).toBe(0);
  });

  const same = (dir: string, csv: string) => {
    const read = (d: string) => {
      const { input: _i, ...s } = JSON.parse(readFileSync(join(dir, d, 'summary.json'), 'utf8'));
      return s;
    };
    expect(read('db')).toEqual(read('file'));
    expect(readFileSync(join(dir, 'db', csv), 'utf8')).toBe(readFileSync(join(dir, 'file', csv), 'utf8'));
  };

  it('describe: the same columns as the file', () => {
    const there = run(['describe', '--db', URL, '--table', 'cmd_customers', '--json']);
    expect(there.code, there.stderr).toBe(0);
    const here = cli(['describe', demo, '--json']);
    expect(JSON.parse(there.stdout).columns).toEqual(JSON.parse(here.stdout).columns);
  });

  it('pareto and rfm: the same summaries and per-customer files as from the files', () => {
    const dir = tempDir();
    const p = ['--value', 'sales_12m', '--no-report'];
    expect(
      run(['pareto', '--db', URL, '--table', 'cmd_customers', ...p, '--out', join(dir, 'p', 'db')]).code,
    ).toBe(0);
    expect(cli(['pareto', demo, ...p, '--out', join(dir, 'p', 'file')]).code).toBe(0);
    same(join(dir, 'p'), 'pareto.csv');
    const f = [
      '--customer',
      'customer_id',
      '--date',
      'invoice_date',
      '--amount',
      'amount',
      '--invoice',
      'invoice_id',
      '--no-report',
    ];
    const db = run(['rfm', '--db', URL, '--table', 'cmd_tx', ...f, '--out', join(dir, 'r', 'db')]);
    expect(db.code, db.stderr).toBe(0);
    expect(cli(['rfm', transactions, ...f, '--out', join(dir, 'r', 'file')]).code).toBe(0);
    same(join(dir, 'r'), 'rfm.csv');
  });
});

const mall = shared('mall_customers/Mall_Customers.csv');

suite(
  'classify --db: the same rules, thresholds included, in every engine (Mall Customers)',
  hasServer && !!mall,
  () => {
    it('a depth-3 histogram tree reads the same in-process, in DuckDB and in PostgreSQL', async () => {
      const file = mall!;
      const dir = tempDir();
      const r = psql([
        '-c',
        'DROP TABLE IF EXISTS cmd_mall',
        '-c',
        'CREATE TABLE cmd_mall ("CustomerID" TEXT, "Gender" TEXT, "Age" INTEGER, "Annual Income (k$)" INTEGER, "Spending Score (1-100)" INTEGER)',
        '-c',
        `\\copy cmd_mall FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      ]);
      expect(r.status, r.stderr).toBe(0);
      const duck = join(dir, 'mall.duckdb');
      const { duckdbApi } = await import('../../src/data/duck.js');
      const instance = await duckdbApi.DuckDBInstance.create(duck);
      const con = await instance.connect();
      await con.run(
        `CREATE TABLE cmd_mall AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true)`,
      );
      con.closeSync();
      instance.closeSync();
      const tree = ['--label', 'Gender', '--max-depth', '3', '--seed', '1', '--no-report'];
      const rulesOf = (out: string, args: string[]) => {
        const res = run([...args, ...tree, '--out', join(dir, out)]);
        expect(res.code, res.stderr).toBe(0);
        return readFileSync(join(dir, out, 'rules.txt'), 'utf8');
      };
      const here = rulesOf('file', ['classify', file, '--splitter', 'histogram']);
      const db = ['--table', 'cmd_mall', '--id', 'CustomerID'];
      const inDuck = rulesOf('duck', ['classify', '--db', `duckdb:${duck}`, ...db]);
      const inPg = rulesOf('pg', ['classify', '--db', URL, ...db]);
      expect(psql(['-c', 'CREATE SCHEMA IF NOT EXISTS strata_work']).status).toBe(0);
      const binned = rulesOf('pg-binned', ['classify', '--db', URL, ...db, '--scratch', 'strata_work']);
      // A threshold halfway between two scores, as the in-process splitter places it.
      expect(here).toContain('Spending Score (1-100) > 15.5');
      expect(inDuck).toBe(here);
      expect(inPg).toBe(here);
      expect(binned).toBe(here);
    });
  },
);
