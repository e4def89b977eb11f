import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { type OnProgress, ticking } from '../progress.js';
import { MAX_MAGNITUDE } from '../util/stats.js';
import { type Plan, readColumns } from './columns.js';
import { exec, ident, literal, queryRows } from './duck.js';
import {
  castSafe,
  cleanText,
  DEFAULT_MISSING,
  dateExpr,
  type NumberFormat,
  numberExpr,
  textStats,
  textType,
} from './infer.js';
import { peekCsv } from './peek.js';
import { type ColumnType, Table } from './table.js';
import { decimalColumns, readDirect, SAMPLE_ROWS, sampleKinds, tooLargeSql } from './typed-read.js';

export type FileFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'jsonl';

export interface LoadOptions {
  /** Inferred from the file name when absent. */
  format?: FileFormat;
  /** Field separator for csv/tsv; guessed from the header line when absent. */
  delimiter?: string;
  /** Whether the first line names the columns (default true). */
  header?: boolean;
  /** Column type overrides. */
  types?: Readonly<Record<string, ColumnType>>;
  /** The column that identifies a customer (its role becomes `id`). */
  id?: string;
  /** Keep only these columns, in this order. */
  columns?: readonly string[];
  /** Text tokens that mean "missing" (default: blank, NA, N/A, null, NaN, None, ?, -). */
  missing?: readonly string[];
  /** Read only a seeded reservoir sample of this many rows (for data larger than memory). */
  sample?: { rows: number; seed: number };
  /** Hears that reading goes on (about every second). */
  onProgress?: OnProgress;
}

export type RecordValue = string | number | boolean | Date | null | undefined;
export type DataRecord = Readonly<Record<string, RecordValue>>;

const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'date', 'text'];

export { MAX_MAGNITUDE };

/** Widest file read: DuckDB keeps memory per column of a table, and 10,000 text columns exhaust it. */
export const MAX_COLUMNS = 5000;

/** Files wider than this are read on one thread (see materialize). */
const WIDE_COLUMNS = 500;

export function formatOf(file: string): FileFormat {
  // A folder of Parquet files (e.g. a partitioned export) reads as one table.
  if (existsSync(file) && statSync(file).isDirectory()) return 'parquet';
  const f = file.toLowerCase().replace(/\.(gz|gzip|zst)$/, '');
  if (f.endsWith('.csv') || f.endsWith('.txt') || f.endsWith('.data')) return 'csv';
  if (f.endsWith('.tsv') || f.endsWith('.tab')) return 'tsv';
  if (f.endsWith('.parquet') || f.endsWith('.pq')) return 'parquet';
  if (f.endsWith('.jsonl') || f.endsWith('.ndjson')) return 'jsonl';
  if (f.endsWith('.json')) return 'json';
  throw new UsageError(`${file}: unknown file type; expected .csv, .csv.gz, .tsv, .parquet, .json or .jsonl`);
}

/**
 * Reads customer data into a columnar Table.
 *
 * @example
 * const t = await load('data/customers.csv', { id: 'customer_id' });
 * t.get('sales_12m'); // { type: 'numeric', values: Float64Array }
 */
export async function load(
  source: string | readonly DataRecord[],
  options: LoadOptions = {},
): Promise<Table> {
  if (typeof source !== 'string') return loadRecords(source, options);
  const format = options.format ?? formatOf(source);
  const missing = options.missing ?? DEFAULT_MISSING;
  const tmp = `strata_${randomUUID().replace(/-/g, '')}`;
  try {
    return await ticking(
      options.onProgress,
      `reading ${basename(source)}`,
      (async () => {
        const first = await sampled(source, format, options, missing);
        if (first?.table) return first.table;
        const delimiter = await materialize(source, format, options, tmp, first?.typed ?? null);
        return extract(source, tmp, options, missing, delimiter);
      })(),
    );
  } finally {
    await exec(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
  }
}

async function loadRecords(records: readonly DataRecord[], options: LoadOptions): Promise<Table> {
  if (!records.length) throw new DataError({ file: 'records' }, 'no records given');
  const file = join(tmpdir(), `strata-records-${randomUUID()}.jsonl`);
  const lines = records.map((r) =>
    JSON.stringify(r, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v)),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  try {
    const t = await load(file, { ...options, format: 'jsonl' });
    return new Table(t.columns, t.schema, 'records', t.nRows);
  } finally {
    rmSync(file, { force: true });
  }
}

/** How a CSV is read: which columns the reader parses as numbers itself, and its missing tokens. */
export interface CsvTyping {
  doubles?: ReadonlySet<string>;
  nulls?: readonly string[];
  /** A smaller read buffer (and longest line) for reading a file's first rows only. */
  bufferBytes?: number;
}

/** The DuckDB table function that reads `file` (CSV columns as text unless `typed` says, checked strictly). */
export async function readerFor(
  file: string,
  format: FileFormat,
  o: Pick<LoadOptions, 'delimiter' | 'header'>,
  typed: CsvTyping = {},
): Promise<{ reader: string; headerRows: number; delimiter?: string; columns?: number; names?: string[] }> {
  if (format === 'csv' || format === 'tsv') {
    const head = await peekCsv(file, o.delimiter ?? (format === 'tsv' ? '\t' : undefined), o.header ?? true);
    if (!head.hasRows) throw new DataError({ file }, 'the file has a header but no rows');
    if (head.names.length > MAX_COLUMNS)
      throw new DataError(
        { file },
        `has ${head.names.length.toLocaleString('en-US')} columns; Strata reads at most ${MAX_COLUMNS.toLocaleString('en-US')} (keep the columns you need, e.g. with cut or DuckDB)`,
      );
    const headerRows = o.header === false ? 0 : 1;
    const names = head.names.map((n) => n.trim());
    const cols = names
      .map((n) => `${literal(n)}: ${typed.doubles?.has(n) ? "'DOUBLE'" : "'VARCHAR'"}`)
      .join(', ');
    // DuckDB reads an empty field as NULL by itself.
    const nulls = typed.nulls?.some((t) => t !== '')
      ? `, nullstr=[${typed.nulls.map(literal).join(', ')}]`
      : '';
    return {
      reader: `read_csv(${literal(file)}, auto_detect=false, columns={${cols}}, header=${headerRows === 1}, delim=${literal(head.delimiter)}, quote='"', escape='"', strict_mode=true, max_line_size=${typed.bufferBytes ?? 16777216}, buffer_size=${typed.bufferBytes ?? 33554432}${nulls})`,
      headerRows,
      delimiter: head.delimiter,
      columns: head.names.length,
      names,
    };
  }
  if (format === 'parquet') {
    const isDir = existsSync(file) && statSync(file).isDirectory();
    return {
      reader: `read_parquet(${literal(isDir ? join(file, '**', '*.parquet') : file)})`,
      headerRows: 0,
    };
  }
  return {
    reader: `read_json_auto(${literal(file)}, format=${format === 'jsonl' ? "'newline_delimited'" : "'auto'"})`,
    headerRows: 0,
  };
}

async function materialize(
  file: string,
  format: FileFormat,
  o: LoadOptions,
  tmp: string,
  typed: CsvTyping | null,
): Promise<string | undefined> {
  if (typed) {
    try {
      const delimiter = await create(file, format, o, tmp, typed);
      const [[large]] = await queryRows(tooLargeSql(tmp, [...typed.doubles!]));
      if (large !== true) return delimiter;
    } catch {
      // A value further down is not a plain number: the whole file is read as text and typed below.
    }
    await exec(`DROP TABLE IF EXISTS ${tmp}`);
  }
  return create(file, format, o, tmp, {});
}

/** Files up to this size may be read straight into typed arrays (see readDirect). */
const DIRECT_MAX_BYTES = 192 << 20;

/**
 * What the first rows of a CSV say: which columns the reader may parse as numbers (decimalColumns),
 * and, for a plain file of numbers only, the whole table read straight (readDirect). Null for other
 * formats, very wide files or missing tokens that could be numbers.
 */
async function sampled(
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
  const doubles = decimalColumns(names, sample, new Set(nulls), skip);
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
  const table = await readDirect(file, direct.reader, columns, sampleKinds(names, sample, new Set(nulls)));
  return { typed, table };
}

async function create(
  file: string,
  format: FileFormat,
  o: LoadOptions,
  tmp: string,
  typed: CsvTyping,
): Promise<string | undefined> {
  const { reader, headerRows, delimiter, columns } = await readerFor(file, format, o, typed);
  const keep = o.columns?.length ? o.columns.map(ident).join(', ') : '*';
  try {
    const sample = o.sample
      ? ` USING SAMPLE reservoir(${Math.trunc(o.sample.rows)} ROWS) REPEATABLE (${Math.trunc(o.sample.seed)})`
      : '';
    // A repeatable sample needs one reader; so does a wide file, because each reading thread holds a
    // block of memory per column (3,000 columns on two threads exhaust 1.5 GB, on one they fit).
    const oneThread = sample !== '' || (columns ?? 0) > WIDE_COLUMNS;
    if (oneThread) await exec('SET threads = 1');
    try {
      await exec(`CREATE TEMP TABLE ${tmp} AS SELECT ${keep} FROM ${reader}${sample}`);
    } finally {
      if (oneThread) await exec('SET threads = 2');
    }
    return delimiter;
  } catch (e) {
    throw translate(file, (e as Error).message, headerRows, o.columns);
  }
}

const formatBytes = (n: number) => `${Math.round(n / 1048576).toLocaleString('en-US')} MB`;

/** Turns DuckDB's multi-line reader errors into one line naming the file and row. */
export function translate(file: string, msg: string, headerRows: number, keep?: readonly string[]): Error {
  const line = Number(/Line: (\d+)/.exec(msg)?.[1] ?? Number.NaN);
  const row = Number.isNaN(line) ? undefined : line - headerRows;
  const at = row === undefined ? '' : `row ${row} (line ${line}): `;
  const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
  if (fields) return new DataError({ file }, `${at}has ${fields[2]} fields, expected ${fields[1]}`);
  if (/unterminated quote/i.test(msg)) return new DataError({ file }, `${at}a quoted field is never closed`);
  const long = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/.exec(msg);
  if (long)
    return new DataError(
      { file },
      `${at}the line is ${formatBytes(Number(long[2]))}, longer than the ${formatBytes(Number(long[1]))} a line may have (a field this long is not customer data, or a quote is never closed)`,
    );
  if (/unicode|utf-?8/i.test(msg))
    return new DataError({ file }, `${at}the text is not valid UTF-8; save it as UTF-8`);
  if (/No files found|does not exist|No such file/i.test(msg))
    return new DataError({ file }, 'file not found');
  if (/out of memory|could not allocate|failed to pin/i.test(msg))
    return new DataError(
      { file },
      `too large to read in the memory DuckDB may use (STRATA_MEMORY_LIMIT=${process.env.STRATA_MEMORY_LIMIT ?? '1536MB'}); read fewer columns or a sample`,
    );
  const missingCol = /Referenced column "?([^"\s]+)"? not found/.exec(msg);
  if (missingCol && keep) return new UsageError(`${file}: column "${missingCol[1]}" not found`);
  if (/Referenced column/.test(msg) && keep) return new UsageError(`${file}: ${msg.split('\n')[0]}`);
  return new DataError({ file }, `cannot be read: ${msg.split('\n')[0].replace(/^[A-Za-z ]+Error: /, '')}`);
}

async function extract(
  file: string,
  tmp: string,
  o: LoadOptions,
  missing: readonly string[],
  delimiter?: string,
): Promise<Table> {
  const described = (await queryRows(`DESCRIBE ${tmp}`)).map((r) => ({
    name: String(r[0]),
    type: String(r[1]),
  }));
  const [[countRaw]] = await queryRows(`SELECT count(*) FROM ${tmp}`);
  const nRows = Number(countRaw);
  if (nRows === 0) throw new DataError({ file }, 'the file has no rows');
  const names = new Set(described.map((d) => d.name));
  for (const [col, type] of Object.entries(o.types ?? {})) {
    if (!names.has(col)) throw new UsageError(`${file}: column "${col}" in the type overrides not found`);
    if (!COLUMN_TYPES.includes(type)) {
      throw new UsageError(
        `${file}: column "${col}": unknown type "${type}"; expected ${COLUMN_TYPES.join(', ')}`,
      );
    }
  }
  if (o.id !== undefined && !names.has(o.id)) throw new UsageError(`${file}: id column "${o.id}" not found`);
  const textCols = described.filter((d) => d.type === 'VARCHAR').map((d) => d.name);
  const stats = await textStats(tmp, textCols, missing, delimiter, nRows);
  const safe = castSafe(missing);
  const plans: Plan[] = [];
  for (const d of described) {
    // A column named like a built-in property ("constructor") is just a name.
    const override = o.types && Object.hasOwn(o.types, d.name) ? o.types[d.name] : undefined;
    const isText = d.type === 'VARCHAR';
    // An id is kept exactly as written, spaces and all; "NA" is a customer (Namibia), only blank is missing.
    const exact = d.name === o.id && isText && !override;
    const v = exact ? `NULLIF(${ident(d.name)}, '')` : isText ? cleanText(d.name, missing) : ident(d.name);
    const natural: ColumnType = isText ? textType(stats.get(d.name)!, nRows) : nativeType(d.type);
    // Ids are text exactly as written: 000123 and 12345678901234567890 must come back unchanged.
    const type = override ?? (d.name === o.id ? 'text' : natural);
    const fmt = stats.get(d.name)?.dateFormat ?? 'iso';
    if (override && isText) await checkOverride(file, tmp, d.name, override, v, fmt);
    const numbers = stats.get(d.name)?.numberFormat ?? 'plain';
    // Plain numbers need no cleaning: the cast skips spaces and reads every missing token as NULL
    // except NaN, made NULL here; cleaning first would cost a third of the read. Not when a missing
    // token could itself read as a number (a user's "-999").
    const sql =
      type === 'numeric' && isText && numbers === 'plain' && !exact && safe
        ? `nullif(TRY_CAST(${ident(d.name)} AS DOUBLE), 'NaN'::DOUBLE)`
        : valueSql(type, v, isText, d.type, fmt, numbers);
    plans.push({ name: d.name, type, sql });
  }
  return readColumns(file, tmp, plans, nRows, o.id);
}

function nativeType(duckType: string): ColumnType {
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(
      duckType,
    )
  ) {
    return 'numeric';
  }
  if (/^(DATE|TIMESTAMP)/.test(duckType)) return 'date';
  return 'categorical';
}

function valueSql(
  type: ColumnType,
  v: string,
  isText: boolean,
  duckType: string,
  fmt: string,
  numbers: NumberFormat,
): string {
  switch (type) {
    case 'numeric':
      if (isText) return numberExpr(v, numbers);
      return duckType === 'DOUBLE' ? v : `CAST(${v} AS DOUBLE)`;
    case 'date':
      if (isText) return `epoch_ms(${dateExpr(v, fmt)})::DOUBLE`;
      return duckType.startsWith('DATE') ? `epoch_ms(${v}::TIMESTAMP)::DOUBLE` : `epoch_ms(${v})::DOUBLE`;
    default:
      return `CAST(${v} AS VARCHAR)`;
  }
}

async function checkOverride(
  file: string,
  tmp: string,
  name: string,
  type: ColumnType,
  v: string,
  fmt: string,
): Promise<void> {
  const test = type === 'numeric' ? `TRY_CAST(${v} AS DOUBLE)` : type === 'date' ? dateExpr(v, fmt) : null;
  if (!test) return;
  const bad = await queryRows(
    `SELECT rowid + 1, ${v} FROM ${tmp} WHERE ${v} IS NOT NULL AND ${test} IS NULL ORDER BY rowid LIMIT 1`,
  );
  if (bad.length) {
    throw new DataError(
      { file, row: Number(bad[0][0]), column: name },
      `"${String(bad[0][1]).slice(0, 40)}" cannot be read as ${type === 'numeric' ? 'a number' : 'a date'}`,
    );
  }
}
