/** CSV text with RFC 4180 quoting. Numbers are written in their shortest exact form. */
export type Cell = string | number | null | undefined;

/** Text that a spreadsheet would run as a formula (OWASP's list of leading characters). */
const FORMULA = /^[=+\-@\t\r]/;
/** A signed plain number is no formula, and keeps its exact text (ids such as "-17"). */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

let raw = false;

/** `--raw-csv`: write text cells exactly, formula-leading ones included. */
export function setRawCsv(on: boolean): void {
  raw = on;
}

/** Text that needs neither quotes nor a formula guard: one test instead of three for most ids. */
const SAFE = /^[A-Za-z0-9_][A-Za-z0-9_.:/#-]*$/;

/** A cell as CSV text; `exact`: no formula guard (a file only Strata reads back, e.g. the workbench's names). */
export function csvField(v: Cell, exact = raw): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (SAFE.test(v)) return v;
  // A leading ' makes a spreadsheet show the text instead of evaluating it.
  const text = !exact && FORMULA.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly Cell[]>,
  options: { exact?: boolean } = {},
): string {
  const field = (v: Cell) => csvField(v, options.exact ?? raw);
  const out: string[] = [header.map(field).join(',')];
  for (const r of rows) out.push(r.map(field).join(','));
  return `${out.join('\n')}\n`;
}
