/** CSV text with RFC 4180 quoting. Numbers are written in their shortest exact form. */
export type Cell = string | number | null | undefined;

export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const out: string[] = [header.map(csvField).join(',')];
  for (const r of rows) out.push(r.map(csvField).join(','));
  return `${out.join('\n')}\n`;
}
