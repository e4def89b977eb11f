import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

/** What a reader sees of a Markdown or HTML text, entities and escapes undone. */
const visible = (s: string) =>
  s
    .replace(/<[^>]*>/g, ' ')
    .replace(/\\([_*[\]|`\\])/g, '$1')
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('a rule reads the same everywhere', () => {
  it('every rule of rules.txt appears whole in report.md and report.html, "(or missing)" included', () => {
    const out = join(tempDir(), 'tiers');
    const r = cli([
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--max-depth',
      '6',
      '--min-leaf',
      '20',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const statements = readFileSync(join(out, 'rules.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) =>
        l.replace(/^\s*\d+\.\s+/, '').replace(/\s+\([\d,]+ customers, [\d.]+%; \d+% correct\)$/, ''),
      );
    expect(statements.length).toBeGreaterThan(20);
    expect(statements.some((s) => s.includes('(or missing) AND'))).toBe(true);
    const md = visible(readFileSync(join(out, 'report.md'), 'utf8'));
    const html = visible(readFileSync(join(out, 'report.html'), 'utf8'));
    for (const s of statements) {
      expect(s).toMatch(/^IF .+ THEN assigned tier [A-E]$/);
      expect(md.includes(s), `report.md lacks: ${s}`).toBe(true);
      expect(html.includes(s), `report.html lacks: ${s}`).toBe(true);
    }
    const json = JSON.parse(readFileSync(join(out, 'rules.json'), 'utf8')) as { statement: string }[];
    expect(json.map((x) => x.statement)).toEqual(statements);
  });

  it('thresholds carry thousands separators and no SI prefix', () => {
    const out = join(tempDir(), 'fmt');
    expect(
      cli(['classify', 'data/customers.csv', '--label', 'assigned_tier', '--max-depth', '4', '--out', out])
        .code,
    ).toBe(0);
    const rules = readFileSync(join(out, 'rules.txt'), 'utf8');
    expect(rules).not.toMatch(/\d[KMB]\b/);
    expect(rules).toMatch(/\d,\d{3}/);
    const heat = readFileSync(join(out, 'report.md'), 'utf8');
    expect(heat.match(/(?<![\w.])\d+(\.\d+)?[kKmMGµ]\b/g)).toBeNull();
  });

  it('chart labels never use SI prefixes: the profile heatmap labels 0.863 as 0.863', () => {
    const out = join(tempDir(), 'seg');
    expect(cli(['cluster', 'data/customers.csv', '--k', '4', '--out', out]).code).toBe(0);
    for (const chart of ['profile-heatmap', 'feature-boxplots', 'segment-sizes', 'cluster-scatter']) {
      const svg = readFileSync(join(out, 'charts', `${chart}.svg`), 'utf8');
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      expect(texts.length, chart).toBeGreaterThan(0);
      const si = texts.filter((t) => /^[−-]?\d+(\.\d+)?[kMGµm]$/.test(t.trim()));
      expect(si, chart).toEqual([]);
    }
  });
});
