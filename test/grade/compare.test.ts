import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { pareto } from '../../src/grade/pareto-view.js';
import { compareTiers, migrate } from '../../src/grade/tier-agreement.js';
import { cli, hasSklearn, python, tempDir } from '../helpers.js';

describe('Pareto / ABC', () => {
  it('cumulative shares, classes at 80% / 95%, and the headline', async () => {
    // 10 customers: one holds 70 of 100.
    const t = await load([70, 10, 5, 5, 3, 2, 2, 1, 1, 1].map((v, i) => ({ id: `c${i}`, sales: v })));
    const p = pareto(t, { value: 'sales' });
    expect(Array.from(p.cumulative).map((x) => Math.round(x * 100))).toEqual([
      70, 80, 85, 90, 93, 95, 97, 98, 99, 100,
    ]);
    expect(p.classOf).toEqual(['A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'C', 'C']);
    expect(p.headline).toBe('the top 10% of customers hold 70% of sales');
    expect(p.classes.map((c) => c.customers)).toEqual([2, 4, 4]);
  });

  it('through the CLI with the JSON contract', () => {
    const r = cli([
      'pareto',
      'data/customers.csv',
      '--value',
      'sales_12m',
      '--out',
      join(tempDir(), 'p'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s).slice(5, 8)).toEqual(['value', 'total', 'missing']);
    expect(s.input.rows).toBe(5000);
    expect(Object.keys(s.classes[0])).toEqual(['class', 'customers', 'share', 'valueShare']);
    expect(Object.keys(s.topShares[0])).toEqual(['customerShare', 'valueShare']);
    expect(s.classes.map((c: { class: string }) => c.class)).toEqual(['A', 'B', 'C']);
  });

  it('a negative value is refused with its row: shares of a total need values of 0 or more', () => {
    const f = join(tempDir(), 'losses.csv');
    writeFileSync(f, 'id,sales\na,100\nb,-159\nc,20\n');
    const out = join(tempDir(), 'p');
    const r = cli(['pareto', f, '--value', 'sales', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /losses\.csv, row 2, column "sales": is -159: shares of a total need values of 0 or more/,
    );
  });
});

describe('predicted against assigned tiers', () => {
  it.skipIf(!hasSklearn())(
    'agreement, kappa and weighted kappa equal scikit-learn; disagreements furthest apart first',
    () => {
      const assigned = ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'E', 'E', 'A', 'C', 'D'];
      const predicted = ['A', 'B', 'B', 'D', 'C', 'A', 'D', 'E', 'D', 'E', 'C', 'C'];
      const c = compareTiers(
        assigned,
        predicted,
        assigned.map((_a, i) => `id${i}`),
      );
      const ref = python<number[]>(`
import json
from sklearn.metrics import cohen_kappa_score as k
a = ${JSON.stringify(assigned)}; p = ${JSON.stringify(predicted)}
print(json.dumps([k(a, p), k(a, p, weights='linear'), k(a, p, weights='quadratic')]))
`);
      expect(c.kappa).toBeCloseTo(ref[0], 12);
      expect(c.weightedKappa).toBeCloseTo(ref[1], 12);
      expect(c.quadraticKappa).toBeCloseTo(ref[2], 12);
      expect(c.agreement).toBeCloseTo(6 / 12, 12);
      expect(c.disagreements[0]).toMatchObject({ id: 'id9', assigned: 'A', predicted: 'E', tierGap: 4 });
      expect(c.disagreements.map((d) => Math.abs(d.tierGap))).toEqual([4, 2, 2, 1, 1, 1]);
    },
  );

  it('compares with a tree model through the CLI, listing the deciding rule', () => {
    const dir = tempDir();
    const m = cli([
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--max-depth',
      '4',
      '--out',
      join(dir, 'm'),
    ]);
    expect(m.code, m.stderr).toBe(0);
    const r = cli([
      'compare',
      'data/customers.csv',
      '--assigned',
      'assigned_tier',
      '--model',
      join(dir, 'm', 'model.json'),
      '--out',
      join(dir, 'c'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s).slice(5, 11)).toEqual([
      'customers',
      'skipped',
      'agreement',
      'kappa',
      'weightedKappa',
      'quadraticKappa',
    ]);
    expect(s.confusion.labels).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(s.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(5000);
    const both = cli([
      'compare',
      'data/customers.csv',
      '--assigned',
      'assigned_tier',
      '--out',
      join(dir, 'x'),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give exactly one of --predicted COL or --model MODEL\.json/);
  });
});

describe('tier migration between two periods', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const before = write('q1.csv', 'id,tier\na,A\nb,B\nc,C\nd,C\ne,B\n');
  const after = write('q2.csv', 'id,tier\na,B\nb,B\nc,A\nd,D\nf,A\n');

  it('counts from → to, up and down moves, new and gone customers', async () => {
    const m = migrate(await load(before), await load(after), 'id', 'tier');
    expect(m.confusion.labels).toEqual(['A', 'B', 'C', 'D']);
    expect(m.confusion.matrix).toEqual([
      [0, 1, 0, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 1],
      [0, 0, 0, 0],
    ]);
    expect([m.customers, m.stayed, m.up, m.down, m.new, m.gone]).toEqual([4, 1, 1, 2, 1, 1]);
    expect(m.moved[0]).toEqual({ id: 'c', from: 'C', to: 'A', steps: 2 });
  });

  it('refuses files with no id in common', () => {
    const other = write('other.csv', 'id,tier\nx,A\ny,B\n');
    const r = cli(['migrate', before, other, '--id', 'id', '--tier', 'tier', '--out', join(dir, 'mo')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/other\.csv, column "id": no id in common with .*q1\.csv/);
    const ok = cli([
      'migrate',
      before,
      after,
      '--id',
      'id',
      '--tier',
      'tier',
      '--out',
      join(dir, 'mig'),
      '--json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).up).toBe(1);
  });
});

describe('the disagreements a team reviews first', () => {
  it("with a model and a value column: ranked by value × the model's confidence, all of them in the report", () => {
    const dir = tempDir();
    const model = join(dir, 'm');
    expect(
      cli(['classify', 'data/customers.csv', '--label', 'assigned_tier', '--max-depth', '4', '--out', model])
        .code,
    ).toBe(0);
    const out = join(dir, 'c');
    const r = cli([
      'compare',
      'data/customers.csv',
      '--assigned',
      'assigned_tier',
      '--model',
      join(model, 'model.json'),
      '--value',
      'sales_12m',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    const stakes = s.top.map((d: { stake: number }) => d.stake);
    expect(stakes).toEqual([...stakes].sort((a: number, b: number) => b - a));
    for (const d of s.top) {
      expect(d.probability).toBeGreaterThan(0);
      expect(d.stake).toBeCloseTo(d.value * d.probability, 6);
    }
    const csv = readFileSync(join(out, 'disagreements.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('customer_id,assigned,predicted,tier_gap,probability,sales_12m,rule');
    expect(csv.length - 2).toBe(s.disagreements);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('data-filter="table-1"');
    expect(html).toContain(`Disagreements to review (${s.disagreements.toLocaleString('en-US')})`);
  });
});
