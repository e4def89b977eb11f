import { formatDate } from '../data/table.js';
import { DEFAULT_SEED, resolveOptions, type Spec } from '../options.js';
import { type ColumnSummary, type DescribeSummary, describeWarnings } from '../results/describe.js';
import { envelope } from '../results/envelope.js';
import { quoter } from '../sql/quote.js';
import { round } from '../util/stats.js';
import { type Database, numberOf, quantileSql } from './connect.js';
import { aggregateNamingColumn, fromClause, sampleTable } from './source.js';

export const DB_DESCRIBE_OPTIONS = {
  table: { kind: 'string' },
  query: { kind: 'string' },
  sample: { kind: 'integer', min: 10 },
  topLevels: { kind: 'integer', min: 1 },
} as const satisfies Spec;

export interface DbDescribeOptions {
  table?: string;
  query?: string;
  /** Rows drawn (seeded) to infer each column's type and role, as for a file (default 20,000). */
  sample?: number;
  topLevels?: number;
}

/**
 * `describe` of customers who stay in their database: types and roles are inferred from a seeded sample
 * as for a file; every count, range and top level is an SQL aggregate over every row (missing means
 * NULL there).
 */
/** The sample's size and the levels shown when not given. */
export const DB_DESCRIBE_DEFAULTS = { sample: 20_000, topLevels: 3 } as const;

export async function describeDatabase(db: Database, options: DbDescribeOptions): Promise<DescribeSummary> {
  const o = resolveOptions(DB_DESCRIBE_OPTIONS, DB_DESCRIBE_DEFAULTS, options);
  const from = fromClause(o);
  const source = `${db.label} ${o.table ?? 'query'}`;
  const { topLevels } = o;
  const [[count]] = await db.rows(`SELECT COUNT(*) FROM ${from}`);
  const rows = numberOf(count);
  const sample = await sampleTable(db, from, Math.min(Math.max(rows, 1), o.sample), DEFAULT_SEED, source);
  const q = quoter(db.dialect);
  const names = sample.columns.map((c) => c.name);
  const types = new Map(sample.columns.map((c, i) => [c.name, sample.schema.columns[i]]));
  const epoch = (c: string) =>
    db.dialect === 'duckdb'
      ? `epoch_ms(CAST(${q(c)} AS TIMESTAMP))`
      : `EXTRACT(EPOCH FROM CAST(${q(c)} AS TIMESTAMP)) * 1000`;
  const median = (v: string) => quantileSql(db.dialect, v, 0.5);
  const ranged = (c: string) => {
    const t = types.get(c)!.type;
    return t === 'numeric' ? `CAST(${q(c)} AS DOUBLE PRECISION)` : t === 'date' ? epoch(c) : null;
  };
  const stats = (c: string) => {
    const v = ranged(c);
    return `COUNT(${q(c)}), COUNT(DISTINCT ${q(c)})${v ? `, MIN(${v}), ${median(v)}, MAX(${v})` : ''}`;
  };
  const first = await aggregateNamingColumn(
    db,
    `SELECT ${names.map(stats).join(', ')} FROM ${from}`,
    names,
    (c) => `SELECT ${stats(c)} FROM ${from}`,
    'cannot be read as the type its values suggest',
  );
  let at = 0;
  const columns: ColumnSummary[] = [];
  for (const name of names) {
    const info = types.get(name)!;
    const present = numberOf(first[at++]);
    const missing = rows - present;
    const c: ColumnSummary = {
      name,
      type: info.type,
      role: info.role,
      missing,
      missingPct: rows ? round((100 * missing) / rows, 3) : 0,
      distinct: numberOf(first[at++]),
    };
    if (ranged(name)) {
      const show = info.type === 'date' ? formatDate : (v: number) => round(v, 6);
      const [min, mid, max] = [first[at++], first[at++], first[at++]].map(numberOf);
      if (present) Object.assign(c, { min: show(min), median: show(mid), max: show(max) });
    } else {
      const top = await db.rows(
        `SELECT CAST(${q(name)} AS VARCHAR) AS level, COUNT(*) AS n FROM ${from} WHERE ${q(name)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, ${db.dialect === 'postgres' ? `CAST(${q(name)} AS VARCHAR) COLLATE "C"` : 'level'} LIMIT ${topLevels}`,
      );
      c.top = top.map((r) => ({ level: String(r[0]), count: numberOf(r[1]) }));
    }
    columns.push(c);
  }
  return {
    ...envelope('describe', { file: source, rows }, { topLevels }, describeWarnings(rows, columns)),
    command: 'describe',
    columns,
  };
}
