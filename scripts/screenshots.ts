/**
 * Screenshots of the demo report's answers to a marketing team (follow-up list, disagreements, the
 * tree, tiers by segment), taken in headless Chromium: `npm run screenshots` rewrites
 * reports/screenshots/*.png, which the README shows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { copyFileSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { clusterRunner } from '../src/cli/serve-command.js';
import { serve } from '../src/serve/server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'reports', 'screenshots');

/** What to show: a heading or caption the shot starts at, and how tall it is. */
const VIEWS: [file: string, selector: string, height: number][] = [
  ['segment-stability.png', 'figcaption:text-matches("^How stable each segment is")', 300],
  ['segment-rules.png', 'caption:text-is("Rules that assign a segment")', 420],
  ['follow-up-list.png', 'caption:text-matches("^Follow-up list")', 560],
  ['tier-by-segment.png', 'figcaption:text-is("Tiers by segment")', 520],
  ['disagreements.png', 'caption:text-matches("^Disagreements to review")', 560],
  ['decision-tree.png', 'figcaption:text-is("The decision tree")', 640],
  ['tree-outline.png', 'figcaption:text-is("The tree, node by node")', 560],
];

const out = mkdtempSync(join(tmpdir(), 'strata-shots-'));
try {
  execFileSync(process.execPath, [join(root, 'bin', 'strata.js'), 'demo', '--quiet', '--out', join(out, 'demo')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(join(out, 'demo', 'report.html')).href);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.chart')].every((c) => c.querySelector('svg') || c.classList.contains('error')),
  );
  for (const [file, selector, height] of VIEWS) {
    const el = page.locator(selector).first();
    await el.scrollIntoViewIfNeeded();
    const box = await el.boundingBox();
    if (!box) throw new Error(`${selector}: not in the demo report`);
    const y = box.y + (await page.evaluate(() => window.scrollY));
    await page.screenshot({
      path: join(shots, file),
      fullPage: true,
      clip: { x: 0, y: Math.max(0, y - (selector.startsWith('caption') ? 50 : 12)), width: 1360, height },
    });
    process.stderr.write(`reports/screenshots/${file}\n`);
  }
  await workbench(browser);
  await browser.close();
} finally {
  rmSync(out, { recursive: true, force: true });
}

/** The workbench's pages on the demo customers: data, segments (k = 4), tiers, review. */
async function workbench(browser: Browser): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-workbench-'));
  copyFileSync(join(root, 'data', 'customers.csv'), join(dir, 'customers.csv'));
  const w = await serve({ dir, port: 0, runCluster: clusterRunner });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const shot = async (file: string, height = 800) => {
      // Typing into a field scrolls to it; each shot is of the page's top.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, file), clip: { x: 0, y: 0, width: 1280, height } });
      process.stderr.write(`reports/screenshots/${file}\n`);
    };
    await page.goto(w.url);
    await shot('workbench-data.png', 420);
    await page.click('text=customers.csv');
    await shot('workbench-describe.png', 760);
    await page.fill('#segments input[name=k]', '4');
    await Promise.all([page.waitForURL(/\/segments\//), page.click('button:has-text("Cluster")')]);
    await page.waitForSelector('input.name', { timeout: 120_000 });
    await shot('workbench-segments.png', 800);
    const describe = `${new URL(w.url).origin}/describe?key=${encodeURIComponent('dir:customers.csv')}`;
    await page.goto(describe);
    await page.selectOption('select[name=card]', 'shipped:sample-tier.yaml');
    await page.selectOption('form[action="/tiers"] select[name=assigned]', 'assigned_tier');
    await page.selectOption('form[action="/tiers"] select[name=value]', 'sales_12m');
    await Promise.all([page.waitForURL(/\/tiers\?/), page.click('button:has-text("Grade")')]);
    await page.fill('input.min[data-i="0"]', '75');
    await page.waitForFunction(() => document.getElementById('agreement')?.textContent?.includes('kappa'));
    await page.waitForTimeout(500);
    await shot('workbench-tiers.png', 520);
    // The card in its form, a weight being edited.
    await page.fill('[data-path="criteria.0.weight"]', '0.35');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '');
    await page.waitForTimeout(300);
    await page.locator('#card-form').screenshot({ path: join(shots, 'workbench-scorecard.png') });
    process.stderr.write('reports/screenshots/workbench-scorecard.png\n');
    await page.goto(describe);
    await page.selectOption('form[action="/review"] select[name=assigned]', 'assigned_tier');
    await page.selectOption('form[action="/review"] select[name=value]', 'sales_12m');
    await Promise.all([page.waitForURL(/\/review\?/), page.click('button:has-text("Review")')]);
    // Narrowed to one segment of the run above and to the customers an account manager holds or would get.
    const segments = await page.$$eval('select[name=segment] option', (o) => o.map((x) => (x as HTMLOptionElement).value));
    await page.selectOption('select[name=segment]', segments[2]);
    await page.selectOption('select[name=owner]', 'shipped:sample-tier.yaml/Account manager');
    await Promise.all([page.waitForURL(/segment=/), page.click('button:has-text("Filter")')]);
    await page.fill('#reviewer', 'Mei');
    await page.dispatchEvent('#reviewer', 'change');
    await page.fill('#reason', 'Signed a framework contract in May');
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Recorded'));
    await shot('workbench-review.png', 700);
  } finally {
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
