import { classifyTable } from '../classify/classify-table.js';
import type { Rule } from '../classify/rules.js';
import { type CategoricalColumn, type ColumnInfo, Table } from '../data/table.js';
import type { TreeModel } from '../model/model-file.js';
import { Random } from '../util/random.js';

/** Rules that put a customer into a segment: a shallow tree learned with the segment as the label. */
export interface SegmentRules {
  /** Deepest the tree may go (default 3). */
  depth: number;
  /** Cross-validated share of customers the rules put into their own segment (5 folds). */
  fidelity: number;
  /** The same share on the training customers, for the rules as saved. */
  trainFidelity: number;
  /** Customers the rules were learned from: all of them, or a seeded sample of RULES_SAMPLE above that. */
  rows: number;
  /** Every rule, largest first; `class` is the segment's name. */
  rules: ClusterRule[];
  /** The tree itself, scored by `predict --by rules`. */
  tree: TreeModel;
}

export interface ClusterRule extends Rule {
  /** The cluster number of the segment the rule assigns. */
  cluster: number;
}

/** "THEN segment \"Sex: female\"": a segment's name is quoted, as names hold commas and colons. */
function quoted(r: Rule, label: string): Rule {
  const tail = ` THEN ${label} ${r.class}`;
  const named = ` THEN ${label} "${r.class}"`;
  const statement = r.statement.endsWith(tail) ? r.statement.slice(0, -tail.length) + named : r.statement;
  return { ...r, statement, text: statement + r.text.slice(r.statement.length) };
}

/** Above this many customers, the rules are learned (and their fidelity measured) on a seeded sample. */
export const RULES_SAMPLE = 20_000;

/** rules.json of a clustering: every segment rule, largest first. */
export type ClusterRuleList = ClusterRule[];

/** The label column's name: "segment", or with underscores until no feature has it. */
function labelName(table: Table): string {
  let name = 'segment';
  while (table.has(name)) name = `${name}_`;
  return name;
}

/**
 * The rules of a clustering under its options: none when rulesDepth is 0 or every customer is in one
 * segment. Learned again whenever the labels change (a sample relabelled under centroids refined over
 * every customer), so that the rules name the segments as they are finally named.
 */
export function clusterRules(
  table: Table,
  features: readonly string[],
  labels: Int32Array,
  names: readonly string[],
  o: { rulesDepth: number; seed: number; maxLevels?: number },
): SegmentRules | null {
  if (o.rulesDepth <= 0 || new Set(labels).size < 2) return null;
  return segmentRules(table, features, labels, names, {
    depth: o.rulesDepth,
    seed: o.seed,
    maxLevels: o.maxLevels,
  });
}

/**
 * After clustering: CART of depth ≤ `depth` on the clustering's features with the segment as the label
 * (the source documents' sequence: cluster, find what each cluster shares, then classify new customers
 * by rules). Each rule speaks the plain language of `strata classify`. Null when fewer than two
 * segments have two customers or more.
 */
export function segmentRules(
  all: Table,
  features: readonly string[],
  allLabels: Int32Array,
  names: readonly string[],
  options: { depth: number; seed: number; maxLevels?: number },
): SegmentRules | null {
  const { depth } = options;
  // A tree of a few levels is as well learned from 20,000 customers as from millions, in a fraction of the time.
  let keep = all.nRows > RULES_SAMPLE ? new Random(options.seed).choose(all.nRows, RULES_SAMPLE) : null;
  // A segment of one customer (here) can neither be cross-validated nor given a rule: its customer
  // is left out, and the segment is reported as one no rule assigns.
  const members = new Int32Array(names.length);
  for (const i of keep ?? allLabels.keys()) members[allLabels[i]]++;
  if (members.some((m) => m === 1)) {
    const rows = keep ?? Int32Array.from(allLabels.keys());
    keep = rows.filter((i) => members[allLabels[i]] !== 1);
  }
  if (members.filter((m) => m >= 2).length < 2) return null;
  const table = keep ? all.take(keep) : all;
  const labels = keep ? Int32Array.from(keep, (i) => allLabels[i]) : allLabels;
  const label = labelName(table);
  const column: CategoricalColumn = { name: label, type: 'categorical', codes: labels, levels: names };
  const info: ColumnInfo = {
    name: label,
    type: 'categorical',
    role: 'label',
    missing: 0,
    distinct: names.length,
  };
  const base = table.select(features);
  // Every feature is a feature here, even one that looks like an id.
  const infos = base.schema.columns.map((c) => (c.role === 'id' ? { ...c, role: c.type } : c));
  const withLabel = new Table(
    [...base.columns, column],
    { columns: [...infos, info] },
    table.source,
    table.nRows,
  );
  const run = classifyTable(withLabel, {
    label,
    features,
    maxDepth: depth,
    // A rule is for a group of customers: no leaf under 0.5% of them (a rule for one customer says nothing).
    minSamplesLeaf: Math.max(1, Math.floor(table.nRows / 200)),
    importance: 'none',
    // Neighbouring leaves of one segment say the same thing twice: one rule for them.
    mergeLeaves: true,
    seed: options.seed,
    maxLevels: options.maxLevels,
  });
  const cluster = new Map(names.map((n, j) => [n, j]));
  return {
    depth,
    fidelity: run.cv.accuracy,
    trainFidelity: run.trainAccuracy,
    rows: table.nRows,
    rules: run.rules.map((r) => ({ ...quoted(r, label), cluster: cluster.get(r.class)! })),
    tree: run.model,
  };
}
