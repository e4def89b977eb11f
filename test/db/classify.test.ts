import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyDatabase, hashFold, hashFoldSql } from '../../src/db/classify-database.js';
import { connect } from '../../src/db/connect.js';
import { cli, listFiles, ROOT, tempDir } from '../helpers.js';
import { expectInProcess, inProcessCv } from './setup.js';

const demo = join(ROOT, 'data', 'customers.csv');
const numeric = ['sales_12m', 'order_count_12m', 'margin_pct', 'days_since_last_order', 'payment_delay_days'];
const categorical = ['region', 'ownership'];

describe('a decision tree learned inside DuckDB (classifyDatabase)', () => {
  let path: string;
  beforeAll(async () => {
    path = join(tempDir(), 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(path);
    const con = await instance.connect();
    await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${demo}', header = true)`);
    con.closeSync();
    instance.closeSync();
  });

  it('folds from a hash of the id: the same in DuckDB as in JavaScript', async () => {
    const db = await connect(`duckdb:${path}`);
    try {
      const rows = await db.rows(
        `SELECT CAST(customer_id AS VARCHAR), ${hashFoldSql('customer_id', 5, 'duckdb')} FROM customers`,
      );
      expect(rows).toHaveLength(5000);
      const sizes = [0, 0, 0, 0, 0];
      for (const [id, f] of rows) {
        expect(Number(f), String(id)).toBe(hashFold(String(id), 5));
        sizes[Number(f)]++;
      }
      // A hash spreads the customers evenly: every fold holds about a fifth.
      for (const s of sizes) expect(Math.abs(s - 1000)).toBeLessThan(100);
    } finally {
      await db.close();
    }
  });

  it('cross-validates and trains as in-process with the same folds and bins: same trees, confusion and log loss', async () => {
    const db = await connect(`duckdb:${path}`);
    let run: Awaited<ReturnType<typeof classifyDatabase>>;
    try {
      run = await classifyDatabase(db, {
        table: 'customers',
        label: 'assigned_tier',
        id: 'customer_id',
        features: [...numeric, ...categorical],
        maxDepth: 4,
        minSamplesLeaf: 20,
        // Every customer in the sample, so the bins are those of all rows, as in-process.
        sample: 5000,
      });
    } finally {
      await db.close();
    }
    expectInProcess(run, await inProcessCv(demo, [...numeric, ...categorical]));
    expect(run.rows).toBe(5000);
    expect(run.rules.length).toBeGreaterThan(3);
    expect(run.rules.reduce((a, r) => a + r.customers, 0)).toBe(5000);
    expect(run.cv.pooled.accuracy).toBeGreaterThan(0.6);
  });

  it('strata classify --db: the summary says where it trained, the model predicts a file and the table', () => {
    const out = join(tempDir(), 'run');
    const r = cli([
      'classify',
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--label',
      'assigned_tier',
      '--out',
      out,
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      database: { rows: number; sampleRows: number; levels: number; source: string };
      tree: { depth: number };
      cv: { folds: number; accuracy: number };
      rules: { customers: number }[];
    };
    expect(s.database).toMatchObject({ rows: 5000, sampleRows: 5000, source: `duckdb:${path} customers` });
    expect(s.tree.depth).toBe(5);
    expect(s.database.levels).toBe(6);
    expect(s.cv.folds).toBe(5);
    expect(s.rules.reduce((a, x) => a + x.customers, 0)).toBe(5000);
    expect(listFiles(out)).toEqual(expect.arrayContaining(['model.json', 'rules.txt', 'importance.csv']));
    const p = cli(['predict', join(out, 'model.json'), demo]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.trim().split('\n')).toHaveLength(5001);
    const both = cli([
      'classify',
      demo,
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--label',
      'assigned_tier',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give a file, or --db/);
  });

  it('strata classify --db --scratch: bins once into the schema, the same tree and scores, no table left', async () => {
    const dir = tempDir();
    const args = ['classify', '--db', `duckdb:${path}`, '--table', 'customers', '--label', 'assigned_tier'];
    const more = ['--max-depth', '4', '--min-leaf', '20', '--sample', '5000', '--no-report', '--json'];
    const plain = cli([...args, ...more, '--out', join(dir, 'plain')]);
    const binned = cli([...args, ...more, '--scratch', 'main', '--out', join(dir, 'binned')]);
    expect(binned.code, binned.stderr).toBe(0);
    type S = { database: { scratch: { schema: string; seconds: number } | null; secondsPerLevel: number } };
    const a = JSON.parse(plain.stdout) as S & Record<string, unknown>;
    const b = JSON.parse(binned.stdout) as S & Record<string, unknown>;
    expect(a.database.scratch).toBeNull();
    expect(b.database.scratch?.schema).toBe('main');
    expect(b.database.scratch?.seconds).toBeGreaterThan(0);
    const same = (s: S & Record<string, unknown>) => {
      const { database: _d, ...rest } = s;
      return rest;
    };
    expect(same(b)).toEqual(same(a));
    const rules = (d: string) => readFileSync(join(dir, d, 'rules.txt'), 'utf8');
    expect(rules('binned')).toBe(rules('plain'));
    const db = await connect(`duckdb:${path}`);
    try {
      const left = await db.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'strata_bins%'",
      );
      expect(left).toEqual([]);
    } finally {
      await db.close();
    }
    const missing = cli([...args, '--scratch', 'nowhere', '--out', join(dir, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      `strata: duckdb:${path}: scratch schema "nowhere" not found: create it, or train without a scratch schema`,
    );
  });

  it('refuses what needs the rows in one line, naming the option', async () => {
    const db = await connect(`duckdb:${path}`);
    try {
      await expect(
        classifyDatabase(db, { table: 'customers', label: 'assigned_tier', importance: 'permutation' }),
      ).rejects.toThrow(/importance.*impurity or none/);
      await expect(
        classifyDatabase(db, { table: 'customers', label: 'assigned_tier', id: 'nope' }),
      ).rejects.toThrow(/nope/);
    } finally {
      await db.close();
    }
  });
});
