import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { cluster } from '../../src/results/cluster.js';
import { cli, tempDir } from '../helpers.js';

describe('segment names', () => {
  it("names the sample's five latent segments in plain words from their features", async () => {
    const t = await load('data/customers.csv', { id: 'customer_id' });
    const r = cluster(t, { k: 'auto', log: 'auto', value: 'sales_12m', seed: 42 });
    // data/README.md: key accounts, growing private firms, price-driven volume buyers, dormant small
    // accounts, late payers.
    expect(r.summary.clusters.map((c) => c.segment).sort()).toEqual([
      'Fast-growing, high-margin customers',
      'Lapsing, occasional customers',
      'Large, high-spending customers',
      'Late-paying, low-credit customers',
      'Thin-margin, frequent customers',
    ]);
  });

  it('falls back to the traits when no plain word fits a column', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      id: `r${i}`,
      foo: i < 30 ? i % 5 : 50 + (i % 5),
      bar: i % 7,
    }));
    const r = cluster(await load(rows, { id: 'id' }), { k: 2, seed: 1 });
    const names = r.summary.clusters.map((c) => c.segment);
    expect(names.some((n) => /^(High|Low) foo/.test(n))).toBe(true);
  });

  it('--names gives segments your names, kept in the model and used by predict', () => {
    const dir = tempDir();
    const names = join(dir, 'names.csv');
    writeFileSync(names, 'cluster,name\n0,Alpha accounts\n1,"Beta, the rest"\n7,Nobody\n');
    const r = cli([
      'cluster',
      'data/customers.csv',
      '--k',
      '2',
      '--names',
      names,
      '--unit',
      'sales_12m=CNY thousand',
      '--value',
      'sales_12m',
      '--json',
      '--out',
      join(dir, 'seg'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.clusters.map((c: { segment: string }) => c.segment)).toEqual([
      'Alpha accounts',
      'Beta, the rest',
    ]);
    expect(s.warnings.map((w: { code: string }) => w.code)).toContain('name-unused');
    expect(s.parameters.names).toEqual({ 0: 'Alpha accounts', 1: 'Beta, the rest', 7: 'Nobody' });
    const model = JSON.parse(readFileSync(join(dir, 'seg', 'model.json'), 'utf8'));
    expect(model.state.names).toEqual(['Alpha accounts', 'Beta, the rest']);
    const p = cli(['predict', join(dir, 'seg', 'model.json'), 'data/customers.csv']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/Alpha accounts/);
    expect(p.stdout).toMatch(/"Beta, the rest"/);
    const html = readFileSync(join(dir, 'seg', 'report.html'), 'utf8');
    expect(html).toContain('sales_12m (CNY thousand)');
    writeFileSync(names, 'cluster,name\n0,Same\n1,Same\n');
    const dup = cli([
      'cluster',
      'data/customers.csv',
      '--k',
      '2',
      '--names',
      names,
      '--out',
      join(dir, 'dup'),
    ]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/two segments would both be named "Same"/);
  });
});
