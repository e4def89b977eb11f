import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

describe('classify --holdout', () => {
  it('records the share, writes the held-out customers, and its accuracy is theirs', () => {
    const out = join(tempDir(), 'h');
    const r = cli([
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--max-depth',
      '4',
      '--holdout',
      '0.2',
      '--no-report',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      parameters: { holdout: number };
      holdout: { accuracy: number; customers: number };
    };
    expect(s.parameters.holdout).toBe(0.2);
    const lines = readFileSync(join(out, 'holdout.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer_id,actual,predicted');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(s.holdout.customers);
    expect(rows.length).toBeGreaterThan(900);
    expect(rows.length).toBeLessThan(1100);
    expect(new Set(rows.map((c) => c[0])).size).toBe(rows.length);
    const right = rows.filter((c) => c[1] === c[2]).length;
    expect(s.holdout.accuracy).toBeCloseTo(right / rows.length, 6);
    // The true class is the file's.
    const tier = new Map(
      readFileSync('data/customers.csv', 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => [l.split(',')[0], l.split(',').at(-1)]),
    );
    for (const c of rows.slice(0, 50)) expect(tier.get(c[0])).toBe(c[1]);
    const text = cli([
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--max-depth',
      '4',
      '--holdout',
      '0.2',
      '--no-report',
      '--out',
      join(tempDir(), 't'),
    ]);
    expect(text.stdout).toMatch(
      /Hold-out \(\d[\d,]* customers, a 20\.0% stratified share; holdout\.csv\): accuracy/,
    );
  });
});
