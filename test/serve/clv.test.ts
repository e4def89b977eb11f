import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clv } from '../../src/results/clv.js';
import { serve, type Workbench } from '../../src/serve/server.js';
import { formatNumber } from '../../src/util/format.js';
import { ROOT, tempDir } from '../helpers.js';

describe('strata serve: the lifetime-value page', () => {
  const dir = tempDir();
  let w: Workbench;
  let get: (path: string) => Promise<Response>;
  const query = 'key=dir%3Apurchases.csv&customer=customer_id&date=order_date&amount=value';
  beforeAll(async () => {
    // One customer renamed to markup: the page must show it as text.
    const log = readFileSync(join(ROOT, 'data', 'purchases.csv'), 'utf8').replaceAll(
      'P02041,',
      '<img src=x onerror=alert(1)>,',
    );
    writeFileSync(join(dir, 'purchases.csv'), log);
    w = await serve({ dir, port: 0 });
    get = (path) =>
      fetch(`http://127.0.0.1:${w.port}${path}`, { headers: { authorization: `Bearer ${w.token}` } });
  });
  afterAll(async () => {
    await w.close();
  });

  it("a file with dates offers it; the page shows the library's model, holdout and most valuable customers", async () => {
    const describe = await (await get('/describe?key=dir%3Apurchases.csv')).text();
    expect(describe).toContain('action="/clv"');
    expect(describe).toContain('<option value="order_date">order_date</option>');

    const lib = await clv(join(dir, 'purchases.csv'), {
      customer: 'customer_id',
      date: 'order_date',
      amount: 'value',
      calibrationEnd: '2025-10-05',
    });
    const r = await get(`/clv?${query}&calibrationEnd=2025-10-05&model=bgnbd&unit=week`);
    expect(r.status).toBe(200);
    const html = await r.text();
    const s = lib.summary;
    expect(html).toContain(`<b>${s.holdout!.actual.toLocaleString('en-US')}</b> repeat purchases happened`);
    expect(html).toContain(`the model expected <b>${formatNumber(s.holdout!.predicted)}</b>`);
    expect(html).toContain(`<td>r</td><td class="num">${formatNumber(s.model.params.r)}</td>`);
    expect(html).toContain(`total lifetime value <b>${formatNumber(s.totalClv)}</b>`);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('<img src=x');

    // The most valuable customer first, as in the library's clv.csv; the download is that file.
    const csv = (
      await (await get(`/clv.csv?${query}&calibrationEnd=2025-10-05&model=bgnbd&unit=week`)).text()
    ).split('\n');
    const lines = readFileSync(lib.run.csv!, 'utf8').split('\n');
    expect(csv).toEqual(lines);
    expect(lines[1].split(',')[0]).toBe('<img src=x onerror=alert(1)>');
    expect(html).toContain('<tbody><tr><td>&#60;img src=x onerror=alert(1)&#62;</td>');
  });

  it('without a calibration end there is no holdout, and says so; Pareto/NBD gives its own parameters', async () => {
    const html = await (await get(`/clv?${query}&model=pnbd`)).text();
    expect(html).toContain('No holdout');
    expect(html).toContain('Pareto/NBD purchase model');
    for (const p of ['s', 'beta']) expect(html).toContain(`<td>${p}</td>`);
  });

  it('a wrong column or model is refused with the library’s one line, not a server error', async () => {
    const wrong = await get(`/clv?${query.replace('amount=value', 'amount=nope')}`);
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/nope/);
    const model = await get(`/clv?${query}&model=bogus`);
    expect(model.status).toBe(422);
    expect(((await model.json()) as { error: string }).error).toMatch(/model/);
    const missing = await get('/clv?key=dir%3Apurchases.csv&customer=customer_id');
    expect(missing.status).toBe(400);
  });
});
