import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

describe('strata classify and predict with a tree', () => {
  const out = join(tempDir(), 'cls');

  it('cross-validates, writes its files and the JSON contract', () => {
    const r = cli([
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--max-depth',
      '6',
      '--min-leaf',
      '20',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s).slice(5, 11)).toEqual([
      'label',
      'classes',
      'rowsWithoutLabel',
      'features',
      'leftOut',
      'cv',
    ]);
    expect(Object.keys(s.cv).slice(0, 10)).toEqual([
      'folds',
      'accuracy',
      'accuracyStd',
      'balancedAccuracy',
      'macroF1',
      'weightedF1',
      'kappa',
      'logLoss',
      'perClass',
      'confusion',
    ]);
    expect(s.cv.folds).toBe(5);
    expect(s.cv.accuracy).toBeGreaterThan(0.7);
    expect(s.cv.perClass.map((m: { class: string }) => m.class)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(Object.keys(s.cv.perClass[0])).toEqual(['class', 'precision', 'recall', 'f1', 'support']);
    expect(s.cv.confusion.labels).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(s.cv.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(5000);
    expect(s.tree.depth).toBeLessThanOrEqual(6);
    expect(s.rules).toHaveLength(s.tree.leaves);
    for (const f of ['model.json', 'summary.json', 'rules.txt', 'rules.json', 'importance.csv'])
      expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('writes rules in original units, sorted by support, one per leaf', () => {
    const rules = JSON.parse(readFileSync(join(out, 'rules.json'), 'utf8')) as {
      customers: number;
      text: string;
      conditions: { column: string }[];
    }[];
    const sizes = rules.map((r) => r.customers);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    for (const r of rules) {
      expect(r.text).toMatch(
        /^IF .+ THEN assigned tier [A-E] {2}\([\d,]+ customers, [\d.]+%; \d+% correct\)$/,
      );
      const cols = r.conditions.map((c) => c.column);
      expect(new Set(cols).size).toBe(cols.length); // conditions on one column are merged
    }
    const text = readFileSync(join(out, 'rules.txt'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^ {2}1\. IF /);
    const imp = readFileSync(join(out, 'importance.csv'), 'utf8').trim().split('\n');
    expect(imp[0]).toBe('feature,impurity_importance,permutation_importance,permutation_std');
  });

  it('predicts class, probabilities and the deciding rule', () => {
    const file = join(tempDir(), 'pred.csv');
    const r = cli(['predict', join(out, 'model.json'), 'data/customers.csv', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer_id,predicted,p_A,p_B,p_C,p_D,p_E,rule');
    expect(lines).toHaveLength(5001);
    const first = lines[1].split(',');
    const probs = first.slice(2, 7).map(Number);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(first[7]).toMatch(/[<>≤]/);
  });

  it('--importance: impurity only, none, or permutation from the cross-validation fold trees', () => {
    const run = (kind?: string) => {
      const r = cli([
        'classify',
        'data/customers.csv',
        '--label',
        'assigned_tier',
        '--max-depth',
        '4',
        '--folds',
        '3',
        '--no-report',
        '--json',
        '--out',
        join(tempDir(), 'imp'),
        ...(kind ? ['--importance', kind] : []),
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).importance as {
        feature: string;
        impurity: number;
        permutation: number | null;
      }[];
    };
    const permutation = run(); // 5,000 rows: permutation by default
    const impurity = run('impurity');
    expect(permutation.some((i) => (i.permutation ?? 0) > 0.01)).toBe(true);
    expect(impurity.every((i) => i.permutation === null)).toBe(true);
    // The same impurity importances either way: the final tree is the same.
    expect(impurity.map((i) => [i.feature, i.impurity])).toEqual(
      permutation.map((i) => [i.feature, i.impurity]),
    );
    expect(run('none')).toEqual([]);
    const bad = cli(['classify', 'data/customers.csv', '--label', 'assigned_tier', '--importance', 'all']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'strata: --importance must be one of impurity, permutation, none (got "all")',
    );
  });

  it('tunes by cross-validation and says what it chose', () => {
    const r = cli([
      'classify',
      'data/customers.csv',
      '--label',
      'assigned_tier',
      '--tune',
      '--folds',
      '3',
      '--out',
      join(tempDir(), 't'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Tuned by cross-validated accuracy over \d+ candidates: max depth \w+, min leaf \d+, ccp-alpha [\d.e-]+\./,
    );
  });

  describe('bad input: one line, non-zero exit, nothing written', () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const rows = (n: number, f: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => f(i)).join('\n');
    const cases: [string, string[], number, RegExp][] = [
      ['label column missing', ['data/customers.csv', '--label', 'tier'], 2, /label column "tier" not found/],
      ['no --label', ['data/customers.csv'], 2, /required option '--label <col>' not specified/],
      [
        'one class',
        [write('one.csv', `t,x\n${rows(20, (i) => `A,${i}`)}\n`), '--label', 't'],
        1,
        /column "t": the label has only one class \("A"\)/,
      ],
      [
        'a class with one member',
        [write('tiny.csv', `x,t\n${rows(20, (i) => `${i * 1.5},${i === 0 ? 'B' : 'A'}`)}\n`), '--label', 't'],
        1,
        /class "B" has only 1 member/,
      ],
    ];
    for (const [name, args, code, message] of cases) {
      it(name, () => {
        const target = join(dir, `out-${name.replace(/\W+/g, '-')}`);
        const r = cli(['classify', ...args, '--out', target]);
        expect(r.code).toBe(code);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(existsSync(target)).toBe(false);
      });
    }

    it('falls back to fewer folds for a small class, and says so', () => {
      const f = write('small.csv', `x,t\n${rows(40, (i) => `${i * 1.5},${i < 3 ? 'B' : 'A'}`)}\n`);
      const r = cli(['classify', f, '--label', 't', '--out', join(dir, 'small-out')]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/class "B" has only 3 members, fewer than 5 folds; using 3 folds/);
    });

    it('drops rows with a missing label and counts them', () => {
      const f = write(
        'nolabel.csv',
        `x,t\n${rows(40, (i) => `${i * 1.5},${i % 10 === 0 ? '' : i < 20 ? 'A' : 'B'}`)}\n`,
      );
      const r = cli(['classify', f, '--label', 't', '--json', '--out', join(dir, 'nl-out')]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).rowsWithoutLabel).toBe(4);
    });

    it('predict refuses a model of the wrong kind and new data without a feature', () => {
      const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
      const wrong = write('wrong.json', JSON.stringify({ ...model, kind: 'forest' }));
      const r = cli(['predict', wrong, 'data/customers.csv']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/unknown model kind "forest"/);
      const partial = write('partial.csv', 'customer_id,sales_12m\nX,1\n');
      const p = cli(['predict', join(out, 'model.json'), partial]);
      expect(p.code).toBe(1);
      expect(p.stderr).toMatch(/column "[a-z_0-9]+": feature column is missing from the data/);
    });
  });
});
