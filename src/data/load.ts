import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { ticking } from '../progress.js';
import { ident, literal } from '../sql/quote.js';
import { MAX_MAGNITUDE } from '../util/stats.js';
import { type Plan, readColumns } from './columns.js';
import { exec, queryRows } from './duck.js';
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
import type { DataRecord, FileFormat, LoadOptions, RecordValue } from './load-options.js';
import { checkCompressed } from './peek.js';
import { noteRead, type ReadNote } from './read-notes.js';
import { type CsvTyping, formatOf, readerFor, translate, WIDE_COLUMNS } from './reader.js';
import { type ColumnType, Table } from './table.js';
import { sampleCsv, tooLargeSql } from './typed-read.js';

const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'date', 'text'];

export type { DataRecord, FileFormat, LoadOptions, RecordValue };
export { formatOf, MAX_MAGNITUDE };

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
        await checkCompressed(source);
        const first = await sampleCsv(source, format, options, missing);
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
  // Lists, objects and maps (nested JSON, Parquet structs) have no one value per customer to model.
  const nested = described.find((d) => /\[\]$|^(STRUCT|MAP|UNION)\b/.test(d.type));
  if (nested)
    throw new DataError(
      { file, column: nested.name },
      "holds lists or objects (nested data), not one value per customer: flatten the records first (e.g. jq '.[]' or a SELECT of the fields)",
    );
  // JSON values of mixed types (a string here, a number there) come as JSON text, quotes and all:
  // read them as the text of each value, as a column of one type would be.
  for (const d of described)
    if (d.type === 'JSON') {
      await exec(
        `ALTER TABLE ${tmp} ALTER ${ident(d.name)} SET DATA TYPE VARCHAR USING json_extract_string(${ident(d.name)}, '$')`,
      );
      d.type = 'VARCHAR';
    }
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
  const table = await readColumns(file, tmp, plans, nRows, o.id);
  noteRead(file, o.missing ? [] : await emptiedByDefault(tmp, table, textCols, nRows));
  return table;
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

/**
 * Categorical and text columns that a default missing token ("None", "-", "NA" …) empties for the
 * most part: "None" may be a real answer (no children under 18), and reading it as missing would
 * flow into every model. Said, with the token and its count; blanks are not counted.
 */
async function emptiedByDefault(
  tmp: string,
  table: Table,
  textCols: readonly string[],
  nRows: number,
): Promise<ReadNote[]> {
  // Only a column already more than half missing can be one a token emptied: most files have none,
  // and then nothing more is read.
  const cols = textCols.filter((c) => {
    const info = table.info(c);
    return (info?.type === 'categorical' || info?.type === 'text') && info.missing > nRows / 2;
  });
  if (!cols.length) return [];
  const tokens = DEFAULT_MISSING.filter((t) => t !== '')
    .map(literal)
    .join(', ');
  const [row] = await queryRows(
    `SELECT ${cols.map((c) => `count(*) FILTER (WHERE trim(${ident(c)}) IN (${tokens})), mode(trim(${ident(c)})) FILTER (WHERE trim(${ident(c)}) IN (${tokens}))`).join(', ')} FROM ${tmp}`,
  );
  const out: ReadNote[] = [];
  cols.forEach((c, i) => {
    const count = Number(row[2 * i]);
    if (count <= nRows / 2) return;
    out.push({
      code: 'missing-token-empties-column',
      message: `column "${c}": ${count.toLocaleString('en-US')} of ${nRows.toLocaleString('en-US')} values (${((100 * count) / nRows).toFixed(1)}%) are "${String(row[2 * i + 1])}", read as missing by default; if it is a real value there, give your own missing tokens (na) or none of the defaults`,
    });
  });
  return out;
}
