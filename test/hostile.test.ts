import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { classifyTable } from '../src/classify/classify-table.js';
import { duck } from '../src/data/duck.js';
import { load } from '../src/data/load.js';
import { exportPmml } from '../src/export/pmml.js';
import { exportSql } from '../src/export/sql.js';
import { cli, tempDir } from './helpers.js';

const statements = async (sql: string) => (await (await duck()).extractStatements(sql)).count;

describe('no data-derived text escapes its quotes in SQL or PMML', () => {
  const evilClass = 'B\rSELECT 666 AS pwned; --';
  const rows = Array.from({ length: 120 }, (_, i) => ({
    spend: (i * 7) % 17,
    'i\nj': i % 7,
    kind: i % 2 ? 'a\rb' : "x'y",
    tier: i < 60 ? 'A' : evilClass,
  }));

  it('a class label with \\r stays inside a literal: the SQL is one statement in every dialect', async () => {
    const t = await load(rows);
    const model = classifyTable(t, { label: 'tier', maxDepth: 2, seed: 1 }).model;
    for (const dialect of ['duckdb', 'postgres'] as const) {
      const sql = exportSql(model, { dialect, table: 't' });
      expect(sql.split(/\r\n|\r|\n/)[0]).toMatch(/^-- Strata [\d.]+: decision tree, \d+ leaves, 2 classes$/);
      expect(await statements(sql), dialect).toBe(1);
    }
    // The portable dialect: control characters stay inside quotes as well.
    const ansi = exportSql(model, { dialect: 'ansi', table: 't' });
    expect(await statements(ansi)).toBe(1);
  });

  it('a backslash cannot travel in the ansi dialect: refused in one line', async () => {
    const t = await load(rows.map((r) => ({ ...r, kind: r.kind === 'a\rb' ? 'a\\b' : r.kind })));
    const model = classifyTable(t, {
      label: 'tier',
      maxDepth: 2,
      seed: 1,
      features: ['spend', 'kind'],
    }).model;
    expect(() => exportSql(model, { dialect: 'ansi' })).toThrow(
      /holds a backslash.*use the duckdb or postgres dialect/,
    );
    expect(await statements(exportSql(model, { dialect: 'duckdb' }))).toBe(1);
  });

  it('PMML writes CR, LF and tab as character references and parses back exactly', async () => {
    const t = await load(rows);
    const model = classifyTable(t, { label: 'tier', maxDepth: 3, seed: 1 }).model;
    const pmml = exportPmml(model);
    expect(XMLValidator.validate(pmml)).toBe(true);
    expect(pmml).toContain('i&#10;j');
    const doc = new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(pmml);
    const fields = doc.PMML.DataDictionary.DataField.map((f: Record<string, string>) => f['@_name']);
    expect(fields).toContain('i\nj');
  });

  it('PMML refuses a control character XML cannot carry, in one line', async () => {
    const t = await load(rows.map((r) => ({ ...r, kind: r.kind === 'a\rb' ? 'a\u0001b' : r.kind })));
    const model = classifyTable(t, {
      label: 'tier',
      maxDepth: 3,
      seed: 1,
      features: ['spend', 'kind'],
    }).model;
    expect(() => exportPmml(model)).toThrow(/control character U\+0001/);
  });
});

describe('ids are text, exactly as written', () => {
  it('leading zeros and 20-digit ids round-trip through cluster, predict and classify', () => {
    const dir = tempDir();
    const ids = Array.from({ length: 60 }, (_, i) =>
      i % 2 ? `000${100 + i}` : `123456789012345678${String(i).padStart(2, '0')}`,
    );
    const lines = ids.map((id, i) => `${id},${(i % 5) * 10 + (i % 3)},${(i * 7) % 13},${i % 3 ? 'A' : 'B'}`);
    const file = join(dir, 'ids.csv');
    writeFileSync(file, `account,spend,visits,tier\n${lines.join('\n')}\n`);
    const described = JSON.parse(cli(['describe', file, '--json']).stdout);
    const account = described.columns.find((c: { name: string }) => c.name === 'account');
    expect(account.type).not.toBe('numeric');
    expect(account.role).toBe('id');

    const out = join(dir, 'seg');
    const r = cli(['cluster', file, '--k', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const assigned = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n');
    expect(assigned[0]).toMatch(/^account,/);
    expect(assigned.slice(1).map((l) => l.split(',')[0])).toEqual(ids);

    const p = cli(['predict', join(out, 'model.json'), file, '--id', 'account']);
    expect(p.code, p.stderr).toBe(0);
    expect(
      p.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(ids);
  });

  it('--id keeps a numeric-looking column as text', async () => {
    const t = await load(
      [
        { id: '007', x: 1 },
        { id: '7', x: 2 },
        { id: '0070', x: 3 },
      ],
      {
        id: 'id',
      },
    );
    expect(t.get('id')?.type).toBe('text');
    expect([0, 1, 2].map((i) => t.text('id', i))).toEqual(['007', '7', '0070']);
  });
});

describe('spreadsheet-safe CSV', () => {
  it("text cells that a spreadsheet would run get a leading ', numbers and --raw-csv do not", () => {
    const dir = tempDir();
    const file = join(dir, 'f.csv');
    const evil = ['=HYPERLINK("http://x","y")', '+cmd', '-2+3', '@SUM(A1)', 'plain', '-17'];
    const lines = Array.from(
      { length: 60 },
      (_, i) =>
        `"${`${evil[i % evil.length]}${i >= evil.length ? i : ''}`.replace(/"/g, '""')}",${i % 9},${(i * 5) % 11}`,
    );
    writeFileSync(file, `who,spend,visits\n${lines.join('\n')}\n`);
    const out = join(dir, 'seg');
    expect(cli(['cluster', file, '--k', '2', '--id', 'who', '--out', out]).code).toBe(0);
    const written = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n').slice(1);
    const expected = ['"\'=HYPERLINK(""http://x"",""y"")"', "'+cmd", "'-2+3", "'@SUM(A1)", 'plain', '-17'];
    for (const [i, cell] of expected.entries())
      expect(written[i].startsWith(`${cell},`), written[i]).toBe(true);
    const raw = join(dir, 'raw');
    expect(cli(['cluster', file, '--k', '2', '--id', 'who', '--out', raw, '--raw-csv']).code).toBe(0);
    expect(readFileSync(join(raw, 'assignments.csv'), 'utf8')).toContain('\n+cmd,');
  });
});

describe('names of built-in object properties are just names', () => {
  it('columns and classes named constructor, toString, valueOf, __proto__ go through every command', () => {
    const dir = tempDir();
    const names = ['constructor', 'toString', '__proto__'];
    const lines = Array.from(
      { length: 150 },
      (_, i) => `c${i},${(i * 7) % 10},${(i * 3) % 5},${(i % 11) / 10},${(i * 13) % 17},${names[i % 3]}`,
    );
    const file = join(dir, 'builtin.csv');
    writeFileSync(file, `id,constructor,toString,valueOf,__proto__,tier\n${lines.join('\n')}\n`);
    const c = cli(['cluster', file, '--k', '2', '--out', join(dir, 'c'), '--json']);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).features).toEqual(['constructor', 'toString', 'valueOf', '__proto__']);
    const k = cli([
      'classify',
      file,
      '--label',
      'tier',
      '--max-depth',
      '3',
      '--out',
      join(dir, 'k'),
      '--json',
    ]);
    expect(k.code, k.stderr).toBe(0);
    const s = JSON.parse(k.stdout);
    expect(s.classes).toEqual(['__proto__', 'constructor', 'toString']);
    expect(s.cv.perClass.map((m: { class: string }) => m.class)).toEqual(s.classes);
    const m = cli(['compare', file, '--assigned', 'tier', '--predicted', 'tier', '--out', join(dir, 'm')]);
    expect(m.code, m.stderr).toBe(0);
    const d = cli(['describe', file, '--type', 'constructor=categorical']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/constructor\s+categorical/);
    for (const part of ['c', 'k', 'm']) expect(cli(['report', join(dir, part)]).code).toBe(0);
  });
});

describe('user-supplied keys are map keys, never object properties', () => {
  it('a scorecard map scores __proto__, constructor and toString like any category', () => {
    const dir = tempDir();
    const card = join(dir, 'card.yaml');
    writeFileSync(
      card,
      [
        'name: built-in names',
        'criteria:',
        '  - { column: kind, weight: 1, map: { __proto__: 50, constructor: 80, toString: 20, plain: 10 } }',
        'tiers:',
        '  - { tier: A, min: 60, policy: { owner: x, followUpDays: 7, actions: [call] } }',
        '  - { tier: B, min: 30, policy: { owner: x, followUpDays: 30, actions: [mail] } }',
        '  - { tier: C, policy: { owner: x, followUpDays: 90, actions: [none] } }',
      ].join('\n'),
    );
    const data = join(dir, 'kinds.csv');
    writeFileSync(data, 'id,kind\na,__proto__\nb,constructor\nc,toString\nd,plain\n');
    const out = join(dir, 'g');
    const r = cli(['grade', data, '--scorecard', card, '--id', 'id', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'grades.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.map((l) => l.split(',').slice(0, 2).concat(l.split(',')[3]))).toEqual([
      ['a', '50', 'B'],
      ['b', '80', 'A'],
      ['c', '20', 'C'],
      ['d', '10', 'C'],
    ]);
  });

  it('class weights for a class named __proto__ are kept; all-zero or infinite weights are refused', () => {
    const dir = tempDir();
    const lines = Array.from({ length: 60 }, (_, i) => `${i % 9},${i % 3 ? 'B' : '__proto__'}`);
    const file = join(dir, 'w.csv');
    writeFileSync(file, `x,t\n${lines.join('\n')}\n`);
    const out = join(dir, 'o');
    const ok = cli([
      'classify',
      file,
      '--label',
      't',
      '--class-weight',
      '__proto__=2,B=1',
      '--max-depth',
      '2',
      '--out',
      out,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).params.classWeight;
    expect(Object.entries(saved)).toEqual([
      ['__proto__', 2],
      ['B', 1],
    ]);
    const zero = cli([
      'classify',
      file,
      '--label',
      't',
      '--class-weight',
      '__proto__=0,B=0',
      '--out',
      join(dir, 'z'),
    ]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^strata: --class-weight must be .*at least one above 0/);
    const inf = cli(['classify', file, '--label', 't', '--class-weight', 'B=1e400', '--out', join(dir, 'i')]);
    expect(inf.code).toBe(2);
  });
});

describe('terminal output never carries control characters from data', () => {
  it('describe shows escape sequences as visible text; NAN reads as missing like nan', () => {
    const dir = tempDir();
    const esc = String.fromCharCode(27);
    const rows = Array.from({ length: 30 }, (_, i) => `c${i},${esc}[2Jred${i % 3},${i}`);
    const file = join(dir, 'esc.csv');
    writeFileSync(file, `id,na${esc}[31mme,v\n${rows.join('\n')}\nc99,x,NAN\n`);
    const r = cli(['describe', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.includes(esc)).toBe(false);
    expect(r.stdout).toContain('na\\x1b[31mme');
    const j = JSON.parse(cli(['describe', file, '--json']).stdout);
    const v = j.columns.find((c: { name: string }) => c.name === 'v');
    expect(v.type).toBe('numeric');
    expect(v.missing).toBe(1);
  });
});

describe('hostile sizes are refused in one line', () => {
  it('a categorical feature or a label with more levels than maxLevels', () => {
    const dir = tempDir();
    const rows = Array.from({ length: 1500 }, (_, i) => `r${i},${i % 7},lvl${i},${i % 1200}`);
    const file = join(dir, 'levels.csv');
    writeFileSync(file, `id,x,code,cls\n${rows.join('\n')}\n`);
    const c = cli([
      'cluster',
      file,
      '--type',
      'code=categorical',
      '--features',
      'x,code',
      '--k',
      '2',
      '--out',
      join(dir, 'c'),
    ]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(
      /^strata: .*levels\.csv, column "code": has 1,500 levels, more than 1,000 \(maxLevels\)/,
    );
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
    const k = cli(['classify', file, '--label', 'cls', '--features', 'x', '--out', join(dir, 'k')]);
    expect(k.code).toBe(1);
    expect(k.stderr).toMatch(/column "cls": has 1,200 classes, more than 1,000/);
    const ok = cli([
      'cluster',
      file,
      '--type',
      'code=categorical',
      '--features',
      'x,code',
      '--k',
      '2',
      '--max-levels',
      '2000',
      '--no-report',
      '--out',
      join(dir, 'ok'),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('wide files and huge numbers', () => {
  it('describe reads 200 rows × 1,500 columns (memory and time grow with the columns, not faster)', () => {
    const dir = tempDir();
    const names = Array.from({ length: 1500 }, (_, i) => `c${i}`);
    const lines = Array.from({ length: 200 }, (_, r) => names.map((_n, c) => (r * 7 + c) % 100).join(','));
    const file = join(dir, 'wide.csv');
    writeFileSync(file, `${names.join(',')}\n${lines.join('\n')}\n`);
    const r = cli(['describe', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.columns).toHaveLength(1500);
    expect(s.columns[1499]).toMatchObject({ name: 'c1499', type: 'numeric', distinct: 100 });
  });

  it('a scorecard whose weights × points could overflow, or with absurd follow-up days, is refused', () => {
    const dir = tempDir();
    const file = join(dir, 'c.csv');
    writeFileSync(file, 'id,a\nc1,5\nc2,20\n');
    const card = (criterion: string, days = '7') =>
      `name: big\ncriteria:\n  - ${criterion}\ntiers:\n  - { tier: A, min: 1, policy: { owner: x, followUpDays: ${days}, actions: [y] } }\n  - { tier: B, policy: { owner: x, followUpDays: 7, actions: [y] } }\n`;
    const cases: [string, string, RegExp][] = [
      [
        '{ name: a, column: a, weight: 1e300, bands: [ { max: 10, points: 1 }, { min: 10, points: 2 } ] }',
        '7',
        /criteria\[0\]\.weight: 1e\+300 is too large to compute with \(above 1e\+150\)$/,
      ],
      [
        '{ name: a, column: a, weight: 1e100, bands: [ { max: 10, points: 1e100 }, { min: 10, points: 2 } ] }',
        '7',
        /criteria: weights × points \(and adjustments\) can reach 1e\+200: too large/,
      ],
      [
        '{ name: a, column: a, weight: 1, bands: [ { max: 10, points: 1 }, { min: 10, points: 2 } ] }',
        '1.5',
        /tiers\[0\]\.policy\.followUpDays: expected whole days from 0 to 3,660 \(or null\), got 1\.5$/,
      ],
    ];
    for (const [criterion, days, message] of cases) {
      writeFileSync(join(dir, 'card.yaml'), card(criterion, days));
      const r = cli(['grade', file, '--scorecard', join(dir, 'card.yaml'), '--out', join(dir, 'g')]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  });
});
