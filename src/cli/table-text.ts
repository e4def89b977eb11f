import { formatExact, formatNumber, formatShare } from '../util/format.js';

/** Plain-text tables for the terminal. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right?: readonly boolean[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right?.[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function pct(x: number, digits = 1): string {
  return formatShare(x, digits);
}

/** Counts exactly, measurements with four significant digits (the report's formatter). */
export function num(v: number | string | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? formatExact(v) : formatNumber(v);
}
