import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from './helpers.js';

/** Every command that reads customer or transaction data, pointed at file F with outputs under O. */
const COMMANDS: Record<string, (f: string, o: string, x: { card: string; model: string }) => string[]> = {
  describe: (f) => ['describe', f],
  cluster: (f, o) => ['cluster', f, '--k', '2', '--n-init', '2', '--no-report', '--out', o],
  classify: (f, o) => ['classify', f, '--label', 'tier', '--folds', '2', '--no-report', '--out', o],
  grade: (f, o, x) => ['grade', f, '--scorecard', x.card, '--no-report', '--out', o],
  pareto: (f, o) => ['pareto', f, '--value', 'value', '--no-report', '--out', o],
  compare: (f, o) => ['compare', f, '--assigned', 'tier', '--predicted', 'tier2', '--no-report', '--out', o],
  predict: (f, o, x) => ['predict', x.model, f, '--out', `${o}.csv`],
  rfm: (f, o) => [
    'rfm',
    f,
    '--customer',
    'id',
    '--date',
    'day',
    '--amount',
    'value',
    '--no-report',
    '--out',
    o,
  ],
  migrate: (f, o) => ['migrate', f, f, '--id', 'id', '--tier', 'tier', '--no-report', '--out', o],
};

type Expect = [code: number, message?: RegExp];
interface Case {
  /** What every command should answer, unless `commands` says otherwise. */
  all: Expect;
  commands?: Partial<Record<keyof typeof COMMANDS, Expect>>;
}

const unreadable = (what: string, first: string): Expect => [
  1,
  new RegExp(
    `column "${what === 'dates' ? 'day' : 'value'}": 1 of 30 rows have unreadable ${what} \\(more than 1\\.0%\\), first row 5 \\("${first}"\\)`,
  ),
];

/** The exact answer for every file of test/fixtures/bad (see make.ts there). */
const CASES: Record<string, Case> = {
  'empty.csv': { all: [1, /empty\.csv: the file is empty$/] },
  'header-only.csv': { all: [1, /header-only\.csv: the file has a header but no rows$/] },
  'ragged.csv': { all: [1, /ragged\.csv: row 3 \(line 4\): has 6 fields, expected 5$/] },
  'unterminated-quote.csv': {
    all: [1, /unterminated-quote\.csv: row 4 \(line 5\): a quoted field is never closed$/],
  },
  'mixed-delimiters.csv': { all: [1, /mixed-delimiters\.csv: row 2 \(line 3\): has 1 fields, expected 5$/] },
  'utf16.csv': { all: [1, /utf16\.csv: the file is UTF-16 text; save it as UTF-8$/] },
  'nul-bytes.csv': { all: [1, /nul-bytes\.csv: the file contains NUL bytes; it is not a text file$/] },
  'latin1.csv': { all: [1, /latin1\.csv: row 3 \(line 4\): the text is not valid UTF-8; save it as UTF-8$/] },
  'duplicate-names.csv': {
    all: [1, /duplicate-names\.csv, column "value": duplicate column name \(columns 3 and 6\)$/],
  },
  'infinity.csv': {
    all: [1, /infinity\.csv, row 5, column "value": Infinity is not a finite number$/],
    commands: { rfm: unreadable('amounts', 'Infinity') },
  },
  'huge.csv': {
    all: [1, /huge\.csv, row 5, column "value": 1e\+308 is too large to compute with \(above 1e150\)$/],
    commands: { rfm: unreadable('amounts', '1e308') },
  },
  'utf32.csv': { all: [1, /utf32\.csv: the file is UTF-32 text; save it as UTF-8$/] },
  'mixed-line-endings.csv': {
    all: [
      1,
      /mixed-line-endings\.csv: the header line ends with LF but the rows with CRLF; save the file with one kind of line ending$/,
    ],
  },
  'case-names.csv': {
    all: [
      1,
      /case-names\.csv, column "Value": columns 3 \("value"\) and 6 \("Value"\) differ only in case; rename one$/,
    ],
  },
  'bom.csv': { all: [0] },
  'long-field.csv': { all: [0] },
  'blank-names.csv': { all: [0] },
  'thousands.csv': { all: [0] },
  'decimal-comma.csv': { all: [0] },
  'nan-tokens.csv': { all: [0] },
  'dup-ids.csv': {
    all: [0],
    commands: { migrate: [1, /dup-ids\.csv, row 10, column "id": id "C01" appears twice$/] },
  },
  'constant.csv': {
    all: [0],
    commands: {
      cluster: [
        1,
        /constant\.csv, column "value": every feature is constant \(value\); there is nothing to cluster on$/,
      ],
    },
  },
  'one-row.csv': {
    all: [0],
    commands: {
      cluster: [1, /one-row\.csv: k = 2 is more than the 1 rows$/],
      classify: [
        1,
        /one-row\.csv, column "tier": the label has only one class \("A"\); a classifier needs at least two$/,
      ],
    },
  },
  'one-class.csv': {
    all: [0],
    commands: { classify: [1, /one-class\.csv, column "tier": the label has only one class \("A"\)/] },
  },
  'mixed-dates.csv': {
    all: [0],
    commands: {
      rfm: [
        1,
        /column "day": 15 of 30 rows have unreadable dates \(more than 1\.0%\), first row 2 \("01\/02\/2024"\)/,
      ],
    },
  },
  'all-missing.csv': {
    all: [0],
    commands: {
      cluster: [1, /all-missing\.csv: no feature columns left to use$/],
      classify: [1, /all-missing\.csv, column "value": every value is missing$/],
      pareto: [2, /all-missing\.csv: value column "value" is not numeric$/],
      // An all-empty feature in a batch is numbers, all missing, with a warning (hardening-3 checks it).
      predict: [0],
      rfm: [1, /all-missing\.csv: no transactions left after cleaning$/],
    },
  },
};

const FIXTURES = join(ROOT, 'test', 'fixtures', 'bad');
const HEADER_LINE = 'id,day,value,tier,tier2';
const x = { card: '', model: '' };

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'strata.js'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the bad-input corpus through the CLI', () => {
  const dir = tempDir();
  beforeAll(() => {
    x.card = join(dir, 'card.yaml');
    writeFileSync(
      x.card,
      'name: corpus\ncriteria:\n  - { column: value, weight: 1, missing: 0, otherwise: 0, bands: [{ max: 50, points: 1 }, { min: 50, points: 2 }] }\ntiers:\n  - { tier: high, min: 1.5, policy: { owner: a, followUpDays: 7, actions: [] } }\n  - { tier: low, policy: { owner: b, followUpDays: 30, actions: [] } }\n',
    );
    const m = cli([
      'cluster',
      join(FIXTURES, 'bom.csv'),
      '--features',
      'value',
      '--k',
      '2',
      '--no-report',
      '--out',
      join(dir, 'model'),
    ]);
    expect(m.code, m.stderr).toBe(0);
    x.model = join(dir, 'model', 'model.json');
  });

  it('has an expectation for every file in the corpus', () => {
    expect(
      readdirSync(FIXTURES)
        .filter((f) => f.endsWith('.csv'))
        .sort(),
    ).toEqual(Object.keys(CASES).sort());
  });

  // Too large to commit: written here, run the same way.
  const GENERATED: Record<string, [content: () => string, expected: Case]> = {
    'wide.csv': [
      () => {
        const extra = Array.from({ length: 4996 }, (_, i) => `x${i}`);
        const line = (r: string) => `${r},${extra.map(() => '1').join(',')}`;
        return `id,day,value,tier,tier2,${extra.join(',')}\n${line('C01,2024-01-01,1,A,A')}\n`;
      },
      { all: [1, /wide\.csv: has 5,001 columns; Strata reads at most 5,000 \(keep the columns you need/] },
    ],
    'long-line.csv': [
      () => `${HEADER_LINE}\nC01,2024-01-01,1,A,A\nC02,2024-01-02,"${'x'.repeat(17 << 20)}",B,B\n`,
      {
        all: [
          1,
          /long-line\.csv: row 2 \(line 3\): the line is 17 MB, longer than the 16 MB a line may have/,
        ],
      },
    ],
  };

  for (const [file, [content, c]] of Object.entries(GENERATED)) {
    it(file, async () => {
      const path = join(dir, file);
      writeFileSync(path, content());
      for (const [command, args] of Object.entries(COMMANDS)) {
        const [code, message] = c.commands?.[command] ?? c.all;
        const out = join(dir, `${file}-${command}`);
        const r = await run(args(path, out, x));
        const where = `${command} ${file}: ${r.stderr}`;
        expect(r.code, where).toBe(code);
        expect(r.stderr.trim().split('\n'), where).toHaveLength(1);
        if (message) expect(r.stderr.trim(), where).toMatch(message);
        expect(existsSync(out) || existsSync(`${out}.csv`), `${where}: output written`).toBe(false);
      }
    });
  }

  for (const [file, c] of Object.entries(CASES)) {
    it.concurrent(file, async () => {
      for (const [command, args] of Object.entries(COMMANDS)) {
        const [code, message] = c.commands?.[command] ?? c.all;
        const out = join(dir, `${file}-${command}`);
        const r = await run(args(join('test', 'fixtures', 'bad', file), out, x));
        const where = `${command} ${file}: ${r.stderr}`;
        expect(r.code, where).toBe(code);
        expect(r.stderr, where).not.toMatch(/\n\s+at |Error: /);
        if (code === 0) continue;
        expect(r.stderr.trim().split('\n'), where).toHaveLength(1);
        if (message) expect(r.stderr.trim(), where).toMatch(message);
        expect(r.stdout, where).toBe('');
        expect(existsSync(out) || existsSync(`${out}.csv`), `${where}: output written`).toBe(false);
      }
    });
  }
});
