import { isAbsolute, relative } from 'node:path';
import { VERSION } from '../version.js';

export type RunKind = 'cluster' | 'classify' | 'grade' | 'rfm' | 'pareto' | 'compare' | 'migrate';

/** `run.json`: what produced a results folder (the report's header). */
export interface RunInfo {
  kind: RunKind;
  source: string;
  rows: number;
  parameters: Record<string, unknown>;
  seed: number | null;
  strata: string;
  /** ISO time; SOURCE_DATE_EPOCH (seconds) fixes it for reproducible builds. */
  created: string;
}

export function runInfo(
  kind: RunKind,
  source: string,
  rows: number,
  parameters: Record<string, unknown>,
  seed?: number,
): RunInfo {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const created = (
    Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()
  ).toISOString();
  const clean = Object.fromEntries(
    Object.entries(parameters).filter(([, v]) => v !== undefined && typeof v !== 'function'),
  );
  // A file inside the working folder is shown as the user would type it.
  const rel = isAbsolute(source) ? relative(process.cwd(), source) : source;
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : source;
  return { kind, source: shown, rows, parameters: clean, seed: seed ?? null, strata: VERSION, created };
}
