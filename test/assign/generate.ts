import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A generated staff (as JSON, which is YAML too) and customers file: `tiers` managed tiers and a pooled one. */
export function instance(
  dir: string,
  o: {
    customers: number;
    managers: number;
    regions: number;
    current: boolean;
    seed: number;
    pooled?: boolean;
  },
): { staff: string; customers: string; staffJson: object } {
  let s = o.seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const regions = Array.from({ length: o.regions }, (_, i) => `R${i + 1}`);
  const names: string[] = [];
  const tier = (name: string, weight: number, count: number, span: () => number) => ({
    name,
    weight,
    managers: Array.from({ length: count }, () => {
      const m: Record<string, string | number> = { name: `M${names.length + 1}`, span: span() };
      names.push(String(m.name));
      // One manager in four serves every region.
      if (rnd() > 0.25) m.region = regions[Math.floor(rnd() * o.regions)];
      return m;
    }),
  });
  const a = Math.max(1, Math.round(o.managers * 0.3));
  const staffJson = {
    tiers: [
      tier('A', 1, a, () => 5 + Math.floor(rnd() * 20)),
      tier('B', 0.6, o.managers - a, () => 20 + Math.floor(rnd() * 120)),
      ...(o.pooled === false ? [] : [{ name: 'C', weight: 0.2 }]),
    ],
    match: ['region'],
    keep: o.current ? 0.05 : 0,
  };
  const lines = [`id,region,value${o.current ? ',manager' : ''}`];
  for (let i = 0; i < o.customers; i++) {
    // Skewed values, a few negative (returns) and a few repeated.
    const v = rnd() < 0.03 ? -Math.round(rnd() * 5000) / 100 : Math.round(rnd() ** 4 * 1e6) / 100;
    const cur = o.current
      ? `,${rnd() < 0.7 ? names[Math.floor(rnd() * names.length)] : rnd() < 0.5 ? '' : 'Someone Gone'}`
      : '';
    lines.push(`c${i + 1},${regions[Math.floor(rnd() * o.regions)]},${v}${cur}`);
  }
  const staff = join(dir, `staff-${o.seed}.json`);
  const customers = join(dir, `customers-${o.seed}.csv`);
  writeFileSync(staff, JSON.stringify(staffJson, null, 1));
  writeFileSync(customers, `${lines.join('\n')}\n`);
  return { staff, customers, staffJson };
}
