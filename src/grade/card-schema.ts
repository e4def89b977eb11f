import { ShapeReader as CardReader, isObj } from '../util/shape-reader.js';
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

export interface ScoreCriterion {
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
  criteria: ScoreCriterion[];
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
  criteria?: (Omit<ScoreCriterion, 'name'> & { name?: string })[];
  adjustments?: Adjustment[];
  tiersBy?: string;
  /** Highest first. */
  tiers: Tier[];
}

/** Validates a parsed scorecard; every problem names its path inside the file. */
export function validateScorecard(file: string, raw: unknown): Scorecard {
  const rd = new CardReader(file);
  const r = rd.obj(raw, '', 'expected a mapping with name, criteria and tiers', [
    '$schema',
    'name',
    'description',
    'id',
    'criteria',
    'adjustments',
    'tiersBy',
    'tiers',
  ]);
  const name = rd.str(r.name, 'name');
  const tiersBy = r.tiersBy === undefined ? undefined : rd.str(r.tiersBy, 'tiersBy');
  const criteriaRaw = rd.list(r.criteria ?? [], 'criteria', 'expected a list');
  if (!tiersBy && !criteriaRaw.length) rd.fail('criteria', 'expected at least one criterion (or tiersBy)');
  const criteria = criteriaRaw.map((c, i) => criterionOf(rd, c, `criteria[${i}]`));
  const adjustments = rd
    .list(r.adjustments ?? [], 'adjustments', 'expected a list')
    .map((a, i) => adjustmentOf(rd, a, `adjustments[${i}]`));
  const card: Scorecard = { name, criteria, adjustments, tiers: tiersOf(rd, r.tiers) };
  const reach = largestScore(card);
  if (!(reach <= MAX_MAGNITUDE))
    rd.fail(
      'criteria',
      `weights × points (and adjustments) can reach ${reach}: too large to compute with (above ${MAX_MAGNITUDE})`,
    );
  if (r.description !== undefined) card.description = rd.str(r.description, 'description');
  if (r.id !== undefined) card.id = rd.str(r.id, 'id');
  if (tiersBy) card.tiersBy = tiersBy;
  return card;
}

function criterionOf(rd: CardReader, c: unknown, path: string): ScoreCriterion {
  const keys = ['name', 'column', 'weight', 'bands', 'linear', 'map', 'missing', 'otherwise'];
  const o = rd.obj(c, path, 'expected a mapping', keys);
  const column = rd.str(o.column, `${path}.column`);
  const out: ScoreCriterion = {
    name: o.name === undefined ? column : rd.str(o.name, `${path}.name`),
    column,
    weight: rd.num(o.weight, `${path}.weight`),
  };
  if (out.weight < 0) rd.fail(`${path}.weight`, 'must not be negative');
  const rules = ['bands', 'linear', 'map'].filter((k) => o[k] !== undefined);
  if (rules.length !== 1)
    rd.fail(
      path,
      `expected exactly one scoring rule: bands, linear or map (found ${rules.length ? rules.join(', ') : 'none'})`,
    );
  if (o.bands !== undefined) out.bands = bandsOf(rd, o.bands, `${path}.bands`);
  if (o.linear !== undefined) out.linear = linearOf(rd, o.linear, `${path}.linear`);
  if (o.map !== undefined) {
    if (!isObj(o.map) || !Object.keys(o.map).length)
      rd.fail(`${path}.map`, 'expected a mapping of category → points');
    // Category names are data: a null-prototype map, so "constructor" or "__proto__" is just a key.
    const map: Record<string, number> = Object.create(null);
    for (const [k, v] of Object.entries(o.map)) map[k] = rd.num(v, `${path}.map.${k}`);
    out.map = map;
  }
  if (o.missing !== undefined) out.missing = rd.num(o.missing, `${path}.missing`);
  if (o.otherwise !== undefined) out.otherwise = rd.num(o.otherwise, `${path}.otherwise`);
  return out;
}

function linearOf(rd: CardReader, v: unknown, path: string): NonNullable<ScoreCriterion['linear']> {
  if (!isObj(v)) rd.fail(path, 'expected { from: [value, points], to: [value, points] }');
  const pair = (x: unknown, p: string): [number, number] => {
    if (!Array.isArray(x) || x.length !== 2) rd.fail(p, 'expected [value, points]');
    return [rd.num(x[0], `${p}[0]`), rd.num(x[1], `${p}[1]`)];
  };
  const linear = { from: pair(v.from, `${path}.from`), to: pair(v.to, `${path}.to`) };
  if (linear.from[0] === linear.to[0]) rd.fail(path, 'the two anchors need different values');
  return linear;
}

function bandsOf(rd: CardReader, v: unknown, path: string): Band[] {
  if (!Array.isArray(v) || !v.length) rd.fail(path, 'expected a list of { min, max, points }');
  const list = v.map((b, j): Band => {
    const p = `${path}[${j}]`;
    const o = rd.obj(b, p, 'expected { min, max, points }', ['min', 'max', 'points']);
    const band: Band = { points: rd.num(o.points, `${p}.points`) };
    if (o.min !== undefined) band.min = rd.num(o.min, `${p}.min`);
    if (o.max !== undefined) band.max = rd.num(o.max, `${p}.max`);
    if (band.min !== undefined && band.max !== undefined && band.min >= band.max)
      rd.fail(p, `min ${band.min} is not below max ${band.max}`);
    return band;
  });
  list.forEach((b, j) => {
    const p = `${path}[${j}]`;
    if (j > 0 && b.min === undefined) rd.fail(`${p}.min`, 'only the first band may be open below');
    if (j < list.length - 1 && b.max === undefined)
      rd.fail(`${p}.max`, 'only the last band may be open above');
    if (j > 0) {
      const prev = list[j - 1].max!;
      if (b.min! < prev) rd.fail(p, `overlaps the band before it (${b.min} < ${prev})`);
      if (b.min! > prev) rd.fail(p, `leaves a gap after the band before it (${prev} to ${b.min})`);
    }
  });
  return list;
}

function adjustmentOf(rd: CardReader, a: unknown, p: string): Adjustment {
  const o = rd.obj(a, p, 'expected { when, multiply | add }', ['name', 'when', 'multiply', 'add']);
  const w = rd.obj(o.when, `${p}.when`, 'expected { column, equals | in | min | max }', [
    'column',
    'equals',
    'in',
    'min',
    'max',
  ]);
  const when: Condition = { column: rd.str(w.column, `${p}.when.column`) };
  if (w.equals !== undefined) when.equals = w.equals as string | number;
  if (w.in !== undefined) when.in = rd.list(w.in, `${p}.when.in`, 'expected a list') as (string | number)[];
  if (w.min !== undefined) when.min = rd.num(w.min, `${p}.when.min`);
  if (w.max !== undefined) when.max = rd.num(w.max, `${p}.when.max`);
  if (when.equals === undefined && when.in === undefined && when.min === undefined && when.max === undefined)
    rd.fail(`${p}.when`, 'expected a test: equals, in, min or max');
  const adj: Adjustment = { when };
  if (o.name !== undefined) adj.name = rd.str(o.name, `${p}.name`);
  if (o.multiply !== undefined) adj.multiply = rd.num(o.multiply, `${p}.multiply`);
  if (o.add !== undefined) adj.add = rd.num(o.add, `${p}.add`);
  if (adj.multiply === undefined && adj.add === undefined) rd.fail(p, 'expected multiply or add');
  return adj;
}

function tiersOf(rd: CardReader, raw: unknown): Tier[] {
  if (!Array.isArray(raw) || !raw.length) rd.fail('tiers', 'expected a list of tiers, highest first');
  const tiers = raw.map((t, i): Tier => {
    const p = `tiers[${i}]`;
    const o = rd.obj(t, p, 'expected { tier, min, policy }', ['tier', 'min', 'policy']);
    const tier: Tier = { tier: String(o.tier ?? ''), policy: policyOf(rd, o.policy, `${p}.policy`) };
    if (tier.tier.trim() === '') rd.fail(`${p}.tier`, 'expected a tier name');
    if (o.min !== undefined) tier.min = rd.num(o.min, `${p}.min`);
    return tier;
  });
  tiers.forEach((t, i) => {
    if (t.min === undefined && i < tiers.length - 1)
      rd.fail(`tiers[${i}].min`, 'only the last (lowest) tier may omit min');
    if (i > 0 && t.min !== undefined && t.min >= tiers[i - 1].min!)
      rd.fail(
        `tiers[${i}].min`,
        `tiers must be listed highest first (${t.min} is not below ${tiers[i - 1].min})`,
      );
  });
  const names = tiers.map((t) => t.tier);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) rd.fail('tiers', `tier "${dup}" appears twice`);
  return tiers;
}

function policyOf(rd: CardReader, v: unknown, path: string): Policy {
  const keys = ['owner', 'followUpDays', 'followUp', 'actions'];
  const o = rd.obj(v, path, 'expected { owner, followUpDays, actions }', keys);
  const missing = ['owner', 'followUpDays', 'actions'].filter((k) => o[k] === undefined);
  if (missing.length) rd.fail(path, `missing ${missing.join(', ')}`);
  const days = o.followUpDays === null ? null : rd.num(o.followUpDays, `${path}.followUpDays`);
  if (days !== null && !(Number.isInteger(days) && days >= 0 && days <= 3660))
    rd.fail(`${path}.followUpDays`, `expected whole days from 0 to 3,660 (or null), got ${days}`);
  if (!Array.isArray(o.actions) || !o.actions.every((a) => typeof a === 'string'))
    rd.fail(`${path}.actions`, 'expected a list of text');
  const out: Policy = {
    owner: rd.str(o.owner, `${path}.owner`),
    followUpDays: days,
    actions: o.actions as string[],
  };
  if (o.followUp !== undefined) out.followUp = rd.str(o.followUp, `${path}.followUp`);
  return out;
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
