import { assignRun } from '../assign/assign-run.js';
import { gapOf } from '../assign/solve.js';
import type { Staff } from '../assign/staff.js';
import type { Table } from '../data/table.js';
import type { GradeResult } from '../grade/scorecard.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import type { TableWriter } from './result.js';

/** `grade --staff`: the tiers the staff can carry, beside the score's tiers. */
export interface GradeStaffing {
  /** Σ weight × points of the staffed plan, its LP bound and the gap (0: optimal). */
  objective: number;
  bound: number;
  gap: number;
  /** Customers whose staffed tier differs from their score's tier. */
  changed: number;
  tiers: { tier: string; capacity: number | null; customers: number }[];
}

/**
 * The card's points as the value to place customers with the staff (`strata assign` on the points):
 * staffing.csv has every customer's score tier beside the staffed tier and manager.
 */
export function gradeStaffing(
  table: Table,
  staff: Staff,
  g: GradeResult,
  ids: (i: number) => string,
  idName: string,
): { summary: GradeStaffing; csv: TableWriter } {
  const run = assignRun(table, staff, { value: 'points', values: g.score, headcount: false });
  const s = run.solution;
  const staffed = (i: number) => staff.tiers[run.tierOf[i]].name;
  const scored = (i: number) => (g.tier[i] >= 0 ? g.card.tiers[g.tier[i]].tier : '');
  let changed = 0;
  for (let i = 0; i < table.nRows; i++) if (staffed(i) !== scored(i)) changed++;
  const summary: GradeStaffing = {
    objective: round(s.objective, 12),
    bound: round(s.bound, 12),
    gap: round(gapOf(s), 12),
    changed,
    tiers: run.tiers.map((t) => ({ tier: t.tier, capacity: t.capacity, customers: t.customers })),
  };
  const csv: TableWriter = (write) => {
    const rows: Cell[][] = [];
    for (let i = 0; i < table.nRows; i++) {
      const m = s.at[i];
      rows.push([
        ids(i),
        round(g.score[i], 12),
        scored(i),
        staffed(i),
        m >= 0 ? run.roster.managers[m].name : '',
        String(staffed(i) !== scored(i)),
      ]);
    }
    write(toCsv([idName, 'points', 'tier', 'staffed_tier', 'manager', 'changed'], rows));
  };
  return { summary, csv };
}
