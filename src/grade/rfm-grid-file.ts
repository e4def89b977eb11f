import { readFileSync } from 'node:fs';
import { DataError } from '../errors.js';
import { parseYamlData } from '../util/yaml-data.js';
import type { RfmSegment } from './rfm-scores.js';

/** An RFM segment grid from a YAML or JSON file: a list of { name, r: [lo, hi], f: [lo, hi] }, scores 1–5. */
export function readSegmentGrid(file: string): RfmSegment[] {
  let raw: unknown;
  try {
    raw = parseYamlData(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DataError({ file }, `cannot read the segment grid: ${(e as Error).message.split('\n')[0]}`);
  }
  const ok = (r: unknown): r is [number, number] =>
    Array.isArray(r) && r.length === 2 && r.every((x) => Number.isInteger(x) && x >= 1 && x <= 5);
  if (!Array.isArray(raw))
    throw new DataError({ file }, 'expected a list of { name, r: [lo, hi], f: [lo, hi] }');
  return raw.map((g, i) => {
    const o = g as { name?: unknown; r?: unknown; f?: unknown };
    if (typeof o.name !== 'string' || !ok(o.r) || !ok(o.f))
      throw new DataError({ file }, `[${i}]: expected { name, r: [lo, hi], f: [lo, hi] } with scores 1–5`);
    return { name: o.name, r: o.r, f: o.f };
  });
}
