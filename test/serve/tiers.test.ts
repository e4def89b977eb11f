import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { gradeTable, readScorecard } from '../../src/grade/scorecard.js';
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

  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${w.port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sample = () => readScorecard(join(ROOT, 'data', 'scorecards', 'sample-tier.yaml'));
  const preview = (card: unknown) =>
    post('/api/tiers/preview', { key: 'dir:customers.csv', card, assigned: 'assigned_tier' });

  it('a card edited in the form (weights, bands, policies) grades as strata grade does with that card', async () => {
    const card = sample();
    card.criteria[0].weight = 0.6;
    card.criteria[1].bands![0].points = 0;
    card.tiers[1].min = 60;
    card.tiers[0].policy.owner = 'Key account team';
    const r = await preview(card);
    expect(r.status).toBe(200);
    const answer = (await r.json()) as TierAnswer;
    const own = grade(card, await load(join(dir, 'customers.csv'))).summary.tiers;
    expect(answer.tiers.map((t) => [t.tier, t.customers])).toEqual(own.map((t) => [t.tier, t.customers]));
    const unedited = (await (await preview(sample())).json()) as TierAnswer;
    expect(answer.tiers[0].customers).not.toBe(unedited.tiers[0].customers);
    expect(answer.kappa).not.toBe(unedited.kappa);
  });

  it('every problem of an edited card is a 400 naming its place in the card', async () => {
    const problems: [(c: ReturnType<typeof sample>) => void, string][] = [
      [(c) => (c.criteria[0].weight = -1), 'criteria[0].weight: must not be negative'],
      [
        (c) => ((c.criteria[2] as unknown as { weight: null }).weight = null),
        'criteria[2].weight: expected a number, got null',
      ],
      [(c) => (c.criteria[1].bands![2].min = 11), 'criteria[1].bands'],
      [(c) => (c.tiers[2].min = 70), 'the threshold of C (70) must be below that of B (65)'],
      [(c) => ((c.tiers[0].policy as unknown as { owner: string }).owner = ' '), 'tiers[0].policy.owner'],
      [(c) => (c.criteria[0].column = 'no_such_column'), 'no_such_column'],
      [(c) => Object.assign(c, { extra: 1 }), 'extra: unknown field'],
    ];
    for (const [edit, message] of problems) {
      const card = sample();
      edit(card);
      const r = await preview(card);
      expect(r.status, message).toBe(400);
      expect(((await r.json()) as TierAnswer).error, message).toContain(message);
    }
  });

  it('saves an edited card under a name of its own in .strata/scorecards, who saved it on top; it is offered and grades', async () => {
    const card = sample();
    card.name = 'Edited </script><img src=x onerror=alert(1)>';
    card.criteria[0].weight = 0.6;
    expect((await post('/api/scorecards', { card })).status).toBe(400);
    const r = await post('/api/scorecards', { card, author: 'Mei\n# injected: true' });
    expect(r.status).toBe(201);
    const { key } = (await r.json()) as { key: string };
    expect(key).toMatch(/^saved:card-\d{8}T\d{6}-[0-9a-f]{6}\.yaml$/);
    const files = readdirSync(join(dir, '.strata', 'scorecards'));
    expect(files).toEqual([key.slice('saved:'.length)]);
    const text = readFileSync(join(dir, '.strata', 'scorecards', files[0]), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# Saved in the Strata workbench by Mei # injected: true on \d{4}-/);
    expect(text).not.toMatch(/^# injected/m);
    const saved = readScorecard(join(dir, '.strata', 'scorecards', files[0]));
    expect(saved).toEqual(card);
    const table = await load(join(dir, 'customers.csv'));
    expect(Array.from(gradeTable(saved, table).tier)).toEqual(Array.from(gradeTable(card, table).tier));
    const page = await (await get(`/tiers?key=dir%3Acustomers.csv&card=${encodeURIComponent(key)}`)).text();
    expect(page).toContain('Edited &#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;');
    expect(page).not.toContain('<img src=x');
    const describe = await (await get('/describe?key=dir%3Acustomers.csv')).text();
    expect(describe).toContain(`value="${key}"`);
  });
});
