import { inputsOf, type RunFile } from '../results/envelope.js';
import { formatExact } from '../util/format.js';

const shortList = (v: readonly unknown[]) =>
  v.length > 8 ? `${v.slice(0, 8).join(', ')}, … (${v.length} in all)` : v.join(', ');

function parameterText(v: unknown): string {
  if (Array.isArray(v)) return v.length ? shortList(v) : 'none';
  // A map (units, segment names, class weights) as "sales_12m: CNY thousand, …", never raw JSON.
  if (v !== null && typeof v === 'object')
    return shortList(Object.entries(v).map(([key, x]) => `${key}: ${String(x)}`));
  return String(v);
}

/**
 * The report header: what was read (each file once, with its rows), when, with which seed, by which
 * Strata; then each part's parameters. Shared by report.html and report.md.
 */
export function headerItems(runs: readonly RunFile[]): { label: string; value: string }[] {
  const files = new Map<string, number>();
  for (const r of runs) for (const i of inputsOf(r)) files.set(i.file, i.rows);
  const seeds = [
    ...new Set(runs.flatMap((r) => (typeof r.parameters.seed === 'number' ? [r.parameters.seed] : []))),
  ];
  const items = [
    {
      label: files.size > 1 ? 'data' : 'dataset',
      value: [...files].map(([f, n]) => (files.size > 1 ? `${f} (${formatExact(n)} rows)` : f)).join('; '),
    },
    ...(files.size === 1 ? [{ label: 'rows', value: formatExact([...files.values()][0]) }] : []),
    { label: 'date', value: runs[0].created.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') },
    ...(seeds.length ? [{ label: 'seed', value: seeds.join(', ') }] : []),
    { label: 'Strata', value: runs[0].version },
  ];
  return items;
}

/** One line per part: its parameters, long lists shortened. */
export function parameterItems(runs: readonly RunFile[]): { label: string; value: string }[] {
  return runs.flatMap((r) => {
    const params = Object.entries(r.parameters)
      .filter(([k, v]) => k !== 'seed' && v !== null)
      .map(([k, v]) => `${k} = ${parameterText(v)}`);
    return params.length ? [{ label: `${r.command} parameters`, value: params.join('; ') }] : [];
  });
}
