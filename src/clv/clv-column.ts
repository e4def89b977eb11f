import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from '../data/load.js';
import { peekCsv } from '../data/peek.js';
import { type ColumnInfo, type NumericColumn, Table } from '../data/table.js';
import { DataError } from '../errors.js';

/**
 * Each customer's lifetime value from a clv run's clv.csv (or its folder): the id column first, as
 * text exactly as written, and the column `clv`.
 */
export async function readClv(path: string): Promise<Map<string, number>> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'clv.csv') : path;
  if (!existsSync(file)) throw new DataError({ file }, 'not found (give clv.csv or its clv folder)');
  const head = await peekCsv(file);
  const id = head.names[0];
  if (!head.names.includes('clv') || id === 'clv')
    throw new DataError(
      { file },
      'has no "clv" column after the id column; is it a clv.csv from strata clv?',
    );
  const types: Record<string, 'text' | 'numeric'> = Object.create(null);
  types[id] = 'text';
  types.clv = 'numeric';
  const t = await load(file, { id, columns: [id, 'clv'], types });
  const values = (t.get('clv') as NumericColumn).values;
  const out = new Map<string, number>();
  for (let i = 0; i < t.nRows; i++) {
    const key = t.text(id, i);
    if (out.has(key))
      throw new DataError({ file, column: id, row: i + 2 }, `customer "${key}" appears twice`);
    out.set(key, values[i]);
  }
  return out;
}

/**
 * `table` with a numeric column `clv` joined from `values` by the id column (missing for a customer
 * the map does not hold), so a scorecard can score or tier by lifetime value.
 */
export function withClvColumn(table: Table, id: string, values: ReadonlyMap<string, number>): Table {
  if (table.has('clv'))
    throw new DataError(
      { file: table.source, column: 'clv' },
      'the data already has a column "clv": rename it to join lifetime values',
    );
  const v = new Float64Array(table.nRows);
  let missing = 0;
  for (let i = 0; i < table.nRows; i++) {
    const x = values.get(table.text(id, i));
    v[i] = x ?? Number.NaN;
    if (x === undefined) missing++;
  }
  const column: NumericColumn = { name: 'clv', type: 'numeric', values: v };
  const info: ColumnInfo = {
    name: 'clv',
    type: 'numeric',
    role: 'numeric',
    missing,
    distinct: new Set(v).size,
  };
  return new Table(
    [...table.columns, column],
    { columns: [...table.schema.columns, info] },
    table.source,
    table.nRows,
  );
}
