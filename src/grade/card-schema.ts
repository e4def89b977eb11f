import { DataError } from '../errors.js';
import { MAX_MAGNITUDE } from '../util/stats.js';

export interface Band {
  /** Inclusive lower bound; absent = −∞ (first band only). */
  min?: number;
  /** Exclusive upper bound; absent = +∞ (last band only). */
  max?: number;
  points: number;
}

export interface Linear {
  /** [value, points] anchors; values in between are interpolated, outside clamped. */
  from: [number, number];
  to: [number, number];
}

export interface Criterion {
  name: string;
  column: string;
  weight: number;
  bands?: Band[];
  linear?: Linear;
  map?: Record<string, number>;
  /** Points for a missing value (required when the data has missing values). */
  missing?: number;
  /** Points for a value outside every band or category in the map. */
  otherwise?: number;
}

export interface Condition {
  column: string;
  equals?: string | number;
  in?: (string | number)[];
  min?: number;
  max?: number;
}

export interface Adjustment {
  name?: string;
  when: Condition;
  multiply?: number;
  add?: number;
}

export interface Policy {
  owner: string;
  /** null when follow-up is not periodic (e.g. "as the project progresses"). */
  followUpDays: number | null;
  actions: string[];
  followUp?: string;
}

export interface Tier {
  tier: string;
  /** Inclusive lower bound of the score (or measure); the last tier may omit it. */
  min?: number;
  policy: Policy;
}

export interface Scorecard {
  name: string;
  description?: string;
  id?: string;
  /** Weighted criteria; absent when tiers come straight from one measure (`tiersBy`). */
  criteria: Criterion[];
  adjustments: Adjustment[];
  /** Tiers straight from thresholds on this column instead of the composite score. */
  tiersBy?: string;
  /** Highest first. */
  tiers: Tier[];
}

/**
 * A scorecard file as written (YAML or JSON); `validateScorecard` fills the defaults. Its JSON Schema
 * is schemas/scorecard.schema.json: start a YAML card with
 * `# yaml-language-server: $schema=<path to>/schemas/scorecard.schema.json` for completion.
 */
export interface ScorecardFile {
  /** The schema, for editors. */
  $schema?: string;
  name: string;
  description?: string;
  /** The id column written with each grade. */
  id?: string;
  criteria?: (Omit<Criterion, 'name'> & { name?: string })[];
  adjustments?: Adjustment[];
  tiersBy?: string;
  /** Highest first. */
  tiers: Tier[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a parsed scorecard; every problem names its path inside the file. */
export function validateScorecard(file: string, raw: unknown): Scorecard {
  const fail = (path: string, msg: string): never => {
    throw new DataError({ file }, `${path}: ${msg}`);
  };
  const num = (v: unknown, path: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      fail(path, `expected a number, got ${JSON.stringify(v)}`);
    if (Math.abs(v as number) > MAX_MAGNITUDE)
      fail(path, `${v} is too large to compute with (above ${MAX_MAGNITUDE})`);
    return v as number;
  };
  const str = (v: unknown, path: string): string => {
    if (typeof v !== 'string' || v.trim() === '') fail(path, `expected text, got ${JSON.stringify(v)}`);
    return v as string;
  };
  const known = (o: Obj, path: string, keys: string[]) => {
    for (const k of Object.keys(o))
      if (!keys.includes(k))
        fail(`${path}.${k}`.replace(/^\./, ''), `unknown field (expected one of ${keys.join(', ')})`);
  };
  if (!isObj(raw)) fail('(top)', 'expected a mapping with name, criteria and tiers');
  const r = raw as Obj;
  known(r, '', ['$schema', 'name', 'description', 'id', 'criteria', 'adjustments', 'tiersBy', 'tiers']);
  const name = str(r.name, 'name');
  const tiersBy = r.tiersBy === undefined ? undefined : str(r.tiersBy, 'tiersBy');
  const criteriaRaw = r.criteria ?? [];
  if (!Array.isArray(criteriaRaw)) fail('criteria', 'expected a list');
  if (!tiersBy && !(criteriaRaw as unknown[]).length)
    fail('criteria', 'expected at least one criterion (or tiersBy)');
  const criteria = (criteriaRaw as unknown[]).map((c, i) => criterion(c, `criteria[${i}]`));
  function criterion(c: unknown, path: string): Criterion {
    if (!isObj(c)) fail(path, 'expected a mapping');
    const o = c as Obj;
    known(o, path, ['name', 'column', 'weight', 'bands', 'linear', 'map', 'missing', 'otherwise']);
    const column = str(o.column, `${path}.column`);
    const out: Criterion = {
      name: o.name === undefined ? column : str(o.name, `${path}.name`),
      column,
      weight: num(o.weight, `${path}.weight`),
    };
    if (out.weight < 0) fail(`${path}.weight`, 'must not be negative');
    const rules = ['bands', 'linear', 'map'].filter((k) => o[k] !== undefined);
    if (rules.length !== 1)
      fail(
        path,
        `expected exactly one scoring rule: bands, linear or map (found ${rules.length ? rules.join(', ') : 'none'})`,
      );
    if (o.bands !== undefined) out.bands = bands(o.bands, `${path}.bands`);
    if (o.linear !== undefined) {
      if (!isObj(o.linear)) fail(`${path}.linear`, 'expected { from: [value, points], to: [value, points] }');
      const l = o.linear as Obj;
      const pair = (v: unknown, p: string): [number, number] => {
        if (!Array.isArray(v) || v.length !== 2) fail(p, 'expected [value, points]');
        return [num((v as unknown[])[0], `${p}[0]`), num((v as unknown[])[1], `${p}[1]`)];
      };
      out.linear = { from: pair(l.from, `${path}.linear.from`), to: pair(l.to, `${path}.linear.to`) };
      if (out.linear.from[0] === out.linear.to[0])
        fail(`${path}.linear`, 'the two anchors need different values');
    }
    if (o.map !== undefined) {
      if (!isObj(o.map) || !Object.keys(o.map).length)
        fail(`${path}.map`, 'expected a mapping of category → points');
      // Category names are data: a null-prototype map, so "constructor" or "__proto__" is just a key.
      const map: Record<string, number> = Object.create(null);
      for (const [k, v] of Object.entries(o.map as Obj)) map[k] = num(v, `${path}.map.${k}`);
      out.map = map;
    }
    if (o.missing !== undefined) out.missing = num(o.missing, `${path}.missing`);
    if (o.otherwise !== undefined) out.otherwise = num(o.otherwise, `${path}.otherwise`);
    return out;
  }
  function bands(v: unknown, path: string): Band[] {
    if (!Array.isArray(v) || !v.length) fail(path, 'expected a list of { min, max, points }');
    const list = (v as unknown[]).map((b, j): Band => {
      const p = `${path}[${j}]`;
      if (!isObj(b)) fail(p, 'expected { min, max, points }');
      const o = b as Obj;
      known(o, p, ['min', 'max', 'points']);
      const band: Band = { points: num(o.points, `${p}.points`) };
      if (o.min !== undefined) band.min = num(o.min, `${p}.min`);
      if (o.max !== undefined) band.max = num(o.max, `${p}.max`);
      if (band.min !== undefined && band.max !== undefined && band.min >= band.max)
        fail(p, `min ${band.min} is not below max ${band.max}`);
      return band;
    });
    list.forEach((b, j) => {
      const p = `${path}[${j}]`;
      if (j > 0 && b.min === undefined) fail(`${p}.min`, 'only the first band may be open below');
      if (j < list.length - 1 && b.max === undefined)
        fail(`${p}.max`, 'only the last band may be open above');
      if (j > 0) {
        const prev = list[j - 1].max!;
        if (b.min! < prev) fail(p, `overlaps the band before it (${b.min} < ${prev})`);
        if (b.min! > prev) fail(p, `leaves a gap after the band before it (${prev} to ${b.min})`);
      }
    });
    return list;
  }
  const adjRaw = r.adjustments ?? [];
  if (!Array.isArray(adjRaw)) fail('adjustments', 'expected a list');
  const adjustments = (adjRaw as unknown[]).map((a, i): Adjustment => {
    const p = `adjustments[${i}]`;
    if (!isObj(a)) fail(p, 'expected { when, multiply | add }');
    const o = a as Obj;
    known(o, p, ['name', 'when', 'multiply', 'add']);
    if (!isObj(o.when)) fail(`${p}.when`, 'expected { column, equals | in | min | max }');
    const w = o.when as Obj;
    known(w, `${p}.when`, ['column', 'equals', 'in', 'min', 'max']);
    const when: Condition = { column: str(w.column, `${p}.when.column`) };
    if (w.equals !== undefined) when.equals = w.equals as string | number;
    if (w.in !== undefined) {
      if (!Array.isArray(w.in)) fail(`${p}.when.in`, 'expected a list');
      when.in = w.in as (string | number)[];
    }
    if (w.min !== undefined) when.min = num(w.min, `${p}.when.min`);
    if (w.max !== undefined) when.max = num(w.max, `${p}.when.max`);
    if (
      when.equals === undefined &&
      when.in === undefined &&
      when.min === undefined &&
      when.max === undefined
    ) {
      fail(`${p}.when`, 'expected a test: equals, in, min or max');
    }
    const adj: Adjustment = { when };
    if (o.name !== undefined) adj.name = str(o.name, `${p}.name`);
    if (o.multiply !== undefined) adj.multiply = num(o.multiply, `${p}.multiply`);
    if (o.add !== undefined) adj.add = num(o.add, `${p}.add`);
    if (adj.multiply === undefined && adj.add === undefined) fail(p, 'expected multiply or add');
    return adj;
  });
  if (!Array.isArray(r.tiers) || !r.tiers.length) fail('tiers', 'expected a list of tiers, highest first');
  const tiers = (r.tiers as unknown[]).map((t, i): Tier => {
    const p = `tiers[${i}]`;
    if (!isObj(t)) fail(p, 'expected { tier, min, policy }');
    const o = t as Obj;
    known(o, p, ['tier', 'min', 'policy']);
    const tier: Tier = { tier: String(o.tier ?? ''), policy: policy(o.policy, `${p}.policy`) };
    if (tier.tier.trim() === '') fail(`${p}.tier`, 'expected a tier name');
    if (o.min !== undefined) tier.min = num(o.min, `${p}.min`);
    return tier;
  });
  tiers.forEach((t, i) => {
    if (t.min === undefined && i < tiers.length - 1)
      fail(`tiers[${i}].min`, 'only the last (lowest) tier may omit min');
    if (i > 0 && t.min !== undefined && t.min >= tiers[i - 1].min!) {
      fail(
        `tiers[${i}].min`,
        `tiers must be listed highest first (${t.min} is not below ${tiers[i - 1].min})`,
      );
    }
  });
  const names = tiers.map((t) => t.tier);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) fail('tiers', `tier "${dup}" appears twice`);
  function policy(v: unknown, path: string): Policy {
    if (!isObj(v)) fail(path, 'expected { owner, followUpDays, actions }');
    const o = v as Obj;
    known(o, path, ['owner', 'followUpDays', 'followUp', 'actions']);
    const missing = ['owner', 'followUpDays', 'actions'].filter((k) => o[k] === undefined);
    if (missing.length) fail(path, `missing ${missing.join(', ')}`);
    const days = o.followUpDays === null ? null : num(o.followUpDays, `${path}.followUpDays`);
    if (days !== null && !(Number.isInteger(days) && days >= 0 && days <= 3660))
      fail(`${path}.followUpDays`, `expected whole days from 0 to 3,660 (or null), got ${days}`);
    if (!Array.isArray(o.actions) || !o.actions.every((a) => typeof a === 'string'))
      fail(`${path}.actions`, 'expected a list of text');
    const out: Policy = {
      owner: str(o.owner, `${path}.owner`),
      followUpDays: days,
      actions: o.actions as string[],
    };
    if (o.followUp !== undefined) out.followUp = str(o.followUp, `${path}.followUp`);
    return out;
  }
  const card: Scorecard = { name, criteria, adjustments, tiers };
  const reach = largestScore(card);
  if (!(reach <= MAX_MAGNITUDE))
    fail(
      'criteria',
      `weights × points (and adjustments) can reach ${reach}: too large to compute with (above ${MAX_MAGNITUDE})`,
    );
  if (r.description !== undefined) card.description = str(r.description, 'description');
  if (r.id !== undefined) card.id = str(r.id, 'id');
  if (tiersBy) card.tiersBy = tiersBy;
  return card;
}

/** An upper bound of |score| the card can give: Σ |weight| × its largest |points|, through the adjustments. */
function largestScore(card: Scorecard): number {
  let total = 0;
  for (const c of card.criteria) {
    const points = [
      ...(c.bands ?? []).map((b) => b.points),
      ...(c.linear ? [c.linear.from[1], c.linear.to[1]] : []),
      ...Object.values(c.map ?? {}),
      c.missing ?? 0,
      c.otherwise ?? 0,
    ];
    total += Math.abs(c.weight) * Math.max(0, ...points.map(Math.abs));
  }
  for (const a of card.adjustments)
    total = total * Math.max(1, Math.abs(a.multiply ?? 1)) + Math.abs(a.add ?? 0);
  return total;
}
