import type { Command } from 'commander';
import {
  CLASSIFY_DEFAULTS,
  CLASSIFY_OPTIONS,
  type ClassifyOptions,
  type ClassifyResult,
  type ClassWeight,
  checkOptions,
  classify,
  classifyDatabase,
  classifyDatabaseText,
  classifyResultOf,
  DB_CLASSIFY_DEFAULTS,
  DB_CLASSIFY_OPTIONS,
  fromText,
  leftOutText,
  load,
  UsageError,
} from '../index.js';
import { formatNumber } from '../util/format.js';
import { round } from '../util/stats.js';
import { checkSource, type DbFlags, dbFlags, withDatabase } from './db-flags.js';
import { OutputDir, outFlags } from './output.js';
import { byDefault, list, optionsFrom } from './parse.js';
import { progressReporter } from './progress-bar.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';
import { printResult } from './results.js';
import { num, pct, textTable } from './table-text.js';

interface ClassifyFlags extends ReadFlags, DbFlags {
  sample?: string;
  scratch?: string;
  label: string;
  importance?: string;
  features?: string;
  exclude?: string;
  criterion?: string;
  maxDepth?: string;
  minLeaf?: string;
  minSplit?: string;
  classWeight?: string;
  ccpAlpha?: string;
  folds?: string;
  tune?: boolean;
  holdout?: string;
  splitter?: string;
  maxLevels?: string;
  seed?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

function classWeight(v: string | undefined): ClassWeight | undefined {
  if (v === undefined || v === 'none' || v === 'balanced') return v;
  // Class names are data: a null-prototype map keeps "__proto__=2" a weight like any other.
  const out: Record<string, number> = Object.create(null);
  for (const part of list(v)!) {
    const eq = part.lastIndexOf('=');
    const w = Number(part.slice(eq + 1));
    if (eq <= 0 || !(w >= 0) || !Number.isFinite(w))
      throw new UsageError(`--class-weight ${v}: expected balanced, none, or CLASS=WEIGHT,…`);
    out[part.slice(0, eq)] = w;
  }
  return out;
}

export function registerClassify(program: Command): void {
  outFlags(
    dbFlags(readFlags(program.command('classify [file]')))
      .description(
        'learn a decision tree from customers whose class is known; cross-validate; print its rules',
      )
      .requiredOption('--label <col>', 'the column with the known class (tier)')
      .option(
        '--features <cols>',
        'comma-separated feature columns (default: every numeric and categorical column)',
      )
      .option('--exclude <cols>', 'comma-separated columns to leave out')
      .option('--criterion <c>', `gini or entropy${byDefault(CLASSIFY_DEFAULTS.criterion)}`)
      .option(
        '--max-depth <n>',
        'maximum depth (default: with no --max-depth, --min-leaf, --min-split or --ccp-alpha, the size is chosen by cross-validated pruning)',
      )
      .option('--min-leaf <n>', `minimum customers in a leaf${byDefault(CLASSIFY_DEFAULTS.minSamplesLeaf)}`)
      .option(
        '--min-split <n>',
        `minimum customers in a node to split it${byDefault(CLASSIFY_DEFAULTS.minSamplesSplit)}`,
      )
      .option(
        '--class-weight <w>',
        `none, balanced, or CLASS=WEIGHT,…${byDefault(CLASSIFY_DEFAULTS.classWeight)}`,
      )
      .option('--ccp-alpha <x>', `cost-complexity pruning strength${byDefault(CLASSIFY_DEFAULTS.ccpAlpha)}`)
      .option('--folds <n>', `cross-validation folds (stratified)${byDefault(CLASSIFY_DEFAULTS.folds)}`)
      .option('--tune', 'choose depth, leaf size and ccp-alpha by cross-validation')
      .option(
        '--scoring <s>',
        'what --tune maximises: accuracy, balanced-accuracy, macro-f1, kappa or log-loss (default: balanced-accuracy with --class-weight balanced, else accuracy)',
      )
      .option(
        '--importance <kind>',
        'impurity, permutation or none (default: permutation below 100,000 rows, impurity only from there)',
      )
      .option('--holdout <share>', 'also score a model trained without a stratified hold-out share, e.g. 0.2')
      .option('--splitter <s>', `auto, exact or histogram${byDefault(CLASSIFY_DEFAULTS.splitter)}`)
      .option(
        '--max-levels <n>',
        `most levels a categorical feature, and classes the label, may have${byDefault(CLASSIFY_DEFAULTS.maxLevels)}`,
      )
      .option('--seed <n>', `random seed${byDefault(CLASSIFY_DEFAULTS.seed)}`)
      .option(
        '--sample <n>',
        `with --db: customers drawn (seeded) to choose the features and the bins${byDefault(DB_CLASSIFY_DEFAULTS.sample)}`,
      )
      .option(
        '--scratch <schema>',
        'with --db: a schema Strata may write to; the inputs are binned once into a table there (dropped at the end) that every tree level reads',
      ),
    'reports/classify',
  ).action(async (file: string | undefined, flags: ClassifyFlags) => {
    checkSource(file, flags);
    const options = classifyOptions(flags);
    if (flags.db !== undefined) {
      await classifyInDatabase(flags.db, flags, options);
      return;
    }
    if (file === undefined) return;
    const out = OutputDir.from(flags);
    const table = await load(file, loadOptions(flags));
    const result = classify(table, options);
    out.addResult(result);
    printResult(flags, result.summary, classifyText(result), await out.finish());
  });
}

/** Customers who stay in their database: each tree level and each fold's score is one query there. */
async function classifyInDatabase(
  url: string,
  flags: ClassifyFlags,
  options: ClassifyOptions,
): Promise<void> {
  const out = OutputDir.from(flags);
  const dbOptions = checkOptions(DB_CLASSIFY_OPTIONS, {
    ...options,
    table: flags.table,
    query: flags.query,
    bucket: flags.bucket,
    scratch: flags.scratch,
    ...(flags.sample !== undefined
      ? { sample: fromText(DB_CLASSIFY_OPTIONS.sample, flags.sample) as number }
      : {}),
  });
  const run = await withDatabase(url, (db) => classifyDatabase(db, dbOptions), {
    write: flags.scratch !== undefined,
  });
  const result = classifyResultOf(run, { file: run.source, rows: run.rows + run.dropped }, run);
  out.addResult(result);
  printResult(flags, result.summary, classifyText(result), await out.finish());
}

/** Flags to the library's options, checked by the library's own spec before any data is read. */
export function classifyOptions(flags: Omit<ClassifyFlags, 'out'>): ClassifyOptions {
  const options = optionsFrom(CLASSIFY_OPTIONS, flags, {
    minLeaf: 'minSamplesLeaf',
    minSplit: 'minSamplesSplit',
  }) as unknown as ClassifyOptions;
  options.classWeight = classWeight(flags.classWeight);
  options.onProgress = progressReporter();
  return checkOptions(CLASSIFY_OPTIONS, options);
}

/** What `strata classify` prints without --json. */
export function classifyText(result: ClassifyResult, topRules = 5): string {
  const s = result.summary;
  const run = result.run;
  const lines: string[] = [];
  const rows = (Array.isArray(s.input) ? s.input[0].rows : s.input.rows) - s.rowsWithoutLabel;
  lines.push(
    `Trained on ${num(rows)} customers, ${run.features.length} features; label "${s.label}" with classes ${s.classes.join(', ')}.`,
  );
  if (s.database) lines.push(classifyDatabaseText(s.database));
  if (s.leftOut.length) lines.push(leftOutText(s.leftOut.filter((x) => x.column !== s.label)));
  if (s.rowsWithoutLabel) lines.push(`Dropped ${num(s.rowsWithoutLabel)} rows with no label.`);
  if (s.cv.note) lines.push(`Note: ${s.cv.note}.`);
  if (s.complexity)
    lines.push(
      `Tree size chosen by ${s.cv.folds}-fold cross-validated pruning (one-standard-error rule): ccp-alpha ${formatNumber(s.complexity.ccpAlpha)}, ${s.complexity.leaves} leaves, from ${s.complexity.candidates.length} candidates.`,
    );
  if (run.tuned) {
    const b = run.tuned.best;
    lines.push(
      `Tuned by cross-validated ${run.tuned.scoring} over ${run.tuned.tried.length} candidates: max depth ${b.maxDepth ?? 'unlimited'}, min leaf ${b.minSamplesLeaf}, ccp-alpha ${round(b.ccpAlpha ?? 0, 4)}.`,
    );
  }
  lines.push(
    '',
    `${s.cv.folds}-fold cross-validation: accuracy ${pct(s.cv.accuracy)} (± ${pct(s.cv.accuracyStd)}), balanced accuracy ${pct(s.cv.balancedAccuracy)}, macro F1 ${s.cv.macroF1.toFixed(3)}, kappa ${s.cv.kappa.toFixed(3)}.`,
  );
  if (s.holdout)
    lines.push(
      `Hold-out (${num(s.holdout.customers)} customers, a ${pct(Number(s.parameters.holdout))} stratified share; holdout.csv): accuracy ${pct(s.holdout.accuracy)}, macro F1 ${s.holdout.macroF1.toFixed(3)}.`,
    );
  lines.push(
    textTable(
      ['class', 'precision', 'recall', 'F1', 'support'],
      s.cv.perClass.map((m) => [
        m.class,
        m.precision.toFixed(3),
        m.recall.toFixed(3),
        m.f1.toFixed(3),
        num(m.support),
      ]),
      [false, true, true, true, true],
    ),
  );
  lines.push(
    '',
    `Tree: depth ${s.tree.depth}, ${s.tree.leaves} leaves (training accuracy ${pct(s.trainAccuracy)}).`,
  );
  lines.push(`Top rules of ${s.rules.length}:`);
  for (const r of run.rules.slice(0, topRules)) lines.push(`  ${r.text}`);
  const top = s.importance.slice(0, 5).map((i) => `${i.feature} ${(100 * i.impurity).toFixed(1)}%`);
  if (top.length) lines.push(`Most important: ${top.join(', ')}.`);
  return lines.join('\n');
}
