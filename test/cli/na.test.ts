import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

interface Described {
  columns: { name: string; missingPct: number; top?: { level: string; count: number }[] }[];
}

describe('--na and --no-default-na: which texts mean missing', () => {
  const dir = tempDir();
  const file = join(dir, 'survey.csv');
  // "None" children under 18, "NA" and "-" as real answers; a blank score is missing whatever the flags.
  writeFileSync(
    file,
    'id,children,score,answer\n1,None,3,NA\n2,One,4,-\n3,Two,,yes\n4,None,5,NA\n5,x,6,yes\n',
  );
  const describe = (...flags: string[]) => {
    const r = cli(['describe', file, '--json', ...flags]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as Described;
    return (name: string) => d.columns.find((c) => c.name === name)!;
  };

  it("by default None, NA and - are missing; with --na '' they come back as values", () => {
    const byDefault = describe();
    expect(byDefault('children').missingPct).toBe(40);
    expect(byDefault('answer').missingPct).toBe(60);
    for (const flags of [['--na', ''], ['--no-default-na']]) {
      const kept = describe(...flags);
      expect(kept('children').missingPct, flags.join(' ')).toBe(0);
      expect(kept('children').top!.map((t) => [t.level, t.count])).toContainEqual(['None', 2]);
      expect(
        kept('answer')
          .top!.map((t) => t.level)
          .sort(),
      ).toEqual(['-', 'NA', 'yes']);
      expect(kept('score').missingPct).toBe(20);
    }
  });

  it('a default token that empties most of a column is named in a warning; not with tokens of your own', () => {
    const r = cli(['describe', file, '--json']);
    const warnings = JSON.parse(r.stdout).warnings as { code: string; message: string }[];
    // answer: 3 of 5 are NA or - (60%); children: 2 of 5 None (40%) is not most of it.
    expect(warnings).toEqual([
      {
        code: 'missing-token-empties-column',
        message:
          'column "answer": 3 of 5 values (60.0%) are "NA", read as missing by default; if it is a real value there, give your own missing tokens (na) or none of the defaults',
      },
    ]);
    expect(r.stderr).toContain('strata: warning: column "answer": 3 of 5 values');
    for (const flags of [['--na', ''], ['--no-default-na'], ['--na', 'x']])
      expect(
        JSON.parse(cli(['describe', file, '--json', ...flags]).stdout).warnings,
        flags.join(' '),
      ).toEqual([]);
    // Every command that reads the file says it in its summary.
    const c = cli(['cluster', file, '--k', '2', '--out', join(dir, 'c'), '--no-report', '--json']);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).warnings.map((w: { code: string }) => w.code)).toContain(
      'missing-token-empties-column',
    );
  });

  it('--na TOKENS replaces the defaults with those tokens', () => {
    const own = describe('--na', 'x');
    expect(own('children').missingPct).toBe(20);
    expect(own('children').top!.map((t) => t.level)).toContain('None');
  });
});
