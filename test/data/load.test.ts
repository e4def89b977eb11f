import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/data/duck.js';
import { load } from '../../src/data/load.js';
import type { CategoricalColumn, NumericColumn } from '../../src/data/table.js';
import { DataError, UsageError } from '../../src/errors.js';
import { literal } from '../../src/sql/quote.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();
const csv =
  'id,name,spend,joined\n1,"Smith, Ann",10.5,2024-01-02\n2,"Multi\nline",NA,2024-02-03\n3,Bob,,2024-03-04\n';

function numeric(t: Awaited<ReturnType<typeof load>>, name: string): Float64Array {
  const c = t.get(name) as NumericColumn;
  expect(c.type).toBe('numeric');
  return c.values;
}

describe('load: file types', () => {
  beforeAll(async () => {
    writeFileSync(join(dir, 'a.csv'), csv);
    writeFileSync(join(dir, 'a.csv.gz'), gzipSync(csv));
    writeFileSync(join(dir, 'a.tsv'), csv.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t'));
    writeFileSync(
      join(dir, 'a.jsonl'),
      '{"id":1,"name":"Smith, Ann","spend":10.5,"joined":"2024-01-02"}\n{"id":2,"name":"Multi\\nline","spend":null,"joined":"2024-02-03"}\n{"id":3,"name":"Bob","spend":null,"joined":"2024-03-04"}\n',
    );
    writeFileSync(
      join(dir, 'a.json'),
      '[{"id":1,"name":"Smith, Ann","spend":10.5,"joined":"2024-01-02"},{"id":2,"name":"Multi\\nline","spend":null,"joined":"2024-02-03"},{"id":3,"name":"Bob","spend":null,"joined":"2024-03-04"}]',
    );
    await exec(
      `COPY (SELECT * FROM read_json_auto(${literal(join(dir, 'a.jsonl'))})) TO ${literal(join(dir, 'a.parquet'))} (FORMAT parquet)`,
    );
  });

  for (const f of ['a.csv', 'a.csv.gz', 'a.tsv', 'a.jsonl', 'a.json', 'a.parquet']) {
    it(`reads ${f} with the same values`, async () => {
      const t = await load(join(dir, f));
      expect(t.nRows).toBe(3);
      expect(t.names).toEqual(['id', 'name', 'spend', 'joined']);
      const spend = numeric(t, 'spend');
      expect(spend[0]).toBe(10.5);
      expect(Number.isNaN(spend[1]) && Number.isNaN(spend[2])).toBe(true);
      expect(t.text('name', 0)).toBe('Smith, Ann');
      expect(t.text('name', 1)).toBe('Multi\nline');
      const joined = t.get('joined')!;
      expect(joined.type).toBe('date');
      expect((joined as { values: Float64Array }).values[0]).toBe(Date.UTC(2024, 0, 2));
      expect(t.info('spend')!.missing).toBe(2);
    });
  }

  it('reads an array of records', async () => {
    const t = await load([
      { id: 'a', spend: 1, tier: 'A' },
      { id: 'b', spend: 2.5, tier: 'B' },
      { id: 'c', spend: null, tier: 'A' },
    ]);
    expect(t.source).toBe('records');
    expect(Array.from(numeric(t, 'spend')).slice(0, 2)).toEqual([1, 2.5]);
    const tier = t.get('tier') as CategoricalColumn;
    expect(tier.levels).toEqual(['A', 'B']);
    expect(Array.from(tier.codes)).toEqual([0, 1, 0]);
  });
});

describe('load: type inference on awkward files', () => {
  it('keeps a column textual when a non-number first appears after thousands of rows', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7}`);
    rows.push('30000,unknown');
    writeFileSync(join(dir, 'late.csv'), `k,code_value\n${rows.join('\n')}\n`);
    const t = await load(join(dir, 'late.csv'));
    expect(t.get('code_value')!.type).toBe('categorical');
    expect(t.get('k')!.type).toBe('numeric');
  });

  it('reads NA / null / blank tokens and padded blanks as missing numbers', async () => {
    writeFileSync(join(dir, 'na.csv'), 'x,y\n1,a\nNA,b\nnull,c\n ,d\n4.5,e\n');
    const t = await load(join(dir, 'na.csv'));
    const x = numeric(t, 'x');
    expect(x[0]).toBe(1);
    expect(x[4]).toBe(4.5);
    expect(t.info('x')!.missing).toBe(3);
  });

  it('strips a UTF-8 BOM from the first column name', async () => {
    writeFileSync(join(dir, 'bom.csv'), '\ufeffcustomer,v\nA,1\nB,2\n');
    const t = await load(join(dir, 'bom.csv'));
    expect(t.names).toEqual(['customer', 'v']);
  });

  it('guesses ; as the separator and reads timestamps and US dates', async () => {
    writeFileSync(
      join(dir, 'semi.csv'),
      'a;when;us\n1;2010-12-01 08:26:00;12/1/2010\n2;2010-12-02 09:00:00;12/31/2010\n',
    );
    const t = await load(join(dir, 'semi.csv'));
    expect(t.names).toEqual(['a', 'when', 'us']);
    expect((t.get('when') as { values: Float64Array }).values[0]).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect((t.get('us') as { values: Float64Array }).values[1]).toBe(Date.UTC(2010, 11, 31));
  });

  it('recognises numeric identifiers and possible labels', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${1000 + i},${i * 1.5},${i % 2 ? 'Yes' : 'No'}`);
    writeFileSync(join(dir, 'ids.csv'), `CustomerID,spend,Churn\n${rows.join('\n')}\n`);
    const t = await load(join(dir, 'ids.csv'));
    expect(t.info('CustomerID')!.role).toBe('id');
    expect(t.info('spend')!.role).toBe('numeric');
    expect(t.info('Churn')!.role).toBe('label');
  });

  it('applies options: no header, delimiter, type overrides, id, columns to keep', async () => {
    writeFileSync(join(dir, 'opts.txt'), '1|x|10\n2|y|20\n');
    const t = await load(join(dir, 'opts.txt'), {
      header: false,
      delimiter: '|',
      types: { column1: 'categorical' },
    });
    expect(t.names).toEqual(['column1', 'column2', 'column3']);
    expect(t.get('column1')!.type).toBe('categorical');
    const k = await load(join(dir, 'a.csv'), { columns: ['spend', 'id'], id: 'id' });
    expect(k.names).toEqual(['spend', 'id']);
    expect(k.info('id')!.role).toBe('id');
  });

  it('refuses an unreadable type override naming the row and column', async () => {
    writeFileSync(join(dir, 'ov.csv'), 'a,b\n1,2\n3,x\n');
    await expect(load(join(dir, 'ov.csv'), { types: { b: 'numeric' } })).rejects.toThrow(
      /ov\.csv, row 2, column "b": "x" cannot be read as a number/,
    );
    await expect(load(join(dir, 'ov.csv'), { types: { b: 'money' as never } })).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it('names the row of a ragged line', async () => {
    writeFileSync(join(dir, 'rag.csv'), 'a,b,c\n1,2,3\n4,5\n');
    const err = await load(join(dir, 'rag.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/rag\.csv: row 2 \(line 3\): has 2 fields, expected 3/);
  });
});

describe('numbers read without a cleaning pass', () => {
  it('missing tokens, NaN and spaces read as before; a numeric missing token given by the user still counts', async () => {
    const dir = tempDir();
    const file = join(dir, 'm.csv');
    writeFileSync(file, 'id,a\nc1,5\nc2,-999\nc3, 7 \nc4,NaN\nc5,NA\nc6,\nc7,nan\n');
    const plain = await load(file);
    expect(Array.from((plain.get('a') as NumericColumn).values)).toEqual([5, -999, 7, NaN, NaN, NaN, NaN]);
    expect(plain.info('a')).toMatchObject({ type: 'numeric', missing: 4, distinct: 3 });
    const custom = await load(file, { missing: ['-999', '', 'NA', 'NaN', 'nan'] });
    expect(Array.from((custom.get('a') as NumericColumn).values)).toEqual([5, NaN, 7, NaN, NaN, NaN, NaN]);
  });
});
