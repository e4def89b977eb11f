import type { Command } from 'commander';
import { predictWithTree } from '../classify/predict.js';
import { load } from '../data/load.js';
import type { Table } from '../data/table.js';
import { UsageError } from '../errors.js';
import { type Comparison, compareTiers, migrate } from '../grade/compare.js';
import { loadModel } from '../model/model-file.js';
import { idColumn } from '../prep/features.js';
import { runInfo } from '../report/run-info.js';
import type { CompareReportSummary, MigrateReportSummary } from '../report/sections.js';
import { toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { OutputDir } from './output.js';
import { list } from './parse.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';
import { num, pct, textTable } from './table-text.js';

interface CompareFlags extends ReadFlags {
  assigned: string;
  predicted?: string;
  model?: string;
  order?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

/** The `--json` object of `strata compare`. */
export function compareSummary(c: Comparison) {
  return {
    customers: c.customers,
    agreement: round(c.agreement, 6),
    kappa: round(c.kappa, 6),
    weightedKappa: round(c.weightedKappa, 6),
    labels: c.labels,
    matrix: c.matrix,
    quadraticKappa: round(c.quadraticKappa, 6),
    disagreements: c.disagreements.length,
    skipped: c.skipped,
  };
}

/** Predicted against assigned tiers for a table: from a column, or from a tree model applied to it. */
export function runCompare(
  table: Table,
  flags: Omit<CompareFlags, 'out'>,
): { comparison: Comparison; id: string | undefined } {
  if (!flags.predicted === !flags.model)
    throw new UsageError('give exactly one of --predicted COL or --model MODEL.json');
  if (!table.has(flags.assigned))
    throw new UsageError(`${table.source}: assigned tier column "${flags.assigned}" not found`);
  const id = idColumn(table, flags.id);
  const n = table.nRows;
  const assigned = Array.from({ length: n }, (_, i) => table.text(flags.assigned, i));
  const ids = Array.from({ length: n }, (_, i) => (id ? table.text(id, i) : String(i + 1)));
  let predicted: string[];
  let rules: string[] | undefined;
  if (flags.model) {
    const model = loadModel(flags.model);
    if (model.kind !== 'tree')
      throw new UsageError(
        `${flags.model}: --model needs a tree model (from strata classify), this one is ${model.kind}`,
      );
    const p = predictWithTree(model, table);
    predicted = p.predicted;
    rules = p.rule;
  } else {
    if (!table.has(flags.predicted!))
      throw new UsageError(`${table.source}: predicted tier column "${flags.predicted}" not found`);
    predicted = Array.from({ length: n }, (_, i) => table.text(flags.predicted!, i));
  }
  return { comparison: compareTiers(assigned, predicted, ids, { order: list(flags.order), rules }), id };
}

export function compareFiles(
  out: OutputDir,
  c: Comparison,
  idName: string,
  prefix = '',
  source = '',
  parameters: Record<string, unknown> = {},
): void {
  const summary: CompareReportSummary = { ...compareSummary(c), top: c.disagreements.slice(0, 50) };
  out.add(
    `${prefix}run.json`,
    `${JSON.stringify(runInfo('compare', source, c.customers + c.skipped, parameters), null, 1)}\n`,
  );
  out.add(`${prefix}summary.json`, `${JSON.stringify(summary, null, 1)}\n`);
  const header = [
    idName,
    'assigned',
    'predicted',
    'distance',
    ...(c.disagreements[0]?.rule !== undefined ? ['rule'] : []),
  ];
  out.add(
    `${prefix}disagreements.csv`,
    toCsv(
      header,
      c.disagreements.map((d) => [
        d.id,
        d.assigned,
        d.predicted,
        d.distance,
        ...(d.rule !== undefined ? [d.rule] : []),
      ]),
    ),
  );
  out.add(`${prefix}comparison.json`, `${JSON.stringify(compareSummary(c), null, 1)}\n`);
}

export function compareText(c: Comparison): string {
  const lines = [
    `${num(c.customers)} customers: model and people agree on ${pct(c.agreement)}; kappa ${c.kappa.toFixed(3)}, weighted kappa ${c.weightedKappa.toFixed(3)} (linear), ${c.quadraticKappa.toFixed(3)} (quadratic).`,
    'Rows: assigned tier; columns: predicted tier.',
    textTable(
      ['', ...c.labels],
      c.matrix.map((r, i) => [c.labels[i], ...r.map((v) => num(v))]),
      [false, ...c.labels.map(() => true)],
    ),
    `${num(c.disagreements.length)} disagreements, furthest apart first:`,
    ...c.disagreements
      .slice(0, 5)
      .map(
        (d) => `  ${d.id}: assigned ${d.assigned}, predicted ${d.predicted}${d.rule ? ` (${d.rule})` : ''}`,
      ),
  ];
  if (c.skipped) lines.push(`${num(c.skipped)} rows skipped: a tier was missing.`);
  return lines.join('\n');
}

export function registerCompare(program: Command): void {
  readFlags(program.command('compare <file>'))
    .description(
      'predicted against assigned tiers: cross-table, agreement, kappa, the disagreements to review',
    )
    .requiredOption('--assigned <col>', 'the tier people assigned')
    .option('--predicted <col>', 'a column with predicted tiers')
    .option('--model <model.json>', 'or a tree model to predict them')
    .option('--order <tiers>', 'tier order for weighted kappa, e.g. A,B,C,D,E (default: natural order)')
    .option('--out <dir>', 'output folder', 'reports/compare')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (file: string, flags: CompareFlags) => {
      const out = OutputDir.from(flags);
      const table = await load(file, loadOptions(flags));
      const { comparison, id } = runCompare(table, flags);
      compareFiles(out, comparison, id ?? 'row', '', file, {
        assigned: flags.assigned,
        predicted: flags.predicted,
        model: flags.model,
        order: flags.order,
      });
      const where = await out.finish();
      if (flags.json) process.stdout.write(`${JSON.stringify(compareSummary(comparison), null, 2)}\n`);
      else process.stdout.write(`${compareText(comparison)}\n${where}\n`);
    });

  program
    .command('migrate <before> <after>')
    .description(
      'tier migration between two periods, matched by id: from → to counts and the customers who moved',
    )
    .requiredOption('--id <col>', 'customer id column in both files')
    .requiredOption('--tier <col>', 'tier column in both files')
    .option('--order <tiers>', 'tier order, best first (default: natural order)')
    .option('--out <dir>', 'output folder', 'reports/migrate')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .option('--json', 'print a JSON summary on stdout')
    .action(
      async (
        beforeFile: string,
        afterFile: string,
        flags: { id: string; tier: string; order?: string; out: string; force?: boolean; json?: boolean },
      ) => {
        const out = OutputDir.from(flags);
        const before = await load(beforeFile, { id: flags.id });
        const after = await load(afterFile, { id: flags.id });
        const m = migrate(before, after, flags.id, flags.tier, list(flags.order));
        out.add(
          'migration.csv',
          toCsv(
            [flags.id, 'from', 'to', 'steps_up'],
            m.moved.map((x) => [x.id, x.from, x.to, x.steps]),
          ),
        );
        const summary: MigrateReportSummary = {
          customers: m.customers,
          stayed: m.stayed,
          up: m.up,
          down: m.down,
          added: m.added,
          lost: m.lost,
          labels: m.labels,
          matrix: m.matrix,
        };
        out.add(
          'run.json',
          `${JSON.stringify(runInfo('migrate', `${beforeFile} → ${afterFile}`, m.customers, { id: flags.id, tier: flags.tier, order: flags.order }), null, 1)}\n`,
        );
        out.add('summary.json', `${JSON.stringify(summary, null, 1)}\n`);
        const where = await out.finish();
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const lines = [
          `${num(m.customers)} customers in both files: ${num(m.stayed)} stayed, ${num(m.up)} moved up, ${num(m.down)} moved down; ${num(m.added)} new, ${num(m.lost)} gone.`,
          'Rows: before; columns: after.',
          textTable(
            ['', ...m.labels],
            m.matrix.map((r, i) => [m.labels[i], ...r.map((v) => num(v))]),
            [false, ...m.labels.map(() => true)],
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n${where}\n`);
      },
    );
}
