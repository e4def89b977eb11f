import { type Chart, CONFIG, SCHEMA } from './spec.js';

export interface TreeNodeView {
  /** Condition for the left ("yes") branch of a split, column and test on two lines; empty for a leaf. */
  test: string;
  left: number;
  right: number;
  cls: string;
  samples: number;
  /** Share of the node's training rows in its majority class. */
  purity: number;
}

const SHOWN_DEPTH = 6;

/** The decision tree drawn top-down to depth 6 (deeper parts are summarised in their depth-6 node). */
export function treeChart(nodes: readonly TreeNodeView[]): Chart {
  const pos: { id: number; x: number; depth: number }[] = [];
  let nextLeaf = 0;
  let cut = false;
  const place = (id: number, depth: number): number => {
    const n = nodes[id];
    let x: number;
    if (n.left < 0 || depth === SHOWN_DEPTH) {
      if (n.left >= 0) cut = true;
      x = nextLeaf++;
    } else x = (place(n.left, depth + 1) + place(n.right, depth + 1)) / 2;
    pos.push({ id, x, depth });
    return x;
  };
  place(0, 0);
  const at = new Map(pos.map((p) => [p.id, p]));
  const edges = pos.flatMap((p) => {
    const n = nodes[p.id];
    if (n.left < 0 || p.depth === SHOWN_DEPTH) return [];
    return [n.left, n.right].map((c, k) => ({
      x: p.x,
      y: p.depth,
      x2: at.get(c)!.x,
      y2: p.depth + 1,
      branch: k === 0 ? 'yes' : 'no',
    }));
  });
  const points = pos.map((p) => {
    const n = nodes[p.id];
    const leaf = n.left < 0 || p.depth === SHOWN_DEPTH;
    const label = leaf ? `${n.cls}${n.left >= 0 ? ' …' : ''}` : n.test;
    return {
      x: p.x,
      y: p.depth,
      label,
      cls: n.cls,
      samples: n.samples,
      purity: n.purity,
      leaf,
      detail: leaf ? `${n.cls}: ${(100 * n.purity).toFixed(0)}% of ${n.samples}` : n.test,
    };
  });
  const width = Math.max(400, nextLeaf * 132);
  const height = (Math.min(SHOWN_DEPTH, Math.max(...pos.map((p) => p.depth))) + 1) * 78;
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    axis: null,
    scale: { domain: [-0.6, Math.max(0.6, nextLeaf - 0.4)] },
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    axis: null,
    scale: { domain: [-0.4, height / 78 - 0.6], reverse: true },
  };
  return {
    name: 'decision-tree',
    title: 'The decision tree',
    note: `Left branch: the condition holds. Leaves show the predicted class; hover for its share and size.${cut ? ' Branches below depth 6 are folded into their depth-6 node (…).' : ''}`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width,
      height,
      layer: [
        {
          data: { values: edges },
          mark: { type: 'rule', color: '#999' },
          encoding: {
            x,
            y,
            x2: { field: 'x2' },
            y2: { field: 'y2' },
            strokeDash: {
              field: 'branch',
              type: 'nominal',
              legend: null,
              scale: {
                domain: ['yes', 'no'],
                range: [
                  [1, 0],
                  [4, 3],
                ],
              },
            },
          },
        },
        {
          data: { values: points },
          layer: [
            {
              mark: { type: 'point', filled: true, size: 260, shape: 'square', opacity: 0.9 },
              encoding: {
                x,
                y,
                color: { field: 'cls', type: 'nominal', title: 'class' },
                opacity: {
                  field: 'purity',
                  type: 'quantitative',
                  legend: null,
                  scale: { domain: [0.3, 1], range: [0.35, 1] },
                },
                tooltip: [
                  { field: 'detail', type: 'nominal', title: 'node' },
                  { field: 'samples', type: 'quantitative', format: ',', title: 'customers' },
                  { field: 'purity', type: 'quantitative', format: '.0%', title: 'majority share' },
                ],
              },
            },
            {
              mark: { type: 'text', dy: -24, fontSize: 9, limit: 128, lineBreak: '\n' },
              encoding: { x, y, text: { field: 'label' } },
            },
          ],
        },
      ],
    },
  };
}
