import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, listFiles, ROOT, tempDir } from '../helpers.js';

const dir = tempDir();
function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('strata --help and describe', () => {
  it('prints help with exit 0', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/describe/);
    expect(r.stdout).toMatch(/demo/);
  });

  it('reports the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('describes the sample customers as a table and as JSON', () => {
    const t = cli(['describe', 'data/customers.csv']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/5,000 rows, 15 columns/);
    expect(t.stdout).toMatch(/assigned_tier\s+categorical\s+label/);
    const j = cli(['describe', 'data/customers.csv', '--json']);
    const d = JSON.parse(j.stdout) as {
      input: { rows: number };
      columns: { name: string; role: string; missing: number }[];
    };
    expect(d.input.rows).toBe(5000);
    const byName = Object.fromEntries(d.columns.map((c) => [c.name, c]));
    expect(byName.customer_id.role).toBe('id');
    expect(byName.margin_pct.missing).toBeGreaterThan(0);
  });

  it('runs the demo and writes its outputs under the folder it names', () => {
    const out = join(tempDir(), 'demo');
    const r = cli(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(out);
    expect(existsSync(join(out, 'describe.json'))).toBe(true);
  });
});

describe('bad input through the CLI: one line, exit code, nothing written', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['missing file', ['describe', join(dir, 'nope.csv')], 1, /nope\.csv: file not found/],
    ['empty file', ['describe', file('empty.csv', '')], 1, /empty\.csv: the file is empty/],
    [
      'header only',
      ['describe', file('header.csv', 'a,b,c\n')],
      1,
      /header\.csv: the file has a header but no rows/,
    ],
    [
      'ragged row',
      ['describe', file('ragged.csv', 'a,b\n1,2\n3,4,5\n')],
      1,
      /ragged\.csv: row 2 \(line 3\): has 3 fields, expected 2/,
    ],
    [
      'duplicate names',
      ['describe', file('dup.csv', 'a,b,a\n1,2,3\n')],
      1,
      /dup\.csv, column "a": duplicate column name \(columns 1 and 3\)/,
    ],
    [
      'unreadable override',
      ['describe', file('ov.csv', 'a,b\n1,2\n3,x\n'), '--type', 'b=numeric'],
      1,
      /ov\.csv, row 2, column "b": "x" cannot be read as a number/,
    ],
    [
      'unknown override type',
      ['describe', file('ov2.csv', 'a,b\n1,2\n'), '--type', 'b=money'],
      2,
      /column "b": unknown type "money"/,
    ],
    [
      'malformed override',
      ['describe', file('ov3.csv', 'a,b\n1,2\n'), '--type', 'b'],
      2,
      /--type b: expected COLUMN=TYPE/,
    ],
    ['unknown file type', ['describe', file('x.xlsx', 'PK')], 2, /x\.xlsx: unknown file type/],
    ['unknown flag', ['describe', 'data/customers.csv', '--nope'], 2, /unknown option '--nope'/],
    ['missing argument', ['describe'], 2, /give a file, or --db with --table or --query/],
  ];
  for (const [name, args, code, message] of cases) {
    it(name, () => {
      const before = listFiles(dir).length;
      const r = cli(args, { cwd: dir });
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
      expect(listFiles(dir).length).toBe(before);
    });
  }

  it('keeps its error on one line', () => {
    const r = cli(['describe', join(dir, 'ragged.csv')]);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(dir, 'ragged.csv'), 'utf8')).toBe('a,b\n1,2\n3,4,5\n');
  });
});
