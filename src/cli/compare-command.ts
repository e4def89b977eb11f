import type { Command } from 'commander';
import {
  type CompareSummary,
  compare,
  load,
  loadModel,
  type MigrateSummary,
  migrate,
  UsageError,
} from '../index.js';
import { OutputDir, outFlags } from './output.js';
import { list } from './parse.js';
import { loadOptions, type ReadFlags, readFlags, unitsOf } from './read-flags.js';
import { printResult } from './results.js';
import { num, pct, textTable } from './table-text.js';

interface CompareFlags extends ReadFlags {
  assigned: string;
  predicted?: string;
  model?: string;
  order?: string;
  value?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

const crossTable = (c: { labels: string[]; matrix: number[][] }) =>
  textTable(
    ['', ...c.labels],
    c.matrix.map((r, i) => [c.labels[i], ...r.map((v) => num(v))]),
    [false, ...c.labels.map(() => true)],
  );

/** What `strata compare` prints without --json. */
export function compareText(s: CompareSummary): string {
  const lines = [
    `${num(s.customers)} customers: model and people agree on ${pct(s.agreement)}; kappa ${s.kappa.toFixed(3)}, weighted kappa ${s.weightedKappa.toFixed(3)} (linear), ${s.quadraticKappa.toFixed(3)} (quadratic).`,
    'Rows: assigned tier; columns: predicted tier.',
    crossTable(s.confusion),
    `${num(s.disagreements)} disagreements, ${s.top[0]?.stake !== undefined ? `most at stake first (${s.parameters.value ? `${String(s.parameters.value)} × ` : ''}model confidence)` : 'furthest apart first'}:`,
    ...s.top
      .slice(0, 5)
      .map(
        (d) =>
          `  ${d.id}: assigned ${d.assigned}, predicted ${d.predicted}${d.probability !== undefined ? ` with ${pct(d.probability, 0)}` : ''}${d.rule ? ` (${d.rule})` : ''}`,
      ),
  ];
  if (s.skipped) lines.push(`${num(s.skipped)} rows skipped: a tier was missing.`);
  return lines.join('\n');
}

function migrateText(s: MigrateSummary): string {
  return [
    `${num(s.customers)} customers in both files: ${num(s.stayed)} stayed, ${num(s.up)} moved up, ${num(s.down)} moved down${s.unranked ? `, ${num(s.unranked)} unranked (no tier in one file)` : ''}; ${num(s.new)} new, ${num(s.gone)} gone.`,
    'Rows: before; columns: after.',
    crossTable(s.confusion),
  ].join('\n');
}

export function registerCompare(program: Command): void {
  outFlags(
    readFlags(program.command('compare <file>'))
      .description(
        'predicted against assigned tiers: cross-table, agreement, kappa, the disagreements to review',
      )
      .requiredOption('--assigned <col>', 'the tier people assigned')
      .option('--predicted <col>', 'a column with predicted tiers')
      .option('--model <model.json>', 'or a tree model to predict them')
      .option('--order <tiers>', 'tier order for weighted kappa, e.g. A,B,C,D,E (default: natural order)')
      .option('--value <col>', "a money column: disagreements are ranked by value × the model's confidence"),
    'reports/compare',
  ).action(async (file: string, flags: CompareFlags) => {
    if (!flags.predicted === !flags.model)
      throw new UsageError('give exactly one of --predicted COL or --model MODEL.json');
    const out = OutputDir.from(flags);
    let model: ReturnType<typeof loadModel> | undefined;
    if (flags.model) {
      model = loadModel(flags.model);
      if (model.kind !== 'tree')
        throw new UsageError(
          `${flags.model}: --model needs a tree model (from strata classify), this one is ${model.kind}`,
        );
    }
    const table = await load(file, loadOptions(flags));
    const result = compare(table, {
      assigned: flags.assigned,
      predicted: flags.predicted,
      model: model?.kind === 'tree' ? model : undefined,
      order: list(flags.order),
      id: flags.id,
      value: flags.value,
      units: unitsOf(flags),
    });
    out.addResult(result);
    printResult(flags, result.summary, compareText(result.summary), await out.finish());
  });

  outFlags(
    program
      .command('migrate <before> <after>')
      .description(
        'tier migration between two periods, matched by id: from → to counts and the customers who moved',
      )
      .requiredOption('--id <col>', 'customer id column in both files')
      .requiredOption('--tier <col>', 'tier column in both files')
      .option('--order <tiers>', 'tier order, best first (default: natural order)'),
    'reports/migrate',
  ).action(
    async (
      beforeFile: string,
      afterFile: string,
      flags: { id: string; tier: string; order?: string; out: string; force?: boolean; json?: boolean },
    ) => {
      const out = OutputDir.from(flags);
      const before = await load(beforeFile, { id: flags.id });
      const after = await load(afterFile, { id: flags.id });
      const result = migrate(before, after, { id: flags.id, tier: flags.tier, order: list(flags.order) });
      out.addResult(result);
      printResult(flags, result.summary, migrateText(result.summary), await out.finish());
    },
  );
}
