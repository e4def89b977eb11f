import { quantileSorted, round, sortedFinite } from '../util/stats.js';
import { type Column, type ColumnType, formatDate, type Role, type Table } from './table.js';

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

export interface Description {
  source: string;
  rows: number;
  columns: ColumnSummary[];
}

/** Per-column summary: type, role, missing share, distinct count, range or top levels. */
export function describe(table: Table, topLevels = 3): Description {
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
  return { source: table.source, rows: table.nRows, columns };
}

function valueSummary(col: Column, topLevels: number): Partial<ColumnSummary> {
  if (col.type === 'numeric' || col.type === 'date') {
    const s = sortedFinite(col.values);
    if (!s.length) return {};
    const show = col.type === 'date' ? formatDate : (v: number) => round(v, 6);
    return { min: show(s[0]), median: show(quantileSorted(s, 0.5)), max: show(s[s.length - 1]) };
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
