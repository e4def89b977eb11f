import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli, hasSklearn, ROOT, suite, tempDir } from '../helpers.js';
import { instance } from './generate.js';

interface Plan {
  objective: number;
  bound: number;
  gap: number;
  customers: number;
  managers: { manager: string; span: number; customers: number }[];
}

function lp(staff: string, customers: string, current: boolean): { objective: number; variables: number } {
  const r = spawnSync(
    '/usr/bin/python3',
    [
      join(ROOT, 'test', 'assign', 'assign_lp.py'),
      staff,
      customers,
      'value',
      ...(current ? ['manager'] : []),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

suite('strata assign equals the LP optimum computed by scipy (HiGHS) from the raw data', hasSklearn(), () => {
  const dir = tempDir();
  const cases = [
    { customers: 300, managers: 6, regions: 2, current: false, seed: 1 },
    { customers: 1000, managers: 12, regions: 3, current: true, seed: 2 },
    { customers: 2500, managers: 20, regions: 4, current: false, seed: 3 },
    { customers: 5000, managers: 20, regions: 4, current: true, seed: 4 },
    { customers: 5000, managers: 20, regions: 4, current: false, seed: 5 },
    { customers: 800, managers: 20, regions: 4, current: true, seed: 6, pooled: false },
  ];
  for (const c of cases)
    it(`${c.customers} customers, ${c.managers} managers, ${c.regions} regions${c.current ? ', with current managers' : ''}${c.pooled === false ? ', no pooled tier' : ''}`, () => {
      const inst = instance(dir, c);
      const out = join(dir, `out-${c.seed}`);
      const args = [
        'assign',
        inst.customers,
        '--staff',
        inst.staff,
        '--value',
        'value',
        '--id',
        'id',
        '--no-headcount',
        '--no-report',
        '--out',
        out,
        '--json',
      ];
      if (c.current) args.push('--current', 'manager');
      const r = cli(args);
      const ref = lp(inst.staff, inst.customers, c.current);
      if (c.pooled === false && r.code !== 0) {
        // Without pooled service every customer must fit: then the LP is infeasible too.
        expect(r.stderr).toMatch(/no pooled tier/);
        expect(ref.objective).toBeNull();
        return;
      }
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as Plan;
      expect(Math.abs(s.objective - ref.objective)).toBeLessThan(1e-9 * Math.abs(ref.objective));
      expect(s.gap).toBeLessThan(1e-6 * Math.abs(ref.objective));
      // Every customer once, every span and match respected, counted from the file written.
      const staff = JSON.parse(readFileSync(inst.staff, 'utf8')) as {
        tiers: { name: string; managers?: { name: string; span: number; region?: string }[] }[];
      };
      const managers = new Map(
        staff.tiers.flatMap((t) => (t.managers ?? []).map((m) => [m.name, { ...m, tier: t.name }])),
      );
      const region = new Map(
        readFileSync(inst.customers, 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => [l.split(',')[0], l.split(',')[1]]),
      );
      const lines = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n').slice(1);
      expect(lines).toHaveLength(c.customers);
      expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(c.customers);
      const load = new Map<string, number>();
      for (const l of lines) {
        const [id, tier, manager] = l.split(',');
        if (!manager) {
          expect(tier).toBe('C');
          continue;
        }
        const m = managers.get(manager)!;
        expect(m.tier).toBe(tier);
        if (m.region) expect(region.get(id)).toBe(m.region);
        load.set(manager, (load.get(manager) ?? 0) + 1);
      }
      for (const [name, m] of managers) expect(load.get(name) ?? 0).toBeLessThanOrEqual(m.span);
    });
});
