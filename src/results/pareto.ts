import type { Table } from '../data/table.js';
import {
  PARETO_DEFAULTS,
  PARETO_OPTIONS,
  type ParetoOptions,
  type ParetoResult,
  paretoOf,
} from '../grade/pareto-view.js';
import { resolveOptions, type Spec, textMapParameter, UNITS_OPTION, type Units } from '../options.js';
import { idColumn } from '../prep/features.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { type Envelope, envelope } from './envelope.js';
import type { Result } from './result.js';

/** The summary of `strata pareto`, equal to its `--json`. */
export interface ParetoSummary extends Envelope {
  command: 'pareto';
  value: string;
  total: number;
  /** Missing values, counted as zero. */
  missing: number;
  headline: string;
  cutoffs: [number, number];
  topShares: { customerShare: number; valueShare: number }[];
  classes: { class: string; customers: number; share: number; valueShare: number }[];
}

/** curve.json: the cumulative value share, at most about 1,000 points (what the report draws). */
export interface ParetoCurve {
  curve: number[];
}

export type ParetoRunResult = Result<ParetoSummary> & { pareto: ParetoResult };

export interface ParetoRunOptions extends ParetoOptions {
  id?: string;
  units?: Units;
}

export const PARETO_RUN_OPTIONS = {
  ...PARETO_OPTIONS,
  id: { kind: 'string' },
  units: UNITS_OPTION,
} as const satisfies Spec;

/** Who holds how much of a value column: the Pareto curve, top shares and ABC classes. */
export function pareto(table: Table, options: ParetoRunOptions): ParetoRunResult {
  const o = resolveOptions(PARETO_RUN_OPTIONS, PARETO_DEFAULTS, options);
  const cutoffs: [number, number] = [o.cutoffs[0], o.cutoffs[1]];
  const p = paretoOf(table, o);
  const id = idColumn(table, options.id);
  const n = p.customers;
  const summary: ParetoSummary = {
    ...envelope(
      'pareto',
      { file: table.source, rows: table.nRows },
      { value: options.value, cutoffs, id: id ?? null, units: textMapParameter(options.units) },
    ),
    command: 'pareto',
    value: p.value,
    total: round(p.total, 12),
    missing: p.missing,
    headline: p.headline,
    cutoffs,
    topShares: p.topShares.map((t) => ({
      customerShare: t.customerShare,
      valueShare: round(t.valueShare, 6),
    })),
    classes: p.classes.map((c) => ({
      class: c.class,
      customers: c.customers,
      share: round(n ? c.customers / n : 0, 6),
      valueShare: round(c.valueShare, 6),
    })),
  };
  const step = Math.max(1, Math.ceil(n / 1000));
  const curve: ParetoCurve = {
    curve: Array.from(p.cumulative)
      .filter((_v, k) => (k + 1) % step === 0 || k === n - 1)
      .map((v) => round(v, 6)),
  };
  const csv = () => {
    const rows: Cell[][] = Array.from(p.order, (r, k) => [
      id ? table.text(id, r) : r + 1,
      table.text(options.value, r),
      k + 1,
      round(p.cumulative[k], 9),
      p.classOf[r],
    ]);
    return toCsv([id ?? 'row', options.value, 'rank', 'cumulative_share', 'class'], rows);
  };
  return {
    pareto: p,
    summary,
    documents: new Map([['curve.json', curve]]),
    tables: new Map([['pareto.csv', (write) => write(csv())]]),
  };
}
