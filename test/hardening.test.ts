import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRfm } from '../src/grade/rfm-scores.js';
import { MODEL_VERSION } from '../src/model/model-file.js';
import { VERSION } from '../src/version.js';
import { cli, ROOT, SAMPLE_RFM, tempDir } from './helpers.js';

const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const MODELS = join(ROOT, 'test', 'fixtures', 'models');

describe('model files', () => {
  for (const kind of ['kmeans', 'tree']) {
    it(`a ${kind} model written in the previous layout still loads and predicts as it did`, () => {
      const model = join(MODELS, `${kind}-v1-previous-layout.json`);
      const r = cli(['predict', model, 'data/customers.csv']);
      expect(r.code, r.stderr).toBe(0);
      const expected = readFileSync(join(MODELS, `${kind}-v1-previous-layout.predictions.csv`), 'utf8');
      expect(r.stdout.split('\n').slice(0, 101).join('\n')).toBe(expected.trimEnd());
    });
  }

  it('refuses truncated, edited and future-version files with one clear line', () => {
    const dir = tempDir();
    const good = readFileSync(join(MODELS, 'tree-v1-previous-layout.json'), 'utf8');
    const m = JSON.parse(good);
    const cases: [string, string, RegExp][] = [
      ['truncated', good.slice(0, good.length / 2), /not a Strata model: the JSON is damaged/],
      [
        'a node pointing outside the tree',
        JSON.stringify({
          ...m,
          state: { ...m.state, left: m.state.left.map((l: number) => (l > 0 ? 9999 : l)) },
        }),
        /state\.left\/right\[0\] point outside the tree/,
      ],
      [
        'a split on a feature the recipe lacks',
        JSON.stringify({
          ...m,
          state: { ...m.state, feature: m.state.feature.map((f: number) => (f >= 0 ? 999 : f)) },
        }),
        /state\.feature\[0\] is not a feature of the recipe/,
      ],
      [
        'a damaged recipe',
        JSON.stringify({
          ...m,
          recipe: { ...m.recipe, steps: [{ kind: 'numeric', name: 'x', impute: 'zero' }] },
        }),
        /recipe\.steps\[0\] \(x\) has damaged numbers/,
      ],
      [
        'a future version',
        JSON.stringify({ ...m, version: MODEL_VERSION + 1, createdWith: 'strata 1.0.0' }),
        new RegExp(
          `model file version ${MODEL_VERSION + 1} needs a newer Strata: this is ${VERSION.replace(/\./g, '\\.')}, which reads versions 1 to ${MODEL_VERSION} \\(it says it was written by strata 1\\.0\\.0\\)`,
        ),
      ],
      [
        'not a model at all',
        JSON.stringify({ hello: 'world' }),
        /not a valid Strata model: "format" is not "strata-model"/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const f = join(dir, `${name.replace(/\W+/g, '-')}.json`);
      writeFileSync(f, text);
      const r = cli(['predict', f, 'data/customers.csv']);
      expect(r.code, name).toBe(1);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(message);
    }
  });
});

describe('safe output', () => {
  it('never opens an input for writing: read-only inputs work and are unchanged', () => {
    const dir = tempDir();
    const input = join(dir, 'customers.csv');
    copyFileSync(join(ROOT, 'data', 'customers.csv'), input);
    chmodSync(input, 0o444);
    const before = hash(input);
    for (const args of [
      ['describe', input],
      ['cluster', input, '--k', '3', '--no-report', '--out', join(dir, 'c')],
      [
        'classify',
        input,
        '--label',
        'assigned_tier',
        '--max-depth',
        '3',
        '--no-report',
        '--out',
        join(dir, 'k'),
      ],
      [
        'grade',
        input,
        '--scorecard',
        'data/scorecards/sample-tier.yaml',
        '--no-report',
        '--out',
        join(dir, 'g'),
      ],
    ]) {
      const r = cli(args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
    }
    expect(hash(input)).toBe(before);
  });

  it('leaves no temporary files behind', () => {
    const out = join(tempDir(), 'run');
    expect(cli(['cluster', 'data/customers.csv', '--k', '3', '--out', out]).code).toBe(0);
    const all = [...readdirSync(out), ...readdirSync(join(out, 'charts'))];
    expect(all.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('determinism', () => {
  it('the same input and seed give byte-identical models, CSVs and chart data', () => {
    const runs = [tempDir(), tempDir()].map((d) => {
      const c = cli([
        'classify',
        'data/customers.csv',
        '--label',
        'assigned_tier',
        '--max-depth',
        '5',
        '--out',
        join(d, 'k'),
      ]);
      const g = cli([
        'grade',
        'data/customers.csv',
        '--scorecard',
        'data/scorecards/sample-tier.yaml',
        '--no-report',
        '--out',
        join(d, 'g'),
      ]);
      const r = cli(['rfm', 'data/transactions.csv', ...SAMPLE_RFM, '--no-report', '--out', join(d, 'r')]);
      for (const x of [c, g, r]) expect(x.code, x.stderr).toBe(0);
      return d;
    });
    const files = [
      'k/model.json',
      'k/rules.json',
      'k/rules.txt',
      'k/importance.csv',
      'k/summary.json',
      'g/grades.csv',
      'r/rfm.csv',
      'r/summary.json',
    ];
    const charts = readdirSync(join(runs[0], 'k', 'charts')).filter(
      (f) => f.endsWith('.vl.json') || f.endsWith('.svg'),
    );
    expect(charts.length).toBeGreaterThan(4);
    for (const f of [...files, ...charts.map((c) => `k/charts/${c}`)])
      expect(hash(join(runs[1], f)), f).toBe(hash(join(runs[0], f)));
  });

  it('RFM does not depend on the order of the transactions', () => {
    const dir = tempDir();
    const lines = readFileSync(join(ROOT, 'data', 'transactions.csv'), 'utf8')
      .trim()
      .split('\n');
    const body = lines.slice(1).reverse();
    writeFileSync(join(dir, 'reversed.csv'), `${lines[0]}\n${body.join('\n')}\n`);
    const args = (f: string, o: string) => [
      'rfm',
      f,
      ...SAMPLE_RFM,
      '--drop-invoice-prefix',
      'C',
      '--no-report',
      '--out',
      o,
    ];
    expect(cli(args('data/transactions.csv', join(dir, 'a'))).code).toBe(0);
    expect(cli(args(join(dir, 'reversed.csv'), join(dir, 'b'))).code).toBe(0);
    expect(hash(join(dir, 'b', 'rfm.csv'))).toBe(hash(join(dir, 'a', 'rfm.csv')));
  });
});

describe('RFM totals (property)', () => {
  it('equal the cleaned total of the input', async () => {
    const dir = tempDir();
    let n = 0;
    const tx = fc.record({
      customer: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }),
      invoice: fc.constantFrom('1', '2', 'C3', '4', 'C5', '6'),
      day: fc.integer({ min: 1, max: 28 }),
      amount: fc.integer({ min: -500, max: 5000 }).map((v) => v / 4),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(tx, { minLength: 1, maxLength: 40 }), async (rows) => {
        const kept = rows.filter((r) => r.customer !== null && !r.invoice.startsWith('C') && r.amount > 0);
        fc.pre(kept.length > 0);
        const f = join(dir, `t${n++}.csv`);
        writeFileSync(
          f,
          `customer,invoice,day,amount\n${rows.map((r) => `${r.customer ?? ''},${r.invoice},2024-02-${String(r.day).padStart(2, '0')},${r.amount}`).join('\n')}\n`,
        );
        const r = await computeRfm(f, {
          customer: 'customer',
          date: 'day',
          amount: 'amount',
          invoice: 'invoice',
          dropInvoicePrefix: 'C',
        });
        const total = kept.reduce((a, x) => a + x.amount, 0);
        expect(r.totalMonetary).toBeCloseTo(total, 6);
        expect(r.dropped.noCustomer + r.dropped.cancelled + r.dropped.nonPositive + kept.length).toBe(
          rows.length,
        );
      }),
      { numRuns: 30 },
    );
  });
});

describe('signals', () => {
  it('Ctrl-C during a long k scan ends the run at once and leaves no output', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const lines = ['id,a,b,c,d,e'];
    let s = 1;
    const r = () => {
      s = (s * 48271) % 2147483647;
      return (s / 2147483647) * 10;
    };
    for (let i = 0; i < 300_000; i++) lines.push(`${i + 1},${r()},${r()},${r()},${r()},${r()}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'strata.js'), 'cluster', file, '--k', 'auto', '--n-init', '10', '--out', out],
      { cwd: ROOT },
    );
    await new Promise((res) => setTimeout(res, 4000));
    child.kill('SIGINT');
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.on('close', (code, signal) => res({ code, signal })),
    );
    expect(ended.signal === 'SIGINT' || ended.code === 130).toBe(true);
    expect(existsSync(out)).toBe(false);
  });
});
