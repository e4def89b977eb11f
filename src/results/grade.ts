import type { Table } from '../data/table.js';
import { type GradeResult, gradeTable, type Scorecard, scoreRange } from '../grade/scorecard.js';
import { idColumn } from '../prep/features.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { type Envelope, envelope, type Warning } from './envelope.js';
import type { Result, TableWriter } from './result.js';

export interface TierSummary {
  tier: string;
  customers: number;
  share: number;
  /** Lowest score (or measure) of the tier; null for the last tier when it has none. */
  min: number | null;
  owner: string;
  /** Days between follow-ups; null when follow-up is not periodic. */
  followUpDays: number | null;
  followUp: string;
  actions: string[];
}

/** The summary of `strata grade`, equal to its `--json`. */
export interface GradeSummary extends Envelope {
  command: 'grade';
  scorecard: string;
  tiers: TierSummary[];
  /** Customers scored below every tier. */
  unassigned: number;
  scoreRange: [number, number] | null;
}

export type GradeRunResult = Result<GradeSummary> & { grades: GradeResult };

export interface GradeOptions {
  /** The id column written with each grade (default: the card's `id`, else a guessed id). */
  id?: string;
  /** The scorecard's file name, for messages and the summary. */
  cardFile?: string;
}

function gradesCsv(g: GradeResult, table: Table, id: string | undefined): TableWriter {
  return (write) => {
    const header = [
      id ?? 'row',
      g.card.tiersBy ?? 'score',
      ...g.card.criteria.map((c) => `points_${c.name}`),
      'tier',
      'owner',
      'follow_up_days',
      'actions',
      'adjustments',
    ];
    const rows: Cell[][] = [];
    for (let i = 0; i < g.score.length; i++) {
      const t = g.tier[i] >= 0 ? g.card.tiers[g.tier[i]] : null;
      rows.push([
        id ? table.text(id, i) : i + 1,
        g.score[i],
        ...g.points.map((p) => round(p[i], 9)),
        t?.tier ?? '',
        t?.policy.owner ?? '',
        t?.policy.followUpDays ?? t?.policy.followUp ?? '',
        t?.policy.actions.join('; ') ?? '',
        g.adjusted[i].join('; '),
      ]);
    }
    write(toCsv(header, rows));
  };
}

/**
 * Customers graded with a weighted scorecard: score, points per criterion, tier and the tier's
 * service policy.
 */
export function grade(card: Scorecard, table: Table, options: GradeOptions = {}): GradeRunResult {
  const cardFile = options.cardFile ?? 'scorecard';
  const g = gradeTable(card, table, cardFile);
  const id = idColumn(table, options.id ?? (card.id && table.has(card.id) ? card.id : undefined));
  const n = g.score.length;
  const counts = card.tiers.map((_t, i) => g.tier.reduce((a, t) => a + (t === i ? 1 : 0), 0));
  const warnings: Warning[] = card.tiers
    .filter((_t, i) => counts[i] === 0)
    .map((t) => ({ code: 'empty-tier', message: `no customer falls in tier "${t.tier}"` }));
  const unassigned = g.tier.reduce((a, t) => a + (t < 0 ? 1 : 0), 0);
  if (unassigned)
    warnings.push({ code: 'unassigned', message: `${unassigned} customers scored below every tier` });
  const summary: GradeSummary = {
    ...envelope(
      'grade',
      { file: table.source, rows: table.nRows },
      { scorecard: cardFile, id: id ?? null },
      warnings,
    ),
    command: 'grade',
    scorecard: card.name,
    tiers: card.tiers.map((t, i) => ({
      tier: t.tier,
      customers: counts[i],
      share: round(n ? counts[i] / n : 0, 6),
      min: t.min ?? null,
      owner: t.policy.owner,
      followUpDays: t.policy.followUpDays,
      followUp:
        t.policy.followUpDays === null ? (t.policy.followUp ?? '—') : `every ${t.policy.followUpDays} days`,
      actions: t.policy.actions,
    })),
    unassigned,
    scoreRange: card.criteria.length ? scoreRange(card) : null,
  };
  return {
    grades: g,
    summary,
    documents: new Map(),
    tables: new Map([['grades.csv', gradesCsv(g, table, id)]]),
  };
}
