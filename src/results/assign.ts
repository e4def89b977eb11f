import { type AssignRun, assignRun, type HeadcountPoint } from '../assign/assign-run.js';
import { gapOf } from '../assign/solve.js';
import type { Staff } from '../assign/staff.js';
import type { Table } from '../data/table.js';
import { OptionError } from '../errors.js';
import { resolveOptions, type Spec, textMapParameter, UNITS_OPTION, type Units } from '../options.js';
import { idColumn, valueColumn } from '../prep/features.js';
import type { OnProgress } from '../progress.js';
import { type Cell, toCsv } from '../util/csv.js';
import { formatNumber } from '../util/format.js';
import { round } from '../util/stats.js';
import { type Envelope, envelope, type Warning } from './envelope.js';
import type { Result } from './result.js';

/** The summary of `strata assign`, equal to its `--json`. */
export interface AssignSummary extends Envelope {
  command: 'assign';
  customers: number;
  /** Σ weight × value of the plan (with the continuity bonus). */
  objective: number;
  /** The LP bound from the span prices: the plan is optimal when it equals the objective. */
  bound: number;
  /** bound − objective (0 when optimal, up to rounding). */
  gap: number;
  tiers: {
    tier: string;
    weight: number;
    /** Σ spans of its managers; null for pooled service. */
    capacity: number | null;
    customers: number;
    value: number;
  }[];
  managers: { manager: string; tier: string; span: number; customers: number; value: number }[];
  /** Customers moved away from their current manager (null without `--current`). */
  moved: number | null;
  /** Customers whose value would earn a higher tier that has no room for them. */
  bumped: number;
  /** What one more slot is worth, in the objective's unit (weight × value): per tier (at its best-placed manager) and per manager. */
  shadowPrices: {
    tiers: { tier: string; shadowPrice: number }[];
    managers: { manager: string; shadowPrice: number }[];
  };
  /** What one more manager in each managed tier would add to the objective (modelled on the manager whose slot is worth most). */
  hire: { tier: string; worth: number; like: string }[];
}

/** headcount.json: the objective as each managed tier grows one manager at a time, up to doubling. */
export interface HeadcountCurve {
  points: HeadcountPoint[];
}

export interface AssignOptions {
  /** The column of each customer's value (lifetime value, scorecard points, sales…). */
  value: string;
  id?: string;
  /** The column of each customer's current manager (names as in the staff file). */
  current?: string;
  /** Compute the headcount curve (default true). */
  headcount?: boolean;
  onProgress?: OnProgress;
  units?: Units;
}

export const ASSIGN_OPTIONS = {
  value: { kind: 'string' },
  id: { kind: 'string' },
  current: { kind: 'string' },
  headcount: { kind: 'boolean' },
  onProgress: { kind: 'function' },
  units: UNITS_OPTION,
} as const satisfies Spec;

export const ASSIGN_DEFAULTS = { headcount: true } as const satisfies Partial<AssignOptions>;

export type AssignResult = Result<AssignSummary> & { run: AssignRun };

// Twelve significant digits: a plan's total keeps its cents up to ten thousand million.
const r12 = (v: number) => round(v, 12);

function warningsOf(run: AssignRun, gap: number): Warning[] {
  const out: Warning[] = [];
  if (run.unknownCurrent)
    out.push({
      code: 'unknown-current-manager',
      message: `${run.unknownCurrent} customers' current manager is not in the staff file: they are placed as new customers`,
    });
  for (const b of run.managers)
    if (b.customers === 0 && b.span > 0)
      out.push({
        code: 'empty-book',
        message: `${b.manager} (tier ${b.tier}) serves no customer: none matches their attributes, or every match is worth more elsewhere`,
      });
  if (run.bumped.length)
    out.push({
      code: 'bumped',
      message: `${run.bumped.length} customers are worth a higher tier that has no room for them (bumped.csv, most at stake first)`,
    });
  if (gap > 0)
    out.push({
      code: 'not-proven-optimal',
      message: `the plan is within ${formatNumber(gap)} of the LP bound but not proven optimal`,
    });
  return out;
}

function summaryOf(run: AssignRun, table: Table, o: AssignOptions, id: string | undefined): AssignSummary {
  const s = run.solution;
  const gap = gapOf(s);
  const hire: AssignSummary['hire'] = [];
  for (const p of run.headcount)
    if (p.added === 1) {
      const base = run.headcount.find((q) => q.tier === p.tier && q.added === 0)!;
      hire.push({ tier: p.tier, worth: r12(p.objective - base.objective), like: p.like ?? '' });
    }
  return {
    ...envelope(
      'assign',
      { file: table.source, rows: table.nRows },
      {
        value: o.value,
        id: id ?? null,
        current: o.current,
        headcount: o.headcount,
        match: run.staff.match,
        keep: run.staff.keep,
        units: textMapParameter(o.units),
      },
      warningsOf(run, gap),
    ),
    command: 'assign',
    customers: table.nRows,
    objective: r12(s.objective),
    bound: r12(s.bound),
    gap: r12(gap),
    tiers: run.tiers.map((t) => ({
      tier: t.tier,
      weight: t.weight,
      capacity: t.capacity,
      customers: t.customers,
      value: r12(t.value),
    })),
    managers: run.managers.map((m) => ({
      manager: m.manager,
      tier: m.tier,
      span: m.span,
      customers: m.customers,
      value: r12(m.value),
    })),
    moved: run.moves ? run.moves.length : null,
    bumped: run.bumped.length,
    shadowPrices: {
      tiers: run.tiers
        .filter((t) => t.shadowPrice !== null)
        .map((t) => ({ tier: t.tier, shadowPrice: r12(t.shadowPrice!) })),
      managers: run.managers.map((m) => ({ manager: m.manager, shadowPrice: r12(m.shadowPrice) })),
    },
    hire,
  };
}

function tablesOf(run: AssignRun, table: Table, o: AssignOptions, id: string | undefined) {
  const who = (i: number): Cell => (id ? table.text(id, i) : i + 1);
  const tierName = (t: number) => run.staff.tiers[t].name;
  const { at } = run.solution;
  const names = run.roster.managers.map((m) => m.name);
  const current = run.customers.currentName;
  const tables = new Map<string, (write: (text: string) => void) => void>();
  tables.set('assignments.csv', (write) => {
    const rows: Cell[][] = [];
    for (let i = 0; i < at.length; i++) {
      const was = current ? (current[i] ?? '') : '';
      const now = at[i] >= 0 ? names[at[i]] : '';
      rows.push([
        who(i),
        tierName(run.tierOf[i]),
        now,
        table.text(o.value, i),
        was,
        current ? String(was !== '' && was !== now) : '',
      ]);
    }
    write(toCsv([id ?? 'row', 'tier', 'manager', 'value', 'previous_manager', 'moved'], rows));
  });
  tables.set('managers.csv', (write) =>
    write(
      toCsv(
        ['manager', 'tier', 'span', 'customers', 'value', 'shadow_price'],
        run.managers.map((m) => [m.manager, m.tier, m.span, m.customers, r12(m.value), r12(m.shadowPrice)]),
      ),
    ),
  );
  tables.set('bumped.csv', (write) =>
    write(
      toCsv(
        [id ?? 'row', 'value', 'tier', 'earned_tier', 'at_stake'],
        run.bumped.map((b) => [
          who(b.row),
          table.text(o.value, b.row),
          tierName(b.tier),
          tierName(b.earned),
          r12(b.atStake),
        ]),
      ),
    ),
  );
  if (run.moves) {
    const moves = run.moves;
    tables.set('moves.csv', (write) =>
      write(
        toCsv(
          [id ?? 'row', 'from', 'to', 'reason'],
          moves.map((m) => [who(m.row), m.from, m.to, m.reason]),
        ),
      ),
    );
  }
  return tables;
}

/**
 * Customers to tiers and account managers under each manager's span: the assignment that maximises
 * Σ weight × value (+ the continuity bonus with `current`), exactly, with its LP bound, each
 * manager's book, the customers bumped and moved, and what one more slot or manager is worth.
 */
export function assign(table: Table, staff: Staff, options: AssignOptions): AssignResult {
  const o = resolveOptions(ASSIGN_OPTIONS, ASSIGN_DEFAULTS, options);
  const id = idColumn(table, o.id);
  const values = valueColumn(table, o.value);
  if (o.current && !table.has(o.current))
    throw new OptionError('current', `names "${o.current}", which is not a column of ${table.source}`);
  const run = assignRun(table, staff, {
    value: o.value,
    values,
    current: o.current,
    headcount: o.headcount,
    onProgress: o.onProgress,
  });
  const summary = summaryOf(run, table, o, id);
  const curve: HeadcountCurve = {
    points: run.headcount.map((p) => ({ ...p, objective: r12(p.objective) })),
  };
  return {
    run,
    summary,
    documents: new Map<string, unknown>([['headcount.json', curve]]),
    tables: tablesOf(run, table, o, id),
  };
}
