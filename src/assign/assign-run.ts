import type { Table } from '../data/table.js';
import { DataError } from '../errors.js';
import type { OnProgress } from '../progress.js';
import { type Customers, customersOf, problemOf, type Roster, rosterOf, serves } from './problem.js';
import { Assigner, type Problem, type Solution } from './solve.js';
import type { Staff } from './staff.js';

export interface AssignSettings {
  value: string;
  values: Float64Array;
  current?: string;
  /** Add managers one at a time to each managed tier, up to doubling it (the headcount curve). */
  headcount: boolean;
  onProgress?: OnProgress;
}

export interface ManagerBook {
  manager: string;
  tier: string;
  span: number;
  customers: number;
  value: number;
  /** What one more slot in this manager's book is worth (the dual price of the span). */
  shadowPrice: number;
}

export interface TierUse {
  tier: string;
  weight: number;
  /** Σ spans; null for pooled service (no limit). */
  capacity: number | null;
  customers: number;
  value: number;
  /** One more slot in the tier, given to its best-placed manager; null for pooled service. */
  shadowPrice: number | null;
}

export interface Bumped {
  row: number;
  value: number;
  tier: number;
  /** The higher tier their value would earn, had it room (they are eligible there). */
  earned: number;
  atStake: number;
}

export interface Move {
  row: number;
  from: string;
  to: string;
  reason: string;
}

export interface HeadcountPoint {
  tier: string;
  /** Managers added to the tier so far (0: the staff as given). */
  added: number;
  managers: number;
  objective: number;
  /** The new manager was modelled on this one (attributes and span), the one whose slot was worth most. */
  like: string | null;
}

export interface AssignRun {
  staff: Staff;
  roster: Roster;
  customers: Customers;
  solution: Solution;
  /** Per customer: the tier index. */
  tierOf: Int32Array;
  managers: ManagerBook[];
  tiers: TierUse[];
  bumped: Bumped[];
  moves: Move[] | null;
  headcount: HeadcountPoint[];
  /** Customers whose current manager is not in the staff file. */
  unknownCurrent: number;
}

function tierOfCustomers(r: Roster, s: Solution, values: Float64Array): Int32Array {
  return Int32Array.from(s.at, (m, i) => (m >= 0 ? r.tierOf[m] : values[i] >= 0 ? r.poolHi : r.poolLo));
}

function placedOrRefused(table: Table, staff: Staff, c: Customers, s: Solution, pooled: boolean): void {
  if (pooled) return;
  const i = s.at.indexOf(-1);
  if (i < 0) return;
  const cls = c.classes[c.classOf[i]];
  const where = staff.match.map((a, j) => `${a} = ${cls.attributes[j]}`).join(', ');
  throw new DataError(
    { file: table.source, row: i + 1 },
    `no manager with room can serve this customer${where ? ` (${where})` : ''} and the staff file has no pooled tier: add one (a tier without managers) or more span`,
  );
}

function booksOf(staff: Staff, r: Roster, s: Solution, values: Float64Array): ManagerBook[] {
  const books = r.managers.map((m, i) => ({
    manager: m.name,
    tier: staff.tiers[r.tierOf[i]].name,
    span: m.span,
    customers: s.load[i],
    value: 0,
    shadowPrice: s.prices[i],
  }));
  for (let i = 0; i < s.at.length; i++) if (s.at[i] >= 0) books[s.at[i]].value += values[i];
  return books;
}

function tiersOf(staff: Staff, r: Roster, tierOf: Int32Array, values: Float64Array, s: Solution): TierUse[] {
  const tiers: TierUse[] = staff.tiers.map((t) => ({
    tier: t.name,
    weight: t.weight,
    capacity: t.managers.length ? t.managers.reduce((a, m) => a + m.span, 0) : null,
    customers: 0,
    value: 0,
    shadowPrice: t.managers.length ? 0 : null,
  }));
  for (let i = 0; i < tierOf.length; i++) {
    tiers[tierOf[i]].customers++;
    tiers[tierOf[i]].value += values[i];
  }
  r.tierOf.forEach((t, m) => {
    tiers[t].shadowPrice = Math.max(tiers[t].shadowPrice ?? 0, s.prices[m]);
  });
  return tiers;
}

/** Customers placed below a tier whose lowest-valued customer is worth less than they are, and which could serve them. */
function bumpedOf(staff: Staff, c: Customers, tierOf: Int32Array): Bumped[] {
  const T = staff.tiers.length;
  const bar = new Float64Array(T).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < tierOf.length; i++) bar[tierOf[i]] = Math.min(bar[tierOf[i]], c.value[i]);
  const open = c.classes.map((cls) =>
    staff.tiers.map((t) => t.managers.some((m) => serves(m, staff.match, cls.attributes))),
  );
  const out: Bumped[] = [];
  for (let i = 0; i < tierOf.length; i++) {
    const a = tierOf[i];
    const v = c.value[i];
    for (let t = 0; t < a; t++) {
      if (!staff.tiers[t].managers.length || !(v > bar[t]) || !open[c.classOf[i]][t]) continue;
      out.push({
        row: i,
        value: v,
        tier: a,
        earned: t,
        atStake: v * (staff.tiers[t].weight - staff.tiers[a].weight),
      });
      break;
    }
  }
  return out.sort((x, y) => y.atStake - x.atStake || x.row - y.row);
}

function movesOf(staff: Staff, r: Roster, c: Customers, s: Solution, tierOf: Int32Array): Move[] {
  const moves: Move[] = [];
  const names = c.currentName!;
  for (let i = 0; i < s.at.length; i++) {
    const was = names[i] ?? '';
    if (was === '') continue;
    const m = s.at[i];
    const now = m >= 0 ? r.managers[m].name : '';
    if (now === was) continue;
    const cur = c.current[i];
    const to = staff.tiers[tierOf[i]].name;
    let reason: string;
    if (cur < 0) reason = `${was} is not in the staff file`;
    else {
      const t0 = r.tierOf[cur];
      const t1 = tierOf[i];
      if (m < 0) reason = `to pooled service (${to}): the value ranks below the managed tiers' room`;
      else if (t1 < t0) reason = `up to tier ${to}: the value earns it`;
      else if (t1 > t0) reason = `down to tier ${to}: customers of higher value fill ${staff.tiers[t0].name}`;
      else if (s.load[cur] >= r.managers[cur].span)
        reason = `${was}'s book is full with customers worth more to keep`;
      else reason = `rebalanced within tier ${to}`;
    }
    moves.push({ row: i, from: was, to: now || to, reason });
  }
  return moves;
}

/** Grows each managed tier one manager at a time, each modelled on the tier's manager whose slot is worth most. */
function headcountOf(
  staff: Staff,
  r: Roster,
  c: Customers,
  p: Problem,
  base: Solution,
  onProgress?: OnProgress,
): HeadcountPoint[] {
  const points: HeadcountPoint[] = [];
  const managed = staff.tiers.map((t) => ({ t })).filter(({ t }) => t.managers.length);
  const total = managed.reduce((a, { t }) => a + t.managers.length, 0);
  let done = 0;
  for (const { t } of managed) {
    points.push({
      tier: t.name,
      added: 0,
      managers: t.managers.length,
      objective: base.objective,
      like: null,
    });
    const a = new Assigner(p, base.at);
    // Each of the tier's managers, as the solver numbers them, and who they are (an added one is a copy).
    const team = t.managers.map((m) => ({ index: r.managers.indexOf(m), like: m }));
    let s = base;
    for (let added = 1; added <= t.managers.length; added++) {
      let best = team[0];
      for (const x of team) if (s.prices[x.index] > s.prices[best.index]) best = x;
      const model = best.like;
      const opens = c.classes.flatMap((cls, k) => (serves(model, staff.match, cls.attributes) ? [k] : []));
      team.push({ index: a.addManager(model.span, t.weight, opens), like: model });
      s = a.solve();
      points.push({
        tier: t.name,
        added,
        managers: t.managers.length + added,
        objective: s.objective,
        like: model.name,
      });
      onProgress?.({ step: 'headcount curve', done: ++done, total, detail: `${t.name} + ${added}` });
    }
  }
  return points;
}

/** Customers to tiers and managers under each manager's span, optimally, with what the plan is worth and where it binds. */
export function assignRun(table: Table, staff: Staff, o: AssignSettings): AssignRun {
  const roster = rosterOf(staff);
  const customers = customersOf(table, staff, roster, o.values, o.value, o.current);
  const p = problemOf(staff, roster, customers);
  o.onProgress?.({ step: 'placing customers', done: 0, total: 1 });
  const solution = new Assigner(p).solve();
  o.onProgress?.({ step: 'placing customers', done: 1, total: 1 });
  placedOrRefused(table, staff, customers, solution, roster.poolHi >= 0);
  const tierOf = tierOfCustomers(roster, solution, o.values);
  return {
    staff,
    roster,
    customers,
    solution,
    tierOf,
    managers: booksOf(staff, roster, solution, o.values),
    tiers: tiersOf(staff, roster, tierOf, o.values, solution),
    bumped: bumpedOf(staff, customers, tierOf),
    moves: o.current ? movesOf(staff, roster, customers, solution, tierOf) : null,
    headcount: o.headcount ? headcountOf(staff, roster, customers, p, solution, o.onProgress) : [],
    unknownCurrent: o.current
      ? customers.currentName!.filter((n, i) => (n ?? '') !== '' && customers.current[i] < 0).length
      : 0,
  };
}
