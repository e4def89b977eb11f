import { readAssignments } from '../cluster/segment-files.js';
import { load } from '../data/load.js';
import { readScorecard } from '../grade/scorecard.js';
import type { Disagreement } from '../grade/tier-agreement.js';
import { classify } from '../results/classify.js';
import { type CompareResult, compare } from '../results/compare.js';
import type { Job } from './jobs.js';
import { PromiseCache } from './promise-cache.js';
import type { CardFile } from './tiers.js';

export interface ReviewRequest {
  key: string;
  path: string;
  assigned: string;
  value?: string;
}

/**
 * The disagreements between the tiers people assigned and a readable tree learned from them (depth 5,
 * 20 customers a leaf), most at stake first; the tree is learned once per file and column.
 */
export class Reviews {
  private readonly cache = new PromiseCache<CompareResult>();

  get(r: ReviewRequest): Promise<CompareResult> {
    return this.cache.get(JSON.stringify([r.key, r.assigned, r.value ?? null]), async () => {
      const table = await load(r.path);
      const tree = classify(table, {
        label: r.assigned,
        maxDepth: 5,
        minSamplesLeaf: 20,
        importance: 'none',
        seed: 42,
      });
      return compare(table, { assigned: r.assigned, model: tree.run.model, value: r.value });
    });
  }
}

/** A finished clustering of the file, offered as segments to filter by. */
export interface SegmentRun {
  id: string;
  label: string;
  names: string[];
}

/** A scorecard whose tiers are the assigned ones, offering its tiers' owners to filter by. */
export interface OwnerCard {
  key: string;
  name: string;
  owners: string[];
  /** The owner of each tier, by tier name. */
  ownerOf: Map<string, string>;
}

/** What the review list is narrowed to; each filter is optional. */
export interface ReviewFilters {
  tier?: string;
  /** `RUN/NAME`: a segment of one finished clustering. */
  segment?: string;
  /** `CARD/OWNER`: customers now with or moving to that owner under that card's policies. */
  owner?: string;
}

/** The selected segment and owner, resolved into lookups for the list. */
export interface ReviewLookups {
  segmentOf?: Map<string, string>;
  segment?: string;
  ownerCard?: OwnerCard;
  owner?: string;
}

/** The scorecards whose tiers include every tier in `labels`, with their owners. */
export function ownerCards(cards: CardFile[], labels: readonly string[]): OwnerCard[] {
  const out: OwnerCard[] = [];
  for (const c of cards) {
    let tiers: { tier: string; policy: { owner: string } }[];
    try {
      tiers = readScorecard(c.path).tiers;
    } catch {
      continue; // a broken card file in DIR is not offered; the tiers page says what is wrong with it
    }
    const ownerOf = new Map(tiers.map((t) => [t.tier, t.policy.owner]));
    if (!labels.every((l) => ownerOf.has(l))) continue;
    out.push({ key: c.key, name: c.name, owners: [...new Set(ownerOf.values())], ownerOf });
  }
  return out;
}

export function segmentRuns(jobs: Job[], summary: (id: string) => unknown): SegmentRun[] {
  return jobs.map((j) => {
    const s = summary(j.id) as { k: number; clusters: { segment: string }[] };
    return {
      id: j.id,
      label: `k = ${s.k}, ${j.options.method}, run at ${j.started.slice(11, 16)}`,
      names: s.clusters.map((c) => c.segment),
    };
  });
}

/** Splits `A/B` at the first slash (run ids and card keys hold none). */
export function splitFilter(v: string | undefined): [string, string] | undefined {
  const at = v?.indexOf('/') ?? -1;
  return v && at > 0 ? [v.slice(0, at), v.slice(at + 1)] : undefined;
}

/** Each customer's segment in a finished run, read once per run. */
export class SegmentLookups {
  private readonly cache = new PromiseCache<Map<string, string>>();
  get(job: Job): Promise<Map<string, string>> {
    return this.cache.get(job.id, () => readAssignments(job.dir));
  }
}

/** The disagreements the filters keep, in review order. */
export function filterDisagreements(
  list: Disagreement[],
  f: ReviewFilters,
  l: ReviewLookups,
): Disagreement[] {
  return list.filter(
    (d) =>
      (!f.tier || d.assigned === f.tier || d.predicted === f.tier) &&
      (!l.segmentOf || !l.segment || l.segmentOf.get(d.id) === l.segment) &&
      (!l.ownerCard ||
        !l.owner ||
        l.ownerCard.ownerOf.get(d.assigned) === l.owner ||
        l.ownerCard.ownerOf.get(d.predicted) === l.owner),
  );
}
