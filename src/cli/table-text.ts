import { formatShare, formatValue } from '../util/format.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text from data as the terminal should show it: control characters (escape sequences, newlines,
 * carriage returns) written as visible \xNN escapes, so data can never move the cursor or recolour.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Plain-text tables for the terminal (cells made printable). */
export function textTable(
  header: readonly string[],
  body: readonly (readonly string[])[],
  right?: readonly boolean[],
): string {
  const rows = body.map((r) => r.map((c) => printable(c ?? '')));
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
export const num = formatValue;
