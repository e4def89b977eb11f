import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serve, type Workbench } from '../../src/serve/server.js';
import { peer, ROOT, suite, tempDir } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = peer(() => existsSync(CHROMIUM), "Debian's chromium (/usr/bin/chromium)");

suite('strata serve in real headless Chromium', hasChromium, () => {
  let browser: Browser;
  let w: Workbench;
  const dir = tempDir();
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    w = await serve({ dir, port: 0 });
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
