import { predictWithTree } from '../classify/predict-tree.js';
import type { Table } from '../data/table.js';
import { OptionError, UsageError } from '../errors.js';
import {
  type Comparison,
  compareTiers,
  type Disagreement,
  type Migration,
  migrate as migrateTiers,
} from '../grade/tier-agreement.js';
import type { TreeModel } from '../model/model-file.js';
import { checkOptions, type Spec, textMapParameter, UNITS_OPTION, type Units } from '../options.js';
import { idColumn, valueColumn } from '../prep/features.js';
import { toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { type Envelope, envelope } from './envelope.js';
import type { Result } from './result.js';

export const COMPARE_OPTIONS = {
  assigned: { kind: 'string' },
  predicted: { kind: 'string' },
  model: {
    kind: 'custom',
    describe: 'a tree model (from classify)',
    check: (v) => (v as TreeModel)?.kind === 'tree',
  },
  order: { kind: 'columns' },
  id: { kind: 'string' },
  value: { kind: 'string' },
  units: UNITS_OPTION,
} as const satisfies Spec;

export interface CompareOptions {
  /** The column with the tier people assigned. */
  assigned: string;
  /** A column with predicted tiers… */
  predicted?: string;
  /** …or a tree model that predicts them. */
  model?: TreeModel;
  /** Tier order for weighted kappa, best first (default: natural order). */
  order?: string[];
  id?: string;
  /** A money column: disagreements are ranked by value × the model's confidence. */
  value?: string;
  units?: Units;
}

/** The summary of `strata compare`, equal to its `--json`. */
export interface CompareSummary extends Envelope {
  command: 'compare';
  /** Customers with both tiers. */
  customers: number;
  /** Rows skipped because one of the two tiers was missing. */
  skipped: number;
  agreement: number;
  kappa: number;
  weightedKappa: number;
  quadraticKappa: number;
  /** Rows: assigned tier; columns: predicted tier. */
  confusion: { labels: string[]; matrix: number[][] };
  /** How many customers disagree (all are in disagreements.csv). */
  disagreements: number;
  /** The first 50 disagreements: most at stake (value × confidence) first, else furthest apart. */
  top: Disagreement[];
}

export type CompareResult = Result<CompareSummary> & { comparison: Comparison };

/** The predicted tiers: a column's, or a tree model's with its rule and confidence. */
function predictedTiers(
  table: Table,
  options: CompareOptions,
): { predicted: string[]; rules?: string[]; probability?: Float64Array } {
  const n = table.nRows;
  if (options.model) {
    const p = predictWithTree(options.model, table);
    const C = p.classes.length;
    const probability = Float64Array.from(p.predicted, (c, i) =>
      round(p.proba[i * C + p.classes.indexOf(c)], 6),
    );
    return { predicted: p.predicted, rules: p.rule, probability };
  }
  const col = options.predicted!;
  if (!table.has(col)) throw new UsageError(`${table.source}: predicted tier column "${col}" not found`);
  return { predicted: Array.from({ length: n }, (_, i) => table.text(col, i)) };
}

/** disagreements.csv: every disagreement, with the model's confidence, the value and the rule when known. */
function disagreementsCsv(c: Comparison, id: string | undefined, valueName: string | undefined): string {
  const first = c.disagreements[0];
  const withRule = first?.rule !== undefined;
  const withProbability = first?.probability !== undefined;
  const withValue = first?.value !== undefined;
  return toCsv(
    [
      id ?? 'row',
      'assigned',
      'predicted',
      'tier_gap',
      ...(withProbability ? ['probability'] : []),
      ...(withValue ? [valueName!] : []),
      ...(withRule ? ['rule'] : []),
    ],
    c.disagreements.map((d) => [
      d.id,
      d.assigned,
      d.predicted,
      d.tierGap,
      ...(withProbability ? [d.probability] : []),
      ...(withValue ? [d.value] : []),
      ...(withRule ? [d.rule] : []),
    ]),
  );
}

/** Predicted against assigned tiers: cross-table, agreement, kappa and the disagreements to review. */
export function compare(table: Table, options: CompareOptions): CompareResult {
  checkOptions(COMPARE_OPTIONS, options);
  if (!options.predicted === !options.model)
    throw new OptionError('predicted', 'or model: give exactly one of them');
  if (!table.has(options.assigned))
    throw new UsageError(`${table.source}: assigned tier column "${options.assigned}" not found`);
  const id = idColumn(table, options.id);
  const n = table.nRows;
  const assigned = Array.from({ length: n }, (_, i) => table.text(options.assigned, i));
  const ids = Array.from({ length: n }, (_, i) => (id ? table.text(id, i) : String(i + 1)));
  const { predicted, rules, probability } = predictedTiers(table, options);
  const value = options.value !== undefined ? valueColumn(table, options.value) : undefined;
  const c = compareTiers(assigned, predicted, ids, { order: options.order, rules, probability, value });
  const parameters = {
    assigned: options.assigned,
    predicted: options.predicted ?? null,
    model: options.model ? `decision tree on "${options.model.state.label}"` : null,
    order: options.order ?? c.confusion.labels,
    id: id ?? null,
    value: options.value ?? null,
    units: textMapParameter(options.units),
  };
  const summary: CompareSummary = {
    ...envelope('compare', { file: table.source, rows: n }, parameters),
    command: 'compare',
    customers: c.customers,
    skipped: c.skipped,
    agreement: round(c.agreement, 6),
    kappa: round(c.kappa, 6),
    weightedKappa: round(c.weightedKappa, 6),
    quadraticKappa: round(c.quadraticKappa, 6),
    confusion: c.confusion,
    disagreements: c.disagreements.length,
    top: c.disagreements.slice(0, 50),
  };
  return {
    comparison: c,
    summary,
    documents: new Map<string, unknown>([['disagreements.json', c.disagreements]]),
    tables: new Map([['disagreements.csv', (write) => write(disagreementsCsv(c, id, options.value))]]),
  };
}

/** The summary of `strata migrate`, equal to its `--json`. */
export interface MigrateSummary extends Envelope {
  command: 'migrate';
  /** Customers in both files. */
  customers: number;
  stayed: number;
  up: number;
  down: number;
  /** In both files without a tier in one of them (stayed + up + down + unranked = customers). */
  unranked: number;
  /** Only in the later file. */
  new: number;
  /** Only in the earlier file. */
  gone: number;
  /** Rows: tier before; columns: tier after. */
  confusion: { labels: string[]; matrix: number[][] };
}

export type MigrateResult = Result<MigrateSummary> & { migration: Migration };

/** Tier migration between two periods, matched by id. */
export function migrate(
  before: Table,
  after: Table,
  options: { id: string; tier: string; order?: string[] },
): MigrateResult {
  const m = migrateTiers(before, after, options.id, options.tier, options.order);
  const summary: MigrateSummary = {
    ...envelope(
      'migrate',
      [
        { file: before.source, rows: before.nRows },
        { file: after.source, rows: after.nRows },
      ],
      { id: options.id, tier: options.tier, order: options.order ?? m.confusion.labels },
      m.unranked
        ? [
            {
              code: 'unranked',
              message: `${m.unranked} customer${m.unranked === 1 ? '' : 's'} in both files ha${m.unranked === 1 ? 's' : 've'} no tier in one of them: counted as unranked, neither stayed nor moved`,
            },
          ]
        : [],
    ),
    command: 'migrate',
    customers: m.customers,
    stayed: m.stayed,
    up: m.up,
    down: m.down,
    unranked: m.unranked,
    new: m.new,
    gone: m.gone,
    confusion: m.confusion,
  };
  const csv = () =>
    toCsv(
      [options.id, 'from', 'to', 'steps_up'],
      m.moved.map((x) => [x.id, x.from, x.to, x.steps]),
    );
  return {
    migration: m,
    summary,
    documents: new Map(),
    tables: new Map([['migration.csv', (w) => w(csv())]]),
  };
}
