import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const STAFF = 'data/staff/sample-staff.yaml';
const SAMPLE = ['assign', 'data/customers.csv', '--staff', STAFF, '--value', 'sales_12m'];

interface Plan {
  objective: number;
  bound: number;
  gap: number;
  tiers: { tier: string; capacity: number | null; customers: number; value: number }[];
  managers: { manager: string; tier: string; span: number; customers: number }[];
  moved: number | null;
  bumped: number;
  shadowPrices: {
    tiers: { tier: string; shadowPrice: number }[];
    managers: { manager: string; shadowPrice: number }[];
  };
  hire: { tier: string; worth: number; like: string }[];
}

function run(args: string[], out: string): Plan {
  const r = cli([...args, '--out', out, '--json', '--no-report']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Plan;
}

const staffText = readFileSync(STAFF, 'utf8');

describe('strata assign on the sample customers', () => {
  const dir = tempDir();
  const plan = run(SAMPLE, join(dir, 'plan'));

  it('places every customer once within every span, optimally (the LP bound equals the objective)', () => {
    expect(plan.gap).toBe(0);
    expect(plan.bound).toBe(plan.objective);
    expect(plan.tiers.reduce((a, t) => a + t.customers, 0)).toBe(5000);
    for (const m of plan.managers) expect(m.customers).toBeLessThanOrEqual(m.span);
    const lines = readFileSync(join(dir, 'plan', 'assignments.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('customer_id,tier,manager,value,previous_manager,moved');
    expect(lines).toHaveLength(5001);
    // A customer goes only to a manager of their region (or one without a region).
    const regionOf = new Map(
      readFileSync('data/customers.csv', 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => [l.split(',')[0], l.split(',')[2]]),
    );
    const managerRegion = new Map(
      [...staffText.matchAll(/name: ([^,]+), span: \d+(?:, region: (\w+))?/g)].map((m) => [m[1], m[2]]),
    );
    for (const l of lines.slice(1)) {
      const [id, , manager] = l.split(',');
      const r = managerRegion.get(manager);
      if (manager && r) expect(regionOf.get(id), l).toBe(r);
    }
  });

  it("one more slot at a manager is worth exactly their shadow price; one more manager exactly the headcount curve's first step", () => {
    const best = plan.shadowPrices.managers.reduce((a, b) => (b.shadowPrice > a.shadowPrice ? b : a));
    expect(best.shadowPrice).toBeGreaterThan(0);
    const wider = join(dir, 'wider.yaml');
    writeFileSync(
      wider,
      staffText.replace(`name: ${best.manager}, span: 25`, `name: ${best.manager}, span: 26`),
    );
    const more = run(
      ['assign', 'data/customers.csv', '--staff', wider, '--value', 'sales_12m', '--no-headcount'],
      join(dir, 'wider'),
    );
    expect(more.objective - plan.objective).toBeCloseTo(best.shadowPrice, 6);
    const tierA = plan.shadowPrices.tiers.find((t) => t.tier === 'A')!;
    expect(tierA.shadowPrice).toBe(best.shadowPrice);

    const hire = plan.hire.find((h) => h.tier === 'A')!;
    const region = staffText.match(new RegExp(`name: ${hire.like}, span: 25, region: (\\w+)`))![1];
    const hired = join(dir, 'hired.yaml');
    writeFileSync(
      hired,
      staffText.replace(
        '    managers:\n',
        `    managers:\n      - { name: New Hire, span: 25, region: ${region} }\n`,
      ),
    );
    const withNew = run(
      ['assign', 'data/customers.csv', '--staff', hired, '--value', 'sales_12m', '--no-headcount'],
      join(dir, 'hired'),
    );
    expect(withNew.objective - plan.objective).toBeCloseTo(hire.worth, 6);
    const curve = JSON.parse(readFileSync(join(dir, 'plan', 'headcount.json'), 'utf8')) as {
      points: { tier: string; added: number; objective: number }[];
    };
    const a = curve.points.filter((p) => p.tier === 'A');
    expect(a.map((p) => p.added)).toEqual([0, 1, 2, 3, 4, 5]);
    for (let i = 1; i < a.length; i++) expect(a[i].objective).toBeGreaterThanOrEqual(a[i - 1].objective);
  });

  it('customers worth a higher tier without room there are listed, most at stake first', () => {
    const lines = readFileSync(join(dir, 'plan', 'bumped.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('customer_id,value,tier,earned_tier,at_stake');
    expect(lines.length - 1).toBe(plan.bumped);
    const stakes = lines.slice(1).map((l) => Number(l.split(',')[4]));
    expect(stakes).toEqual([...stakes].sort((x, y) => y - x));
    // Each is worth more than the least valuable customer of the tier they earned.
    const a = readFileSync(join(dir, 'plan', 'assignments.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const lowestA = Math.min(...a.filter((l) => l.split(',')[1] === 'A').map((l) => Number(l.split(',')[3])));
    for (const l of lines.slice(1).filter((l) => l.split(',')[3] === 'A'))
      expect(Number(l.split(',')[1])).toBeGreaterThan(lowestA);
  });

  it('with current managers: the plan fed back as current moves no one; a changed book moves customers with a reason', () => {
    const a = readFileSync(join(dir, 'plan', 'assignments.csv'), 'utf8')
      .trim()
      .split('\n');
    const rows = readFileSync('data/customers.csv', 'utf8').trim().split('\n');
    const withCurrent = join(dir, 'current.csv');
    writeFileSync(
      withCurrent,
      `${[`${rows[0]},manager`, ...rows.slice(1).map((l, i) => `${l},${a[i + 1].split(',')[2]}`)].join('\n')}\n`,
    );
    const same = run(
      [
        'assign',
        withCurrent,
        '--staff',
        STAFF,
        '--value',
        'sales_12m',
        '--current',
        'manager',
        '--no-headcount',
      ],
      join(dir, 'same'),
    );
    expect(same.moved).toBe(0);
    const fewer = join(dir, 'fewer.yaml');
    writeFileSync(fewer, staffText.replace('name: Sun Qiang, span: 200', 'name: Sun Qiang, span: 150'));
    const moved = run(
      [
        'assign',
        withCurrent,
        '--staff',
        fewer,
        '--value',
        'sales_12m',
        '--current',
        'manager',
        '--no-headcount',
      ],
      join(dir, 'moved'),
    );
    expect(moved.moved).toBeGreaterThan(0);
    const moves = readFileSync(join(dir, 'moved', 'moves.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(moves[0]).toBe('customer_id,from,to,reason');
    expect(moves.length - 1).toBe(moved.moved);
    expect(moves.slice(1).every((l) => l.split(',')[3].length > 0)).toBe(true);
  });

  it('is deterministic to the byte, and a negative value goes to pooled service', () => {
    const again = cli([...SAMPLE, '--out', join(dir, 'again'), '--no-report']);
    expect(again.code).toBe(0);
    for (const f of ['assignments.csv', 'managers.csv', 'bumped.csv', 'headcount.json'])
      expect(readFileSync(join(dir, 'again', f), 'utf8')).toBe(readFileSync(join(dir, 'plan', f), 'utf8'));
    const rows = readFileSync('data/customers.csv', 'utf8').trim().split('\n');
    const neg = join(dir, 'negative.csv');
    // The most valuable customer's sales become a large loss.
    const cells = rows[217].split(',');
    cells[6] = '-50000';
    writeFileSync(neg, `${[...rows.slice(0, 217), cells.join(','), ...rows.slice(218)].join('\n')}\n`);
    run(['assign', neg, '--staff', STAFF, '--value', 'sales_12m', '--no-headcount'], join(dir, 'neg'));
    const line = readFileSync(join(dir, 'neg', 'assignments.csv'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${cells[0]},`))!;
    expect(line.split(',').slice(1, 4)).toEqual(['C', '', '-50000']);
  });
});

describe('strata assign refuses a staff file or data it cannot plan with', () => {
  const dir = tempDir();
  const bad = (name: string, text: string) => {
    const f = join(dir, `${name}.yaml`);
    writeFileSync(f, text);
    return f;
  };
  const cases: [string, string, RegExp][] = [
    [
      'negative-span',
      staffText.replace('span: 25, region: North', 'span: -3, region: North'),
      /tiers\[0\]\.managers\[0\]\.span: expected a whole number/,
    ],
    [
      'negative-weight',
      staffText.replace('weight: 0.2', 'weight: -0.2'),
      /tiers\[2\]\.weight: must not be negative/,
    ],
    [
      'weights-up',
      staffText.replace('weight: 0.6', 'weight: 1.5'),
      /tiers\[1\]\.weight: 1\.5 is above the tier before it/,
    ],
    [
      'twice',
      staffText.replace('name: Zhang Min', 'name: Li Wei'),
      /tiers\[0\]\.managers\[1\]\.name: "Li Wei" is listed twice \(also at tiers\[0\]\.managers\[0\]\)/,
    ],
    ['no-column', staffText.replaceAll('region', 'district'), /"district".*not a column/],
    ['not-staff', 'name: a scorecard\ncriteria: []\n', /\(top\)|unknown field/],
    ['no-room', staffText.replace(/ {2}- name: C\n.*\n/, ''), /no pooled tier/],
    [
      'pooled-first',
      'tiers:\n  - name: P\n    weight: 1\n  - name: A\n    weight: 0.5\n    managers:\n      - { name: X, span: 5 }\n',
      /pooled tiers \(no managers\) come last/,
    ],
  ];
  for (const [name, text, message] of cases)
    it(name, () => {
      const out = join(dir, `out-${name}`);
      const r = cli([
        'assign',
        'data/customers.csv',
        '--staff',
        bad(name, text),
        '--value',
        'sales_12m',
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });

  it('a missing value is refused naming its row', () => {
    const rows = readFileSync('data/customers.csv', 'utf8').trim().split('\n');
    const cells = rows[10].split(',');
    cells[6] = '';
    const f = join(dir, 'gap.csv');
    writeFileSync(f, `${[...rows.slice(0, 10), cells.join(','), ...rows.slice(11)].join('\n')}\n`);
    const r = cli(['assign', f, '--staff', STAFF, '--value', 'sales_12m', '--out', join(dir, 'gap')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sales_12m.*row 10|row 10.*sales_12m/);
    expect(r.stderr).toMatch(/value is missing/);
  });
});

describe('strata grade --staff', () => {
  it("places customers by the card's points under the spans; compare reads staffing.csv as any two tier columns", () => {
    const dir = tempDir();
    const staff = join(dir, 'tiers.yaml');
    writeFileSync(
      staff,
      'tiers:\n  - name: A\n    weight: 1\n    managers:\n      - { name: K1, span: 100, region: North }\n      - { name: K2, span: 100 }\n  - name: B\n    weight: 0.6\n    managers:\n      - { name: R1, span: 900 }\n  - name: C\n    weight: 0.3\nmatch: [region]\n',
    );
    const out = join(dir, 'g');
    const r = cli([
      'grade',
      'data/customers.csv',
      '--scorecard',
      'data/scorecards/sample-tier.yaml',
      '--staff',
      staff,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      staffing: {
        gap: number;
        changed: number;
        tiers: { tier: string; capacity: number | null; customers: number }[];
      };
    };
    expect(s.staffing.gap).toBe(0);
    expect(s.staffing.tiers.map((t) => t.customers)).toEqual([200, 900, 3900]);
    const lines = readFileSync(join(out, 'staffing.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer_id,points,tier,staffed_tier,manager,changed');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(5000);
    expect(rows.filter((c) => c[2] !== c[3]).length).toBe(s.staffing.changed);
    expect(rows.every((c) => (c[2] !== c[3]) === (c[5] === 'true'))).toBe(true);
    // K2 serves anyone: no one outside tier A has more points than K2's least customer.
    const k2 = rows.filter((c) => c[4] === 'K2').map((c) => Number(c[1]));
    const outside = rows.filter((c) => c[3] !== 'A').map((c) => Number(c[1]));
    expect(k2).toHaveLength(100);
    expect(Math.max(...outside)).toBeLessThanOrEqual(Math.min(...k2));
    const cmp = cli([
      'compare',
      join(out, 'staffing.csv'),
      '--assigned',
      'tier',
      '--predicted',
      'staffed_tier',
      '--out',
      join(dir, 'cmp'),
      '--json',
    ]);
    expect(cmp.code, cmp.stderr).toBe(0);
    const agreement = (JSON.parse(cmp.stdout) as { agreement: number }).agreement;
    expect(agreement).toBeCloseTo(1 - s.staffing.changed / 5000, 6);
  });
});
