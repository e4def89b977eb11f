import { readFileSync } from 'node:fs';
import { type Column, cellText, isMissing, type Table } from '../data/table.js';
import { DataError } from '../errors.js';
import { round } from '../util/stats.js';
import { parseYamlData } from '../util/yaml-data.js';
import {
  type Condition,
  type ScoreCriterion,
  type Scorecard,
  type Tier,
  validateScorecard,
} from './card-schema.js';

export type { Adjustment, Band, Policy, ScoreCriterion, Scorecard, Tier } from './card-schema.js';

/** Reads a scorecard from YAML or JSON (parsed as data only: nothing in it is ever executed). */
export function readScorecard(file: string): Scorecard {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new DataError({ file }, 'scorecard file not found');
  }
  let raw: unknown;
  try {
    raw = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYamlData(text);
  } catch (e) {
    throw new DataError(
      { file },
      `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  return validateScorecard(file, raw);
}

export interface GradeResult {
  card: Scorecard;
  /** Composite score per customer (or the `tiersBy` measure). */
  score: Float64Array;
  /** Points per criterion per customer: points[c][row]. */
  points: Float64Array[];
  /** Index into card.tiers; −1 when the score is below every tier. */
  tier: Int32Array;
  /** Adjustments applied per customer (names). */
  adjusted: string[][];
}

/** Lowest and highest score the card can give (weights × point ranges, through the adjustments). */
export function scoreRange(card: Scorecard): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const c of card.criteria) {
    const pts = criterionPoints(c);
    lo += c.weight * Math.min(...pts);
    hi += c.weight * Math.max(...pts);
  }
  for (const a of card.adjustments) {
    const m = a.multiply ?? 1;
    const add = a.add ?? 0;
    const ends = [lo, hi, lo * m + add, hi * m + add];
    lo = Math.min(...ends);
    hi = Math.max(...ends);
  }
  return [lo, hi];
}

function criterionPoints(c: ScoreCriterion): number[] {
  const pts: number[] = [];
  if (c.bands) pts.push(...c.bands.map((b) => b.points));
  if (c.linear) pts.push(c.linear.from[1], c.linear.to[1]);
  if (c.map) pts.push(...Object.values(c.map));
  if (c.missing !== undefined) pts.push(c.missing);
  if (c.otherwise !== undefined) pts.push(c.otherwise);
  return pts;
}

function need(table: Table, cardFile: string, path: string, name: string): Column {
  const col = table.get(name);
  if (!col) throw new DataError({ file: cardFile }, `${path}: column "${name}" not found in ${table.source}`);
  return col;
}

/**
 * Scores every customer: points per criterion, weighted sum, adjustments, then the tier.
 * Scores are rounded to 9 significant digits before tiering, so 80 × 1.05 lands on 84, not 84.000000000000014.
 */
export function gradeTable(card: Scorecard, table: Table, cardFile = 'scorecard'): GradeResult {
  const n = table.nRows;
  const cols = card.criteria.map((c, i) => need(table, cardFile, `criteria[${i}].column`, c.column));
  const adjCols = card.adjustments.map((a, i) =>
    need(table, cardFile, `adjustments[${i}].when.column`, a.when.column),
  );
  const measure = card.tiersBy ? need(table, cardFile, 'tiersBy', card.tiersBy) : null;
  if (measure && measure.type !== 'numeric')
    throw new DataError({ file: cardFile }, `tiersBy: column "${card.tiersBy}" is not numeric`);
  const points = card.criteria.map(() => new Float64Array(n));
  const score = new Float64Array(n);
  const tier = new Int32Array(n);
  const adjusted: string[][] = [];
  for (let row = 0; row < n; row++) {
    let s = 0;
    card.criteria.forEach((c, i) => {
      const p = pointsFor(c, cols[i], row, table.source);
      points[i][row] = p;
      s += c.weight * p;
    });
    if (measure) {
      const v = (measure as { values: Float64Array }).values[row];
      if (Number.isNaN(v))
        throw new DataError(
          { file: table.source, row: row + 1, column: card.tiersBy },
          'missing value; the tiers need it',
        );
      s = v;
    }
    const applied: string[] = [];
    card.adjustments.forEach((a, i) => {
      if (!matches(a.when, adjCols[i], row)) return;
      s = s * (a.multiply ?? 1) + (a.add ?? 0);
      applied.push(a.name ?? `adjustments[${i}]`);
    });
    adjusted.push(applied);
    score[row] = round(s, 9);
    tier[row] = tierOf(card.tiers, score[row]);
  }
  return { card, score, points, tier, adjusted };
}

export function tierOf(tiers: readonly Tier[], score: number): number {
  for (let t = 0; t < tiers.length; t++) {
    const min = tiers[t].min;
    if (min === undefined || score >= min) return t;
  }
  return -1;
}

function pointsFor(c: ScoreCriterion, col: Column, row: number, file: string): number {
  if (isMissing(col, row)) {
    if (c.missing !== undefined) return c.missing;
    throw new DataError(
      { file, row: row + 1, column: c.column },
      `missing value, and criterion "${c.name}" has no "missing" rule`,
    );
  }
  if (c.map) {
    const key = cellText(col, row);
    const p = Object.hasOwn(c.map, key) ? c.map[key] : undefined;
    if (p !== undefined) return p;
    if (c.otherwise !== undefined) return c.otherwise;
    throw new DataError(
      { file, row: row + 1, column: c.column },
      `"${key}" is not in the map of criterion "${c.name}" (and it has no "otherwise")`,
    );
  }
  if (col.type !== 'numeric') {
    throw new DataError(
      { file, row: row + 1, column: c.column },
      `criterion "${c.name}" needs numbers, found ${col.type} values`,
    );
  }
  const v = col.values[row];
  if (c.linear) {
    const [[x0, p0], [x1, p1]] = [c.linear.from, c.linear.to];
    const t = Math.min(1, Math.max(0, (v - x0) / (x1 - x0)));
    return p0 + t * (p1 - p0);
  }
  for (const b of c.bands!) {
    if ((b.min === undefined || v >= b.min) && (b.max === undefined || v < b.max)) return b.points;
  }
  if (c.otherwise !== undefined) return c.otherwise;
  throw new DataError(
    { file, row: row + 1, column: c.column },
    `${v} falls in no band of criterion "${c.name}" (and it has no "otherwise")`,
  );
}

function matches(w: Condition, col: Column, row: number): boolean {
  if (isMissing(col, row)) return false;
  const text = cellText(col, row);
  if (w.equals !== undefined && text !== String(w.equals)) return false;
  if (w.in !== undefined && !w.in.map(String).includes(text)) return false;
  if (w.min !== undefined || w.max !== undefined) {
    if (col.type !== 'numeric') return false;
    const v = col.values[row];
    if (w.min !== undefined && v < w.min) return false;
    if (w.max !== undefined && v >= w.max) return false;
  }
  return true;
}
