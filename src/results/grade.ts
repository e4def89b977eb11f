import type { Staff } from '../assign/staff.js';
import { withClvColumn } from '../clv/clv-column.js';
import type { Table } from '../data/table.js';
import { OptionError } from '../errors.js';
import {
  type FollowUpList,
  followUpList,
  rankedByTier,
  type TierBySegment,
  tierBySegment,
} from '../grade/follow-up.js';
import { type GradeResult, gradeTable, type Scorecard, scoreRange } from '../grade/scorecard.js';
import {
  DATE_OPTION,
  resolveOptions,
  type Spec,
  textMapParameter,
  UNITS_OPTION,
  type Units,
} from '../options.js';
import { idColumn, valueColumn } from '../prep/features.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { type Envelope, envelope, type Warning } from './envelope.js';
import { type GradeStaffing, gradeStaffing } from './grade-staffing.js';
import type { Result, TableWriter } from './result.js';

export interface TierSummary {
  tier: string;
  customers: number;
  share: number;
  /** Lowest score (or measure) of the tier; null for the last tier when it has none. */
  min: number | null;
  owner: string;
  /** Days between follow-ups; null when follow-up is not periodic. */
  followUpDays: number | null;
  followUp: string;
  /** When the tier's customers are next due (as-of date + follow-up days); null when not periodic. */
  due: string | null;
  /** Share of the value column's total held by the tier (with `value`). */
  valueShare?: number;
  actions: string[];
}

/** The summary of `strata grade`, equal to its `--json`. */
export interface GradeSummary extends Envelope {
  command: 'grade';
  scorecard: string;
  tiers: TierSummary[];
  /** Customers scored below every tier. */
  unassigned: number;
  scoreRange: [number, number] | null;
  /** The date follow-ups count from (YYYY-MM-DD). */
  asOf: string;
  /** Tiers against the clustering's segments (with `segments`). */
  tierBySegment?: TierBySegment;
  /** With a staff file: the tiers the staff can carry, placed by the card's points. */
  staffing?: GradeStaffing;
}

export type GradeRunResult = Result<GradeSummary> & { grades: GradeResult };

export const GRADE_OPTIONS = {
  id: { kind: 'string' },
  cardFile: { kind: 'string' },
  value: { kind: 'string' },
  asOf: DATE_OPTION,
  segments: {
    kind: 'custom',
    describe: 'one segment name per row (a list of texts), or a Map of customer id → segment',
    check: (v) =>
      (Array.isArray(v) && v.every((x) => typeof x === 'string')) ||
      (v instanceof Map && [...v].every(([k, x]) => typeof k === 'string' && typeof x === 'string')),
  },
  segmentsFrom: { kind: 'string' },
  clv: {
    kind: 'custom',
    describe: 'a Map of customer id → lifetime value',
    check: (v) => v instanceof Map && [...v.values()].every((x) => typeof x === 'number'),
  },
  clvFrom: { kind: 'string' },
  followUpRows: { kind: 'integer', min: 0 },
  staff: {
    kind: 'custom',
    describe: 'a staff file as readStaff gives it: { tiers, match, keep }',
    check: (v) => typeof v === 'object' && v !== null && Array.isArray((v as { tiers?: unknown }).tiers),
  },
  units: UNITS_OPTION,
  withData: { kind: 'boolean' },
} as const satisfies Spec;

export interface GradeOptions {
  /**
   * Also write graded-data.csv: every column of the data and the tier, ready for `classify --label
   * tier` (learn the card's tiers from the data) or `compare --assigned tier --model …`.
   */
  withData?: boolean;
  /** The id column written with each grade (default: the card's `id`, else a guessed id). */
  id?: string;
  /** The scorecard's file name, for messages and the summary. */
  cardFile?: string;
  /** A money column: ranks each tier's follow-up list and gives each tier (and cell) its share. */
  value?: string;
  /** The date follow-up periods count from (YYYY-MM-DD; default today, UTC). */
  asOf?: string;
  /**
   * Each row's segment (from `cluster`), for the tier × segment table: a list in row order ('' for
   * none), or a Map from customer id to segment (an assignments.csv), joined on the id column.
   */
  segments?: readonly string[] | ReadonlyMap<string, string>;
  /** Where `segments` came from, for the summary (default "segments"). */
  segmentsFrom?: string;
  /**
   * Each customer's lifetime value (a clv run's clv.csv), joined by the id column as a numeric column
   * `clv` the card can score or tier by (`column: clv`, `tiersBy: clv`).
   */
  clv?: ReadonlyMap<string, number>;
  /** Where `clv` came from, for the summary. */
  clvFrom?: string;
  /** Customers per tier listed in follow-up.json and the report (default 100; follow-up.csv has all). */
  followUpRows?: number;
  /** A staff file: place customers by the card's points under the managers' spans (staffing.csv). */
  staff?: Staff;
  units?: Units;
}

/** What grading does when an option is not given (asOf: the day it runs, UTC). */
export const GRADE_DEFAULTS = {
  cardFile: 'scorecard',
  segmentsFrom: 'segments',
  followUpRows: 100,
} as const satisfies Partial<GradeOptions>;

function followUpCsv(
  list: FollowUpList,
  ranked: readonly Int32Array[],
  g: GradeResult,
  ids: (i: number) => string,
  values: Float64Array | undefined,
  idName: string,
): TableWriter {
  return (write) => {
    const rows: Cell[][] = [];
    g.card.tiers.forEach((t, k) => {
      for (const i of ranked[k]) {
        rows.push([
          ids(i),
          t.tier,
          t.policy.owner,
          list.tiers[k].due ?? t.policy.followUp ?? '',
          ...(values ? [values[i]] : []),
          g.score[i],
          t.policy.actions.join('; '),
        ]);
      }
    });
    const head = [idName, 'tier', 'owner', 'due', ...(list.value ? [list.value] : []), 'score', 'actions'];
    write(toCsv(head, rows));
  };
}

function gradesCsv(g: GradeResult, table: Table, id: string | undefined): TableWriter {
  return (write) => {
    const header = [
      id ?? 'row',
      g.card.tiersBy ?? 'score',
      ...g.card.criteria.map((c) => `points_${c.name}`),
      'tier',
      'owner',
      'follow_up_days',
      'actions',
      'adjustments',
    ];
    const rows: Cell[][] = [];
    for (let i = 0; i < g.score.length; i++) {
      const t = g.tier[i] >= 0 ? g.card.tiers[g.tier[i]] : null;
      rows.push([
        id ? table.text(id, i) : i + 1,
        g.score[i],
        ...g.points.map((p) => round(p[i], 9)),
        t?.tier ?? '',
        t?.policy.owner ?? '',
        t?.policy.followUpDays ?? t?.policy.followUp ?? '',
        t?.policy.actions.join('; ') ?? '',
        g.adjusted[i].join('; '),
      ]);
    }
    write(toCsv(header, rows));
  };
}

/** The tier's column in graded-data.csv: `tier`, or `grade_tier`… where the data has a `tier`. */
function tierColumnName(table: Table): string {
  let name = 'tier';
  while (table.has(name)) name = `grade_${name}`;
  return name;
}

/** Every column of the data as read, and each customer's tier (blank where none applies). */
function gradedDataCsv(g: GradeResult, table: Table): TableWriter {
  return (write) => {
    const names = table.columns.map((c) => c.name);
    const rows: Cell[][] = [];
    for (let i = 0; i < g.score.length; i++) {
      const row: Cell[] = names.map((name) => table.text(name, i));
      row.push(g.tier[i] >= 0 ? g.card.tiers[g.tier[i]].tier : '');
      rows.push(row);
    }
    write(toCsv([...names, tierColumnName(table)], rows));
  };
}

function segmentsByRow(
  segments: GradeOptions['segments'],
  n: number,
  ids: (i: number) => string,
): readonly string[] | undefined {
  if (!segments) return undefined;
  if (!(segments instanceof Map)) {
    const list = segments as readonly string[];
    if (list.length !== n) throw new OptionError('segments', `has ${list.length} entries for ${n} rows`);
    return list;
  }
  return Array.from({ length: n }, (_, i) => segments.get(ids(i)) ?? '');
}

/** What a grading run warns of: empty tiers, customers below every tier or without a segment, tiers the staff changes. */
function gradeWarnings(
  card: Scorecard,
  counts: number[],
  unassigned: number,
  cross: TierBySegment | undefined,
  staffing: GradeStaffing | undefined,
): Warning[] {
  const warnings: Warning[] = card.tiers
    .filter((_t, i) => counts[i] === 0)
    .map((t) => ({ code: 'empty-tier', message: `no customer falls in tier "${t.tier}"` }));
  if (unassigned)
    warnings.push({ code: 'unassigned', message: `${unassigned} customers scored below every tier` });
  if (cross?.withoutSegment)
    warnings.push({
      code: 'no-segment',
      message: `${cross.withoutSegment} customers have no segment in ${cross.source}; the tier × segment table leaves them out`,
    });
  if (staffing?.changed)
    warnings.push({
      code: 'staffed-tier-differs',
      message: `${staffing.changed} customers get another tier when the staff's spans are respected (staffing.csv)`,
    });
  return warnings;
}

/**
 * Customers graded with a weighted scorecard: score, points per criterion, tier and the tier's
 * service policy.
 */
export function grade(card: Scorecard, data: Table, given: GradeOptions = {}): GradeRunResult {
  const options = resolveOptions(GRADE_OPTIONS, GRADE_DEFAULTS, given);
  const { cardFile } = options;
  const id = idColumn(data, options.id ?? (card.id && data.has(card.id) ? card.id : undefined));
  if (options.clv && !id) throw new OptionError('clv', 'is joined by the customer id: name the id column');
  const table = options.clv && id ? withClvColumn(data, id, options.clv) : data;
  const g = gradeTable(card, table, cardFile);
  const n = g.score.length;
  const values = options.value !== undefined ? valueColumn(table, options.value) : undefined;
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const ids = (i: number) => (id ? table.text(id, i) : String(i + 1));
  const segments = segmentsByRow(options.segments, n, ids);
  const ranked = rankedByTier(g, values);
  const follow = followUpList(g, ranked, ids, {
    asOf,
    value: options.value,
    values,
    perTier: options.followUpRows,
  });
  const cross = segments ? tierBySegment(g, segments, options.segmentsFrom, values) : undefined;
  const counts = ranked.map((rows) => rows.length);
  const staffing = options.staff ? gradeStaffing(table, options.staff, g, ids, id ?? 'row') : undefined;
  const unassigned = g.tier.reduce((a, t) => a + (t < 0 ? 1 : 0), 0);
  const warnings = gradeWarnings(card, counts, unassigned, cross, staffing?.summary);
  let valueTotal = 0;
  if (values) for (const v of values) if (!Number.isNaN(v)) valueTotal += v;
  const share = (x: number) => round(valueTotal ? x / valueTotal : 0, 6);
  const summary: GradeSummary = {
    ...envelope(
      'grade',
      { file: table.source, rows: table.nRows },
      {
        scorecard: cardFile,
        id: id ?? null,
        value: options.value ?? null,
        asOf,
        segments: options.segments ? options.segmentsFrom : undefined,
        clv: options.clv ? (options.clvFrom ?? 'given') : undefined,
        units: textMapParameter(options.units),
      },
      warnings,
    ),
    command: 'grade',
    scorecard: card.name,
    tiers: card.tiers.map((t, i) => ({
      tier: t.tier,
      customers: counts[i],
      share: round(n ? counts[i] / n : 0, 6),
      min: t.min ?? null,
      owner: t.policy.owner,
      followUpDays: t.policy.followUpDays,
      followUp: follow.tiers[i].followUp,
      due: follow.tiers[i].due,
      ...(values ? { valueShare: share(follow.tiers[i].value ?? 0) } : {}),
      actions: t.policy.actions,
    })),
    unassigned,
    scoreRange: card.criteria.length ? scoreRange(card) : null,
    asOf,
    ...(cross ? { tierBySegment: cross } : {}),
    ...(staffing ? { staffing: staffing.summary } : {}),
  };
  return {
    grades: g,
    summary,
    documents: new Map([['follow-up.json', follow]]),
    tables: new Map([
      ['grades.csv', gradesCsv(g, table, id)],
      ['follow-up.csv', followUpCsv(follow, ranked, g, ids, values, id ?? 'row')],
      ...(options.withData ? ([['graded-data.csv', gradedDataCsv(g, table)]] as const) : []),
      ...(staffing ? ([['staffing.csv', staffing.csv]] as const) : []),
    ]),
  };
}
