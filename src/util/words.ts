/** "Annual Income (k$)" → "annual income"; "sales_12m" → "sales 12m". */
export function humanize(column: string): string {
  const s = column
    .replace(/\s*\(.*?\)\s*/g, ' ')
    .replace(/[_.]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return s || column;
}

/** The text with its first letter in upper case. */
export const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
