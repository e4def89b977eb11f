import type { DuckDBVector } from '@duckdb/node-api';
import { DataError } from '../errors.js';
import { ident } from '../sql/quote.js';
import { countNumbers, MAX_MAGNITUDE } from '../util/stats.js';
import { copyTexts, doublesOf, streamChunks } from './duck.js';
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
  // A batch that casts text is computed whole, on every DuckDB thread, when it is small enough to hold.
  // Columns the reader already typed are streamed: a computed result's memory is only given back
  // when JavaScript collects it, so millions of rows of them would sit beside the typed arrays.
  const batch = Math.max(1, Math.min(READ_BATCH, Math.floor(HELD_CELLS / Math.max(1, nRows))));
  const all = plans.map((_p, c) => c);
  const plain = all.filter((c) => plans[c].sql === ident(plans[c].name));
  const cast = all.filter((c) => plans[c].sql !== ident(plans[c].name));
  for (let from = 0; from < cast.length; from += batch) {
    const part = cast.slice(from, from + batch);
    await readBatch(file, tmp, plans, part, numeric, strings, nRows <= HELD_CELLS);
  }
  for (let from = 0; from < plain.length; from += READ_BATCH)
    await readBatch(file, tmp, plans, plain.slice(from, from + READ_BATCH), numeric, strings, false);
  return tableOf(file, plans, numeric, strings, nRows, id);
}

/** Read columns as a Table: categories encoded, missing values counted, roles guessed. */
export function tableOf(
  file: string,
  plans: readonly Pick<Plan, 'name' | 'type'>[],
  numeric: readonly (Float64Array | null)[],
  strings: readonly ((string | null)[] | null)[],
  nRows: number,
  id?: string,
): Table {
  const columns: Column[] = [];
  const infos: ColumnInfo[] = [];
  plans.forEach((p, c) => {
    let col: Column;
    if (p.type === 'numeric' || p.type === 'date') col = { name: p.name, type: p.type, values: numeric[c]! };
    else if (p.type === 'text') col = { name: p.name, type: 'text', values: strings[c]! };
    else col = encodeCategorical(p.name, strings[c]!);
    const missing = countMissing(col);
    const distinct = lazy(() => countDistinct(col));
    const role = p.name === id ? 'id' : guessRole(col, distinct, missing, nRows, c);
    columns.push(col);
    infos.push(columnInfo(p.name, p.type, role, missing, distinct));
  });
  return new Table(columns, { columns: infos }, file, nRows);
}

const READ_BATCH = 64;
/** Cells of one materialised batch: 16 million doubles are 128 MB. */
const HELD_CELLS = 16_000_000;

async function readBatch(
  file: string,
  tmp: string,
  plans: readonly Plan[],
  part: readonly number[],
  numeric: (Float64Array | null)[],
  strings: ((string | null)[] | null)[],
  materialize: boolean,
): Promise<void> {
  if (!part.length) return;
  let offset = 0;
  // Missing numbers come out of DuckDB as NaN, not NULL, so a chunk's numbers copy as one array.
  const select = part
    .map((c) => {
      const p = plans[c];
      const sql = numeric[c] ? `coalesce(${p.sql}, 'NaN'::DOUBLE)` : p.sql;
      return `${sql} AS ${ident(p.name)}`;
    })
    .join(', ');
  await streamChunks(
    `SELECT ${select} FROM ${tmp}`,
    (vectors: DuckDBVector[], count: number) => {
      for (let i = 0; i < part.length; i++) {
        const c = part[i];
        const vec = vectors[i];
        const num = numeric[c];
        if (num) {
          const items = doublesOf(vec);
          if (items) num.set(items, offset);
          else
            for (let r = 0; r < count; r++) num[offset + r] = (vec.getItem(r) as number | null) ?? Number.NaN;
          checkMagnitude(file, plans[c].name, num, offset, count);
        } else {
          copyTexts(vec, count, strings[c]!, offset);
        }
      }
      offset += count;
    },
    materialize,
  );
}

function checkMagnitude(
  file: string,
  column: string,
  num: Float64Array,
  offset: number,
  count: number,
): void {
  for (let r = offset; r < offset + count; r++) {
    const x = num[r];
    if (!(Math.abs(x) <= MAX_MAGNITUDE) && !Number.isNaN(x)) {
      const why = Number.isFinite(x)
        ? `${x} is too large to compute with (above 1e150)`
        : `${x} is not a finite number`;
      throw new DataError({ file, row: r + 1, column }, why);
    }
  }
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

/** `f()`, computed on the first call only. */
function lazy(f: () => number): () => number {
  let v: number | undefined;
  return () => {
    v ??= f();
    return v;
  };
}

/**
 * Column facts with the distinct count counted when first read: only describe and a few role guesses
 * need it, and counting a million distinct ids or amounts costs more than reading them did.
 */
function columnInfo(
  name: string,
  type: ColumnType,
  role: ColumnInfo['role'],
  missing: number,
  distinct: () => number,
): ColumnInfo {
  return {
    name,
    type,
    role,
    missing,
    get distinct() {
      return distinct();
    },
  };
}

function countMissing(col: Column): number {
  let missing = 0;
  if (col.type === 'categorical') {
    for (const k of col.codes) if (k < 0) missing++;
  } else if (col.type === 'text') {
    for (const v of col.values) if (v === null) missing++;
  } else {
    const v = col.values;
    for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) missing++;
  }
  return missing;
}

function countDistinct(col: Column): number {
  if (col.type === 'categorical') {
    const used = new Uint8Array(col.levels.length);
    for (const k of col.codes) if (k >= 0) used[k] = 1;
    return used.reduce((a, b) => a + b, 0);
  }
  if (col.type !== 'text') return countNumbers(col.values).distinct;
  const seen = new Set<string>();
  for (const v of col.values) if (v !== null) seen.add(v);
  return seen.size;
}
