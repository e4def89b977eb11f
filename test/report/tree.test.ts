import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { SHOWN_DEPTH, TREE_WIDTH, treeChart, wrapLabel } from '../../src/report/charts/tree-chart.js';
import { renderSvg } from '../../src/report/render.js';
import { htmlOf, show } from '../../src/report/show.js';
import { type TreeOutline, treeNodes, treeOutline } from '../../src/report/tree-nodes.js';
import { classify } from '../../src/results/classify.js';

async function demoTree() {
  const t = await load('data/customers.csv', { id: 'customer_id' });
  return classify(t, { label: 'assigned_tier', maxDepth: 6, minSamplesLeaf: 20, folds: 2, seed: 42 });
}

describe('a tree people can read', () => {
  it('wraps labels at spaces, keeping words whole', () => {
    expect(wrapLabel('margin_pct > 13.75 (or missing)', 12)).toEqual([
      'margin_pct >',
      '13.75 (or',
      'missing)',
    ]);
    expect(wrapLabel('days_since_last_order ≤ 23.5', 12)).toEqual(['days_since_', 'last_order ≤', '23.5']);
    expect(wrapLabel('B\n52% of 122', 20)).toEqual(['B', '52% of 122']);
  });

  it('draws four levels within 1,200 px, folds deeper ones into "…", and words splits as the rules do', async () => {
    const r = await demoTree();
    const nodes = treeNodes(r.run.model);
    const chart = treeChart(nodes);
    const spec = chart.spec as unknown as {
      width: number;
      layer: { data: { values: Record<string, unknown>[] } }[];
    };
    expect(spec.width).toBe(TREE_WIDTH);
    const points = spec.layer[1].data.values as { label: string[]; y: number }[];
    const folded = points.filter((p) => p.label[0].endsWith('…'));
    expect(folded.length).toBeGreaterThan(0);
    expect(chart.note).toMatch(/folded into "…"/);
    // Four levels of splits, then the folded or leaf row: five rows of nodes.
    expect(new Set(points.map((p) => p.y)).size).toBe(SHOWN_DEPTH + 1);
    const rules = r.run.rules.map((x) => x.text).join('\n');
    for (const p of points.filter((q) => !/^[A-E]( …)?$/.test(q.label[0]))) {
      // The split's text, unwrapped, is a condition the rules contain.
      const text = p.label.join(' ').replace(/_ /g, '_');
      expect(rules.includes(text.replace(/ \(or missing\)$/, '')), text).toBe(true);
    }
    const svg = await renderSvg(chart.spec);
    const width = Number(/<svg[^>]* width="(\d+(\.\d+)?)"/.exec(svg)![1]);
    expect(width).toBeLessThanOrEqual(1200);
    expect(svg).not.toContain('≠');
  });

  it('the outline holds every node of the tree, each branch worded as in the rules', async () => {
    const r = await demoTree();
    const nodes = treeNodes(r.run.model);
    const outline = treeOutline(nodes);
    let count = 0;
    let leaves = 0;
    const walk = (o: TreeOutline) => {
      count++;
      if (o.leaf) leaves++;
      o.children.forEach(walk);
    };
    walk(outline);
    expect(count).toBe(nodes.length);
    expect(leaves).toBe(r.summary.tree.leaves);
    expect(outline.children.map((c) => c.condition)).toEqual([
      'days_since_last_order ≤ 23.5',
      'days_since_last_order > 23.5',
    ]);
  });
});

describe('show() in a notebook', () => {
  it('renders a result as its report section: words, inline SVG charts, escaped tables', async () => {
    const r = await demoTree();
    const shown: string[] = [];
    await show(r, { html: (h) => shown.push(h) });
    expect(shown).toHaveLength(1);
    const html = shown[0];
    expect(html).toContain('Tiers from known labels');
    expect(html).toContain('<svg');
    expect(html).toContain('IF days_since_last_order');
    expect(html).not.toContain('<script');
    const table = await htmlOf({ title: 't', header: ['<b>'], rows: [['<img src=x>']] });
    expect(table).toContain('&#60;img src=x&#62;');
    expect(table).not.toContain('<img');
  });
});

describe('the report header', () => {
  it('shows a map parameter (units, names) as words, shortened like a list, never as JSON', async () => {
    const { parameterItems } = await import('../../src/report/header.js');
    const units = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, `unit ${i}`]));
    const [item] = parameterItems([
      {
        command: 'cluster',
        version: '0',
        input: { file: 'f', rows: 1 },
        parameters: { k: 3, units },
        created: '',
      },
    ]);
    expect(item.value).toBe(
      'k = 3; units = c0: unit 0, c1: unit 1, c2: unit 2, c3: unit 3, c4: unit 4, c5: unit 5, c6: unit 6, c7: unit 7, … (10 in all)',
    );
    expect(item.value).not.toMatch(/[{}"]/);
  });
});
