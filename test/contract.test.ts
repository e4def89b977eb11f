import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaText, TYPES } from '../scripts/schemas.js';
import { readStaff } from '../src/assign/staff.js';
import { load } from '../src/data/load.js';
import { readScorecard } from '../src/grade/scorecard.js';
import { loadModel } from '../src/model/model-file.js';
import { sectionOf } from '../src/report/of-results.js';
import { readParts } from '../src/report/parts.js';
import { type SchemaName, schemaError } from '../src/report/schemas.js';
import { section } from '../src/report/sections.js';
import { assign } from '../src/results/assign.js';
import { classify } from '../src/results/classify.js';
import { cluster } from '../src/results/cluster.js';
import { clv } from '../src/results/clv.js';
import { compare, migrate } from '../src/results/compare.js';
import { demo } from '../src/results/demo.js';
import { describe as describeTable } from '../src/results/describe.js';
import type { Envelope } from '../src/results/envelope.js';
import { grade } from '../src/results/grade.js';
import { pareto } from '../src/results/pareto.js';
import { rfm } from '../src/results/rfm.js';
import { cli, ROOT, SAMPLE_CLV, SAMPLE_RFM, tempDir } from './helpers.js';

const dir = tempDir();
const CUSTOMERS = 'data/customers.csv';
const q1 = join(dir, 'q1.csv');
const q2 = join(dir, 'q2.csv');
writeFileSync(q1, 'id,tier\na,A\nb,B\nc,C\nd,C\ne,B\n');
writeFileSync(q2, 'id,tier\na,B\nb,B\nc,A\nd,D\nf,A\n');

/** Runs a command with --json into a fresh folder; its stdout parsed. */
function json(args: string[], out = true): Envelope {
  const r = cli([...args, ...(out ? ['--out', join(tempDir(), 'out')] : []), '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Envelope;
}

const ENVELOPE = ['command', 'version', 'input', 'parameters', 'warnings'];

describe('one results contract: --json is the library summary, and matches its published schema', () => {
  const cases: [string, () => Promise<Envelope>, () => Envelope][] = [
    [
      'describe',
      async () => describeTable(await load(CUSTOMERS)),
      () => json(['describe', CUSTOMERS], false),
    ],
    [
      'cluster',
      async () => cluster(await load(CUSTOMERS), { k: 4, seed: 3 }).summary,
      () => json(['cluster', CUSTOMERS, '--k', '4', '--seed', '3']),
    ],
    [
      'classify',
      async () => classify(await load(CUSTOMERS), { label: 'assigned_tier', maxDepth: 4 }).summary,
      () => json(['classify', CUSTOMERS, '--label', 'assigned_tier', '--max-depth', '4']),
    ],
    [
      'grade',
      async () =>
        grade(readScorecard('data/scorecards/sample-tier.yaml'), await load(CUSTOMERS), {
          cardFile: 'data/scorecards/sample-tier.yaml',
        }).summary,
      () => json(['grade', CUSTOMERS, '--scorecard', 'data/scorecards/sample-tier.yaml']),
    ],
    [
      'rfm',
      async () =>
        (
          await rfm('data/transactions.csv', {
            customer: 'customer_id',
            date: 'invoice_date',
            amount: 'amount',
            invoice: 'invoice_id',
            maxBadShare: 0.01,
          })
        ).summary,
      () => json(['rfm', 'data/transactions.csv', ...SAMPLE_RFM]),
    ],
    [
      'pareto',
      async () => pareto(await load(CUSTOMERS), { value: 'sales_12m', cutoffs: [0.8, 0.95] }).summary,
      () => json(['pareto', CUSTOMERS, '--value', 'sales_12m']),
    ],
    [
      'compare',
      async () =>
        compare(await load(CUSTOMERS), { assigned: 'assigned_tier', predicted: 'assigned_tier' }).summary,
      () => json(['compare', CUSTOMERS, '--assigned', 'assigned_tier', '--predicted', 'assigned_tier']),
    ],
    [
      'migrate',
      async () =>
        migrate(await load(q1, { id: 'id' }), await load(q2, { id: 'id' }), { id: 'id', tier: 'tier' })
          .summary,
      () => json(['migrate', q1, q2, '--id', 'id', '--tier', 'tier']),
    ],
    [
      'clv',
      async () =>
        (
          await clv('data/purchases.csv', {
            customer: 'customer_id',
            date: 'order_date',
            amount: 'value',
            calibrationEnd: '2025-10-05',
          })
        ).summary,
      () => json(['clv', 'data/purchases.csv', ...SAMPLE_CLV, '--calibration-end', '2025-10-05']),
    ],
    [
      'assign',
      async () =>
        assign(await load(CUSTOMERS), readStaff('data/staff/sample-staff.yaml'), { value: 'sales_12m' })
          .summary,
      () => json(['assign', CUSTOMERS, '--staff', 'data/staff/sample-staff.yaml', '--value', 'sales_12m']),
    ],
  ];

  for (const [command, library, run] of cases) {
    it(`${command}: --json equals the library's summary byte for byte and validates`, async () => {
      const fromCli = run();
      const fromLibrary = await library();
      expect(JSON.stringify(fromCli, null, 2)).toBe(JSON.stringify(fromLibrary, null, 2));
      expect(Object.keys(fromCli).slice(0, 5)).toEqual(ENVELOPE);
      expect(fromCli.command).toBe(command);
      expect(schemaError(`${command}-summary` as SchemaName, fromCli)).toBeNull();
      // A schema that accepted anything would prove nothing.
      expect(schemaError(`${command}-summary` as SchemaName, { ...fromCli, command: 7 })).not.toBeNull();
    });
  }

  it('the same thing has the same name everywhere', async () => {
    const c = json(['cluster', CUSTOMERS, '--k', '3']) as Envelope & {
      clusters: Record<string, unknown>[];
    };
    expect(Object.keys(c.clusters[0]).slice(0, 4)).toEqual(['cluster', 'segment', 'customers', 'share']);
    const k = json(['classify', CUSTOMERS, '--label', 'assigned_tier', '--max-depth', '3']) as Envelope & {
      cv: { confusion: { labels: string[]; matrix: number[][] } };
      rules: { rule: string }[];
    };
    expect(Object.keys(k.cv.confusion)).toEqual(['labels', 'matrix']);
    expect(k.rules[0].rule).toMatch(/^IF .* THEN assigned tier [A-E]$/);
    const out = join(tempDir(), 'cmp');
    const model = join(tempDir(), 'm');
    expect(
      cli(['classify', CUSTOMERS, '--label', 'assigned_tier', '--max-depth', '3', '--out', model]).code,
    ).toBe(0);
    const r = cli([
      'compare',
      CUSTOMERS,
      '--assigned',
      'assigned_tier',
      '--model',
      join(model, 'model.json'),
      '--out',
      out,
      '--json',
    ]);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s.confusion)).toEqual(['labels', 'matrix']);
    expect(Object.keys(s.top[0])).toContain('tierGap');
    expect(readFileSync(join(out, 'disagreements.csv'), 'utf8').split('\n')[0]).toBe(
      'customer_id,assigned,predicted,tier_gap,probability,rule',
    );
    const m = json(['migrate', q1, q2, '--id', 'id', '--tier', 'tier']) as Envelope & {
      new: number;
      gone: number;
    };
    expect([m.new, m.gone]).toEqual([1, 1]);
    expect(Array.isArray(m.input) && m.input.map((i) => i.rows)).toEqual([5, 5]);
  });

  it('the published schemas are those of the current types (npm run schemas)', () => {
    for (const [name, file, type] of TYPES) {
      const committed = readFileSync(join(ROOT, 'schemas', `${name}.schema.json`), 'utf8');
      expect(schemaText(file, type, name), `schemas/${name}.schema.json is stale: run npm run schemas`).toBe(
        committed,
      );
    }
  });

  it('model.json, run.json and the report documents match their schemas', () => {
    const out = join(tempDir(), 'files');
    expect(cli(['cluster', CUSTOMERS, '--k', '3', '--out', out]).code).toBe(0);
    const read = (f: string) => JSON.parse(readFileSync(join(out, f), 'utf8'));
    expect(schemaError('model', read('model.json'))).toBeNull();
    expect(schemaError('model', loadModel('test/fixtures/models/tree-v1-previous-layout.json'))).toBeNull();
    expect(schemaError('run', read('run.json'))).toBeNull();
    expect(schemaError('profiles', read('profiles.json'))).toBeNull();
    expect(schemaError('points', read('points.json'))).toBeNull();
  });

  it('every bundled scorecard matches the scorecard schema; a wrong field is named', async () => {
    const { parse } = await import('yaml');
    for (const card of [
      'sample-tier',
      'government-client',
      'bank-corporate-size',
      'bank-registered-capital',
      'sales-pipeline',
    ]) {
      const raw = parse(readFileSync(`data/scorecards/${card}.yaml`, 'utf8'));
      expect(schemaError('scorecard', raw), card).toBeNull();
    }
    const raw = parse(readFileSync('data/scorecards/sample-tier.yaml', 'utf8'));
    raw.tiers[0].policy.followUpDays = 'soon';
    expect(schemaError('scorecard', raw)).toMatch(/\/tiers\/0\/policy\/followUpDays/);
  });

  it('strata report reads a folder back through the schemas: a broken file is one line naming it and the field', () => {
    const out = join(tempDir(), 'broken');
    expect(cli(['cluster', CUSTOMERS, '--k', '3', '--out', out]).code).toBe(0);
    const file = join(out, 'summary.json');
    const s = JSON.parse(readFileSync(file, 'utf8'));
    s.clusters[1].customers = 'many';
    writeFileSync(file, JSON.stringify(s));
    const r = cli(['report', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `strata: ${file}: does not match the cluster-summary schema: field /clusters/1/customers must be number\n`,
    );
  });
});

describe('the report is built from the result in memory', () => {
  it('the demo: its rules, tables and charts in report folder equal those of the result in memory', async () => {
    const out = join(tempDir(), 'demo');
    const r = cli(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const memory = await demo();
    const onDisk = new Map(readParts(out).map((p) => [p.name, section(p)]));
    for (const name of ['cluster', 'classify', 'grade', 'rfm', 'compare'] as const) {
      const fromMemory = sectionOf(memory[name], name);
      const fromDisk = onDisk.get(name)!;
      expect(fromDisk, name).toBeDefined();
      expect(fromDisk.words, name).toEqual(fromMemory.words);
      expect(fromDisk.tables, name).toEqual(fromMemory.tables);
      expect(
        fromDisk.charts.map((c) => c.spec),
        name,
      ).toEqual(fromMemory.charts.map((c) => c.spec));
      expect(fromDisk.warnings, name).toEqual(fromMemory.warnings);
    }
    const rules = onDisk.get('classify')!.tables.find((t) => t.title.startsWith('Rules'))!;
    expect(rules.rows.map((row) => row[1])).toEqual(memory.classify.summary.rules.map((x) => x.rule));
  });
});
