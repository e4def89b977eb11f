import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../data/load.js';
import type { Table } from '../data/table.js';
import type { Scorecard } from '../grade/card-schema.js';
import { compareTiers } from '../grade/compare.js';
import { gradeTable, readScorecard, tierOf } from '../grade/scorecard.js';
import { idColumn, valueColumn } from '../prep/features.js';

/** The scorecards shipped with Strata (data/scorecards beside the package). */
const SHIPPED = fileURLToPath(new URL('../../data/scorecards/', import.meta.url));

export interface CardFile {
  key: string;
  name: string;
  path: string;
}

/** The scorecards offered: YAML files directly in DIR, then the shipped ones. */
export function cardFiles(dir: string): CardFile[] {
  const yaml = (d: string) => {
    try {
      return readdirSync(d)
        .filter((f) => /\.ya?ml$/i.test(f))
        .sort();
    } catch {
      return [];
    }
  };
  return [
    ...yaml(dir).map((f) => ({ key: `dir:${f}`, name: f, path: join(dir, f) })),
    ...yaml(SHIPPED).map((f) => ({
      key: `shipped:${f}`,
      name: `${f} (shipped with Strata)`,
      path: join(SHIPPED, f),
    })),
  ];
}

export interface TierView {
  card: Scorecard;
  /** The lower bound of each tier but the last, in the card's order. */
  mins: (number | null)[];
  tiers: { tier: string; customers: number; share: number; valueShare?: number }[];
  /** The value column whose share each tier holds (the Pareto view of the tiers), when one was named. */
  value?: string;
  /** Against the assigned tiers, when a column of them was named. */
  agreement: { agreement: number; kappa: number; customers: number } | null;
}

/** Why moved thresholds cannot stand: they must fall from the first tier to the last. */
export class TierError extends Error {}

/**
 * The tiers a scorecard gives a file's customers, with the thresholds moved as asked: the scores are
 * computed once per file and card, the thresholds only sort them again.
 */
export class TierViews {
  private readonly cache = new Map<string, Promise<{ table: Table; card: Scorecard; score: Float64Array }>>();

  async view(
    file: { key: string; path: string },
    card: CardFile,
    assigned?: string,
    mins?: number[],
    value?: string,
  ): Promise<TierView> {
    const id = JSON.stringify([file.key, card.key]);
    let base = this.cache.get(id);
    if (!base) {
      base = (async () => {
        const table = await load(file.path);
        const c = readScorecard(card.path);
        return { table, card: c, score: gradeTable(c, table, card.name).score };
      })();
      base.catch(() => this.cache.delete(id));
      this.cache.set(id, base);
    }
    const { table, card: c, score } = await base;
    const tiers = mins ? moved(c, mins) : c.tiers;
    const labels = tiers.map((t) => t.tier);
    const tierOfRow = Array.from(score, (s) => tierOf(tiers, s));
    const counts = new Array<number>(tiers.length).fill(0);
    for (const t of tierOfRow) if (t >= 0) counts[t]++;
    const sums = new Array<number>(tiers.length).fill(0);
    let total = 0;
    if (value) {
      if (!table.has(value)) throw new TierError(`column "${value}" not found`);
      const v = valueColumn(table, value);
      tierOfRow.forEach((t, i) => {
        const x = Number.isNaN(v[i]) ? 0 : v[i];
        total += x;
        if (t >= 0) sums[t] += x;
      });
    }
    let agreement: TierView['agreement'] = null;
    if (assigned) {
      if (!table.has(assigned)) throw new TierError(`column "${assigned}" not found`);
      const keep = tierOfRow.flatMap((t, i) => (t >= 0 && table.text(assigned, i) !== '' ? [i] : []));
      const idCol = idColumn(table, c.id && table.has(c.id) ? c.id : undefined);
      const cmp = compareTiers(
        keep.map((i) => table.text(assigned, i)),
        keep.map((i) => labels[tierOfRow[i]]),
        keep.map((i) => (idCol ? table.text(idCol, i) : String(i + 1))),
        { order: labels },
      );
      agreement = { agreement: cmp.agreement, kappa: cmp.kappa, customers: cmp.customers };
    }
    return {
      card: c,
      mins: tiers.map((t) => t.min ?? null),
      tiers: labels.map((tier, i) => ({
        tier,
        customers: counts[i],
        share: score.length ? counts[i] / score.length : 0,
        ...(value ? { valueShare: total ? sums[i] / total : 0 } : {}),
      })),
      agreement,
      ...(value ? { value } : {}),
    };
  }
}

/** The card's tiers with new lower bounds (every tier but a last one without a bound). */
function moved(card: Scorecard, mins: number[]): Scorecard['tiers'] {
  const bounded = card.tiers.filter((t) => t.min !== undefined).length;
  if (mins.length !== bounded) throw new TierError(`give ${bounded} thresholds, one per tier that has one`);
  if (mins.some((m) => !Number.isFinite(m))) throw new TierError('thresholds are numbers');
  for (let i = 1; i < mins.length; i++)
    if (!(mins[i] < mins[i - 1]))
      throw new TierError(
        `the threshold of ${card.tiers[i].tier} (${mins[i]}) must be below that of ${card.tiers[i - 1].tier} (${mins[i - 1]})`,
      );
  let j = 0;
  return card.tiers.map((t) => (t.min === undefined ? t : { ...t, min: mins[j++] }));
}
