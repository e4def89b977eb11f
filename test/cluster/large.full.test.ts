import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec } from '../../src/data/duck.js';
import { computeRfm } from '../../src/grade/rfm-scores.js';
import { literal } from '../../src/sql/quote.js';
import { Random } from '../../src/util/random.js';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir();
const file = join(dir, 'many.csv');
const N = 60_000;
{
  const r = new Random(11);
  const centers = [
    [0, 0, 0],
    [8, 1, 3],
    [2, 9, 5],
    [9, 9, 0],
    [4, 4, 9],
  ];
  const lines = ['customer,a,b,c'];
  for (let i = 0; i < N; i++) {
    const c = centers[r.int(centers.length)];
    lines.push(
      `K${i},${(c[0] + r.normal(0, 1.2)).toFixed(4)},${(c[1] + r.normal(0, 1.2)).toFixed(4)},${(c[2] + r.normal(0, 1.2)).toFixed(4)}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** k = 5, unscaled (so inertias of the full and the sampled fit are in the same units). */
const base = ['cluster', file, '--k', '5', '--n-init', '3', '--scale', 'none', '--id', 'customer'];

describe('clustering data larger than memory (--sample: sample for k and profiles, mini-batch over every row)', () => {
  it('matches full k-means quality, assigns every row, and predict agrees with the streamed assignments', () => {
    const full = cli([...base, '--out', join(dir, 'full'), '--json']);
    expect(full.code, full.stderr).toBe(0);
    const large = cli([...base, '--sample', '4000', '--out', join(dir, 'large'), '--json']);
    expect(large.code, large.stderr).toBe(0);
    const f = JSON.parse(full.stdout);
    const l = JSON.parse(large.stdout);
    expect(l.input.rows).toBe(N);
    expect(l.sample.rows).toBe(4000);
    expect(l.parameters.sample).toBe(4000);
    expect(l.inertia / f.inertia).toBeLessThan(1.005);
    expect(l.inertia).toBeLessThanOrEqual(l.sample.sampleInertia);
    expect(l.clusters.reduce((a: number, c: { customers: number }) => a + c.customers, 0)).toBe(N);
    const streamed = readFileSync(join(dir, 'large', 'assignments.csv'), 'utf8');
    expect(streamed.trim().split('\n')).toHaveLength(N + 1);
    const predicted = join(dir, 'predicted.csv');
    const p = cli(['predict', join(dir, 'large', 'model.json'), file, '--out', predicted]);
    expect(p.code, p.stderr).toBe(0);
    expect(readFileSync(predicted, 'utf8')).toBe(streamed);
  });

  it('is byte-identical on a rerun with the same seed', () => {
    const again = cli([...base, '--sample', '4000', '--out', join(dir, 'large2')]);
    expect(again.code, again.stderr).toBe(0);
    for (const f of ['assignments.csv', 'model.json', 'profiles.json']) {
      expect(readFileSync(join(dir, 'large2', f), 'utf8'), f).toBe(
        readFileSync(join(dir, 'large', f), 'utf8'),
      );
    }
  });
});

describe('RFM from a folder of Parquet files', () => {
  it('equals RFM on the same transactions as one CSV', async () => {
    const folder = join(dir, 'tx-parquet');
    // Ten Parquet files, partitioned by the invoice id's last digit.
    await exec(
      `COPY (SELECT *, right(invoice_id, 1) AS part FROM read_csv('data/transactions.csv', all_varchar=true)) TO ${literal(folder)} (FORMAT parquet, PARTITION_BY (part), OVERWRITE_OR_IGNORE)`,
    );
    const options = {
      customer: 'customer_id',
      date: 'invoice_date',
      amount: 'amount',
      invoice: 'invoice_id',
      dropInvoicePrefix: 'C',
    };
    const a = await computeRfm('data/transactions.csv', options);
    const b = await computeRfm(folder, options);
    expect(b.customers.length).toBe(a.customers.length);
    expect(b.totalMonetary).toBeCloseTo(a.totalMonetary, 6);
    expect(b.customers.map((c) => `${c.customer}:${c.recency}:${c.frequency}:${c.r}${c.f}${c.m}`)).toEqual(
      a.customers.map((c) => `${c.customer}:${c.recency}:${c.frequency}:${c.r}${c.f}${c.m}`),
    );
  });
});
