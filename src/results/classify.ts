import { type ClassifyOptions, type ClassifyRun, classifyTable } from '../classify/classify-table.js';
import type { TuneCandidate } from '../classify/cv.js';
import type { Table } from '../data/table.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { shardWarnings } from './database.js';
import { type Envelope, envelope, type Warning } from './envelope.js';
import type { Result, TableWriter } from './result.js';

export interface ClassMetricsSummary {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface RuleSummary {
  /** "IF … THEN tier A", the same text as in rules.txt and the report. */
  rule: string;
  class: string;
  customers: number;
  share: number;
  /** Share of the rule's training customers whose class is the predicted one. */
  correct: number;
}

/** The summary of `strata classify`, equal to its `--json`. */
export interface ClassifySummary extends Envelope {
  command: 'classify';
  label: string;
  classes: string[];
  /** Rows left out because their label was missing. */
  rowsWithoutLabel: number;
  features: string[];
  /** Every other column and why it is not a feature. */
  leftOut: { column: string; reason: string }[];
  cv: {
    folds: number;
    accuracy: number;
    accuracyStd: number;
    balancedAccuracy: number;
    macroF1: number;
    weightedF1: number;
    kappa: number;
    logLoss: number | null;
    perClass: ClassMetricsSummary[];
    confusion: { labels: string[]; matrix: number[][] };
    foldAccuracy: number[];
    note?: string;
  };
  /** With `holdout`: a tree trained without a stratified share of the customers, scored on them (holdout.csv lists them). */
  holdout?: { accuracy: number; balancedAccuracy: number; macroF1: number; kappa: number; customers: number };
  /**
   * When no limit was given: the tree's size chosen by cross-validated cost-complexity pruning, the
   * simplest tree within one standard error of the lowest error (every candidate scored is listed).
   */
  complexity?: {
    rule: 'one-standard-error';
    ccpAlpha: number;
    leaves: number;
    candidates: { ccpAlpha: number; leaves: number; cvError: number; cvErrorSe: number }[];
  };
  /** With tune: what was maximised, the chosen options and every candidate with all its scores. */
  tuning?: {
    scoring: string;
    best: { maxDepth: number | null; minSamplesLeaf: number; ccpAlpha: number };
    candidates: TuneCandidate[];
  };
  tree: { depth: number; leaves: number };
  trainAccuracy: number;
  rules: RuleSummary[];
  /** Per input column; `permutation` is null when it was not computed (`importance: 'impurity'`). */
  importance: {
    feature: string;
    impurity: number;
    permutation: number | null;
    permutationStd: number | null;
  }[];
  /**
   * Trained in a database: where, the labelled customers counted there, the sample that chose the
   * features and bins, and the final tree's level queries with their mean time.
   */
  database?: {
    source: string;
    rows: number;
    sampleRows: number;
    levels: number;
    secondsPerLevel: number;
    /** Shards of a sharded table whose level queries Strata ran on each shard directly (0: none). */
    shardsReadDirectly: number;
    /**
     * With a scratch schema: where the inputs were binned once, into a table dropped at the end, and
     * the seconds that took (the levels then read bins); null when each level binned the raw values.
     */
    scratch: { schema: string; seconds: number } | null;
  };
}

/** What a tree trained in a database adds to its summary. */
export interface ClassifyDatabaseInfo {
  source: string;
  sampleRows: number;
  seconds: number[];
  pushed: boolean | null;
  shardsReadDirectly: number;
  binned: { schema: string; seconds: number } | null;
}

export type ClassifyResult = Result<ClassifySummary> & { run: ClassifyRun };

const r6 = (v: number) => round(v, 6);

/** A class the final tree never predicts, or one cross-validation rarely finds, is worth a word. */
function warningsOf(run: ClassifyRun): Warning[] {
  const out: Warning[] = [];
  const predicted = new Set(run.rules.map((r) => r.class));
  for (const c of run.classes) {
    const m = run.cv.pooled.perClass.find((x) => x.class === c);
    if (!predicted.has(c))
      out.push({
        code: 'class-never-predicted',
        message: `the final tree never predicts class "${c}"${m ? ` (cross-validated recall ${(100 * m.recall).toFixed(0)}%)` : ''}`,
      });
    else if (m && m.support > 0 && m.recall < 0.2)
      out.push({
        code: 'class-low-recall',
        message: `class "${c}" is rarely found: cross-validated recall ${(100 * m.recall).toFixed(0)}%`,
      });
  }
  const { depth, leaves } = run.model.state;
  if (leaves > 64 || depth > 8)
    out.push({
      code: 'tree-hard-to-read',
      message: `the tree has ${leaves} leaves and depth ${depth}: its rules will be hard to read; limit it with maxDepth, minSamplesLeaf or ccpAlpha`,
    });
  return out;
}

export function classifySummary(
  run: ClassifyRun,
  input: { file: string; rows: number },
  database?: ClassifyDatabaseInfo,
): ClassifySummary {
  const { seed, ...params } = run.model.params;
  const parameters = {
    label: run.model.state.label,
    features: run.features,
    id: run.id ?? null,
    ...params,
    classWeight:
      typeof params.classWeight === 'string' ? params.classWeight : JSON.stringify(params.classWeight),
    folds: run.cv.folds,
    holdout: run.heldOut?.share,
    seed,
  };
  return {
    ...envelope('classify', input, parameters, [
      ...warningsOf(run),
      ...shardWarnings(database?.pushed ?? null),
    ]),
    command: 'classify',
    label: run.model.state.label,
    classes: run.classes,
    rowsWithoutLabel: run.dropped,
    features: run.features,
    leftOut: run.leftOut,
    cv: cvPart(run),
    ...(run.holdout
      ? {
          holdout: {
            accuracy: r6(run.holdout.accuracy),
            balancedAccuracy: r6(run.holdout.balancedAccuracy),
            macroF1: r6(run.holdout.macroF1),
            kappa: r6(run.holdout.kappa),
            customers: run.heldOut?.ids.length ?? 0,
          },
        }
      : {}),
    ...(run.complexity ? { complexity: complexityPart(run.complexity) } : {}),
    ...(run.tuned ? { tuning: tuningPart(run.tuned) } : {}),
    tree: { depth: run.model.state.depth, leaves: run.model.state.leaves },
    trainAccuracy: r6(run.trainAccuracy),
    rules: run.rules.map((r) => ({
      rule: r.statement,
      class: r.class,
      customers: r.customers,
      share: r6(r.share),
      correct: r6(r.correct),
    })),
    importance: run.importance.map((i) => ({
      feature: i.column,
      impurity: r6(i.impurity),
      permutation: i.permutation === null ? null : r6(i.permutation),
      permutationStd: i.permutationStd === null ? null : r6(i.permutationStd),
    })),
    ...(database ? { database: databasePart(run, database) } : {}),
  };
}

function cvPart(run: ClassifyRun): ClassifySummary['cv'] {
  const p = run.cv.pooled;
  return {
    folds: run.cv.folds,
    accuracy: r6(run.cv.accuracy),
    accuracyStd: r6(run.cv.accuracyStd),
    balancedAccuracy: r6(p.balancedAccuracy),
    macroF1: r6(p.macroF1),
    weightedF1: r6(p.weightedF1),
    kappa: r6(p.kappa),
    logLoss: p.logLoss === null ? null : r6(p.logLoss),
    perClass: p.perClass.map((m) => ({
      class: m.class,
      precision: r6(m.precision),
      recall: r6(m.recall),
      f1: r6(m.f1),
      support: m.support,
    })),
    confusion: p.confusion,
    foldAccuracy: run.cv.foldAccuracy.map(r6),
    ...(run.cv.note ? { note: run.cv.note } : {}),
  };
}

function complexityPart(
  c: NonNullable<ClassifyRun['complexity']>,
): NonNullable<ClassifySummary['complexity']> {
  return {
    rule: c.rule,
    ccpAlpha: round(c.ccpAlpha, 10),
    leaves: c.leaves,
    candidates: c.candidates.map((x) => ({
      ccpAlpha: round(x.ccpAlpha, 10),
      leaves: x.leaves,
      cvError: r6(x.cvError),
      cvErrorSe: r6(x.cvErrorSe),
    })),
  };
}

function tuningPart(t: NonNullable<ClassifyRun['tuned']>): NonNullable<ClassifySummary['tuning']> {
  return {
    scoring: t.scoring,
    best: {
      maxDepth: t.best.maxDepth ?? null,
      minSamplesLeaf: t.best.minSamplesLeaf,
      ccpAlpha: round(t.best.ccpAlpha, 10),
    },
    candidates: t.tried.map((c) => ({
      maxDepth: c.maxDepth,
      minSamplesLeaf: c.minSamplesLeaf,
      ccpAlpha: round(c.ccpAlpha, 10),
      accuracy: r6(c.accuracy),
      balancedAccuracy: r6(c.balancedAccuracy),
      macroF1: r6(c.macroF1),
      kappa: r6(c.kappa),
      logLoss: c.logLoss === null ? null : r6(c.logLoss),
    })),
  };
}

function databasePart(
  run: ClassifyRun,
  database: ClassifyDatabaseInfo,
): NonNullable<ClassifySummary['database']> {
  return {
    source: database.source,
    rows: run.rows,
    sampleRows: database.sampleRows,
    levels: database.seconds.length,
    secondsPerLevel: r6(database.seconds.reduce((a, b) => a + b, 0) / Math.max(1, database.seconds.length)),
    shardsReadDirectly: database.shardsReadDirectly,
    scratch: database.binned && { schema: database.binned.schema, seconds: r6(database.binned.seconds) },
  };
}

export function rulesText(run: ClassifyRun): string {
  return `${run.rules.map((r, i) => `${String(i + 1).padStart(3)}. ${r.text}`).join('\n')}\n`;
}

function importanceCsv(s: ClassifySummary): string {
  const rows: Cell[][] = s.importance.map((i) => [i.feature, i.impurity, i.permutation, i.permutationStd]);
  return toCsv(['feature', 'impurity_importance', 'permutation_importance', 'permutation_std'], rows);
}

export function classifyResultOf(
  run: ClassifyRun,
  input: { file: string; rows: number },
  database?: ClassifyDatabaseInfo,
): ClassifyResult {
  const summary = classifySummary(run, input, database);
  return {
    run,
    summary,
    model: run.model,
    documents: new Map<string, unknown>([
      ['model.json', run.model],
      ['rules.json', run.rules],
    ]),
    tables: new Map<string, TableWriter>([
      ['rules.txt', (write) => write(rulesText(run))],
      ['importance.csv', (write) => write(importanceCsv(summary))],
      ...(run.heldOut ? ([['holdout.csv', heldOutCsv(run.heldOut, run.id)]] as const) : []),
    ]),
  };
}

/** holdout.csv: each held-out customer, their class and the class the hold-out tree gave them. */
function heldOutCsv(h: NonNullable<ClassifyRun['heldOut']>, id: string | undefined): TableWriter {
  return (write) =>
    write(
      toCsv(
        [id ?? 'row', 'actual', 'predicted'],
        h.ids.map((x, i) => [x, h.actual[i], h.predicted[i]]),
      ),
    );
}

/**
 * A decision tree learned from customers whose class (tier) is known, cross-validated, with its
 * rules in plain language and its feature importances.
 *
 * @example
 * const tiers = classify(table, { label: 'assigned_tier', maxDepth: 6, minSamplesLeaf: 20 });
 * tiers.summary.cv.accuracy; tiers.summary.rules[0].rule;
 */
export function classify(table: Table, options: ClassifyOptions): ClassifyResult {
  const run = classifyTable(table, options);
  return classifyResultOf(run, { file: table.source, rows: table.nRows });
}
