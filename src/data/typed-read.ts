import { statSync } from 'node:fs';
import { ident } from '../sql/quote.js';
import { tableOf } from './columns.js';
import { doublesOf, duck, queryRows } from './duck.js';
import { castSafe } from './infer.js';
import type { FileFormat, LoadOptions } from './load-options.js';
import { type CsvTyping, readerFor, WIDE_COLUMNS } from './reader.js';
import type { Table } from './table.js';

/** Rows of a file's start that pick the columns DuckDB's reader parses as numbers itself. */
export const SAMPLE_ROWS = 2000;

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
  return decimalsOf(sampleKinds(names, sample, missing), skip);
}

function decimalsOf(kinds: ReadonlyMap<string, SampleKind>, skip: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const [name, kind] of kinds) if (kind === 'decimal' && !skip.has(name)) out.add(name);
  return out;
}

/** SQL: whether any of `columns` of `table` holds a number whose text could have had 16 digits. */
export function tooLargeSql(table: string, columns: readonly string[]): string {
  return `SELECT ${columns.map((c) => `coalesce(max(abs(${ident(c)})) >= 1e15, false)`).join(' OR ')} FROM ${table}`;
}

/** Every number below 1e15 in size (a longer one may have lost digits of its text). */
function smallNumbers(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x >= 1e15 || x <= -1e15) return false;
  }
  return true;
}

/**
 * A file whose every column holds numbers (decimals parsed by the reader, whole numbers cast from
 * their text) straight into typed arrays: one parallel pass, no table kept in DuckDB. A whole
 * number counts only when its text is the one its value writes back (no leading zero, sign, space or
 * point) and it has under 16 digits; any other text comes out as +∞, and then, as for a decimal of
 * 16 digits or a word, null: the caller reads the file as text and types it exactly.
 */
export async function readDirect(
  file: string,
  reader: string,
  columns: readonly string[],
  kinds: ReadonlyMap<string, SampleKind>,
): Promise<Table | null> {
  if (!columns.length || columns.some((c) => kinds.get(c) !== 'decimal' && kinds.get(c) !== 'integer'))
    return null;
  const select = columns.map((c) => {
    const v = ident(c);
    if (kinds.get(c) === 'decimal') return `coalesce(${v}, 'NaN'::DOUBLE)`;
    const whole = `TRY_CAST(${v} AS BIGINT)`;
    return `CASE WHEN ${v} IS NULL THEN 'NaN'::DOUBLE WHEN ${whole}::VARCHAR = ${v} AND abs(${whole}) < 1000000000000000 THEN ${whole}::DOUBLE ELSE 'Infinity'::DOUBLE END`;
  });
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
  let offset = 0;
  for (let i = 0; i < result.chunkCount; i++) {
    const chunk = result.getChunk(i);
    const count = chunk.rowCount;
    for (let j = 0; j < columns.length; j++) {
      const items = doublesOf(chunk.getColumnVector(j));
      if (!items) return null;
      values[j].set(items.subarray(0, count), offset);
    }
    offset += count;
  }
  if (!values.every(smallNumbers)) return null;
  return tableOf(
    file,
    columns.map((name) => ({ name, type: 'numeric' })),
    values,
    columns.map(() => null),
    nRows,
  );
}

/** Files up to this size may be read straight into typed arrays (see readDirect). */
const DIRECT_MAX_BYTES = 192 << 20;

/**
 * What the first rows of a CSV say: which columns the reader may parse as numbers (decimalColumns),
 * and, for a plain file of numbers only, the whole table read straight (readDirect). Null for other
 * formats, very wide files or missing tokens that could be numbers.
 */
export async function sampleCsv(
  file: string,
  format: FileFormat,
  o: LoadOptions,
  missing: readonly string[],
): Promise<{ typed: CsvTyping | null; table: Table | null } | null> {
  if ((format !== 'csv' && format !== 'tsv') || !castSafe(missing)) return null;
  const { reader, names } = await readerFor(file, format, o, { bufferBytes: 1 << 20 });
  if (!names || names.length > WIDE_COLUMNS) return null;
  let sample: unknown[][];
  try {
    sample = await queryRows(`SELECT * FROM ${reader} LIMIT ${SAMPLE_ROWS}`);
  } catch {
    return null;
  }
  // The reader's missing tokens apply to every column, and a declared id keeps "NA" as a customer.
  const tokens = o.id === undefined ? missing : [''];
  // Matching every field against a dozen tokens costs the reader a fifth of its time: only those
  // seen in the first rows are given (a token first met further down sends the file the text way).
  const seen = new Set<string>();
  const known = new Set(tokens);
  for (const row of sample) for (const v of row) if (typeof v === 'string' && known.has(v)) seen.add(v);
  seen.add('');
  const nulls = [...seen];
  const skip = new Set([...Object.keys(o.types ?? {}), ...(o.id === undefined ? [] : [o.id])]);
  const kinds = sampleKinds(names, sample, new Set(nulls));
  const doubles = decimalsOf(kinds, skip);
  const typed = doubles.size ? { doubles, nulls } : null;
  const plain =
    o.id === undefined &&
    !o.types &&
    !o.sample &&
    !/\.(gz|gzip|zst)$/i.test(file) &&
    statSync(file).size <= DIRECT_MAX_BYTES;
  if (!plain) return { typed, table: null };
  const direct = await readerFor(file, format, o, { doubles, nulls });
  const columns = o.columns?.length ? [...o.columns] : names;
  const table = await readDirect(file, direct.reader, columns, kinds);
  return { typed, table };
}
