import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeRfm } from '../../src/grade/rfm-scores.js';
import { cli, SAMPLE_RFM, tempDir } from '../helpers.js';

describe('RFM scores, segments and bad transactions', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('scores by quintile of rank, ties sharing a score, and segments by the R × F grid', async () => {
    // Ten customers: k bought k times, the last time 10 − k days before the as-of date.
    const lines = ['cust,day,amount,inv'];
    let inv = 0;
    for (let k = 1; k <= 10; k++)
      for (let j = 0; j < k; j++)
        lines.push(`c${k},2024-01-${String(20 - (10 - k) - j).padStart(2, '0')},${k * 10},i${inv++}`);
    const f = write('tx.csv', `${lines.join('\n')}\n`);
    const r = await computeRfm(f, {
      customer: 'cust',
      date: 'day',
      amount: 'amount',
      invoice: 'inv',
      asOf: '2024-01-21',
    });
    const byId = Object.fromEntries(r.customers.map((c) => [c.customer, c]));
    expect(byId.c10).toMatchObject({ recency: 1, frequency: 10, r: 5, f: 5, m: 5, segment: 'Champions' });
    expect(byId.c1).toMatchObject({ recency: 10, frequency: 1, r: 1, f: 1, m: 1, segment: 'Lost' });
    expect(byId.c5).toMatchObject({ r: 3, f: 3, segment: 'Need Attention' });
    expect(r.totalMonetary).toBe(
      Array.from({ length: 10 }, (_, i) => (i + 1) * (i + 1) * 10).reduce((a, b) => a + b, 0),
    );
  });

  it('through the CLI: the JSON contract and the per-customer CSV', () => {
    const out = join(dir, 'rfm-out');
    const r = cli([
      'rfm',
      'data/transactions.csv',
      ...SAMPLE_RFM,
      '--drop-invoice-prefix',
      'C',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s).slice(5, 10)).toEqual([
      'customers',
      'totalMonetary',
      'asOf',
      'dropped',
      'segments',
    ]);
    expect(s.asOf).toBe('2026-10-28'); // the day after the last transaction (the shortest recency is 4 days)
    expect(s.dropped.cancelled).toBe(3401);
    expect(Object.keys(s.segments[0])).toEqual(['segment', 'customers', 'share', 'monetaryShare']);
    const csv = readFileSync(join(out, 'rfm.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('customer,recency,frequency,monetary,r,f,m,rfm,segment');
    expect(csv.length - 2).toBe(s.customers);
  });

  it('refuses a file with too many unreadable dates, naming the first rows', () => {
    const f = write('baddates.csv', 'c,d,a\nx,2024-01-01,5\ny,yesterday,5\nz,2024-13-45,5\n');
    const r = cli(['rfm', f, '--customer', 'c', '--date', 'd', '--amount', 'a', '--out', join(dir, 'bd')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /baddates\.csv, column "d": 2 of 3 rows have unreadable dates \(more than 1\.0%\), first row 2 \("yesterday"\), row 3 \("2024-13-45"\)$/,
    );
    const a = write('badamounts.csv', 'c,d,a\nx,2024-01-01,5\ny,2024-01-02,five\n');
    const ra = cli(['rfm', a, '--customer', 'c', '--date', 'd', '--amount', 'a', '--out', join(dir, 'ba')]);
    expect(ra.code).toBe(1);
    expect(ra.stderr).toMatch(/column "a": 1 of 2 rows have unreadable amounts .* first row 2 \("five"\)/);
    const m = cli(['rfm', a, '--customer', 'c', '--date', 'd', '--out', join(dir, 'bm')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--amount is required, or else both quantity and price/);
  });
});

describe('RFM ties', () => {
  it('the demo data: lowest ranks leave F = 5 unused and a segment empty; --ties spread fills it', () => {
    const run = (ties?: string) => {
      const r = cli([
        'rfm',
        'data/transactions.csv',
        ...SAMPLE_RFM,
        '--drop-invoice-prefix',
        'C',
        ...(ties ? ['--ties', ties] : []),
        '--out',
        join(tempDir(), 'rfm'),
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as {
        parameters: { ties: string };
        warnings: { code: string; message: string }[];
        segments: { segment: string; customers: number }[];
      };
    };
    const lowest = run();
    expect(lowest.parameters.ties).toBe('lowest');
    const cantLose = (s: typeof lowest) => s.segments.find((x) => x.segment === "Can't Lose Them")!.customers;
    expect(cantLose(lowest)).toBe(0);
    expect(lowest.warnings.map((w) => w.code)).toContain('empty-segment');
    expect(lowest.warnings.find((w) => w.code === 'score-unused')?.message).toMatch(/^no customer has F = 5/);
    const spread = run('spread');
    expect(cantLose(spread)).toBeGreaterThan(0);
    expect(spread.warnings.some((w) => w.message.includes("Can't Lose Them"))).toBe(false);
    const highest = run('highest');
    expect(highest.parameters.ties).toBe('highest');
    expect(highest.segments.reduce((a, x) => a + x.customers, 0)).toBe(
      lowest.segments.reduce((a, x) => a + x.customers, 0),
    );
  });
});

describe('rfm --as-of', () => {
  it('before the last purchase is refused in one line, nothing written (recency would be negative)', () => {
    const out = join(tempDir(), 'early');
    const r = cli(['rfm', 'data/transactions.csv', ...SAMPLE_RFM, '--as-of', '1990-01-01', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/the as-of date 1990-01-01 is before the last purchase \(\d{4}-\d{2}-\d{2}\)/);
    expect(existsSync(out)).toBe(false);
  });
});
