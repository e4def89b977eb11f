import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterRule } from '../../src/cluster/segment-rules.js';
import { load } from '../../src/data/load.js';
import { cellText, isMissing } from '../../src/data/table.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const demo = join(ROOT, 'data', 'customers.csv');

interface Summary {
  segmentRules: { depth: number; fidelity: number; trainFidelity: number; rules: number };
  clusters: { cluster: number; segment: string; rules: string[] }[];
}

describe('segment rules: which simple rules put a customer into a segment', () => {
  const dir = tempDir();
  const run = (depth: string) => {
    const out = join(dir, `depth-${depth}`);
    const r = cli([
      'cluster',
      demo,
      '--k',
      '5',
      '--log',
      'auto',
      '--rules-depth',
      depth,
      '--out',
      out,
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    return { out, s: JSON.parse(r.stdout) as Summary };
  };

  it('on the demo data: depth 3 by default, depth 4 reaches ≥ 90% cross-validated fidelity', () => {
    const three = run('3').s;
    const four = run('4').s;
    console.log(
      `demo segment rules: depth 3 ${(100 * three.segmentRules.fidelity).toFixed(1)}% (${three.segmentRules.rules} rules), depth 4 ${(100 * four.segmentRules.fidelity).toFixed(1)}% (${four.segmentRules.rules} rules), cross-validated`,
    );
    expect(three.segmentRules.depth).toBe(3);
    expect(three.segmentRules.rules).toBeLessThanOrEqual(8);
    expect(four.segmentRules.fidelity).toBeGreaterThanOrEqual(0.9);
    // Every segment has its rules, in the same words as classify's.
    for (const c of four.clusters) {
      expect(c.rules.length).toBeGreaterThan(0);
      for (const r of c.rules)
        expect(r).toMatch(
          new RegExp(`^IF .+ THEN segment "${c.segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"$`),
        );
    }
  });

  it('predict --by rules equals applying rules.json by hand', async () => {
    const { out } = run('4');
    const rules = JSON.parse(readFileSync(join(out, 'rules.json'), 'utf8')) as ClusterRule[];
    const table = await load(demo);
    const holds = (r: ClusterRule, i: number) =>
      r.conditions.every((c) => {
        const col = table.get(c.column)!;
        if (isMissing(col, i)) return c.missing;
        if (c.levels) return c.levels.includes(cellText(col, i));
        const v = (col as { values: Float64Array }).values[i];
        return (c.min === undefined || v > c.min) && (c.max === undefined || v <= c.max);
      });
    const p = cli(['predict', join(out, 'model.json'), demo, '--by', 'rules']);
    expect(p.code, p.stderr).toBe(0);
    const lines = p.stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(table.nRows);
    let same = 0;
    lines.forEach((line, i) => {
      const matching = rules.filter((r) => holds(r, i));
      expect(matching).toHaveLength(1);
      if (line.startsWith(`${table.text('customer_id', i)},${matching[0].cluster},`)) same++;
    });
    expect(same).toBe(table.nRows);
  });

  it('a model without rules says so in one line', () => {
    const { out } = run('0');
    const p = cli(['predict', join(out, 'model.json'), demo, '--by', 'rules']);
    expect(p.code).toBe(2);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/no segment rules.*--rules-depth 0/);
  });
});

describe('segment rules around segments of one customer', () => {
  const dir = tempDir();
  it('leave a one-customer segment out of the rules, and say so when no rule can be learned', () => {
    // 200 customers in two groups and one far-off customer: k = 3 gives it a segment of its own.
    const lines = ['id,a,b'];
    for (let i = 0; i < 200; i++)
      lines.push(`c${i},${(i % 2) * 10 + (i % 7) / 10},${(i % 2) * 10 + (i % 5) / 10}`);
    lines.push('far,500,500');
    const file = join(dir, 'outlier.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = cli(['cluster', file, '--k', '3', '--out', join(dir, 'outlier'), '--no-report', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary & { warnings: { code: string; message: string }[] };
    expect(
      s.clusters.map((c) => (c as unknown as { customers: number }).customers).sort((x, y) => x - y),
    ).toEqual([1, 100, 100]);
    expect(s.segmentRules.rules).toBeGreaterThanOrEqual(2);
    expect(s.warnings.map((w) => w.code)).toContain('segment-without-rule');

    const tiny = join(dir, 'tiny.csv');
    writeFileSync(tiny, 'id,a\nx,1\ny,1.1\nz,9\n');
    const t = cli(['cluster', tiny, '--k', '2', '--out', join(dir, 'tiny'), '--no-report', '--json']);
    expect(t.code, t.stderr).toBe(0);
    const ts = JSON.parse(t.stdout) as { segmentRules?: unknown; warnings: { code: string }[] };
    expect(ts.segmentRules).toBeUndefined();
    expect(ts.warnings.map((w) => w.code)).toContain('no-segment-rules');
  });
});
