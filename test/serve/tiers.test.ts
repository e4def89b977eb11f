import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { readScorecard } from '../../src/grade/scorecard.js';
import { grade } from '../../src/results/grade.js';
import { serve, type Workbench } from '../../src/serve/server.js';
import { ROOT, tempDir } from '../helpers.js';

interface TierAnswer {
  tiers: { tier: string; customers: number }[];
  kappa: number | null;
  error?: string;
}

describe('strata serve: scorecard tiers with thresholds to move', () => {
  const dir = tempDir();
  let w: Workbench;
  let get: (path: string) => Promise<Response>;
  const base = '/api/tiers?key=dir%3Acustomers.csv&card=shipped%3Asample-tier.yaml&assigned=assigned_tier';
  beforeAll(async () => {
    copyFileSync(join(ROOT, 'data', 'customers.csv'), join(dir, 'customers.csv'));
    w = await serve({ dir, port: 0 });
    get = (path) =>
      fetch(`http://127.0.0.1:${w.port}${path}`, { headers: { authorization: `Bearer ${w.token}` } });
  });
  afterAll(async () => {
    await w.close();
  });

  it("the card's own thresholds give strata grade's tiers; moving A's down moves customers from B to A, and the kappa follows", async () => {
    const card = readScorecard(join(ROOT, 'data', 'scorecards', 'sample-tier.yaml'));
    const cli = grade(card, await load(join(dir, 'customers.csv'))).summary.tiers.map((t) => [
      t.tier,
      t.customers,
    ]);
    const own = (await (await get(`${base}&mins=80,65,50,35`)).json()) as TierAnswer;
    expect(own.tiers.map((t) => [t.tier, t.customers])).toEqual(cli);
    const lower = (await (await get(`${base}&mins=70,65,50,35`)).json()) as TierAnswer;
    const count = (a: TierAnswer, t: string) => a.tiers.find((x) => x.tier === t)!.customers;
    expect(count(lower, 'A')).toBeGreaterThan(count(own, 'A'));
    expect(count(lower, 'A') - count(own, 'A')).toBe(count(own, 'B') - count(lower, 'B'));
    expect(count(lower, 'C')).toBe(count(own, 'C'));
    expect(own.kappa).not.toBe(lower.kappa);
    const page = await (
      await get('/tiers?key=dir%3Acustomers.csv&card=shipped%3Asample-tier.yaml&assigned=assigned_tier')
    ).text();
    expect(page).toMatch(/Agreement with the assigned tiers: \d+\.\d%, kappa 0\.\d{3}/);
  });

  it("the Pareto view of the tiers: each tier's share of a value, as strata grade --value gives it", async () => {
    const card = readScorecard(join(ROOT, 'data', 'scorecards', 'sample-tier.yaml'));
    const g = grade(card, await load(join(dir, 'customers.csv')), { value: 'sales_12m' }).summary.tiers;
    const r = (await (await get(`${base}&mins=80,65,50,35&value=sales_12m`)).json()) as {
      tiers: { tier: string; valueShare: number; share: number }[];
    };
    for (const [i, t] of r.tiers.entries())
      expect(t.valueShare, t.tier).toBeCloseTo(g[i].valueShare ?? Number.NaN, 6);
    expect(r.tiers.reduce((a, t) => a + t.valueShare, 0)).toBeCloseTo(1, 12);
    expect(r.tiers[0].valueShare).toBeGreaterThan(r.tiers[0].share);
    const page = await (
      await get('/tiers?key=dir%3Acustomers.csv&card=shipped%3Asample-tier.yaml&value=sales_12m')
    ).text();
    expect(page).toContain('<th>share of sales_12m</th><th>cumulative</th>');
  });

  it('thresholds that do not fall from A to D, or too few of them: 400 with the reason', async () => {
    const r = await get(`${base}&mins=60,65,50,35`);
    expect(r.status).toBe(400);
    expect(((await r.json()) as TierAnswer).error).toBe(
      'the threshold of B (65) must be below that of A (60)',
    );
    expect((await get(`${base}&mins=80,65`)).status).toBe(400);
    expect(
      (await get(`${base.replace('shipped%3Asample-tier.yaml', 'shipped%3A..%2F..%2Fpackage.json')}&mins=80`))
        .status,
    ).toBe(404);
  });
});
