import { tableOf } from './columns.js';
import { doublesOf, duck, ident } from './duck.js';
import type { Table } from './table.js';

/** Rows of a file's start that pick the columns DuckDB's reader parses as numbers itself. */
export const SAMPLE_ROWS = 2000;

/** Files wider than this keep every column as text (the sample itself would cost more than it saves). */
const MAX_TYPED_COLUMNS = 500;

/** A plain decimal number as both DuckDB's reader and its cast read it; no leading zero before a digit. */
const PLAIN_DECIMAL = /^[+-]?(?:(?:[1-9][0-9]{0,14}|0)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?$/;
/** A whole number written the one way its value writes back: no sign but minus, no leading zero. */
const PLAIN_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

/** What a column's first rows hold: decimals (one with a point at least), whole numbers, or else. */
export type SampleKind = 'decimal' | 'integer' | 'other';

export function sampleKinds(
  names: readonly string[],
  sample: readonly (readonly unknown[])[],
  missing: ReadonlySet<string>,
): Map<string, SampleKind> {
  const out = new Map<string, SampleKind>();
  names.forEach((name, c) => {
    let point = false;
    let whole = true;
    let values = 0;
    for (const row of sample) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      const text = String(v);
      if (missing.has(text)) continue;
      values++;
      if (!PLAIN_DECIMAL.test(text)) {
        out.set(name, 'other');
        return;
      }
      if (text.includes('.')) point = true;
      if (whole && !PLAIN_INTEGER.test(text)) whole = false;
    }
    out.set(name, values === 0 ? 'other' : point ? 'decimal' : whole ? 'integer' : 'other');
  });
  return out;
}

/**
 * The columns whose first rows are all plain decimal numbers (at least one with a point), which the
 * CSV reader can parse as DOUBLE in the one pass that tokenises the file: reading them as text and
 * casting afterwards costs two more passes. Whole numbers are left as text, because a leading zero
 * further down (an account number 007) must keep the column an identifier, and only the text shows
 * it. If any later value is not a plain number the reader fails and the caller reads everything as
 * text; a number of 16 digits or more is caught afterwards (see tooLargeSql).
 */
export function decimalColumns(
  names: readonly string[],
  sample: readonly (readonly unknown[])[],
  missing: ReadonlySet<string>,
  skip: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>();
  if (names.length > MAX_TYPED_COLUMNS || sample.length === 0) return out;
  for (const [name, kind] of sampleKinds(names, sample, missing))
    if (kind === 'decimal' && !skip.has(name)) out.add(name);
  return out;
}

/** SQL: whether any of `columns` of `table` holds a number whose text could have had 16 digits. */
export function tooLargeSql(table: string, columns: readonly string[]): string {
  return `SELECT ${columns.map((c) => `coalesce(max(abs(${ident(c)})) >= 1e15, false)`).join(' OR ')} FROM ${table}`;
}

const TENS = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** Characters of a whole number's shortest text (|v| < 1e15). */
function digitsOf(v: number): number {
  const a = Math.abs(v);
  let n = 1;
  while (n < 16 && a >= TENS[n]) n++;
  return n + (v < 0 ? 1 : 0);
}

/** Every number below 1e15 in size (a longer one may have lost digits of its text). */
function smallNumbers(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x >= 1e15 || x <= -1e15) return false;
  }
  return true;
}

/** Each number's text was exactly its shortest form (no leading zero, plus, space or point); NaN only for no text. */
function wholeNumbers(v: Float64Array, length: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      if (length[i] !== 0) return false;
    } else if (!(x < 1e15 && x > -1e15) || length[i] !== digitsOf(x)) return false;
  }
  return true;
}

/**
 * A file whose every column holds numbers (decimals parsed by the reader, whole numbers cast from
 * their text) straight into typed arrays: one parallel pass, no table kept in DuckDB. Each whole
 * number's text length is checked against its value's, which no leading zero, sign or space passes;
 * null when any value needs the text path (that, a number of 16 digits or more, a word: the caller
 * then reads the file as text and types it exactly).
 */
export async function readDirect(
  file: string,
  reader: string,
  columns: readonly string[],
  kinds: ReadonlyMap<string, SampleKind>,
): Promise<Table | null> {
  if (!columns.length || columns.some((c) => kinds.get(c) !== 'decimal' && kinds.get(c) !== 'integer'))
    return null;
  const select = columns.flatMap((c) =>
    kinds.get(c) === 'decimal'
      ? [`coalesce(${ident(c)}, 'NaN'::DOUBLE)`]
      : [
          `coalesce(TRY_CAST(${ident(c)} AS DOUBLE), 'NaN'::DOUBLE)`,
          `coalesce(strlen(${ident(c)}), 0)::DOUBLE`,
        ],
  );
  const con = await duck();
  let result: Awaited<ReturnType<typeof con.run>>;
  try {
    result = await con.run(`SELECT ${select.join(', ')} FROM ${reader}`);
  } catch {
    return null;
  }
  const nRows = Number(result.rowCount);
  if (nRows === 0) return null;
  const values = columns.map(() => new Float64Array(nRows));
  const lengths = columns.map((c) => (kinds.get(c) === 'integer' ? new Float64Array(nRows) : null));
  let offset = 0;
  for (let i = 0; i < result.chunkCount; i++) {
    const chunk = result.getChunk(i);
    const count = chunk.rowCount;
    let v = 0;
    for (let j = 0; j < columns.length; j++) {
      const items = doublesOf(chunk.getColumnVector(v++));
      if (!items) return null;
      values[j].set(items.subarray(0, count), offset);
      const len = lengths[j];
      if (len) {
        const l = doublesOf(chunk.getColumnVector(v++));
        if (!l) return null;
        len.set(l.subarray(0, count), offset);
      }
    }
    offset += count;
  }
  for (let j = 0; j < columns.length; j++)
    if (!(lengths[j] ? wholeNumbers(values[j], lengths[j]!) : smallNumbers(values[j]))) return null;
  return tableOf(
    file,
    columns.map((name) => ({ name, type: 'numeric' })),
    values,
    columns.map(() => null),
    nRows,
  );
}
