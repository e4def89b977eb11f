import { readFileSync } from 'node:fs';
import { DataError } from '../errors.js';
import { ShapeReader } from '../util/shape-reader.js';
import { parseYamlData } from '../util/yaml-data.js';

/** One account manager: who, how many customers they can serve well, and their attributes for `match`. */
export interface Manager {
  name: string;
  span: number;
  /** Attribute values (e.g. region); an attribute a manager lacks means "any". */
  attributes: ReadonlyMap<string, string>;
}

/** A service tier: managed (with managers and their spans) or pooled (no managers, no limit). */
export interface StaffTier {
  name: string;
  /** Serving a customer of value v in this tier is worth weight × v. */
  weight: number;
  managers: Manager[];
}

/** Who serves whom: the tiers highest first, the attributes a customer must share with a manager, the continuity bonus. */
export interface Staff {
  tiers: StaffTier[];
  match: string[];
  keep: number;
}

const MAX_SPAN = 10_000_000;

function managerOf(rd: ShapeReader, raw: unknown, path: string, match: readonly string[]): Manager {
  const o = rd.obj(raw, path, 'expected a manager: { name, span, …attributes }', ['name', 'span', ...match]);
  const name = rd.str(o.name, `${path}.name`);
  const span = rd.num(o.span, `${path}.span`);
  if (!Number.isInteger(span) || span < 0 || span > MAX_SPAN)
    rd.fail(`${path}.span`, `expected a whole number of customers from 0 to ${MAX_SPAN} (got ${span})`);
  const attributes = new Map<string, string>();
  for (const a of match) {
    const v = o[a];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number')
      rd.fail(`${path}.${a}`, `expected a value to match, got ${JSON.stringify(v)}`);
    attributes.set(a, String(v));
  }
  return { name, span, attributes };
}

/** Checks a parsed staff file; every problem is one line naming its place in the file. */
export function validateStaff(file: string, raw: unknown): Staff {
  const rd = new ShapeReader(file);
  const top = rd.obj(raw, '', 'expected a staff file: a mapping with tiers (and match, keep)', [
    '$schema',
    'tiers',
    'match',
    'keep',
  ]);
  const match = rd
    .list(top.match ?? [], 'match', 'expected a list of attribute names, e.g. [region]')
    .map((m, i) => rd.str(m, `match[${i}]`));
  for (const [i, m] of match.entries())
    if (['name', 'span'].includes(m))
      rd.fail(`match[${i}]`, `"${m}" is a manager's own field, not an attribute`);
  const keep = top.keep === undefined ? 0 : rd.num(top.keep, 'keep');
  if (keep < 0) rd.fail('keep', `must not be negative (got ${keep})`);
  const list = rd.list(top.tiers, 'tiers', 'expected a list of tiers, highest first');
  if (!list.length) rd.fail('tiers', 'expected at least one tier');
  const names = new Map<string, string>();
  const tiers = list.map((t, i): StaffTier => {
    const path = `tiers[${i}]`;
    const o = rd.obj(t, path, 'expected a tier: { name, weight, managers }', ['name', 'weight', 'managers']);
    const name = rd.str(o.name, `${path}.name`);
    const weight = rd.num(o.weight, `${path}.weight`);
    if (weight < 0) rd.fail(`${path}.weight`, `must not be negative (got ${weight})`);
    const managers = rd
      .list(o.managers ?? [], `${path}.managers`, 'expected a list of managers')
      .map((m, j) => managerOf(rd, m, `${path}.managers[${j}]`, match));
    for (const [j, m] of managers.entries()) {
      const seen = names.get(m.name);
      if (seen) rd.fail(`${path}.managers[${j}].name`, `"${m.name}" is listed twice (also at ${seen})`);
      names.set(m.name, `${path}.managers[${j}]`);
    }
    return { name, weight, managers };
  });
  const seenTier = new Set<string>();
  for (const [i, t] of tiers.entries()) {
    if (seenTier.has(t.name)) rd.fail(`tiers[${i}].name`, `"${t.name}" is listed twice`);
    seenTier.add(t.name);
    if (i > 0 && t.weight > tiers[i - 1].weight)
      rd.fail(
        `tiers[${i}].weight`,
        `${t.weight} is above the tier before it (${tiers[i - 1].name}: ${tiers[i - 1].weight}): weights must not increase from the highest tier down`,
      );
    if (i > 0 && t.managers.length && !tiers[i - 1].managers.length)
      rd.fail(
        `tiers[${i}].managers`,
        `a managed tier below the pooled tier ${tiers[i - 1].name}: pooled tiers (no managers) come last`,
      );
  }
  return { tiers, match, keep };
}

/** Reads and checks a staff file (YAML or JSON). */
export function readStaff(file: string): Staff {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataError(
      { file },
      `cannot read the staff file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYamlData(text);
  } catch (e) {
    throw new DataError({ file }, `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return validateStaff(file, raw);
}
