/**
 * The one number formatter for the CLI, the report, the charts and Markdown: thousands separators,
 * never SI prefixes (a reader takes "863m" for millions), ids never go through here.
 */

const grouped = (v: number, decimals: number) =>
  v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/**
 * A measured value with `digits` significant digits, but never fewer than the integer part:
 * 0.863, 0.048, 2,669, 12,246, 17,593,642,458.
 */
export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '—' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, Math.min(12, digits - 1 - magnitude));
  const rounded = Number(v.toFixed(decimals));
  // Drop trailing zeros of the fraction: 0.5000 → 0.5.
  const text = grouped(rounded, decimals);
  return decimals > 0 ? text.replace(/\.?0+$/, '') : text;
}

/** A count or a total, exact: 5,000; 17,593,642,458; 8,911,407.9 (at most `decimals` decimals). */
export function formatExact(v: number, decimals = 2): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  // Whole numbers grouped by hand: toLocaleString costs microseconds a call, and describe of a wide
  // file formats tens of thousands of counts.
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v).replace(/\B(?=(\d{3})+$)/g, ',');
  return v.toLocaleString('en-US', { maximumFractionDigits: decimals });
}

/** A share as a percentage: 0.1234 → 12.3%. */
export function formatShare(x: number, decimals = 1): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(decimals)}%` : '—';
}

/**
 * A value with its unit, when one was declared: "12,246 CNY thousand"; as a heading (`heading`),
 * "sales_12m (CNY thousand)".
 */
export function withUnit(text: string, unit: string | undefined, heading = false): string {
  if (!unit) return text;
  if (heading) return `${text} (${unit})`;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

/** Counts exactly, measurements with four significant digits, text as it is. */
export function formatValue(v: number | string | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? formatExact(v) : formatNumber(v);
}
