import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load } from '../data/load.js';
import { peekCsv } from '../data/peek.js';
import { DataError } from '../errors.js';

/** Each customer's tier, and the tiers best first. */
export interface TierFile {
  of: Map<string, string>;
  order: string[];
}

/**
 * Each customer's tier from a grade run's grades.csv (or its results folder): the id column first
 * (or `id`), the column `tier`. The order of the tiers, best first, is the run's summary.json's when
 * it sits beside the file, else the tiers' names sorted (A before B).
 */
export async function readTiers(path: string, id?: string): Promise<TierFile> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'grades.csv') : path;
  if (!existsSync(file)) throw new DataError({ file }, 'not found (give grades.csv or its grade folder)');
  const head = await peekCsv(file);
  const idColumn = id ?? head.names[0];
  if (!head.names.includes(idColumn)) throw new DataError({ file, column: idColumn }, 'column not found');
  if (!head.names.includes('tier') || idColumn === 'tier')
    throw new DataError(
      { file },
      'has no "tier" column besides the id; is it a grades.csv from strata grade?',
    );
  const types: Record<string, 'text'> = Object.create(null);
  types[idColumn] = 'text';
  types.tier = 'text';
  const t = await load(file, { id: idColumn, columns: [idColumn, 'tier'], types });
  const of = new Map<string, string>();
  for (let i = 0; i < t.nRows; i++) {
    const key = t.text(idColumn, i);
    if (of.has(key))
      throw new DataError({ file, column: idColumn, row: i + 2 }, `customer "${key}" appears twice`);
    const tier = t.text('tier', i);
    if (tier) of.set(key, tier);
  }
  return { of, order: tierOrder(dirname(file), of) };
}

function tierOrder(dir: string, of: Map<string, string>): string[] {
  const seen = [...new Set(of.values())];
  const summary = join(dir, 'summary.json');
  if (existsSync(summary)) {
    try {
      const s = JSON.parse(readFileSync(summary, 'utf8')) as { tiers?: { tier?: unknown }[] };
      const listed = (s.tiers ?? []).map((t) => String(t.tier));
      if (seen.every((t) => listed.includes(t))) return listed;
    } catch {
      // A summary that cannot be read leaves the names' own order.
    }
  }
  return seen.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
