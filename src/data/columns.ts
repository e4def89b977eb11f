import type { DuckDBVector } from '@duckdb/node-api';
import { DataError } from '../errors.js';
import { countNumbers, MAX_MAGNITUDE } from '../util/stats.js';
import { ident, streamChunks } from './duck.js';
import { guessRole } from './infer.js';
import { type Column, type ColumnInfo, type ColumnType, Table } from './table.js';

/** How one column of the loaded temporary table becomes a typed column: its SQL and its type. */
export interface Plan {
  name: string;
  type: ColumnType;
  sql: string;
}

/** The planned columns of temporary table `tmp` as a Table: typed arrays, codes, counts and roles. */
export async function readColumns(
  file: string,
  tmp: string,
  plans: Plan[],
  nRows: number,
  id?: string,
): Promise<Table> {
  const numeric = plans.map((p) =>
    p.type === 'numeric' || p.type === 'date' ? new Float64Array(nRows) : null,
  );
  const strings = plans.map((p) =>
    p.type === 'numeric' || p.type === 'date' ? null : new Array<string | null>(nRows),
  );
  // Columns are read a batch at a time: DuckDB holds a buffer per column of a query, so one query
  // over thousands of columns needs memory for all of them at once (and runs out on 1,000 columns).
  for (let from = 0; from < plans.length; from += READ_BATCH) {
    const to = Math.min(plans.length, from + READ_BATCH);
    await readBatch(file, tmp, plans, from, to, numeric, strings);
  }
  const columns: Column[] = [];
  const infos: ColumnInfo[] = [];
  plans.forEach((p, c) => {
    let col: Column;
    if (p.type === 'numeric' || p.type === 'date') col = { name: p.name, type: p.type, values: numeric[c]! };
    else if (p.type === 'text') col = { name: p.name, type: 'text', values: strings[c]! };
    else col = encodeCategorical(p.name, strings[c]!);
    const { missing, distinct } = countColumn(col);
    const role = p.name === id ? 'id' : guessRole(col, distinct, missing, nRows, c);
    columns.push(col);
    infos.push({ name: p.name, type: p.type, role, missing, distinct });
  });
  return new Table(columns, { columns: infos }, file, nRows);
}

const READ_BATCH = 64;

async function readBatch(
  file: string,
  tmp: string,
  plans: readonly Plan[],
  from: number,
  to: number,
  numeric: (Float64Array | null)[],
  strings: ((string | null)[] | null)[],
): Promise<void> {
  let offset = 0;
  const select = plans
    .slice(from, to)
    .map((p) => `${p.sql} AS ${ident(p.name)}`)
    .join(', ');
  await streamChunks(`SELECT ${select} FROM ${tmp}`, (vectors: DuckDBVector[], count: number) => {
    for (let c = from; c < to; c++) {
      const vec = vectors[c - from];
      const num = numeric[c];
      if (num) {
        for (let r = 0; r < count; r++) {
          const x = vec.getItem(r) as number | null;
          if (x !== null && !(Math.abs(x) <= MAX_MAGNITUDE)) {
            const why = Number.isFinite(x)
              ? `${x} is too large to compute with (above 1e150)`
              : `${x} is not a finite number`;
            throw new DataError({ file, row: offset + r + 1, column: plans[c].name }, why);
          }
          num[offset + r] = x === null ? Number.NaN : x;
        }
      } else {
        const s = strings[c]!;
        for (let r = 0; r < count; r++) s[offset + r] = vec.getItem(r) as string | null;
      }
    }
    offset += count;
  });
}

export function encodeCategorical(name: string, values: readonly (string | null)[]): Column {
  const seen = new Map<string, number>();
  for (const v of values) if (v !== null && !seen.has(v)) seen.set(v, seen.size);
  const levels = [...seen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = v === null ? -1 : index.get(v)!;
  }
  return { name, type: 'categorical', codes, levels };
}

function countColumn(col: Column): { missing: number; distinct: number } {
  let missing = 0;
  if (col.type === 'categorical') {
    const used = new Uint8Array(col.levels.length);
    for (const k of col.codes) {
      if (k < 0) missing++;
      else used[k] = 1;
    }
    return { missing, distinct: used.reduce((a, b) => a + b, 0) };
  }
  if (col.type !== 'text') return countNumbers(col.values);
  const seen = new Set<string>();
  for (const v of col.values) {
    if (v === null) missing++;
    else seen.add(v);
  }
  return { missing, distinct: seen.size };
}
