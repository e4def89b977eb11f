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
  const text = !exact && formulaLike(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Whether `csvField` writes this text with the formula guard (a leading '). */
export function isGuarded(v: Cell): boolean {
  return typeof v === 'string' && !raw && !SAFE.test(v) && formulaLike(v);
}

/** Text a spreadsheet would run: a formula start that is not a plain signed number. */
function formulaLike(v: string): boolean {
  return FORMULA.test(v) && !PLAIN_NUMBER.test(v);
}

/** The distinct texts among `rows` that the formula guard changes, in order of first appearance. */
export function guardedTexts(rows: Iterable<readonly Cell[]>): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const v of r) if (typeof v === 'string' && isGuarded(v)) seen.add(v);
  return [...seen];
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
