import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, peer, shared, suite, tempDir } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = peer(() => existsSync(CHROMIUM), "Debian's chromium (/usr/bin/chromium)");

interface PageReport {
  errors: string[];
  requests: string[];
  charts: { id: string; marks: number; failed: boolean }[];
  dialogs: string[];
}

/** Opens a report from file:// and waits until every chart is drawn (or says it could not be). */
async function openDrawn(page: Page, file: string): Promise<void> {
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.chart')].every(
        (c) => c.querySelector('svg') || c.classList.contains('error'),
      ),
    null,
    { timeout: 60_000 },
  );
}

async function openReport(
  browser: Browser,
  file: string,
  screenshot?: string,
): Promise<PageReport & { tooltip: string | null; text: string; images: number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const out: PageReport = { errors: [], requests: [], charts: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') out.errors.push(m.text());
  });
  page.on('pageerror', (e) => out.errors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) out.requests.push(r.url());
  });
  page.on('dialog', async (d) => {
    out.dialogs.push(d.message());
    await d.dismiss();
  });
  await openDrawn(page, file);
  out.charts = await page.$$eval('.chart', (els) =>
    els.map((e) => ({
      id: e.id,
      marks: e.querySelectorAll('svg path, svg rect, svg line, svg circle').length,
      failed: e.classList.contains('error'),
    })),
  );
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });
  // Hover across the first scatter (or any chart) until a tooltip shows.
  let tooltip: string | null = null;
  const target = (await page.$('[id$="cluster-scatter"] svg')) ?? (await page.$('.chart svg'));
  if (target) {
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    for (let dx = 60; dx < box.width - 40 && !tooltip; dx += 6) {
      for (let dy = 30; dy < box.height - 30 && !tooltip; dy += 8) {
        await page.mouse.move(box.x + dx, box.y + dy);
        tooltip = await page.evaluate(() => {
          const t = document.getElementById('vg-tooltip-element');
          return t?.classList.contains('visible') && t.textContent ? t.textContent : null;
        });
      }
    }
  }
  // The text a person sees, not the JSON inside script elements.
  // biome-ignore lint/performance/useDomNodeTextContent: innerText is what is rendered
  const text = await page.evaluate(() => document.body.innerText);
  const images = await page.evaluate(() => document.querySelectorAll('img').length);
  await page.close();
  return { ...out, tooltip, text, images };
}

suite('the HTML report in real headless Chromium', !!hasChromium, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => browser?.close());

  it('opens the demo report from file:// with every chart drawn, no errors, no network, tooltips', async () => {
    const out = join(tempDir(), 'demo');
    const r = cli(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(join(out, 'report.html'));
    for (const f of [
      'report.html',
      'report.md',
      'charts/cluster-k-scan.svg',
      'charts/cluster-k-scan.png',
      'charts/cluster-k-scan.vl.json',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    // The README's screenshots come from `npm run screenshots`; this one only proves a page was drawn.
    const shot = join(tempDir(), 'demo-report.png');
    const page = await openReport(browser, join(out, 'report.html'), shot);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.charts.length).toBeGreaterThanOrEqual(13);
    for (const c of page.charts) {
      expect(c.failed, c.id).toBe(false);
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
    expect(page.tooltip).toMatch(/segment/);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/!\[Choosing k: k = 5 recommended\]\(charts\/cluster-k-scan\.png\)/);
  });

  it('shows every rule of rules.txt whole in the demo and Telco reports, and no SI prefix in any chart label', async () => {
    const dir = tempDir();
    const telco = shared('telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv');
    const cc = shared('cc_general/CC GENERAL.csv');
    const retail = shared('online_retail/online_retail.csv.gz');
    expect(telco && cc && retail, 'the shared datasets').toBeTruthy();
    const runs: [name: string, args: string[], rules?: string][] = [
      ['demo', ['demo', '--quiet', '--out', join(dir, 'demo')], 'classify/rules.txt'],
      [
        'telco',
        [
          'classify',
          telco!,
          '--label',
          'Churn',
          '--id',
          'customerID',
          '--quiet',
          '--out',
          join(dir, 'telco'),
        ],
        'rules.txt',
      ],
      ['cc', ['cluster', cc!, '--id', 'CUST_ID', '--quiet', '--out', join(dir, 'cc')]],
      [
        'retail',
        [
          'rfm',
          retail!,
          '--customer',
          'CustomerID',
          '--date',
          'InvoiceDate',
          '--quantity',
          'Quantity',
          '--price',
          'UnitPrice',
          '--invoice',
          'InvoiceNo',
          '--drop-invoice-prefix',
          'C',
          '--quiet',
          '--out',
          join(dir, 'retail'),
        ],
      ],
    ];
    for (const [name, args, rules] of runs) {
      const r = cli(args);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const file = join(dir, name, 'report.html');
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await openDrawn(page, file);
      // Every line of text drawn in a chart: an axis tick, a cell label, a tree node.
      const labels = await page.$$eval('.chart svg text', (els) =>
        els.flatMap((t) => {
          const spans = [...t.querySelectorAll('tspan')];
          return spans.length ? spans.map((s) => s.textContent ?? '') : [t.textContent ?? ''];
        }),
      );
      expect(labels.length, name).toBeGreaterThan(20);
      const si = labels.filter((l) => /^\s*[−-]?\d+(\.\d+)?\s?[kKMGTPEZYmµunpf]\s*$/.test(l));
      expect(si, `${name}: labels with an SI prefix`).toEqual([]);
      if (rules) {
        // biome-ignore lint/performance/useDomNodeTextContent: innerText is what is rendered
        const text = await page.evaluate(() => document.body.innerText);
        const statements = readFileSync(join(dir, name, rules), 'utf8')
          .split('\n')
          .filter((l) => /^\s*\d+\. IF /.test(l))
          .map((l) => l.replace(/^\s*\d+\. /, '').replace(/\s{2}\(\d[\d,]* customers?, .*\)$/, ''));
        expect(statements.length, name).toBeGreaterThan(3);
        for (const st of statements) expect(text.includes(st), `${name}: ${st}`).toBe(true);
      }
      await page.close();
    }
  });

  it('shows hostile column names and values as text and runs none of them', async () => {
    const dir = tempDir();
    const evil = '<img src=x onerror=alert(1)>';
    const header = [
      'id',
      evil,
      '</script><script>alert(2)</script>',
      'seg"ment\'',
      'tier<script>alert(3)</script>',
    ];
    const levels = [evil, '</script>', '"quoted" & \'single\''];
    const rows = Array.from({ length: 240 }, (_, i) =>
      [`c${i}`, (i % 3) * 10 + (i % 7), (i % 5) * 3 + (i % 11), levels[i % 3], i % 3 === 0 ? evil : 'B']
        .map((v) => `"${String(v).replace(/"/g, '""')}"`)
        .join(','),
    );
    const file = join(dir, 'evil.csv');
    writeFileSync(file, `${header.map((h) => `"${h.replace(/"/g, '""')}"`).join(',')}\n${rows.join('\n')}\n`);
    const c = cli(['cluster', file, '--k', '3', '--out', join(dir, 'cluster')]);
    expect(c.code, c.stderr).toBe(0);
    const k = cli([
      'classify',
      file,
      '--label',
      header[4],
      '--max-depth',
      '3',
      '--out',
      join(dir, 'classify'),
    ]);
    expect(k.code, k.stderr).toBe(0);
    for (const part of ['cluster', 'classify']) {
      const html = readFileSync(join(dir, part, 'report.html'), 'utf8');
      expect(html).not.toContain(evil);
      expect(html).not.toMatch(/<\/script><script>alert/);
      const page = await openReport(browser, join(dir, part, 'report.html'));
      expect(page.dialogs).toEqual([]);
      expect(page.errors).toEqual([]);
      expect(page.images).toBe(0);
      expect(page.text).toContain(evil);
      expect(page.charts.every((ch) => !ch.failed && ch.marks > 0)).toBe(true);
    }
  });
});

describe('report size', () => {
  it('a 1,000,000-row clustering report stays under 5 MB and says it is sampled', () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const lines = ['id,a,b,c'];
    let s = 7;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    for (let i = 0; i < 1_000_000; i++)
      lines.push(
        `${i + 1},${(rnd() * 10 + (i % 3) * 20).toFixed(3)},${(rnd() * 5).toFixed(3)},${(rnd() * 8 + (i % 2) * 9).toFixed(3)}`,
      );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = cli(['cluster', file, '--k', '4', '--n-init', '1', '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    expect(html).toContain('A seeded sample of 3,000 of 1,000,000 customers is shown.');
  });
});
