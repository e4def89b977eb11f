import { ident, literal } from '../sql/quote.js';
import { queryRows } from './duck.js';
import type { Column, ColumnType, Role } from './table.js';

/** Tokens read as "missing" in text files (after trimming white space). */
export const DEFAULT_MISSING = [
  '',
  'NA',
  'N/A',
  'n/a',
  'na',
  'null',
  'NULL',
  'Null',
  'NaN',
  'nan',
  'NAN',
  'None',
  '?',
  '-',
];

/** Non-ISO date formats tried, in order, after ISO 8601 (which DuckDB casts natively). */
export const DATE_FORMATS = [
  '%Y/%m/%d',
  '%Y/%m/%d %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y',
  '%d.%m.%Y',
];

/** SQL for the cleaned text of a VARCHAR column: trimmed, missing tokens as NULL. */
export function cleanText(name: string, missing: readonly string[]): string {
  return missingToNull(`trim(${ident(name)})`, missing);
}

/** SQL: the text `t`, or NULL when it is one of the `missing` tokens. */
export function missingToNull(t: string, missing: readonly string[]): string {
  // list_contains, not IN (…): DuckDB plans each IN list as a join, which over hundreds of columns
  // costs seconds where list_contains costs milliseconds.
  return `if(list_contains([${missing.map(literal).join(', ')}], ${t}), NULL, ${t})`;
}

/** SQL reading `text` as a timestamp in `format` ('iso' or a strptime format). */
export function dateExpr(text: string, format: string): string {
  return format === 'iso' ? `TRY_CAST(${text} AS TIMESTAMP)` : `try_strptime(${text}, ${literal(format)})`;
}

export interface TextStats {
  nonNull: number;
  numeric: number;
  /** How many values read as dates in `dateFormat`. */
  date: number;
  dateFormat: string;
  /** How the numbers are written when they are not plain (thousands separators, decimal comma). */
  numberFormat: NumberFormat;
  /** Distinct texts, approximate (for columns that are not all numbers; 0 for those). */
  distinct: number;
  /** Numbers whose text a double would not keep: leading zeros (007) or over 15 digits. */
  lossy: number;
}

export type NumberFormat = 'plain' | 'thousands' | 'decimalComma';

/** SQL reading cleaned text as a number written in `format`. */
export function numberExpr(text: string, format: NumberFormat): string {
  if (format === 'thousands') return `TRY_CAST(replace(${text}, ',', '') AS DOUBLE)`;
  if (format === 'decimalComma') return `TRY_CAST(replace(${text}, ',', '.') AS DOUBLE)`;
  return `TRY_CAST(${text} AS DOUBLE)`;
}

/** One pass over the text columns counting how many values read as numbers and as dates. */
const STATS_BATCH = 32;

/**
 * SQL: `v` (a number's text) is one a double would not keep: a leading zero before a digit (007,
 * -00.5) or 16 digits or more before the point. (A plain regular expression: DuckDB runs it faster
 * than any cheaper-looking prefilter of character tests.)
 */
function lossyNumber(v: string): string {
  return `regexp_full_match(${v}, '[+-]?(0[0-9]+|[0-9]{16,})([.][0-9]*)?')`;
}

/** The same aggregates of every column, a few dozen columns per query; `use` hears each column's values. */
async function batched(
  table: string,
  names: readonly string[],
  aggregates: (v: string) => string[],
  missing: readonly string[],
  use: (name: string, values: unknown[]) => void,
): Promise<void> {
  // One query over thousands of columns makes DuckDB plan (and hold aggregate states for) every
  // expression at once, which grows far faster than the columns do.
  for (let from = 0; from < names.length; from += STATS_BATCH) {
    const batch = names.slice(from, from + STATS_BATCH);
    // Each column is cleaned once, in a subquery, however often the aggregates name it.
    const cleaned = batch.map((n, i) => `${cleanText(n, missing)} AS v${i}`).join(', ');
    const [row] = await queryRows(
      `SELECT ${batch.flatMap((_n, i) => aggregates(`v${i}`)).join(', ')} FROM (SELECT ${cleaned} FROM ${table})`,
    );
    const width = row.length / batch.length;
    for (let i = 0; i < batch.length; i++) use(batch[i], row.slice(i * width, (i + 1) * width));
  }
}

/** Whether no missing token could itself read as a number (a user's "-999" or "inf"). */
export function castSafe(missing: readonly string[]): boolean {
  return missing.every((t) => !/[0-9]/.test(t) && !/^\s*[+-]?inf(inity)?\s*$/i.test(t));
}

/**
 * SQL: raw text that could hide a number a double would not keep once trimmed: it starts with white
 * space, with a zero and a digit (signed or not), or is long. String comparisons, which DuckDB runs
 * at a fraction of the regular expression's cost; the expression then checks only the columns that have any.
 */
function lossyCandidate(raw: string): string {
  return `(strlen(${raw}) > 15 OR ${raw} < '!' OR (${raw} >= '00' AND ${raw} < '0:') OR (${raw} >= '-00' AND ${raw} < '-0:') OR (${raw} >= '+00' AND ${raw} < '+0:'))`;
}

/** Above this many columns (and while the long form stays this small), raw counts go through UNPIVOT. */
const LONG_FROM_COLUMNS = 128;
const LONG_MAX_CELLS = 50_000_000;

/**
 * Each column's raw [values, numbers, NaNs, lossy candidates]. A wide, short table is turned long
 * (UNPIVOT, a thousand columns a query) and grouped by column: DuckDB spends more planning an
 * aggregate per column of thousands than counting ten thousand rows.
 */
async function rawCounts(
  table: string,
  names: readonly string[],
  rows: number,
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const counts = (raw: string) => {
    const x = `TRY_CAST(${raw} AS DOUBLE)`;
    return [
      `count(${raw})`,
      `count(${x})`,
      `count(*) FILTER (WHERE isnan(${x}))`,
      `count(*) FILTER (WHERE ${lossyCandidate(raw)})`,
    ];
  };
  if (names.length > LONG_FROM_COLUMNS && rows * names.length <= LONG_MAX_CELLS) {
    for (let from = 0; from < names.length; from += 1000) {
      const batch = names.slice(from, from + 1000);
      // UNPIVOT leaves NULLs out, so a column of nothing but NULLs has no group: all its counts are 0.
      const result = await queryRows(
        `SELECT col, ${counts('v').join(', ')} FROM (UNPIVOT (SELECT ${batch.map(ident).join(', ')} FROM ${table}) ON COLUMNS(*) INTO NAME col VALUE v) GROUP BY col`,
      );
      for (const r of result) out.set(String(r[0]), r.slice(1).map(Number));
    }
    return out;
  }
  for (let from = 0; from < names.length; from += STATS_BATCH) {
    const batch = names.slice(from, from + STATS_BATCH);
    const [row] = await queryRows(
      `SELECT ${batch.flatMap((n) => counts(ident(n))).join(', ')} FROM ${table}`,
    );
    batch.forEach((n, i) => {
      out.set(n, row.slice(i * 4, i * 4 + 4).map(Number));
    });
  }
  return out;
}

export async function textStats(
  table: string,
  names: readonly string[],
  missing: readonly string[],
  delimiter?: string,
  rows = 0,
): Promise<Map<string, TextStats>> {
  const out = new Map<string, TextStats>();
  if (!names.length) return out;
  // Most columns of most files are plain numbers. Their raw text is counted first, uncleaned (the cast
  // skips spaces; every missing token but NaN fails it): when every value casts, the column is numbers
  // and the NaNs are its missing values. The rest are cleaned and counted in full below.
  const fast = castSafe(missing);
  const rest: string[] = [];
  const suspects: string[] = [];
  const counted = fast ? await rawCounts(table, names, rows) : new Map<string, number[]>();
  for (const n of fast ? names : []) {
    const [count, numbers, nan, candidates] = counted.get(n) ?? [0, 0, 0, 0];
    if (numbers !== count) rest.push(n);
    else {
      if (candidates > 0) suspects.push(n);
      out.set(n, {
        nonNull: count - nan,
        numeric: count - nan,
        date: 0,
        dateFormat: 'iso',
        numberFormat: 'plain',
        distinct: 0,
        lossy: 0,
      });
    }
  }
  for (let from = 0; from < suspects.length; from += STATS_BATCH) {
    const batch = suspects.slice(from, from + STATS_BATCH);
    const [row] = await queryRows(
      `SELECT ${batch.map((n) => `count(*) FILTER (WHERE ${lossyNumber(`trim(${ident(n)})`)})`).join(', ')} FROM ${table}`,
    );
    batch.forEach((n, i) => {
      out.get(n)!.lossy = Number(row[i]);
    });
  }
  await batched(
    table,
    fast ? rest : names,
    (v) => [`count(${v})`, `count(TRY_CAST(${v} AS DOUBLE))`, `count(*) FILTER (WHERE ${lossyNumber(v)})`],
    missing,
    (n, row) => {
      out.set(n, {
        nonNull: Number(row[0]),
        numeric: Number(row[1]),
        date: 0,
        dateFormat: 'iso',
        numberFormat: 'plain',
        distinct: 0,
        lossy: Number(row[2]),
      });
    },
  );
  const others = names.filter((n) => out.get(n)!.numeric !== out.get(n)!.nonNull);
  await batched(
    table,
    others,
    (v) => [`count(TRY_CAST(${v} AS TIMESTAMP))`, `approx_count_distinct(${v})`],
    missing,
    (n, row) => {
      const s = out.get(n)!;
      s.date = Number(row[0]);
      s.distinct = Number(row[1]);
    },
  );
  for (const [name, s] of out) {
    if (s.nonNull > 0 && s.numeric < s.nonNull && s.date < s.nonNull)
      await otherDateFormat(table, name, s, missing);
    if (s.nonNull > 0 && s.numeric < s.nonNull && s.date < s.nonNull)
      await otherNumberFormat(table, name, s, missing, delimiter);
  }
  return out;
}

/**
 * Numbers with thousands separators ("1,234,567", in comma-separated files where they are quoted) or a
 * decimal comma ("3,5", in files separated by ; or tabs) read as numbers when every value fits.
 */
async function otherNumberFormat(
  table: string,
  name: string,
  s: TextStats,
  missing: readonly string[],
  delimiter?: string,
): Promise<void> {
  const v = cleanText(name, missing);
  const format: NumberFormat = delimiter === ',' || delimiter === undefined ? 'thousands' : 'decimalComma';
  const pattern =
    format === 'thousands'
      ? '[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?|[+-]?[0-9]+([.][0-9]+)?'
      : '[+-]?[0-9]+(,[0-9]+)?';
  const [[count]] = await queryRows(
    `SELECT count(*) FILTER (WHERE regexp_full_match(${v}, ${literal(pattern)})) FROM ${table}`,
  );
  if (Number(count) === s.nonNull) {
    s.numeric = s.nonNull;
    s.numberFormat = format;
  }
}

/** Finds a non-ISO format that reads a sample of the column, then counts it over the whole column. */
async function otherDateFormat(
  table: string,
  name: string,
  s: TextStats,
  missing: readonly string[],
): Promise<void> {
  const v = cleanText(name, missing);
  const tests = DATE_FORMATS.map((f) => `count(${dateExpr('v', f)})`).join(', ');
  const [sample] = await queryRows(
    `SELECT count(v), ${tests} FROM (SELECT ${v} AS v FROM ${table} WHERE ${v} IS NOT NULL LIMIT 500)`,
  );
  const n = Number(sample[0]);
  const k = DATE_FORMATS.findIndex((_f, i) => Number(sample[i + 1]) === n);
  if (k < 0) return;
  const [[count]] = await queryRows(`SELECT count(${dateExpr(v, DATE_FORMATS[k])}) FROM ${table}`);
  if (Number(count) > s.date) {
    s.date = Number(count);
    s.dateFormat = DATE_FORMATS[k];
  }
}

/** Text with this many distinct values or more is free text unless it looks like a category. */
const MAX_LEVELS = 1000;

export function textType(s: TextStats, nRows: number): ColumnType {
  if (s.nonNull === 0) return 'categorical';
  // 000123 or a 20-digit number is an identifier written in digits: kept as text, exactly.
  if (s.numeric === s.nonNull && s.lossy === 0) return 'numeric';
  if (s.lossy === 0 && s.date === s.nonNull) return 'date';
  if (s.distinct <= 200 || (s.distinct <= MAX_LEVELS && s.distinct <= 0.05 * nRows)) return 'categorical';
  return 'text';
}

const ID_NAME = /(^id$|id$|_id$|^id_|\bid\b|identifier|code$|^no$|_no$|number$|(?<=[a-z])No$|key$|num$)/i;
// Income (in bands) is the usual target of a marketing survey; a marital status is a trait, not a
// target, whatever its name ends with.
const LABEL_NAME =
  /(label|class|target|churn|segment|tier|grade|^y$|risk|response|attrition|outcome|default|income|(?<!marital\W?)status$)/i;

/** `distinct` may be a function, called only when the guess needs the count. */
export function guessRole(
  col: Column,
  distinct: number | (() => number),
  missing: number,
  nRows: number,
  position = 1,
): Role {
  const nonMissing = nRows - missing;
  const count = typeof distinct === 'number' ? () => distinct : distinct;
  const unique = () => nonMissing > 0 && count() === nonMissing;
  if (col.type === 'date') return 'date';
  if (col.type === 'numeric') {
    if (ID_NAME.test(col.name) && isIntegral(col.values)) return 'id';
    // 1, 2, 3, … is a row number when it leads the file or has no real name (pandas' index column).
    const rowNumberPlace = position === 0 || /^column\d+$/.test(col.name);
    if (rowNumberPlace && nRows >= 20 && isConsecutive(col.values) && unique()) return 'id';
    return 'numeric';
  }
  if (ID_NAME.test(col.name) && count() > 20) return 'id';
  if (nRows >= 20 && unique()) return 'id';
  if (col.type === 'text') return 'text';
  if (LABEL_NAME.test(col.name) && count() >= 2 && count() <= 20) return 'label';
  return 'categorical';
}

function isIntegral(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isNaN(x) && !Number.isInteger(x)) return false;
  }
  return true;
}

/** 1, 2, 3, … in some order: a row number, not a measure. */
function isConsecutive(v: Float64Array): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isInteger(x)) return false;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return max - min + 1 === v.length;
}

/** The date format ('iso' or a strptime format) that reads a sample of `expr` from `source`. */
export async function sampleDateFormat(source: string, expr: string): Promise<string> {
  const formats = ['iso', ...DATE_FORMATS];
  const tests = formats.map((f) => `count(${dateExpr('v', f)})`).join(', ');
  const [row] = await queryRows(
    `SELECT count(v), ${tests} FROM (SELECT ${expr} AS v FROM ${source} WHERE ${expr} IS NOT NULL LIMIT 1000)`,
  );
  const n = Number(row[0]);
  const k = formats.findIndex((_f, i) => Number(row[i + 1]) === n);
  return k < 0 ? 'iso' : formats[k];
}

/**
 * SQL reading cleaned text as a number row by row, accepting what the loader accepts for the file's
 * delimiter: thousands separators in comma-separated files, a decimal comma in the others.
 */
export function flexibleNumber(text: string, delimiter?: string): string {
  if (delimiter === ',' || delimiter === undefined) {
    return `CASE WHEN regexp_full_match(${text}, '[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?') THEN ${numberExpr(text, 'thousands')} ELSE ${numberExpr(text, 'plain')} END`;
  }
  return `CASE WHEN regexp_full_match(${text}, '[+-]?[0-9]+,[0-9]+') THEN ${numberExpr(text, 'decimalComma')} ELSE ${numberExpr(text, 'plain')} END`;
}
