import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, listFiles, ROOT, tempDir } from '../helpers.js';

const demo = join(ROOT, 'data', 'customers.csv');

describe('strata cluster --db (DuckDB database file)', () => {
  const dir = tempDir();
  const path = join(dir, 'warehouse.duckdb');
  beforeAll(async () => {
    const instance = await DuckDBInstance.create(path);
    const con = await instance.connect();
    await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${demo}', header = true)`);
    await con.run(
      `CREATE SCHEMA crm; CREATE TABLE crm."odd ""name""" AS SELECT * FROM customers WHERE region = 'North'`,
    );
    con.closeSync();
    instance.closeSync();
  });

  it('trains in the database: sizes count every customer, the sample profiles them, a model that predicts', () => {
    const out = join(dir, 'run');
    const r = cli([
      'cluster',
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--k',
      '5',
      '--log',
      'auto',
      '--sample',
      '3000',
      '--out',
      out,
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      database: {
        rows: number;
        sampleRows: number;
        iterations: number;
        source: string;
        phases: Record<string, number | number[]>;
      };
      clusters: { customers: number }[];
    };
    expect(s.database.rows).toBe(5000);
    // Where the time went: every phase, and one time per Lloyd pass (the last assigns to the final centres).
    expect(Object.keys(s.database.phases)).toEqual(['sample', 'recipe', 'seeding', 'passes', 'profiles']);
    expect(s.database.phases.passes).toHaveLength(s.database.iterations + 1);
    expect(s.database.sampleRows).toBe(3000);
    expect(s.database.iterations).toBeGreaterThan(0);
    expect(s.database.source).toBe(`duckdb:${path} customers`);
    expect(s.clusters.reduce((a, c) => a + c.customers, 0)).toBe(5000);
    expect(listFiles(out)).not.toContain('assignments.csv');
    const p = cli(['predict', join(out, 'model.json'), demo]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.trim().split('\n')).toHaveLength(5001);
    // The database file is untouched: opened read-only.
    expect(readdirSync(dir).filter((f) => f.startsWith('warehouse'))).toEqual(['warehouse.duckdb']);
  });

  it('its rules name the segments as finally named (learned again after the passes relabel the sample)', () => {
    // k = 4 on a sample of 3,000: the passes over every customer move the centres enough to rename
    // a segment; rules learned before them named segments that no longer existed.
    const out = join(dir, 'renamed');
    const args = ['--db', `duckdb:${path}`, '--table', 'customers', '--k', '4', '--log', 'auto'];
    const r = cli(['cluster', ...args, '--sample', '3000', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { clusters: { segment: string; rules: string[] }[] };
    const rules = JSON.parse(readFileSync(join(out, 'rules.json'), 'utf8')) as {
      class: string;
      cluster: number;
    }[];
    expect(rules.length).toBeGreaterThan(1);
    const names = s.clusters.map((c) => c.segment);
    for (const rule of rules) expect(rule.class).toBe(names[rule.cluster]);
    for (const c of s.clusters) for (const text of c.rules) expect(text).toContain(`segment "${c.segment}"`);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
      state: { names: string[]; rules: { tree: { state: { classes: string[] } } } };
    };
    expect(new Set(model.state.rules.tree.state.classes)).toEqual(new Set(names));
    // The report's rules table counts the sample's customers, and says so.
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(
      'They were learned on a seeded sample of 3,000 customers, whose counts that table shows.',
    );
    const table = md.split('**Rules that assign a segment**')[1].split('\n\n')[1].split('\n').slice(2);
    expect(table).toHaveLength(rules.length);
    const counted = table.map((row) => Number(row.split(' | ')[2].replace(/,/g, '')));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(3000);
    for (const row of table) {
      const [segment, rule] = row.replace(/^\| /, '').split(' | ');
      expect(rule).toContain(`THEN segment "${segment}"`);
    }
  });

  it('reads a schema.table with any name, and a SELECT', () => {
    const a = cli([
      'cluster',
      '--db',
      `duckdb:${path}`,
      '--table',
      'crm.odd "name"',
      '--k',
      '3',
      '--out',
      join(dir, 'odd'),
      '--no-report',
      '--json',
    ]);
    expect(a.code, a.stderr).toBe(0);
    const b = cli([
      'cluster',
      '--db',
      `duckdb:${path}`,
      '--query',
      "SELECT * FROM customers WHERE region = 'North'",
      '--k',
      '3',
      '--out',
      join(dir, 'q'),
      '--no-report',
      '--json',
    ]);
    expect(b.code, b.stderr).toBe(0);
    const rows = (x: string) => (JSON.parse(x) as { database: { rows: number } }).database.rows;
    expect(rows(a.stdout)).toBe(rows(b.stdout));
  });

  it('bad input: one line naming the database and the table or query, nothing written', () => {
    const cases: [string[], RegExp][] = [
      [['--table', 'no_such_table'], /^strata: duckdb:.*warehouse\.duckdb: .*no_such_table/],
      [['--table', 'customers"; DROP TABLE customers; --'], /customers"; DROP TABLE customers; --/],
      [['--query', 'DELETE FROM customers'], /--query must be one SELECT/],
      [['--query', 'SELECT 1; DROP TABLE customers'], /--query must be one SELECT/],
      [['--table', 'customers', '--query', 'SELECT * FROM customers'], /--table or query: name exactly one/],
      [['--table', 'customers', '--features', 'no_column'], /column "no_column" not found/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, `bad-${listFiles(dir).length}`);
      const r = cli(['cluster', '--db', `duckdb:${path}`, ...args, '--k', '3', '--out', out]);
      expect(r.code, args.join(' ')).toBeGreaterThan(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(listFiles(out)).toEqual([]);
    }
    const missing = cli([
      'cluster',
      '--db',
      `duckdb:${join(dir, 'nope.duckdb')}`,
      '--table',
      't',
      '--out',
      join(dir, 'nope'),
    ]);
    expect(missing.code).toBeGreaterThan(0);
    expect(missing.stderr).toMatch(/nope\.duckdb: cannot open the database/);
    // The table is still there after the injection attempt.
    const again = cli([
      'cluster',
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--k',
      '2',
      '--out',
      join(dir, 'again'),
      '--no-report',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again', 'summary.json'), 'utf8')).toMatch(/"rows": 5000/);
  });

  it('predict --db … --into scores every customer in place, as predict on the file does', async () => {
    const out = join(dir, 'model');
    expect(cli(['cluster', demo, '--k', '4', '--log', 'auto', '--out', out, '--no-report']).code).toBe(0);
    const r = cli([
      'predict',
      join(out, 'model.json'),
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--into',
      'scored',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Wrote 5000 predictions to scored/);
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const con = await instance.connect();
    const rows = (
      await con.runAndReadAll('SELECT customer_id, cluster, segment FROM scored ORDER BY customer_id')
    ).getRowsJS();
    con.closeSync();
    instance.closeSync();
    const file = cli(['predict', join(out, 'model.json'), demo]);
    const expected = file.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join(','))
      .sort();
    expect(rows.map((x) => `${x[0]},${Number(x[1])}`)).toEqual(expected);
    const again = cli([
      'predict',
      join(out, 'model.json'),
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--into',
      'scored',
    ]);
    expect(again.code).toBeGreaterThan(0);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/scored.*already exists/i);
  });
});
