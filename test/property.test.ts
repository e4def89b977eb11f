import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duck } from '../src/data/duck.js';
import { load } from '../src/data/load.js';
import { StrataError } from '../src/errors.js';
import { exportSql } from '../src/export/sql.js';
import { classify } from '../src/results/classify.js';
import { cluster } from '../src/results/cluster.js';
import type { TableWriter } from '../src/results/result.js';
import { tempDir } from './helpers.js';

/** Names a JavaScript object already has: a plain object used as a map would misread them. */
const BUILT_IN = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];
const FORMULA = /^[=+\-@\t\r]/;

/** Any text: Unicode, control characters, quotes, formula starts, built-in names. */
const text = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(
      '\r',
      '\n',
      '\t',
      '"',
      "'",
      ',',
      ';',
      '=',
      '+',
      '-',
      '@',
      '\\',
      'é',
      '中',
      '😀',
      ' ',
    ),
    minLength: 1,
    maxLength: 8,
  }),
  fc.constantFrom(...BUILT_IN),
);
// A name must not be blank, nor hold NUL (the reader refuses NUL bytes as "not a text file").
const name = text.filter((s) => s.trim() !== '' && !s.includes('\0'));

const dataset = fc.record({
  names: fc.uniqueArray(name, { minLength: 5, maxLength: 5, selector: (s) => s.trim().toLowerCase() }),
  ids: fc.uniqueArray(name, { minLength: 40, maxLength: 40 }),
  levels: fc.uniqueArray(name, { minLength: 2, maxLength: 3 }),
  classes: fc.uniqueArray(name, { minLength: 2, maxLength: 2 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** RFC 4180 fields of a CSV text. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

const written = (w: TableWriter) => {
  let s = '';
  w((t) => {
    s += t;
  });
  return s;
};

describe('random hostile text through the pipelines (property)', () => {
  it('every run succeeds with exact ids, no formula-leading cell and one-statement SQL, or refuses in one line', async () => {
    const dir = tempDir();
    const db = await duck();
    let succeeded = 0;
    await fc.assert(
      fc.asyncProperty(dataset, async ({ names, ids, levels, classes, seed }) => {
        // Header names are read trimmed (" id" is "id"), so a user names them so.
        const [idCol, x, y, kind, tier] = names.map((n) => n.trim());
        const lines = ids.map((id, i) =>
          [id, (i * 7 + seed) % 23, (i * 13) % 17, levels[i % levels.length], classes[i % 2]]
            .map((v) => quote(String(v)))
            .join(','),
        );
        const file = join(dir, 'data.csv');
        writeFileSync(file, `${names.map(quote).join(',')}\n${lines.join('\n')}\n`);
        let table: Awaited<ReturnType<typeof load>>;
        try {
          table = await load(file, { id: idCol });
        } catch (e) {
          // A refusal is one line naming the file.
          expect(e).toBeInstanceOf(StrataError);
          expect((e as Error).message).not.toMatch(/\n/);
          return;
        }
        const seg = cluster(table, { k: 2, features: [x, y, kind], id: idCol, seed, nInit: 1 });
        const rows = parseCsv(written(seg.tables.get('assignments.csv')!));
        expect(rows[0][0]).toBe(FORMULA.test(idCol) ? `'${idCol}` : idCol);
        const got = rows.slice(1).map((r) => r[0]);
        // Exact, except that a formula-leading id carries the leading ' that stops a spreadsheet.
        for (let i = 0; i < got.length; i++)
          expect(got[i]).toBe(FORMULA.test(ids[i]) ? `'${ids[i]}` : ids[i]);
        for (const r of rows) for (const cell of r) expect(FORMULA.test(cell), cell).toBe(false);
        const tree = classify(table, { label: tier, features: [x, y, kind], maxDepth: 3, folds: 2, seed });
        expect(new Set(tree.summary.cv.perClass.map((c) => c.class))).toEqual(new Set(classes));
        for (const dialect of ['duckdb', 'postgres'] as const) {
          const sql = exportSql(tree.run.model, { dialect, table: 't' });
          expect((await db.extractStatements(sql)).count, dialect).toBe(1);
        }
        succeeded++;
      }),
      { numRuns: 20, seed: 20261130 },
    );
    // The property is about what succeeds: most random data must get through.
    expect(succeeded).toBeGreaterThan(10);
  });
});
