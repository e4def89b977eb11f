import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import type { NumericColumn } from '../../src/data/table.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();

/**
 * Columns whose every value reads as a number are typed from their raw text by cheap counts; the ones
 * where a double would lose the text (leading zeros, signed or after spaces; 16 digits or more) must
 * still come back as text, narrow files and wide ones (the UNPIVOT path) alike.
 */
const cases: [string, string[], 'numeric' | 'categorical' | 'text'][] = [
  ['plain', ['1', '-0.5', '0.25', '+3', '1e3', ' 7 '], 'numeric'],
  ['zip', ['01234', '12345', '23456', '34567', '45678', '56789'], 'categorical'],
  ['signed_zero', ['-007', '1', '2', '3', '4', '5'], 'categorical'],
  ['plus_zero', ['+007', '1', '2', '3', '4', '5'], 'categorical'],
  ['spaced_zero', ['  007', '1', '2', '3', '4', '5'], 'categorical'],
  ['long', ['12345678901234567', '1', '2', '3', '4', '5'], 'categorical'],
  ['long_decimal', ['1.23456789012345678', '1', '2', '3', '4', '5'], 'numeric'],
  ['nan_missing', ['NaN', '1', 'nan', '3', '4', '5'], 'numeric'],
  ['na_missing', ['NA', '1', '?', '3', '4', '5'], 'numeric'],
  ['empty', ['', '', '', '', '', ''], 'categorical'],
];

function write(file: string, padding: number): void {
  const names = [...cases.map((c) => c[0]), ...Array.from({ length: padding }, (_, j) => `pad${j}`)];
  const lines = [names.join(',')];
  for (let r = 0; r < 6; r++)
    lines.push(
      [...cases.map((c) => c[1][r]), ...Array.from({ length: padding }, (_, j) => String(r + j))].join(','),
    );
  writeFileSync(join(dir, file), `${lines.join('\n')}\n`);
}

describe('load: number inference from raw text', () => {
  for (const [file, padding] of [
    ['narrow.csv', 0],
    ['wide.csv', 200],
  ] as const) {
    it(`keeps lossy numbers as text and reads the rest as numbers (${file})`, async () => {
      write(file, padding);
      const t = await load(join(dir, file));
      for (const [name, , type] of cases) expect([name, t.get(name)?.type]).toEqual([name, type]);
      const values = (name: string) => Array.from((t.get(name) as NumericColumn).values);
      expect(values('plain')).toEqual([1, -0.5, 0.25, 3, 1000, 7]);
      expect(values('nan_missing').map((v) => (Number.isNaN(v) ? null : v))).toEqual([
        null,
        1,
        null,
        3,
        4,
        5,
      ]);
      expect(values('na_missing').map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, 1, null, 3, 4, 5]);
      const info = (name: string) => t.schema.columns.find((c) => c.name === name)!;
      expect([info('nan_missing').missing, info('na_missing').missing, info('empty').missing]).toEqual([
        2, 2, 6,
      ]);
      expect(info('zip').distinct).toBe(6);
      expect(t.text('signed_zero', 0)).toBe('-007');
      expect(t.text('long', 0)).toBe('12345678901234567');
      if (padding) expect(values(`pad${padding - 1}`)).toEqual([199, 200, 201, 202, 203, 204]);
    });
  }
});
