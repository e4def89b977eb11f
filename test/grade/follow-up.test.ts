import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { readScorecard } from '../../src/grade/scorecard.js';
import { grade } from '../../src/results/grade.js';
import { cli, tempDir } from '../helpers.js';

const CARD = join('data', 'scorecards', 'sample-tier.yaml');

/** Eight customers whose scores fall in known tiers of the sample card. */
async function customers() {
  const rows = [
    // id, sales_12m, margin, growth, credit, delay, tenure → tier
    ['a1', 30_000, 25, 30, 800, 0, 12],
    ['a2', 25_000, 25, 30, 800, 0, 12],
    ['a3', 40_000, 22, 26, 760, 1, 11],
    ['d1', 100, 3, -20, 500, 90, 1],
    ['d2', 300, 3, -20, 500, 90, 1],
    ['c1', 3_000, 12, 5, 650, 20, 6],
    ['c2', 2_500, 12, 5, 650, 20, 6],
    ['b1', 6_000, 12, 5, 650, 5, 4],
  ];
  return load(
    rows.map(([id, s, m, g, c, d, t]) => ({
      customer_id: id,
      sales_12m: s,
      margin_pct: m,
      sales_growth_pct: g,
      credit_score: c,
      payment_delay_days: d,
      tenure_years: t,
      ownership: 'private',
    })),
    { id: 'customer_id' },
  );
}

describe('follow-up list and tiers by segment', () => {
  it("lists each tier's customers by value with the policy's due date, and cross-tabulates tiers with segments", async () => {
    const t = await customers();
    const r = grade(readScorecard(CARD), t, {
      value: 'sales_12m',
      asOf: '2026-10-31',
      segments: ['big', 'big', 'big', 'small', 'small', 'mid', 'mid', 'big'],
      segmentsFrom: 'test',
    });
    const tierOf = new Map<string, string>();
    const ids = ['a1', 'a2', 'a3', 'd1', 'd2', 'c1', 'c2', 'b1'];
    const follow = r.documents.get('follow-up.json') as import('../../src/grade/follow-up.js').FollowUpList;
    for (const ft of follow.tiers) for (const row of ft.rows) tierOf.set(row.id, ft.tier);
    expect(tierOf.size).toBe(8);
    const a = follow.tiers.find((x) => x.tier === 'A')!;
    expect(a.rows.map((x) => x.id)).toEqual(['a3', 'a1', 'a2']); // most valuable first
    expect(a.due).toBe('2026-11-07'); // every 7 days from the as-of date
    expect(a.value).toBe(95_000);
    expect(r.summary.tiers.find((x) => x.tier === 'A')!.valueShare).toBeCloseTo(95_000 / 106_900, 6);
    expect(r.summary.tiers.find((x) => x.tier === 'E')!.due).toBeNull(); // "on request"
    const x = r.summary.tierBySegment!;
    expect(x.segments).toEqual(['big', 'mid', 'small']); // largest first
    const total = x.customers.flat().reduce((s, v) => s + v, 0);
    expect(total).toBe(8);
    const big = x.segments.indexOf('big');
    expect(x.customers[x.tiers.indexOf('A')][big]).toBe(3);
    const shares = x.valueShare!.flat().reduce((s, v) => s + v, 0);
    expect(shares).toBeCloseTo(1, 5);
    expect(ids.every((id) => tierOf.has(id))).toBe(true);
  });

  it('joins segments given by customer id and warns about customers without one', async () => {
    const t = await customers();
    const segments = new Map([
      ['a1', 'big'],
      ['d1', 'small'],
    ]);
    const r = grade(readScorecard(CARD), t, { asOf: '2026-01-31', segments });
    expect(r.summary.tierBySegment!.withoutSegment).toBe(6);
    expect(r.summary.warnings.map((w) => w.code)).toContain('no-segment');
    expect(() => grade(readScorecard(CARD), t, { segments: ['x'] })).toThrow(
      /segments has 1 entries for 8 rows/,
    );
    expect(() => grade(readScorecard(CARD), t, { asOf: '2026-02-30' })).toThrow(/asOf must be a date/);
  });

  it('strata grade --value --as-of --segments reads a clustering folder and writes follow-up.csv', async () => {
    const dir = tempDir();
    const seg = cli([
      'cluster',
      'data/customers.csv',
      '--k',
      '3',
      '--quiet',
      '--no-report',
      '--out',
      join(dir, 'seg'),
    ]);
    expect(seg.code, seg.stderr).toBe(0);
    const r = cli([
      'grade',
      'data/customers.csv',
      '--scorecard',
      CARD,
      '--value',
      'sales_12m',
      '--unit',
      'sales_12m=CNY thousand',
      '--as-of',
      '2026-10-31',
      '--segments',
      join(dir, 'seg'),
      '--json',
      '--out',
      join(dir, 'grade'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.parameters).toMatchObject({
      value: 'sales_12m',
      asOf: '2026-10-31',
      units: { sales_12m: 'CNY thousand' },
    });
    expect(s.tierBySegment.segments).toHaveLength(3);
    expect(s.tierBySegment.customers.flat().reduce((a: number, b: number) => a + b, 0)).toBe(5000);
    const csv = readFileSync(join(dir, 'grade', 'follow-up.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('customer_id,tier,owner,due,sales_12m,score,actions');
    expect(csv).toHaveLength(5001);
    expect(csv[1]).toMatch(/^C\d{5},A,Key account manager,2026-11-07,/);
    const html = readFileSync(join(dir, 'grade', 'report.html'), 'utf8');
    expect(html).toContain('Follow-up list');
    expect(html).toContain('sales_12m (CNY thousand)');
    expect(html).toContain('Tiers by segment');
    const bad = cli([
      'grade',
      'data/customers.csv',
      '--scorecard',
      CARD,
      '--as-of',
      'tomorrow',
      '--out',
      join(dir, 'x'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('strata: --as-of must be a date written YYYY-MM-DD (got "tomorrow")');
    const unit = cli([
      'grade',
      'data/customers.csv',
      '--scorecard',
      CARD,
      '--unit',
      'sales',
      '--out',
      join(dir, 'y'),
    ]);
    expect(unit.code).toBe(2);
    expect(unit.stderr).toMatch(/--unit sales: expected COLUMN=UNIT/);
    writeFileSync(join(dir, 'not-assignments.csv'), 'a,b\n1,2\n');
    const noSeg = cli([
      'grade',
      'data/customers.csv',
      '--scorecard',
      CARD,
      '--segments',
      join(dir, 'not-assignments.csv'),
      '--out',
      join(dir, 'z'),
    ]);
    expect(noSeg.code).toBe(1);
    expect(noSeg.stderr).toMatch(/has no "segment" column/);
  });
});
