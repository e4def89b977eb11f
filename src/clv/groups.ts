import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryRows } from '../data/duck.js';
import { literal } from '../sql/quote.js';

/** CLV totals of a group of customers (a segment or a tier). */
export interface GroupValues {
  group: string;
  customers: number;
  totalClv: number;
  meanClv: number;
  /** Share of the total CLV of the customers with a group. */
  clvShare: number;
}

/**
 * CLV by segment or tier: the customer → group map as a temporary table (ids as exact text), joined
 * to the scored customers. Groups in `order` when given (tiers best first), else by total CLV.
 */
export async function groupValues(
  scored: string,
  kind: 'segment' | 'tier',
  of: ReadonlyMap<string, string>,
  prefix: string,
  made: string[],
  order?: readonly string[],
): Promise<GroupValues[]> {
  const table = `${prefix}_${kind}`;
  const path = join(tmpdir(), `strata-${randomUUID()}-${kind}.csv`);
  const rank = new Map((order ?? []).map((t, i) => [t, i]));
  // Every text quoted and nothing guarded: DuckDB reads back the ids exactly as the log has them.
  const lines = [...of].map(([id, g]) => `${quoted(id)},${quoted(g)},${rank.get(g) ?? -1}`);
  writeFileSync(path, `id,grp,rnk\n${lines.join('\n')}\n`);
  made.push(table);
  try {
    await queryRows(
      `CREATE TEMP TABLE ${table} AS SELECT * FROM read_csv(${literal(path)}, header = true, quote = '"', escape = '"', columns = {'id': 'VARCHAR', 'grp': 'VARCHAR', 'rnk': 'INTEGER'})`,
    );
  } finally {
    rmSync(path, { force: true });
  }
  const rows = await queryRows(
    `SELECT g.grp, MIN(g.rnk), COUNT(*), SUM(s.clv), AVG(s.clv) FROM (${scored}) AS s JOIN ${table} AS g ON s.customer = g.id GROUP BY g.grp`,
  );
  const total = rows.reduce((a, r) => a + Number(r[3]), 0);
  const out = rows.map((r) => ({
    group: String(r[0]),
    rank: Number(r[1]),
    customers: Number(r[2]),
    totalClv: Number(r[3]),
    meanClv: Number(r[4]),
    clvShare: total > 0 ? Number(r[3]) / total : 0,
  }));
  return out.sort(
    (a, b) => (order ? a.rank - b.rank : b.totalClv - a.totalClv) || (a.group < b.group ? -1 : 1),
  );
}

const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** Customers whose tier is lower than their CLV rank would give them, most at stake first. */
export interface TierReview {
  /** Every customer whose tier is below the CLV tier. */
  count: number;
  /** The first 200, by CLV. */
  rows: { customer: string; clv: number; tier: string; clvTier: string }[];
}

/**
 * The tiers filled in CLV order (as many customers per tier as people assigned), and every customer
 * whose assigned tier is lower than that: the review list, ranked by CLV at stake.
 */
export async function reviewOf(scored: string, tiers: string, order: readonly string[]): Promise<TierReview> {
  const base = `WITH t AS (SELECT s.customer, s.clv, g.grp AS tier, g.rnk AS rnk FROM (${scored}) AS s JOIN ${tiers} AS g ON s.customer = g.id WHERE g.rnk >= 0),
    sizes AS (SELECT rnk, COUNT(*) AS n FROM t GROUP BY rnk),
    cum AS (SELECT rnk, SUM(n) OVER (ORDER BY rnk) AS upto FROM sizes),
    ranked AS (SELECT t.*, ROW_NUMBER() OVER (ORDER BY clv DESC, customer) AS r FROM t),
    gaps AS (SELECT ranked.*, (SELECT MIN(rnk) FROM cum WHERE upto >= ranked.r) AS clv_rnk FROM ranked)
    SELECT customer, clv, tier, clv_rnk FROM gaps WHERE clv_rnk < rnk`;
  const [[count]] = await queryRows(
    `${base.replace(/SELECT customer, clv, tier, clv_rnk FROM gaps/, 'SELECT COUNT(*) FROM gaps')}`,
  );
  const rows = await queryRows(`${base} ORDER BY clv DESC, customer LIMIT 200`);
  return {
    count: Number(count),
    rows: rows.map((r) => ({
      customer: String(r[0]),
      clv: Number(r[1]),
      tier: String(r[2]),
      clvTier: order[Number(r[3])],
    })),
  };
}
