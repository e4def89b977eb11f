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
import { chromium } from 'playwright-core';

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
  await browser.close();
} finally {
  rmSync(out, { recursive: true, force: true });
}
