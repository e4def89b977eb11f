/** Rows of a file's start that pick the columns DuckDB's reader parses as numbers itself. */
export const SAMPLE_ROWS = 2000;

/** Files wider than this keep every column as text (the sample itself would cost more than it saves). */
const MAX_TYPED_COLUMNS = 500;

/** A plain decimal number as both DuckDB's reader and its cast read it; no leading zero before a digit. */
const PLAIN_DECIMAL = /^[+-]?(?:(?:[1-9][0-9]{0,14}|0)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?$/;

/**
 * The columns whose first rows are all plain decimal numbers (at least one with a point), which the
 * CSV reader can parse as DOUBLE in the one pass that tokenises the file: reading them as text and
 * casting afterwards costs two more passes. Whole numbers are left as text, because a leading zero
 * further down (an account number 007) must keep the column an identifier, and only the text shows
 * it. If any later value is not a plain number the reader fails and the caller reads everything as
 * text; a number of 16 digits or more is caught afterwards (see tooLarge).
 */
export function decimalColumns(
  names: readonly string[],
  sample: readonly (readonly unknown[])[],
  missing: ReadonlySet<string>,
  skip: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>();
  if (names.length > MAX_TYPED_COLUMNS || sample.length === 0) return out;
  names.forEach((name, c) => {
    if (skip.has(name)) return;
    let point = false;
    for (const row of sample) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      const text = String(v);
      if (missing.has(text)) continue;
      if (!PLAIN_DECIMAL.test(text)) return;
      if (text.includes('.')) point = true;
    }
    if (point) out.add(name);
  });
  return out;
}

/** SQL: whether any of `columns` of `table` holds a number whose text could have had 16 digits. */
export function tooLargeSql(table: string, columns: readonly string[], ident: (n: string) => string): string {
  return `SELECT ${columns.map((c) => `coalesce(max(abs(${ident(c)})) >= 1e15, false)`).join(' OR ')} FROM ${table}`;
}
