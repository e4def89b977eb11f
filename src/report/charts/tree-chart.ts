import { formatExact, formatShare } from '../../util/format.js';
import { type Chart, CONFIG, SCHEMA } from './spec.js';

export interface TreeNodeView {
  /** The left ("yes") branch's condition, worded as the rules word it; empty for a leaf. */
  test: string;
  /** The right branch's condition (the rules' wording of "otherwise"); empty for a leaf. */
  no?: string;
  left: number;
  right: number;
  cls: string;
  samples: number;
  /** Share of the node's training rows in its majority class. */
  purity: number;
}

/** The static chart shows four levels of splits; the HTML report's outline shows every node. */
export const SHOWN_DEPTH = 4;
export const TREE_WIDTH = 1100;
const LINE = 12;

/**
 * Breaks a label into lines of at most `width` characters, at spaces, else after "_" or ".", else
 * anywhere: the words stay whole and in the rules' wording, only wrapped.
 */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (let word of para.split(' ')) {
      while (word.length > width) {
        const cut = Math.max(word.lastIndexOf('_', width - 1), word.lastIndexOf('.', width - 1));
        const at = cut > 0 ? cut + 1 : width;
        if (line) lines.push(line);
        line = '';
        lines.push(word.slice(0, at));
        word = word.slice(at);
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.filter((l, i) => l !== '' || i === 0);
}

function leavesBelow(nodes: readonly TreeNodeView[], id: number): number {
  const n = nodes[id];
  return n.left < 0 ? 1 : leavesBelow(nodes, n.left) + leavesBelow(nodes, n.right);
}

interface Placed {
  id: number;
  slot: number;
  depth: number;
  folded: boolean;
  lines: string[];
}

/** Each node's slot across and level down (leaves side by side, a parent centred over its children). */
function layout(nodes: readonly TreeNodeView[]): { placed: Placed[]; slotWidth: number; top: number[] } {
  const bare: Omit<Placed, 'lines'>[] = [];
  let slots = 0;
  const place = (id: number, depth: number): number => {
    const n = nodes[id];
    const folded = n.left >= 0 && depth === SHOWN_DEPTH;
    const slot = n.left < 0 || folded ? slots++ : (place(n.left, depth + 1) + place(n.right, depth + 1)) / 2;
    bare.push({ id, slot, depth, folded });
    return slot;
  };
  place(0, 0);
  const slotWidth = TREE_WIDTH / slots;
  const chars = Math.max(9, Math.min(40, Math.floor(slotWidth / 6.2)));
  const placed = bare.map((p) => {
    const n = nodes[p.id];
    const share = `${formatShare(n.purity, 0)} of ${formatExact(n.samples)}`;
    let text: string;
    if (p.folded) text = `${n.cls} …\n${share}\n${formatExact(leavesBelow(nodes, p.id))} leaves below`;
    else if (n.left < 0) text = `${n.cls}\n${share}`;
    else text = n.test;
    return { ...p, lines: wrapLabel(text, chars) };
  });
  const depth = Math.max(...placed.map((p) => p.depth));
  // Each level is as tall as its longest label.
  const top: number[] = [18];
  for (let d = 0; d <= depth; d++) {
    const lines = Math.max(1, ...placed.filter((p) => p.depth === d).map((p) => p.lines.length));
    top.push(top[d] + 34 + lines * LINE);
  }
  return { placed, slotWidth, top };
}

/**
 * The decision tree top-down, within 1,200 px with its legend: full split conditions (wrapped), leaves with their class,
 * share and size; nodes deeper than four splits are folded into "…" (the HTML outline has them all).
 */
export function treeChart(nodes: readonly TreeNodeView[]): Chart {
  const { placed, slotWidth, top } = layout(nodes);
  const xy = (p: { slot: number; depth: number }) => ({ x: (p.slot + 0.5) * slotWidth, y: top[p.depth] });
  const at = new Map(placed.map((p) => [p.id, p]));
  const edges = placed.flatMap((p) => {
    const n = nodes[p.id];
    if (n.left < 0 || p.folded) return [];
    const from = xy(p);
    // Lines leave from under the label, so they never cross its text.
    const below = from.y + 14 + p.lines.length * LINE;
    return [n.left, n.right].map((c, k) => {
      const to = xy(at.get(c)!);
      return { x: from.x, y: below, x2: to.x, y2: to.y - 6, branch: k === 0 ? 'yes' : 'no' };
    });
  });
  const points = placed.map((p) => {
    const n = nodes[p.id];
    const detail = n.left < 0 || p.folded ? `predicts ${n.cls}` : n.test;
    return { ...xy(p), label: p.lines, cls: n.cls, samples: n.samples, purity: n.purity, detail };
  });
  const folded = placed.some((p) => p.folded);
  return {
    name: 'decision-tree',
    title: 'The decision tree',
    note: `A solid line leads to the customers for whom the condition above it holds, a dashed line to the others. Leaves show the predicted class, its share of the leaf's training customers and their number.${folded ? ' Splits below the fourth level are folded into "…"; the tree outline below the chart opens every node.' : ''}`,
    spec: treeSpec(edges, points, top[top.length - 1]),
  };
}

/** The chart's two layers: the branches as rules, the nodes as squares with their labels. */
function treeSpec(edges: object[], points: object[], height: number): Chart['spec'] {
  const axis = (field: string, extent: number) => ({
    field,
    type: 'quantitative' as const,
    axis: null,
    scale: { domain: [0, extent], range: [0, extent] },
  });
  const x = axis('x', TREE_WIDTH);
  const y = axis('y', height);
  const dash = {
    domain: ['yes', 'no'],
    range: [
      [1, 0],
      [4, 3],
    ],
  };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: TREE_WIDTH,
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
          strokeDash: { field: 'branch', type: 'nominal', legend: null, scale: dash },
        },
      },
      {
        data: { values: points },
        layer: [
          {
            mark: { type: 'point', filled: true, size: 200, shape: 'square', opacity: 0.9 },
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
            mark: { type: 'text', baseline: 'top', dy: 11, fontSize: 10, lineHeight: LINE },
            encoding: { x, y, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}
