import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaff } from '../../src/assign/staff.js';
import { load } from '../../src/data/load.js';
import { assign } from '../../src/results/assign.js';
import { serve, type Workbench } from '../../src/serve/server.js';
import { formatNumber } from '../../src/util/format.js';
import { ROOT, tempDir } from '../helpers.js';

describe('strata serve: the staffing page', () => {
  const dir = tempDir();
  let w: Workbench;
  let get: (path: string, init?: RequestInit) => Promise<Response>;
  const base = '/staffing?key=dir%3Acustomers.csv&staff=shipped%3Asample-staff.yaml&value=sales_12m';
  beforeAll(async () => {
    copyFileSync(join(ROOT, 'data', 'customers.csv'), join(dir, 'customers.csv'));
    w = await serve({ dir, port: 0 });
    get = (path, init = {}) =>
      fetch(`http://127.0.0.1:${w.port}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${w.token}`, ...(init.headers ?? {}) },
      });
  });
  afterAll(async () => {
    await w.close();
  });

  it("offers the shipped staff file on a file's page and plans as strata assign does", async () => {
    const page = await (await get('/describe?key=dir%3Acustomers.csv')).text();
    expect(page).toContain('action="/staffing"');
    expect(page).toContain('sample-staff.yaml (shipped with Strata)');
    const html = await (await get(base)).text();
    const lib = assign(
      await load(join(dir, 'customers.csv')),
      readStaff(join(ROOT, 'data', 'staff', 'sample-staff.yaml')),
      {
        value: 'sales_12m',
        headcount: false,
      },
    ).summary;
    expect(html).toContain(`<b id="objective">${formatNumber(lib.objective)}</b>`);
    expect(html).toContain('optimal');
    expect(html).toContain(`(${lib.bumped.toLocaleString('en-US')})`);
  });

  it("a wider span or one more manager raises what is served by exactly the shadow price or the hire's worth", async () => {
    const lib = assign(
      await load(join(dir, 'customers.csv')),
      readStaff(join(ROOT, 'data', 'staff', 'sample-staff.yaml')),
      {
        value: 'sales_12m',
      },
    ).summary;
    const objective = (html: string) =>
      Number(/<b id="objective">([^<]+)<\/b>/.exec(html)![1].replace(/,/g, ''));
    const before = objective(await (await get(base)).text());
    // Wang Fang is the third manager in the file (index 2).
    const wider = objective(await (await get(`${base}&s2=26`)).text());
    const price = lib.shadowPrices.managers.find((m) => m.manager === 'Wang Fang')!.shadowPrice;
    expect(Math.abs(wider - before - price)).toBeLessThan(1);
    const hire = lib.hire.find((h) => h.tier === 'A')!;
    const more = objective(await (await get(`${base}&n0=1&l0=${encodeURIComponent(hire.like)}`)).text());
    expect(Math.abs(more - before - hire.worth)).toBeLessThan(1);
    const bad = await get(`${base}&s2=-1`);
    expect(bad.status).toBe(400);
  });

  it('saves the plan as edited, as a staff file with who saved it, which is then offered', async () => {
    const query = `${base.slice('/staffing?'.length)}&s2=30`;
    const refused = await get('/api/staffing/save', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, author: '' }),
    });
    expect(refused.status).toBe(400);
    const r = await get('/api/staffing/save', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, author: 'Ana <b>', note: 'one more East slot' }),
    });
    expect(r.status).toBe(201);
    const key = ((await r.json()) as { key: string }).key;
    const file = readdirSync(join(dir, '.strata', 'staff')).find((f) => `saved:${f}` === key)!;
    const saved = readStaff(join(dir, '.strata', 'staff', file));
    expect(saved.tiers[0].managers[2]).toMatchObject({ name: 'Wang Fang', span: 30 });
    expect(readFileSync(join(dir, '.strata', 'staff', file), 'utf8')).toMatch(
      /^# Saved in the Strata workbench by Ana <b> on /,
    );
    const page = await (await get('/describe?key=dir%3Acustomers.csv')).text();
    expect(page).toContain(`${file} (saved here)`);
  });
});
