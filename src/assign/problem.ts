import type { Table } from '../data/table.js';
import { DataError } from '../errors.js';
import type { Problem } from './solve.js';
import type { Manager, Staff } from './staff.js';

/** The staff flattened: every manager with their tier, and the pooled tiers. */
export interface Roster {
  managers: Manager[];
  /** Tier index of each manager. */
  tierOf: Int32Array;
  /** The pooled tier a positive value goes to (the highest pooled weight), and a negative one; -1 without. */
  poolHi: number;
  poolLo: number;
}

export function rosterOf(staff: Staff): Roster {
  const managers: Manager[] = [];
  const tierOf: number[] = [];
  let poolHi = -1;
  let poolLo = -1;
  staff.tiers.forEach((t, i) => {
    for (const m of t.managers) {
      managers.push(m);
      tierOf.push(i);
    }
    if (!t.managers.length) {
      if (poolHi < 0) poolHi = i;
      poolLo = i;
    }
  });
  return { managers, tierOf: Int32Array.from(tierOf), poolHi, poolLo };
}

/** The customers as the solver sees them: values, classes (the same attributes), current managers. */
export interface Customers {
  value: Float64Array;
  classOf: Int32Array;
  /** Per class: its attribute values (in `match` order). */
  classes: { attributes: string[] }[];
  /** Per customer: the current manager's index in the staff (-1: none, or not in the staff). */
  current: Int32Array;
  /** Per customer: the current manager's name as the file has it ('' when none was given). */
  currentName: (string | null)[] | null;
}

/** The customers' classes; a missing value or an attribute missing from the file is refused, named. */
export function customersOf(
  table: Table,
  staff: Staff,
  roster: Roster,
  value: Float64Array,
  valueName: string,
  current: string | undefined,
): Customers {
  for (const a of staff.match)
    if (!table.has(a))
      throw new DataError(
        { file: table.source, column: a },
        `the staff file matches customers to managers by "${a}", which is not a column of this file`,
      );
  for (let i = 0; i < table.nRows; i++)
    if (!Number.isFinite(value[i]))
      throw new DataError(
        { file: table.source, column: valueName, row: i + 1 },
        'the value is missing: every customer needs one to be placed',
      );
  const managerIndex = new Map(roster.managers.map((m, i) => [m.name, i]));
  const currentName = current ? Array.from({ length: table.nRows }, (_, i) => table.text(current, i)) : null;
  const keyOf = new Map<string, number>();
  const classes: Customers['classes'] = [];
  const classOf = new Int32Array(table.nRows);
  const currentOf = new Int32Array(table.nRows).fill(-1);
  for (let i = 0; i < table.nRows; i++) {
    const attributes = staff.match.map((a) => table.text(a, i));
    if (currentName) currentOf[i] = managerIndex.get(currentName[i] ?? '') ?? -1;
    // JSON keeps the attribute values apart whatever characters they hold.
    const key = JSON.stringify(attributes);
    let k = keyOf.get(key);
    if (k === undefined) {
      k = classes.length;
      keyOf.set(key, k);
      classes.push({ attributes });
    }
    classOf[i] = k;
  }
  return { value, classOf, classes, current: currentOf, currentName };
}

/** Whether a manager may serve a class: every attribute the manager has equals the customer's. */
export function serves(m: Manager, match: readonly string[], attributes: readonly string[]): boolean {
  return match.every((a, j) => {
    const v = m.attributes.get(a);
    return v === undefined || v === attributes[j];
  });
}

export function problemOf(staff: Staff, roster: Roster, c: Customers): Problem {
  const eligible = c.classes.map((cls) => {
    const e: number[] = [];
    roster.managers.forEach((m, i) => {
      if (serves(m, staff.match, cls.attributes)) e.push(i);
    });
    return Int32Array.from(e);
  });
  const may = eligible.map((e) => new Set(e));
  // The continuity bonus applies only where the current manager may serve the customer, and only to
  // a customer of positive value (keep × weight × value would otherwise be a penalty for staying).
  const current = Int32Array.from(c.current, (m, i) =>
    m >= 0 && c.value[i] > 0 && may[c.classOf[i]].has(m) ? m : -1,
  );
  const pool =
    roster.poolHi < 0
      ? null
      : { hi: staff.tiers[roster.poolHi].weight, lo: staff.tiers[roster.poolLo].weight };
  return {
    n: c.value.length,
    value: c.value,
    classOf: c.classOf,
    current,
    eligible,
    weight: Float64Array.from(roster.tierOf, (t) => staff.tiers[t].weight),
    keep: staff.keep,
    span: Int32Array.from(roster.managers, (m) => m.span),
    pool,
  };
}
