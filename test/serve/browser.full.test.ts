import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clusterRunner } from '../../src/cli/serve-command.js';
import type { ClusterRunner } from '../../src/serve/jobs.js';
import { serve, type Workbench } from '../../src/serve/server.js';
import { cli, peer, ROOT, suite, tempDir } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = peer(() => existsSync(CHROMIUM), "Debian's chromium (/usr/bin/chromium)");

/** Headless Chromium and a workbench on `dir` (able to cluster when given the CLI's runner). */
async function open(dir: string, runCluster?: ClusterRunner): Promise<{ browser: Browser; w: Workbench }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  return { browser, w: await serve({ dir, port: 0, runCluster }) };
}

suite('strata serve in real headless Chromium', hasChromium, () => {
  let browser: Browser;
  let w: Workbench;
  const dir = tempDir();
  beforeAll(async () => {
    ({ browser, w } = await open(dir));
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('opens with the printed URL, uploads the demo customers through the form, lists and describes them; no CSP violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(w.url);
    expect(new URL(page.url()).search).toBe('');
    await expect(page.locator('h1').textContent()).resolves.toBe('Data');
    await page.setInputFiles('#file', join(ROOT, 'data', 'customers.csv'));
    await Promise.all([page.waitForEvent('load'), page.click('button[type=submit]')]);
    await expect(page.locator('table.files').textContent()).resolves.toMatch(/customers\.csv\s*upload/);
    expect(readdirSync(join(dir, '.strata', 'uploads')).filter((f) => f.endsWith('.csv'))).toHaveLength(1);
    await page.click('text=customers.csv');
    await expect(page.locator('h1').textContent()).resolves.toBe('customers.csv');
    await expect(page.locator('table').textContent()).resolves.toMatch(/sales_12m\s*numeric\s*numeric/);
    expect(problems).toEqual([]);
  });
});

suite('strata serve: reviewing disagreements with the keyboard', hasChromium, () => {
  let browser: Browser;
  let w: Workbench;
  const dir = tempDir();
  beforeAll(async () => {
    copyFileSync(join(ROOT, 'data', 'customers.csv'), join(dir, 'customers.csv'));
    ({ browser, w } = await open(dir));
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('five decisions with reasons (accept, keep, set): the exports hold exactly those five', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(w.url);
    await page.click('text=customers.csv');
    await page.selectOption('select[name=assigned]', 'assigned_tier');
    await page.selectOption('select[name=value]', 'sales_12m');
    await Promise.all([page.waitForURL(/\/review\?/), page.click('button:has-text("Review")')]);
    await page.fill('#reviewer', 'Mei');
    await page.dispatchEvent('#reviewer', 'change');
    const customers = await page.$$eval('tbody tr', (rows) =>
      rows.slice(0, 5).map((r) => (r as HTMLElement).dataset.customer),
    );
    const keys = ['a', 'k', 'a', 's', 'a'];
    for (const [i, key] of keys.entries()) {
      await page.fill('#reason', `reason ${i + 1}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press(key);
      await page.waitForFunction(
        (n) => document.getElementById('status')?.textContent?.startsWith(`Recorded decision ${n} on `),
        i + 1,
        { timeout: 10_000 },
      );
    }
    const dataset = encodeURIComponent('dir:customers.csv');
    const log = await (
      await page.request.get(`${new URL(w.url).origin}/export/decisions.csv?dataset=${dataset}`)
    ).text();
    const lines = log.trim().split('\n').slice(1);
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => l.split(',')[3])).toEqual(customers);
    expect(lines.map((l) => l.split(',')[6])).toEqual(['accept', 'keep', 'accept', 'set', 'accept']);
    expect(lines.map((l) => l.split(',')[7])).toEqual([
      'reason 1',
      'reason 2',
      'reason 3',
      'reason 4',
      'reason 5',
    ]);
    const tiers = await (
      await page.request.get(`${new URL(w.url).origin}/export/tiers.csv?dataset=${dataset}`)
    ).text();
    expect(tiers.trim().split('\n')).toHaveLength(6);
    // The page says what was decided, and a reload shows it from the log.
    await page.reload();
    await expect(page.locator('tr.decided').count()).resolves.toBe(5);
    expect(problems).toEqual([]);
  });

  it('grades with the shipped scorecard from the describe view, and moving a threshold changes the distribution', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(w.url);
    await page.click('text=customers.csv');
    await page.selectOption('select[name=card]', 'shipped:sample-tier.yaml');
    await page.selectOption('form[action="/tiers"] select[name=assigned]', 'assigned_tier');
    await Promise.all([page.waitForURL(/\/tiers\?/), page.click('button:has-text("Grade")')]);
    const countOfA = () => page.$eval('#dist tr:first-child td:nth-child(2)', (td) => td.textContent);
    const before = await countOfA();
    const kappa = await page.textContent('#agreement');
    await page.fill('input.min[data-i="0"]', '70');
    await page.waitForFunction(
      (b) => document.querySelector('#dist tr:first-child td:nth-child(2)')?.textContent !== b,
      before,
    );
    expect(Number((await countOfA())?.replace(/,/g, ''))).toBeGreaterThan(Number(before?.replace(/,/g, '')));
    expect(await page.textContent('#agreement')).not.toBe(kappa);
    await page.fill('input.min[data-i="1"]', '75');
    await page.waitForFunction(() =>
      document.getElementById('status')?.textContent?.includes('must be below'),
    );
    // The card itself in the form: a wrong weight is marked as you type, a right one regrades, then saved.
    await page.fill('input.min[data-i="1"]', '65');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '');
    await page.fill('[data-path="criteria.0.weight"]', '-1');
    await page.waitForSelector('[data-path="criteria.0.weight"].invalid');
    expect(await page.textContent('#status')).toBe('criteria[0].weight: must not be negative');
    const graded = await page.textContent('#dist');
    await page.fill('[data-path="criteria.0.weight"]', '0.6');
    await page.waitForFunction(
      (b) =>
        document.getElementById('status')?.textContent === '' &&
        document.getElementById('dist')?.textContent !== b &&
        !document.querySelector('.invalid'),
      graded,
    );
    await page.fill('[data-path="tiers.0.policy.owner"]', 'Key account team');
    await page.fill('#author', 'Mei');
    await Promise.all([page.waitForURL(/card=saved%3Acard-/), page.click('#save-card')]);
    expect(await page.inputValue('[data-path="tiers.0.policy.owner"]')).toBe('Key account team');
    expect(await page.inputValue('[data-path="criteria.0.weight"]')).toBe('0.6');
    expect(problems).toEqual([]);
  });
});

suite('strata serve: the whole flow on the demo data, in the browser', hasChromium, () => {
  let browser: Browser;
  let w: Workbench;
  const dir = tempDir();
  beforeAll(async () => {
    ({ browser, w } = await open(dir, clusterRunner));
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('upload, cluster with k = 4, rename a segment, grade, move a threshold, review five, export; migrate reads the tiers', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(w.url);
    await page.setInputFiles('#file', join(ROOT, 'data', 'customers.csv'));
    await Promise.all([page.waitForEvent('load'), page.click('button[type=submit]')]);
    await page.click('text=customers.csv');
    const describeUrl = page.url();
    // Segments: k = 4, then a new name for the first one.
    await page.fill('#segments input[name=k]', '4');
    await Promise.all([page.waitForURL(/\/segments\//), page.click('button:has-text("Cluster")')]);
    await page.waitForSelector('input.name', { timeout: 120_000 });
    expect(await page.$$eval('input.name', (i) => i.length)).toBe(4);
    await page.fill('input.name[data-cluster="0"]', 'Key accounts');
    const first = page.url();
    await page.click('#rename');
    await page.waitForURL((u) => u.href !== first);
    await page.waitForSelector('input.name', { timeout: 120_000 });
    expect(await page.inputValue('input.name[data-cluster="0"]')).toBe('Key accounts');
    // Tiers: the shipped card against the assigned tiers; A's threshold moved.
    await page.goto(describeUrl);
    await page.selectOption('select[name=card]', 'shipped:sample-tier.yaml');
    await page.selectOption('form[action="/tiers"] select[name=assigned]', 'assigned_tier');
    await Promise.all([page.waitForURL(/\/tiers\?/), page.click('button:has-text("Grade")')]);
    const before = await page.textContent('#dist');
    await page.fill('input.min[data-i="0"]', '75');
    await page.waitForFunction((b) => document.getElementById('dist')?.textContent !== b, before);
    // Review: five disagreements with reasons.
    await page.goto(describeUrl);
    await page.selectOption('form[action="/review"] select[name=assigned]', 'assigned_tier');
    await page.selectOption('form[action="/review"] select[name=value]', 'sales_12m');
    await Promise.all([page.waitForURL(/\/review\?/), page.click('button:has-text("Review")')]);
    await page.fill('#reviewer', 'Mei');
    await page.dispatchEvent('#reviewer', 'change');
    for (const [i, key] of ['a', 'k', 'a', 's', 'a'].entries()) {
      await page.fill('#reason', `reason ${i + 1}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press(key);
      await page.waitForFunction(
        (n) => document.getElementById('status')?.textContent?.startsWith(`Recorded decision ${n} on `),
        i + 1,
      );
    }
    // Export: the log and every customer's tier hold exactly those five decisions.
    const links = await page.$$eval('a[href^="/export/"]', (a) =>
      a.map((x) => (x as HTMLAnchorElement).href),
    );
    const log = await (await page.request.get(links.find((h) => h.includes('decisions.csv'))!)).text();
    const decided = log
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(decided).toHaveLength(5);
    const all = await (await page.request.get(links.find((h) => h.includes('assigned='))!)).text();
    const rows = all.trim().split('\n');
    expect(rows[0]).toBe('customer_id,assigned_tier,decided_by,decided_at');
    expect(rows).toHaveLength(5001);
    expect(rows.filter((r) => r.includes(',Mei,'))).toHaveLength(5);
    const exported = join(tempDir(), 'tiers.csv');
    writeFileSync(exported, all);
    const m = cli([
      'migrate',
      join(ROOT, 'data', 'customers.csv'),
      exported,
      '--id',
      'customer_id',
      '--tier',
      'assigned_tier',
      '--out',
      join(tempDir(), 'm'),
      '--json',
    ]);
    expect(m.code, m.stderr).toBe(0);
    const moved = decided.filter((d) => d[4] !== d[5]).length;
    const summary = JSON.parse(m.stdout) as { customers: number; stayed: number };
    expect(summary.customers).toBe(5000);
    expect(summary.customers - summary.stayed).toBe(moved);
    expect(problems).toEqual([]);
  });
});
