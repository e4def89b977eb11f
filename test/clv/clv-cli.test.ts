/**
 * strata clv on the bundled purchase log (data/purchases.csv, drawn from BG/NBD and Gamma-Gamma with
 * known parameters): the parameters recovered, the holdout, clv.csv, scoring with predict (from a
 * file and inside DuckDB), the joins with segments and tiers, and the inputs it refuses.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { PURCHASES_TRUE } from '../../data/purchases.js';
import type { ClvSummary } from '../../src/results/clv.js';
import { cli, listFiles, ROOT, SAMPLE_CLV, tempDir } from '../helpers.js';

const PURCHASES = join(ROOT, 'data', 'purchases.csv');
const dir = tempDir('strata-clv-');
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

function run(args: string[], out: string): ClvSummary {
  const r = cli(['clv', ...args, '--out', out, '--json', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ClvSummary;
}

/** A CSV's rows as records of text. */
function csv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
}

describe('strata clv on a purchase log with known parameters', () => {
  let s: ClvSummary;
  const out = join(dir, 'holdout');
  beforeAll(() => {
    s = run([PURCHASES, ...SAMPLE_CLV, '--calibration-end', '2025-10-05'], out);
  });

  it('recovers the BG/NBD and Gamma-Gamma parameters it was drawn from', () => {
    expect(s.model.kind).toBe('bgnbd');
    expect(s.customers).toBe(3000);
    const se = s.model.standardErrors!;
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(s.model.params[k] - PURCHASES_TRUE[k]), k).toBeLessThan(3 * se[k]);
    // p and γ trade off against each other; the mean spend they imply, γp/(q−1), is what is pinned.
    const { p, q, gamma } = s.spend.params;
    const t = PURCHASES_TRUE;
    expect(rel((gamma * p) / (q - 1), (t.gamma * t.p) / (t.q - 1))).toBeLessThan(0.05);
    expect(Math.abs(s.spend.correlation)).toBeLessThan(0.3);
  });

  it('checks the model on the holdout, by frequency and against two naive baselines', () => {
    const h = s.holdout!;
    expect(h.periods).toBeCloseTo(39, 6);
    expect(rel(h.predicted, h.actual)).toBeLessThan(0.05);
    expect(h.byFrequency.map((b) => b.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(h.byFrequency.reduce((a, b) => a + b.customers, 0)).toBe(3000);
    expect(h.mae.model).toBeLessThan(h.mae.lastPeriod);
    expect(h.mae.model).toBeLessThan(h.mae.rate);
    expect(s.horizon).toEqual({ periods: 39, unit: 'week' });
    expect(s.discount).toEqual({ rate: 0, per: 'week' });
  });

  it('writes one line per customer in clv.csv, and the documents of the report', () => {
    const rows = csv(join(out, 'clv.csv'));
    expect(rows).toHaveLength(3000);
    expect(Object.keys(rows[0])).toEqual([
      'customer_id',
      'x',
      't_x',
      'T',
      'mean_value',
      'p_alive',
      'expected_purchases',
      'expected_spend',
      'clv',
      'holdout_purchases',
      'holdout_value',
    ]);
    const total = rows.reduce((a, r) => a + Number(r.clv), 0);
    expect(rel(total, s.totalClv)).toBeLessThan(1e-8);
    expect(Number(rows[0].clv)).toBeGreaterThanOrEqual(Number(rows[1].clv));
    for (const f of ['model.json', 'tracking.json', 'alive.json', 'distribution.json', 'report.html'])
      expect(listFiles(out), f).toContain(f);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
      'Lifetime value (BG/NBD and Gamma-Gamma)',
    );
  });

  it('scores customer summaries with the model file (strata predict)', () => {
    const r = cli([
      'predict',
      join(out, 'model.json'),
      join(out, 'clv.csv'),
      '--id',
      'customer_id',
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const scored = new Map(
      r.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .map((c) => [c[0], Number(c[4])]),
    );
    for (const row of csv(join(out, 'clv.csv')).slice(0, 500))
      expect(rel(scored.get(row.customer_id)!, Number(row.clv)), row.customer_id).toBeLessThan(1e-7);
  });

  it('gives the same model and values with Pareto/NBD refused nowhere, and same inputs the same bytes', () => {
    const again = run([PURCHASES, ...SAMPLE_CLV, '--calibration-end', '2025-10-05'], join(dir, 'again'));
    expect(JSON.stringify({ ...again, version: '' })).toBe(JSON.stringify({ ...s, version: '' }));
    expect(readFileSync(join(dir, 'again', 'clv.csv'), 'utf8')).toBe(
      readFileSync(join(out, 'clv.csv'), 'utf8'),
    );
    const p = run(
      [PURCHASES, ...SAMPLE_CLV, '--calibration-end', '2025-10-05', '--model', 'pnbd'],
      join(dir, 'pnbd'),
    );
    expect(Object.keys(p.model.params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(rel(p.holdout!.predicted, p.holdout!.actual)).toBeLessThan(0.1);
  });
});

describe('discounting, margin and the horizon', () => {
  it('a discount lowers the CLV, a margin scales it, and the horizon is in the unit named', () => {
    const base = run([PURCHASES, ...SAMPLE_CLV, '--horizon', '52'], join(dir, 'h0'));
    const disc = run(
      [PURCHASES, ...SAMPLE_CLV, '--horizon', '52', '--discount', '0.01', '--margin', '0.3'],
      join(dir, 'h1'),
    );
    const months = run([PURCHASES, ...SAMPLE_CLV, '--unit', 'month', '--horizon', '12'], join(dir, 'h2'));
    expect(base.horizon).toEqual({ periods: 52, unit: 'week' });
    expect(disc.totalClv).toBeLessThan(0.3 * base.totalClv);
    expect(disc.totalClv).toBeGreaterThan(0.2 * base.totalClv);
    expect(disc.discount).toEqual({ rate: 0.01, per: 'week' });
    // Twelve months are about 52 weeks: the same customers' value over the same span, in another unit.
    expect(rel(months.totalClv, base.totalClv)).toBeLessThan(0.03);
    expect(months.model.params.alpha).toBeLessThan(base.model.params.alpha);
  });
});

describe('clv --db and predict --db inside DuckDB', () => {
  let db: string;
  beforeAll(async () => {
    db = join(dir, 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(db);
    const con = await instance.connect();
    await con.run(
      `CREATE TABLE purchases AS SELECT * FROM read_csv('${PURCHASES}', header = true, columns = {'customer_id': 'VARCHAR', 'order_date': 'DATE', 'value': 'DOUBLE'})`,
    );
    con.closeSync();
    instance.closeSync();
  });

  it('fits the same model from the same customers, only triples and totals leaving the database', () => {
    const file = run([PURCHASES, ...SAMPLE_CLV], join(dir, 'file'));
    const there = run(['--db', `duckdb:${db}`, '--table', 'purchases', ...SAMPLE_CLV], join(dir, 'db'));
    for (const k of Object.keys(file.model.params))
      expect(rel(there.model.params[k], file.model.params[k])).toBeLessThan(1e-9);
    expect(rel(there.totalClv, file.totalClv)).toBeLessThan(1e-9);
    expect(there.customers).toBe(file.customers);
    expect(listFiles(join(dir, 'db'))).not.toContain('clv.csv');
  });

  it('writes every customer’s CLV into a new table, equal to clv.csv', async () => {
    const model = join(dir, 'file', 'model.json');
    const r = cli(['predict', model, '--db', `duckdb:${db}`, '--table', 'purchases', '--into', 'scores']);
    expect(r.code, r.stderr).toBe(0);
    const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    const con = await instance.connect();
    const rows = (await con.runAndReadAll('SELECT customer_id, p_alive, clv, "T" FROM scores')).getRowsJS();
    con.closeSync();
    instance.closeSync();
    const inFile = new Map(csv(join(dir, 'file', 'clv.csv')).map((row) => [row.customer_id, row]));
    expect(rows).toHaveLength(3000);
    for (const [id, alive, value, T] of rows) {
      const f = inFile.get(String(id))!;
      // clv.csv holds ten significant digits.
      expect(rel(Number(value), Number(f.clv))).toBeLessThan(1e-9);
      expect(rel(Number(alive), Number(f.p_alive))).toBeLessThan(1e-9);
      expect(rel(Number(T), Number(f.T))).toBeLessThan(1e-9);
    }
  });
});

describe('CLV by segment and tier, and the customers whose tier is low for their CLV', () => {
  it('joins assignments and grades by the customer id', () => {
    const rows = csv(join(dir, 'holdout', 'clv.csv'));
    // Segments by first letter of the id's last digit; tiers set by x alone (A for the most frequent).
    const seg = join(dir, 'assignments.csv');
    writeFileSync(
      seg,
      `customer_id,cluster,segment,distance\n${rows.map((r, i) => `${r.customer_id},${i % 3},S${i % 3},0`).join('\n')}\n`,
    );
    const grades = join(dir, 'grades.csv');
    writeFileSync(
      grades,
      `customer_id,score,tier\n${rows.map((r) => `${r.customer_id},${r.x},${Number(r.x) >= 4 ? 'A' : Number(r.x) >= 1 ? 'B' : 'C'}`).join('\n')}\n`,
    );
    const s = run(
      [PURCHASES, ...SAMPLE_CLV, '--calibration-end', '2025-10-05', '--segments', seg, '--tiers', grades],
      join(dir, 'joined'),
    );
    expect(s.segments!.map((g) => g.segment).sort()).toEqual(['S0', 'S1', 'S2']);
    expect(s.segments!.reduce((a, g) => a + g.customers, 0)).toBe(3000);
    expect(s.tiers!.map((t) => t.tier)).toEqual(['A', 'B', 'C']);
    expect(s.tiers![0].meanClv).toBeGreaterThan(s.tiers![2].meanClv);
    expect(s.tierGaps).toBeGreaterThan(0);
    const review = csv(join(dir, 'joined', 'review.csv'));
    expect(review.length).toBe(Math.min(200, s.tierGaps!));
    expect(review.every((r) => r.clv_tier < r.tier)).toBe(true);
    expect(Number(review[0].clv)).toBeGreaterThanOrEqual(Number(review[review.length - 1].clv));
  });
});

describe('grade by lifetime value', () => {
  it('joins clv.csv by the id as a column clv, which a card tiers by', () => {
    run([PURCHASES, ...SAMPLE_CLV], join(dir, 'for-grade'));
    const rows = csv(join(dir, 'for-grade', 'clv.csv'));
    const people = join(dir, 'people.csv');
    writeFileSync(people, `customer_id,x\n${rows.map((r) => `${r.customer_id},${r.x}`).join('\n')}\n`);
    const card = join(ROOT, 'data', 'scorecards', 'clv-tiers.yaml');
    const clvDir = join(dir, 'for-grade');
    const grade = (out: string) =>
      cli([
        'grade',
        people,
        '--id',
        'customer_id',
        '--scorecard',
        card,
        '--clv',
        clvDir,
        '--out',
        out,
        '--json',
        '--quiet',
      ]);
    const r = grade(join(dir, 'graded'));
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    const expected = { A: 0, B: 0, C: 0 };
    for (const row of rows) expected[Number(row.clv) >= 200 ? 'A' : Number(row.clv) >= 40 ? 'B' : 'C']++;
    expect(s.tiers.map((t: { customers: number }) => t.customers)).toEqual([
      expected.A,
      expected.B,
      expected.C,
    ]);
    expect(s.parameters.clv).toBe(clvDir);
    // A customer clv.csv does not hold has no value to tier by: refused, naming the row.
    writeFileSync(people, 'customer_id,x\nP00001,1\nP99999,0\n');
    const missing = grade(join(dir, 'graded2'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/row 2, column "clv": missing value/);
  });
});

describe('inputs it refuses in one line, writing nothing', () => {
  const cases: [string, string, string[], number, RegExp][] = [
    [
      'one purchase each',
      'c,d,v\na,2025-01-01,5\nb,2025-02-01,7\nc,2025-03-01,9\n',
      [],
      1,
      /no customer bought again/,
    ],
    [
      'all on one day',
      'c,d,v\na,2025-01-01,5\na,2025-01-01,6\nb,2025-01-01,7\n',
      [],
      1,
      /every purchase is on one day/,
    ],
    ['negative amounts only', 'c,d,v\na,2025-01-01,-5\na,2025-02-01,-6\n', [], 1, /no transactions left/],
    [
      'dates that do not parse',
      'c,d,v\na,yesterday,5\na,last week,6\nb,tomorrow,7\n',
      [],
      1,
      /unreadable dates/,
    ],
    [
      'calibration before the first',
      'c,d,v\na,2025-01-01,5\na,2025-02-01,6\n',
      ['--calibration-end', '2024-12-01'],
      1,
      /before the first purchase/,
    ],
    [
      'calibration after the last',
      'c,d,v\na,2025-01-01,5\na,2025-02-01,6\n',
      ['--calibration-end', '2025-03-01'],
      1,
      /no holdout/,
    ],
    ['a horizon of 0', 'c,d,v\na,2025-01-01,5\n', ['--horizon', '0'], 2, /--horizon must be an integer ≥ 1/],
    [
      'a discount of 1',
      'c,d,v\na,2025-01-01,5\n',
      ['--discount', '1'],
      2,
      /--discount must be a number ≥ 0 and < 1/,
    ],
  ];
  for (const [name, text, extra, code, message] of cases)
    it(name, () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
      writeFileSync(file, text);
      const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
      const r = cli([
        'clv',
        file,
        '--customer',
        'c',
        '--date',
        'd',
        '--amount',
        'v',
        ...extra,
        '--out',
        out,
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
});
