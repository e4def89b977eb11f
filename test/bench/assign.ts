/**
 * Capacity-aware assignment (issue #29): `strata assign` as a whole process (time and peak memory) on
 * 1,000,000 generated customers, 200 managers, 20 regions, with current managers; once without the
 * headcount curve (the assignment and its certificate) and once with it (every managed tier grown one
 * manager at a time up to doubling: 200 warm-started solves). No peer: the LP has 60 M variables.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { instance } from '../assign/generate.js';
import { BENCH_DIR, type BenchRow, peakMemory } from './common.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'strata.js');

export function benchAssign(): BenchRow[] {
  const seed = 2026;
  const files = existsSync(join(BENCH_DIR, `customers-${seed}.csv`))
    ? { customers: join(BENCH_DIR, `customers-${seed}.csv`), staff: join(BENCH_DIR, `staff-${seed}.json`) }
    : instance(BENCH_DIR, { customers: 1_000_000, managers: 200, regions: 20, current: true, seed });
  const rows: BenchRow[] = [];
  for (const headcount of [false, true]) {
    const args = [
      process.execPath,
      BIN,
      'assign',
      files.customers,
      '--staff',
      files.staff,
      '--value',
      'value',
      '--id',
      'id',
      '--current',
      'manager',
      '--out',
      join(BENCH_DIR, `assign-${headcount}`),
      '--force',
      '--quiet',
      ...(headcount ? [] : ['--no-headcount', '--no-report']),
    ];
    const r = peakMemory(args);
    if (r.status !== 0) throw new Error(`strata assign failed (${r.status})`);
    rows.push({
      name: `assign 1,000,000 customers, 200 managers, 20 regions, current managers${headcount ? ', with the headcount curve and report' : ''}, whole process`,
      strata: r.seconds,
      unit: 's',
      note: `peak memory ${Math.round(r.mb)} MB; target under 60 s and 2 GB`,
    });
  }
  return rows;
}
