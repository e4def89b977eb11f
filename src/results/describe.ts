import { type Column, type ColumnType, formatDate, type Role, type Table } from '../data/table.js';
import { finiteValues, quantiles, round } from '../util/stats.js';
import { type Envelope, envelope, type Warning } from './envelope.js';

export interface LevelCount {
  level: string;
  count: number;
}

export interface ColumnSummary {
  name: string;
  type: ColumnType;
  role: Role;
  missing: number;
  missingPct: number;
  distinct: number;
  min?: number | string;
  median?: number | string;
  max?: number | string;
  /** Most frequent levels, for categorical and text columns. */
  top?: LevelCount[];
}

/** The summary of `strata describe`, equal to its `--json`. */
export interface DescribeSummary extends Envelope {
  command: 'describe';
  columns: ColumnSummary[];
}

/** @deprecated since 0.2.0: the same as DescribeSummary. */
export type Description = DescribeSummary;

/** What a description is worth a word about: a header that looks like data, an id whose values repeat. */
export function describeWarnings(rows: number, columns: ColumnSummary[]): Warning[] {
  const out: Warning[] = [];
  if (columns.length > 1 && columns.every((c) => /^[+-]?\d+(\.\d+)?$/.test(c.name.trim())))
    out.push({
      code: 'header-looks-like-data',
      message: 'every column name is a number: the file may have no header row (read it with header: false)',
    });
  for (const c of columns) {
    if (c.role === 'id' && c.distinct < rows - c.missing)
      out.push({
        code: 'id-repeats',
        message: `"${c.name}" looks like an id but its values repeat (${c.distinct} distinct in ${rows} rows): it does not identify a row`,
      });
  }
  return out;
}

/** Per-column summary: type, role, missing share, distinct count, range or top levels. */
export function describe(table: Table, topLevels = 3): DescribeSummary {
  const columns = table.columns.map((col, i): ColumnSummary => {
    const info = table.schema.columns[i];
    const base: ColumnSummary = {
      name: col.name,
      type: info.type,
      role: info.role,
      missing: info.missing,
      missingPct: table.nRows ? round((100 * info.missing) / table.nRows, 3) : 0,
      distinct: info.distinct,
    };
    return { ...base, ...valueSummary(col, topLevels) };
  });
  return {
    ...envelope(
      'describe',
      { file: table.source, rows: table.nRows },
      { topLevels },
      describeWarnings(table.nRows, columns),
    ),
    command: 'describe',
    columns,
  };
}

function valueSummary(col: Column, topLevels: number): Partial<ColumnSummary> {
  if (col.type === 'numeric' || col.type === 'date') {
    const s = finiteValues(col.values);
    if (!s.length) return {};
    const show = col.type === 'date' ? formatDate : (v: number) => round(v, 6);
    // The extremes by one scan, the median by selection: three selections cost three times as much.
    let min = s[0];
    let max = s[0];
    for (let i = 1; i < s.length; i++) {
      if (s[i] < min) min = s[i];
      else if (s[i] > max) max = s[i];
    }
    const [median] = quantiles(s, [0.5]);
    return { min: show(min), median: show(median), max: show(max) };
  }
  const counts = new Map<string, number>();
  if (col.type === 'categorical') {
    const c = new Int32Array(col.levels.length);
    for (const k of col.codes) if (k >= 0) c[k]++;
    for (let i = 0; i < col.levels.length; i++) counts.set(col.levels[i], c[i]);
  } else {
    for (const v of col.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, topLevels)
    .map(([level, count]) => ({ level, count }));
  return { top };
}
