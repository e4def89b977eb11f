import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { readerFor } from '../../src/data/reader.js';
import type { NumericColumn } from '../../src/data/table.js';
import { decimalColumns, readDirect, sampleKinds } from '../../src/data/typed-read.js';
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

/**
 * Columns whose first 2,000 rows are decimals are parsed by DuckDB's reader itself; whatever comes
 * further down must give what reading the text would: a missing token is missing, a word makes the
 * column text, a number of 16 digits keeps it text, and a declared id keeps "NA" as a customer.
 */
describe('load: decimal columns read as numbers by the reader', () => {
  const rows = 3000;
  const at = 2500;
  function file(name: string, columns: Record<string, (r: number) => string>): string {
    const names = Object.keys(columns);
    const lines = [names.join(',')];
    for (let r = 0; r < rows; r++) lines.push(names.map((n) => columns[n](r)).join(','));
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }
  const decimal = (r: number) => (((r * 7919) % 1000) / 8).toFixed(3);
  const later = (text: string, f: (r: number) => string) => (r: number) => (r === at ? text : f(r));

  it('reads missing tokens, leading zeros of decimals and whole numbers as the text would', async () => {
    const t = await load(
      file('typed.csv', {
        n: (r) => String(r + 1),
        dec_na: later('NA', decimal),
        dec_nan: later('NaN', decimal),
        int_zero: later('007', (r) => String(r + 10)),
      }),
    );
    const values = (name: string) => (t.get(name) as NumericColumn).values;
    expect(['dec_na', 'dec_nan', 'n'].map((c) => t.get(c)?.type)).toEqual(['numeric', 'numeric', 'numeric']);
    expect(Number.isNaN(values('dec_na')[at])).toBe(true);
    expect(Number.isNaN(values('dec_nan')[at])).toBe(true);
    expect(t.schema.columns.find((c) => c.name === 'dec_na')!.missing).toBe(1);
    expect(values('dec_na')[1]).toBe(Number(decimal(1)));
    // A whole number with a leading zero is an identifier however far down it is.
    expect(t.get('int_zero')?.type).toBe('categorical');
    expect(t.text('int_zero', at)).toBe('007');
    // A missing token the first rows do show is the reader's own null: no second reading needed.
    const seen = await load(file('seen.csv', { dec: (r) => (r % 100 === 5 ? 'NA' : decimal(r)) }));
    expect(seen.schema.columns[0].missing).toBe(30);
    // The one exception to reading as text would: a leading zero further down a decimal column.
    const zero = await load(file('zero.csv', { n: (r) => String(r + 1), dec_zero: later('007.5', decimal) }));
    expect(zero.get('dec_zero')?.type).toBe('numeric');
    expect((zero.get('dec_zero') as NumericColumn).values[at]).toBe(7.5);
  });

  it('falls back to reading text when a later value is a word or has 16 digits', async () => {
    const t = await load(file('word.csv', { dec: later('about 3', decimal), other: decimal }));
    expect(t.get('dec')?.type).toBe('text');
    expect(t.text('dec', at)).toBe('about 3');
    expect(t.get('other')?.type).toBe('numeric');
    const long = await load(file('long.csv', { dec: later('12345678901234567.5', decimal), other: decimal }));
    expect(long.get('dec')?.type).toBe('categorical');
    expect(long.text('dec', at)).toBe('12345678901234567.5');
    // Written with an exponent it is a number, read either way.
    const big = await load(file('big.csv', { dec: later('2e15', decimal) }));
    expect(big.get('dec')?.type).toBe('numeric');
    expect((big.get('dec') as NumericColumn).values[at]).toBe(2e15);
  });

  it('picks as reader-parsed only columns of plain decimals with a point', () => {
    const names = ['dec', 'whole', 'zero', 'word', 'spaced', 'id'];
    const sample = [
      ['1.5', '1', '0.5', '1.5', ' 1.5', '2.5'],
      ['NA', '2', '01.5', 'x', '2.5', '3.5'],
      [null, '3', '2.0', '3.5', '3.5', '4.5'],
    ];
    expect([...decimalColumns(names, sample, new Set(['', 'NA']), new Set(['id']))]).toEqual(['dec']);
  });

  it('keeps a declared id "NA" as a customer while a decimal column reads NA as missing', async () => {
    const t = await load(
      file('ids.csv', { customer: (r) => (r === 3 ? 'NA' : `c${r}`), amount: later('NA', decimal) }),
      { id: 'customer' },
    );
    expect(t.text('customer', 3)).toBe('NA');
    expect(t.get('amount')?.type).toBe('numeric');
    expect(Number.isNaN((t.get('amount') as NumericColumn).values[at])).toBe(true);
  });

  it('reads a file of numbers only straight into typed arrays, and hands anything else to the text path', async () => {
    const direct = async (name: string, columns: Record<string, (r: number) => string>) => {
      const path = file(name, columns);
      const names = Object.keys(columns);
      const sample = Array.from({ length: 2000 }, (_, r) => names.map((n) => columns[n](r)));
      const kinds = sampleKinds(names, sample, new Set(['', 'NA']));
      const doubles = new Set(names.filter((n) => kinds.get(n) === 'decimal'));
      const { reader } = await readerFor(path, 'csv', {}, { doubles, nulls: ['', 'NA'] });
      return readDirect(path, reader, names, kinds);
    };
    const t = await direct('direct.csv', { n: (r) => String(r - 5), dec: later('NA', decimal) });
    expect(t).not.toBeNull();
    expect(Array.from((t!.get('n') as NumericColumn).values.subarray(0, 7))).toEqual([
      -5, -4, -3, -2, -1, 0, 1,
    ]);
    expect(Number.isNaN((t!.get('dec') as NumericColumn).values[at])).toBe(true);
    expect((t!.get('dec') as NumericColumn).values[7]).toBe(Number(decimal(7)));
    expect(t!.nRows).toBe(rows);
    // Each of these reads differently as text (or is text): the direct read gives way.
    for (const [name, text] of [
      ['zero', '007'],
      ['plus', '+5'],
      ['space', ' 5'],
      ['long', '1234567890123456'],
      ['word', 'five'],
      ['point', '5.0'],
    ])
      expect([name, await direct(`direct-${name}.csv`, { n: later(text, (r) => String(r + 1)) })]).toEqual([
        name,
        null,
      ]);
    expect(await direct('direct-big.csv', { dec: later('2e15', decimal) })).toBeNull();
  });
});
