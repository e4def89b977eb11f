import { round } from '../util/stats.js';
import type { GradeResult } from './scorecard.js';

/** follow-up.json: who each tier's owner follows up, by when, the most valuable first. */
export interface FollowUpList {
  /** The date the follow-up periods count from (YYYY-MM-DD). */
  asOf: string;
  /** The value column that ranks customers within a tier; null ranks by score. */
  value: string | null;
  /** At most this many customers per tier are listed here; follow-up.csv has them all. */
  perTier: number;
  tiers: FollowUpTier[];
}

export interface FollowUpTier {
  tier: string;
  owner: string;
  /** When this tier's customers are next due (as-of date + the policy's follow-up days); null when not periodic. */
  due: string | null;
  followUp: string;
  customers: number;
  /** Value of the whole tier (null without a value column). */
  value: number | null;
  rows: { id: string; score: number; value: number | null }[];
}

/** tier × segment: how the scorecard's tiers and the clustering's segments cut the same customers. */
export interface TierBySegment {
  /** Where the segments came from (a file, or "cluster"). */
  source: string;
  tiers: string[];
  segments: string[];
  /** customers[tier][segment]; the last tier row is "(no tier)" when some scored below every tier. */
  customers: number[][];
  /** Share of the total value in each cell (null without a value column). */
  valueShare: number[][] | null;
  /** Customers with no segment (not in the segments file). */
  withoutSegment: number;
}

const DAY = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Rows of each tier, the most valuable (else highest scored) first, ties by row order. */
export function rankedByTier(g: GradeResult, value: Float64Array | undefined): Int32Array[] {
  const key = value ?? g.score;
  const at = (i: number) => (Number.isNaN(key[i]) ? -Infinity : key[i]);
  const byTier: number[][] = g.card.tiers.map(() => []);
  for (let i = 0; i < g.tier.length; i++) if (g.tier[i] >= 0) byTier[g.tier[i]].push(i);
  return byTier.map((rows) => Int32Array.from(rows.sort((a, b) => at(b) - at(a) || a - b)));
}

export function followUpList(
  g: GradeResult,
  ranked: readonly Int32Array[],
  ids: (row: number) => string,
  options: { asOf: string; value?: string; values?: Float64Array; perTier: number },
): FollowUpList {
  const v = options.values;
  const num = (x: number) => (Number.isNaN(x) ? null : round(x, 9));
  return {
    asOf: options.asOf,
    value: options.value ?? null,
    perTier: options.perTier,
    tiers: g.card.tiers.map((t, k) => {
      const rows = ranked[k];
      let total = 0;
      if (v) for (const i of rows) if (!Number.isNaN(v[i])) total += v[i];
      const days = t.policy.followUpDays;
      return {
        tier: t.tier,
        owner: t.policy.owner,
        due: days === null ? null : addDays(options.asOf, days),
        followUp: days === null ? (t.policy.followUp ?? '—') : `every ${days} days`,
        customers: rows.length,
        value: v ? round(total, 9) : null,
        rows: [...rows.subarray(0, options.perTier)].map((i) => ({
          id: ids(i),
          score: round(g.score[i], 9),
          value: v ? num(v[i]) : null,
        })),
      };
    }),
  };
}

/** Counts (and value shares) of customers by tier and segment; segments in order of first size. */
export function tierBySegment(
  g: GradeResult,
  segments: readonly string[],
  source: string,
  values?: Float64Array,
): TierBySegment {
  const order = new Map<string, number>();
  const sizes = new Map<string, number>();
  for (const s of segments) if (s !== '') sizes.set(s, (sizes.get(s) ?? 0) + 1);
  const bySize = [...sizes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [s] of bySize) order.set(s, order.size);
  const tiers = g.card.tiers.map((t) => t.tier);
  const below = g.tier.some((t) => t < 0);
  const rows = tiers.length + (below ? 1 : 0);
  const customers = Array.from({ length: rows }, () => new Array<number>(order.size).fill(0));
  const value = Array.from({ length: rows }, () => new Array<number>(order.size).fill(0));
  let total = 0;
  let withoutSegment = 0;
  for (let i = 0; i < g.tier.length; i++) {
    const s = order.get(segments[i] ?? '');
    if (s === undefined) {
      withoutSegment++;
      continue;
    }
    const r = g.tier[i] < 0 ? tiers.length : g.tier[i];
    customers[r][s]++;
    if (values && !Number.isNaN(values[i])) {
      value[r][s] += values[i];
      total += values[i];
    }
  }
  return {
    source,
    tiers: below ? [...tiers, '(no tier)'] : tiers,
    segments: [...order.keys()],
    customers,
    valueShare: values ? value.map((r) => r.map((x) => round(total ? x / total : 0, 6))) : null,
    withoutSegment,
  };
}
