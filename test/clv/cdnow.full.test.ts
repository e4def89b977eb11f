/**
 * Paper parity on the CDNOW sample (Fader, Hardie & Lee 2005; 2,357 customers, weeks, calibration to
 * 1997-09-30, same-day purchases merged), each figure to its published precision; and the same run
 * inside PostgreSQL.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bgnbdExpected } from '../../src/clv/bgnbd.js';
import type { ClvSummary } from '../../src/results/clv.js';
import { cli, peer, shared, suite, tempDir } from '../helpers.js';

const sample = shared('cdnow/cdnow_sample_transactions.csv');
const dir = tempDir('strata-cdnow-');
const FLAGS = [
  '--customer',
  'customer_id',
  '--date',
  'date',
  '--amount',
  'sales',
  '--calibration-end',
  '1997-09-30',
];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
/** `v` written to `decimals` places, as the paper prints it. */
const printed = (v: number, decimals: number) => Number(v.toFixed(decimals));

function run(args: string[], out: string, env?: Record<string, string>): ClvSummary {
  const r = cli(['clv', ...args, '--out', out, '--json', '--quiet'], env ? { env } : {});
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ClvSummary;
}

suite('lifetime value on CDNOW: the published parameters', !!sample, () => {
  let bg: ClvSummary;
  let pn: ClvSummary;
  beforeAll(() => {
    bg = run([sample!, ...FLAGS], join(dir, 'bgnbd'));
    pn = run([sample!, ...FLAGS, '--model', 'pnbd'], join(dir, 'pnbd'));
  });

  it('BG/NBD: r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9,582.4', () => {
    expect(bg.customers).toBe(2357);
    const p = bg.model.params;
    expect([printed(p.r, 3), printed(p.alpha, 3), printed(p.a, 3), printed(p.b, 3)]).toEqual([
      0.243, 4.414, 0.793, 2.426,
    ]);
    expect(printed(bg.model.logLikelihood, 1)).toBe(-9582.4);
  });

  it('Pareto/NBD: r = 0.553, α = 10.578, s = 0.606, β = 11.669, log-likelihood −9,595.0', () => {
    const p = pn.model.params;
    expect([printed(p.r, 3), printed(p.alpha, 3), printed(p.s, 3), printed(p.beta, 3)]).toEqual([
      0.553, 10.578, 0.606, 11.669,
    ]);
    expect(printed(pn.model.logLikelihood, 1)).toBe(-9595.0);
  });

  it('Gamma-Gamma on the 946 repeat customers: p = 6.25, q = 3.74, γ = 15.44', () => {
    const s = bg.spend;
    expect(s.customers).toBe(946);
    expect([printed(s.params.p, 2), printed(s.params.q, 2), printed(s.params.gamma, 2)]).toEqual([
      6.25, 3.74, 15.44,
    ]);
  });

  it('E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226, from the fitted model', () => {
    const p = bg.model.params;
    const e = bgnbdExpected({ r: p.r, alpha: p.alpha, a: p.a, b: p.b }, 39, 2, 30.43, 38.86);
    expect(printed(e, 3)).toBe(1.226);
  });

  it('1,882 repeat purchases in the 39-week holdout, and the model’s expectation beside them', () => {
    expect(bg.holdout!.actual).toBe(1882);
    expect(bg.holdout!.periods).toBeCloseTo(39, 9);
    expect(rel(bg.holdout!.predicted, 1653.4)).toBeLessThan(1e-4);
    expect(rel(pn.holdout!.predicted, bg.holdout!.predicted)).toBeLessThan(0.05);
  });

  it('the customer summary matches the one Fader and Hardie published (lifetimes’ cdnow_customers.csv)', () => {
    // Their first customers: ID 1: x = 2, t_x = 30.43, T = 38.86; ID 6: x = 7, t_x = 29.43; ID 19: x = 3, T = 38.71.
    const rows = readFileSync(join(dir, 'bgnbd', 'clv.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const byId = new Map(rows.map((r) => [r[0], r]));
    for (const [id, x, tx, T] of [
      ['1', 2, 30.43, 38.86],
      ['6', 7, 29.43, 38.86],
      ['19', 3, 28.29, 38.71],
      ['59', 1, 38.43, 38.43],
    ] as const) {
      const r = byId.get(id)!;
      expect([Number(r[1]), printed(Number(r[2]), 2), printed(Number(r[3]), 2)], id).toEqual([x, tx, T]);
    }
  });
});

const PG = { PGHOST: '127.0.0.1', PGUSER: 'postgres', PGPASSWORD: 'strata', PGDATABASE: 'strata_test' };
const psql = (args: string[]) =>
  spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', '-p', '5432', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...PG },
  });
const hasServer =
  !!sample && peer(() => psql(['-tAc', 'SELECT 1']).stdout.trim() === '1', 'PostgreSQL on 127.0.0.1:5432');
const URL = 'postgres://postgres@127.0.0.1:5432/strata_test';

describe('lifetime value inside PostgreSQL', () => {
  suite('clv --db and predict --db --into on CDNOW', hasServer, () => {
    beforeAll(() => {
      const r = psql([
        '-c',
        'DROP TABLE IF EXISTS clv_cdnow, clv_scores',
        '-c',
        'CREATE TABLE clv_cdnow (master_id TEXT, customer_id TEXT, date DATE, cds INTEGER, sales DOUBLE PRECISION)',
        '-c',
        `\\copy clv_cdnow FROM '${sample}' WITH (FORMAT csv, HEADER true)`,
      ]);
      expect(r.status, r.stderr).toBe(0);
    });

    it('gives the file’s model, holdout and total from SQL aggregates alone', () => {
      const env = { PGPASSWORD: 'strata' };
      const file = run([sample!, ...FLAGS], join(dir, 'pg-file'));
      const there = run(['--db', URL, '--table', 'clv_cdnow', ...FLAGS], join(dir, 'pg'), env);
      for (const k of Object.keys(file.model.params))
        expect(rel(there.model.params[k], file.model.params[k]), k).toBeLessThan(1e-9);
      expect(there.holdout!.actual).toBe(file.holdout!.actual);
      expect(rel(there.totalClv, file.totalClv)).toBeLessThan(1e-9);
      expect(rel(there.spend.params.p, file.spend.params.p)).toBeLessThan(1e-9);
    });

    it('writes each customer’s CLV into a table, equal to the in-process values to 1e-9', () => {
      const file = run(
        [sample!, '--customer', 'customer_id', '--date', 'date', '--amount', 'sales'],
        join(dir, 'pg-nohold'),
      );
      const r = cli(
        [
          'predict',
          join(dir, 'pg-nohold', 'model.json'),
          '--db',
          URL,
          '--table',
          'clv_cdnow',
          '--into',
          'clv_scores',
        ],
        {
          env: { PGPASSWORD: 'strata' },
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const got = psql(['-tA', '-F', ',', '-c', 'SELECT customer_id, p_alive, clv FROM clv_scores'])
        .stdout.trim()
        .split('\n');
      expect(got).toHaveLength(file.customers);
      const inFile = new Map(
        readFileSync(join(dir, 'pg-nohold', 'clv.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(','))
          .map((c) => [c[0], c]),
      );
      for (const line of got) {
        const [id, alive, value] = line.split(',');
        const f = inFile.get(id)!;
        expect(rel(Number(value), Number(f[8])), id).toBeLessThan(1e-9);
        expect(rel(Number(alive), Number(f[5])), id).toBeLessThan(1e-9);
      }
    });
  });
});
