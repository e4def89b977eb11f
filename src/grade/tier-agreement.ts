import { cohenKappa } from '../classify/metrics.js';
import type { Table } from '../data/table.js';
import { DataError, OptionError, UsageError } from '../errors.js';

export interface Disagreement {
  row: number;
  id: string;
  assigned: string;
  predicted: string;
  /** Signed gap in tier order (predicted − assigned). */
  tierGap: number;
  /** The model's probability for its predicted tier (when a model predicted). */
  probability?: number;
  /** The customer's value (when a value column was named). */
  value?: number;
  /** What is at stake: value × the model's confidence (each 1 when absent), the review order. */
  stake?: number;
  rule?: string;
}

/** disagreements.json: every disagreement, in review order. */
export type DisagreementList = Disagreement[];

export interface Comparison {
  customers: number;
  agreement: number;
  kappa: number;
  /** Linear weights: tiers one apart disagree less than tiers three apart. */
  weightedKappa: number;
  quadraticKappa: number;
  /** Tier order; rows: assigned, columns: predicted. */
  confusion: { labels: string[]; matrix: number[][] };
  /** Furthest apart first. */
  disagreements: Disagreement[];
  /** Rows skipped because one of the two tiers was missing. */
  skipped: number;
}

/** Natural order for tier names: A < B < …, 1 < 2 < 10. */
export function tierOrder(labels: Iterable<string>): string[] {
  return [...new Set(labels)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * Cross-tabulates predicted against assigned tiers: agreement, Cohen's kappa (plain, linear and quadratic
 * weights for ordered tiers) and the disagreeing customers, furthest apart first.
 */
export function compareTiers(
  assigned: readonly string[],
  predicted: readonly string[],
  ids: readonly string[],
  options: {
    order?: readonly string[];
    rules?: readonly string[];
    /** Per row: the model's probability for its prediction. */
    probability?: ArrayLike<number>;
    /** Per row: the customer's value (NaN when missing). */
    value?: ArrayLike<number>;
  } = {},
): Comparison {
  const keep: number[] = [];
  for (let i = 0; i < assigned.length; i++) if (assigned[i] !== '' && predicted[i] !== '') keep.push(i);
  const labels = options.order
    ? [...options.order]
    : tierOrder([...keep.map((i) => assigned[i]), ...keep.map((i) => predicted[i])]);
  const index = new Map(labels.map((l, i) => [l, i]));
  for (const i of keep) {
    for (const t of [assigned[i], predicted[i]]) {
      if (!index.has(t))
        throw new OptionError(
          'order',
          `does not list tier "${t}" (row ${i + 1}); it lists ${labels.join(', ')}`,
        );
    }
  }
  const C = labels.length;
  const matrix = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  const disagreements: Disagreement[] = [];
  for (const i of keep) {
    const a = index.get(assigned[i])!;
    const p = index.get(predicted[i])!;
    matrix[a][p]++;
    if (a !== p) {
      disagreements.push({
        row: i + 1,
        id: ids[i],
        assigned: assigned[i],
        predicted: predicted[i],
        tierGap: p - a,
        ...(options.rules ? { rule: options.rules[i] } : {}),
        ...(options.probability ? { probability: options.probability[i] } : {}),
        ...(options.value ? { value: Number.isNaN(options.value[i]) ? 0 : options.value[i] } : {}),
        ...(options.probability || options.value
          ? {
              stake:
                (options.value ? (Number.isNaN(options.value[i]) ? 0 : options.value[i]) : 1) *
                (options.probability ? options.probability[i] : 1),
            }
          : {}),
      });
    }
  }
  // What is at stake first (value × confidence), then the widest gap; without either, the widest gap.
  disagreements.sort(
    (x, y) => (y.stake ?? 0) - (x.stake ?? 0) || Math.abs(y.tierGap) - Math.abs(x.tierGap) || x.row - y.row,
  );
  const agree = matrix.reduce((s, r, i) => s + r[i], 0);
  return {
    customers: keep.length,
    agreement: keep.length ? agree / keep.length : Number.NaN,
    kappa: cohenKappa(matrix),
    weightedKappa: cohenKappa(matrix, 'linear'),
    quadraticKappa: cohenKappa(matrix, 'quadratic'),
    confusion: { labels, matrix },
    disagreements,
    skipped: assigned.length - keep.length,
  };
}

export interface Migration {
  customers: number;
  /** Tier order; rows: before, columns: after. */
  confusion: { labels: string[]; matrix: number[][] };
  stayed: number;
  up: number;
  down: number;
  /** In both files but without a tier in one of them: neither stayed nor moved. */
  unranked: number;
  /** Only in the later file / only in the earlier one. */
  new: number;
  gone: number;
  moved: { id: string; from: string; to: string; steps: number }[];
}

/**
 * Tier migration between two periods, matched by id. "Up" means towards the first tier in order
 * (A is above B).
 */
export function migrate(
  before: Table,
  after: Table,
  id: string,
  tier: string,
  order?: readonly string[],
): Migration {
  for (const [t, name] of [
    [before, 'before'],
    [after, 'after'],
  ] as const) {
    if (!t.has(id)) throw new UsageError(`${t.source}: id column "${id}" not found (${name})`);
    if (!t.has(tier)) throw new UsageError(`${t.source}: tier column "${tier}" not found (${name})`);
  }
  const { pairs, rowOf, added, earlier } = matchById(before, after, id, tier);
  if (!pairs.length) {
    throw new DataError(
      { file: after.source, column: id },
      `no id in common with ${before.source}; are they the same customers?`,
    );
  }
  const labels = order ? [...order] : tierOrder(pairs.flatMap(([, f, t]) => [f, t]).filter((x) => x !== ''));
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = Array.from({ length: labels.length }, () => new Array<number>(labels.length).fill(0));
  const moved: Migration['moved'] = [];
  let up = 0;
  let down = 0;
  let stayed = 0;
  let unranked = 0;
  for (const [key, from, to] of pairs) {
    // As compare does: a tier the order leaves out is refused, not dropped from every count.
    for (const t of [from, to])
      if (t !== '' && !index.has(t))
        throw new OptionError(
          'order',
          `does not list tier "${t}" (customer "${key}", row ${rowOf.get(key)} of ${after.source}); it lists ${labels.join(', ')}`,
        );
    const a = index.get(from);
    const b = index.get(to);
    if (a === undefined || b === undefined) {
      unranked++;
      continue;
    }
    matrix[a][b]++;
    if (a === b) stayed++;
    else {
      if (b < a) up++;
      else down++;
      moved.push({ id: key, from, to, steps: a - b });
    }
  }
  moved.sort((x, y) => Math.abs(y.steps) - Math.abs(x.steps) || (x.id < y.id ? -1 : 1));
  return {
    customers: pairs.length,
    confusion: { labels, matrix },
    stayed,
    up,
    down,
    unranked,
    new: added,
    gone: earlier - pairs.length,
    moved,
  };
}

/** The customers of both periods matched by id: (id, tier before, tier after), with each one's row in `after`. */
function matchById(before: Table, after: Table, id: string, tier: string) {
  const earlier = new Map<string, string>();
  for (let i = 0; i < before.nRows; i++) {
    const key = before.text(id, i);
    if (earlier.has(key))
      throw new DataError({ file: before.source, row: i + 1, column: id }, `id "${key}" appears twice`);
    earlier.set(key, before.text(tier, i));
  }
  const rowOf = new Map<string, number>();
  const pairs: [string, string, string][] = [];
  const seen = new Set<string>();
  let added = 0;
  for (let i = 0; i < after.nRows; i++) {
    const key = after.text(id, i);
    if (seen.has(key))
      throw new DataError({ file: after.source, row: i + 1, column: id }, `id "${key}" appears twice`);
    seen.add(key);
    const from = earlier.get(key);
    if (from === undefined) added++;
    else {
      pairs.push([key, from, after.text(tier, i)]);
      rowOf.set(key, i + 1);
    }
  }
  return { pairs, rowOf, added, earlier: earlier.size };
}
