import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import type { ClassifyRun } from './pipeline.js';

/** The `--json` object of `strata classify` (a contract: add fields, never rename). */
export interface ClassifySummary {
  cv: {
    folds: number;
    accuracy: number;
    balancedAccuracy: number;
    macroF1: number;
    kappa: number;
    perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
    confusion: { labels: string[]; matrix: number[][] };
    accuracyStd: number;
    weightedF1: number;
    logLoss: number | null;
    note?: string;
  };
  tree: { depth: number; leaves: number };
  rules: number;
  rows: number;
  droppedMissingLabel: number;
  trainAccuracy: number;
  params: Record<string, unknown>;
  holdout?: { accuracy: number; balancedAccuracy: number; macroF1: number; kappa: number };
}

const r4 = (v: number) => round(v, 6);

export function classifySummary(run: ClassifyRun): ClassifySummary {
  const p = run.cv.pooled;
  const perClass: ClassifySummary['cv']['perClass'] = {};
  for (const [c, m] of Object.entries(p.perClass)) {
    perClass[c] = { precision: r4(m.precision), recall: r4(m.recall), f1: r4(m.f1), support: m.support };
  }
  return {
    cv: {
      folds: run.cv.folds,
      accuracy: r4(run.cv.accuracy),
      balancedAccuracy: r4(p.balancedAccuracy),
      macroF1: r4(p.macroF1),
      kappa: r4(p.kappa),
      perClass,
      confusion: p.confusion,
      accuracyStd: r4(run.cv.accuracyStd),
      weightedF1: r4(p.weightedF1),
      logLoss: p.logLoss === null ? null : r4(p.logLoss),
      ...(run.cv.note ? { note: run.cv.note } : {}),
    },
    tree: { depth: run.model.state.depth, leaves: run.model.state.leaves },
    rules: run.rules.length,
    rows: run.rows,
    droppedMissingLabel: run.dropped,
    trainAccuracy: r4(run.trainAccuracy),
    params: { ...run.model.params },
    ...(run.holdout
      ? {
          holdout: {
            accuracy: r4(run.holdout.accuracy),
            balancedAccuracy: r4(run.holdout.balancedAccuracy),
            macroF1: r4(run.holdout.macroF1),
            kappa: r4(run.holdout.kappa),
          },
        }
      : {}),
  };
}

export function rulesText(run: ClassifyRun): string {
  return `${run.rules.map((r, i) => `${String(i + 1).padStart(3)}. ${r.text}`).join('\n')}\n`;
}

export function importanceCsv(run: ClassifyRun): string {
  const rows: Cell[][] = run.importance.map((i) => [
    i.column,
    r4(i.impurity),
    r4(i.permutation),
    r4(i.permutationStd),
  ]);
  return toCsv(['feature', 'impurity_importance', 'permutation_importance', 'permutation_std'], rows);
}
