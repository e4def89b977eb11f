import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../data/load.js';
import type { Table } from '../data/table.js';
import { DataError } from '../errors.js';
import { type Scorecard, validateScorecard } from '../grade/card-schema.js';
import { gradeTable, readScorecard, tierOf } from '../grade/scorecard.js';
import { compareTiers } from '../grade/tier-agreement.js';
import { idColumn, valueColumn } from '../prep/features.js';
import { lazyRequire } from '../util/lazy-require.js';
import { PromiseCache } from './promise-cache.js';

const yaml = lazyRequire<typeof import('yaml')>('yaml');

/** The scorecards shipped with Strata (data/scorecards beside the package). */
const SHIPPED = fileURLToPath(new URL('../../data/scorecards/', import.meta.url));

/** Where cards edited in the workbench are saved, under names of Strata's own. */
export const SAVED_CARDS = join('.strata', 'scorecards');

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
  const saved = join(dir, SAVED_CARDS);
  return [
    ...yaml(dir).map((f) => ({ key: `dir:${f}`, name: f, path: join(dir, f) })),
    ...yaml(saved).map((f) => ({ key: `saved:${f}`, name: `${f} (saved here)`, path: join(saved, f) })),
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
  private readonly tables = new PromiseCache<Table>();
  private readonly scores = new PromiseCache<{ card: Scorecard; score: Float64Array }>();

  private table(file: { key: string; path: string }): Promise<Table> {
    return this.tables.get(file.key, () => load(file.path));
  }

  async view(
    file: { key: string; path: string },
    card: CardFile,
    assigned?: string,
    mins?: number[],
    value?: string,
  ): Promise<TierView> {
    const base = this.scores.get(JSON.stringify([file.key, card.key]), async () => {
      const table = await this.table(file);
      const c = readScorecard(card.path);
      return { card: c, score: gradeTable(c, table, card.name).score };
    });
    const [table, { card: c, score }] = await Promise.all([this.table(file), base]);
    return summarize(table, c, score, mins ? moved(c, mins) : c.tiers, assigned, value);
  }

  /**
   * The tiers of a card as edited in the form (any field: weights, bands, thresholds, policies),
   * validated as a card file is; every problem is a TierError naming its place in the card.
   */
  async preview(file: { key: string; path: string }, raw: unknown, assigned?: string, value?: string) {
    const card = checkEdited(raw);
    const table = await this.table(file);
    const score = aboutTheCard(() => gradeTable(card, table, EDITED).score);
    return summarize(table, card, score, card.tiers, assigned, value);
  }
}

/** The name an edited card goes by in messages, left out of what the page shows. */
const EDITED = 'the card';

/** `f()`, its DataErrors about the edited card turned into TierErrors naming only the place in it. */
function aboutTheCard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DataError) throw new TierError(e.message.replace(`${EDITED}: `, ''));
    throw e;
  }
}

/** An edited card, checked as a card file; thresholds out of order say which tier must be below which. */
export function checkEdited(raw: unknown): Scorecard {
  const tiers = (raw as { tiers?: unknown } | null)?.tiers;
  if (Array.isArray(tiers)) {
    const named = tiers as { tier?: unknown; min?: unknown }[];
    for (let i = 1; i < named.length; i++) {
      const [a, b] = [named[i - 1]?.min, named[i]?.min];
      if (typeof a === 'number' && typeof b === 'number' && !(b < a))
        throw new TierError(
          `the threshold of ${String(named[i]?.tier)} (${b}) must be below that of ${String(named[i - 1]?.tier)} (${a})`,
        );
    }
  }
  return aboutTheCard(() => validateScorecard(EDITED, raw));
}

/**
 * Saves an edited card as YAML in DIR/.strata/scorecards under a name of Strata's own (never one from
 * the request), written whole or not at all; returns its key for the card list.
 */
export function saveCard(dir: string, card: Scorecard, author: string): string {
  const folder = join(dir, SAVED_CARDS);
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const file = `card-${stamp}-${randomBytes(3).toString('hex')}.yaml`;
  // One line of provenance: control characters in the name cannot start a line of YAML.
  const who = author.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').slice(0, 80);
  const { criteria, adjustments, ...rest } = card;
  const body = yaml().stringify({
    name: rest.name,
    ...(rest.description !== undefined ? { description: rest.description } : {}),
    ...(rest.id !== undefined ? { id: rest.id } : {}),
    ...(criteria.length ? { criteria } : {}),
    ...(adjustments.length ? { adjustments } : {}),
    ...(rest.tiersBy !== undefined ? { tiersBy: rest.tiersBy } : {}),
    tiers: rest.tiers,
  });
  const tmp = join(folder, `.${file}.tmp`);
  writeFileSync(tmp, `# Saved in the Strata workbench by ${who} on ${new Date().toISOString()}\n${body}`);
  renameSync(tmp, join(folder, file));
  return `saved:${file}`;
}

/** Customers per tier, the value each tier holds and the agreement with assigned tiers. */
function summarize(
  table: Table,
  c: Scorecard,
  score: Float64Array,
  tiers: Scorecard['tiers'],
  assigned?: string,
  value?: string,
): TierView {
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
