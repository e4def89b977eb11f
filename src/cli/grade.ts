import type { Command } from 'commander';
import { load } from '../data/load.js';
import type { Table } from '../data/table.js';
import { pareto } from '../grade/pareto.js';
import { type GradeResult, gradeTable, readScorecard, scoreRange } from '../grade/scorecard.js';
import { idColumn } from '../prep/features.js';
import { runInfo } from '../report/run-info.js';
import type { GradeReportSummary, ParetoReportSummary } from '../report/sections.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { OutputDir } from './output.js';
import { list } from './parse.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';
import { num, pct, textTable } from './table-text.js';

interface OutFlags extends ReadFlags {
  out: string;
  force?: boolean;
  json?: boolean;
}

/** The `--json` object of `strata grade`. */
export function gradeSummary(g: GradeResult) {
  const n = g.score.length;
  const counts = g.card.tiers.map((_t, i) => g.tier.reduce((a, t) => a + (t === i ? 1 : 0), 0));
  return {
    customers: n,
    tiers: g.card.tiers.map((t, i) => ({
      tier: t.tier,
      customers: counts[i],
      share: round(n ? counts[i] / n : 0, 6),
    })),
    unassigned: g.tier.reduce((a, t) => a + (t < 0 ? 1 : 0), 0),
    scorecard: g.card.name,
    scoreRange: g.card.criteria.length ? scoreRange(g.card) : null,
  };
}

export function gradesCsv(g: GradeResult, table: Table, id: string | undefined): string {
  const header = [
    id ?? 'row',
    g.card.tiersBy ?? 'score',
    ...g.card.criteria.map((c) => `points_${c.name}`),
    'tier',
    'owner',
    'follow_up_days',
    'actions',
    'adjustments',
  ];
  const rows: Cell[][] = [];
  for (let i = 0; i < g.score.length; i++) {
    const t = g.tier[i] >= 0 ? g.card.tiers[g.tier[i]] : null;
    rows.push([
      id ? table.text(id, i) : i + 1,
      g.score[i],
      ...g.points.map((p) => round(p[i], 9)),
      t?.tier ?? '',
      t?.policy.owner ?? '',
      t?.policy.followUpDays ?? t?.policy.followUp ?? '',
      t?.policy.actions.join('; ') ?? '',
      g.adjusted[i].join('; '),
    ]);
  }
  return toCsv(header, rows);
}

/** grades.csv, run.json and summary.json (what the report draws). */
export function writeGradeFiles(
  out: OutputDir,
  g: GradeResult,
  table: Table,
  id: string | undefined,
  cardFile: string,
  prefix = '',
): void {
  const s = gradeSummary(g);
  const summary: GradeReportSummary = {
    customers: s.customers,
    tiers: s.tiers,
    unassigned: s.unassigned,
    scorecard: s.scorecard,
    policies: g.card.tiers.map((t) => ({
      tier: t.tier,
      min: t.min ?? null,
      owner: t.policy.owner,
      followUp:
        t.policy.followUpDays === null ? (t.policy.followUp ?? '—') : `every ${t.policy.followUpDays} days`,
      actions: t.policy.actions,
    })),
  };
  out.add(
    `${prefix}run.json`,
    `${JSON.stringify(runInfo('grade', table.source, table.nRows, { scorecard: cardFile }), null, 1)}\n`,
  );
  out.add(`${prefix}summary.json`, `${JSON.stringify(summary, null, 1)}\n`);
  out.add(`${prefix}grades.csv`, gradesCsv(g, table, id));
}

export function gradeText(g: GradeResult): string {
  const s = gradeSummary(g);
  const lines = [`Graded ${num(s.customers)} customers with "${g.card.name}".`];
  if (s.scoreRange)
    lines.push(`Scores can range from ${round(s.scoreRange[0], 6)} to ${round(s.scoreRange[1], 6)}.`);
  lines.push(
    textTable(
      [
        'tier',
        g.card.tiersBy ? `${g.card.tiersBy} ≥` : 'score ≥',
        'customers',
        'share',
        'owner',
        'follow-up',
      ],
      g.card.tiers.map((t, i) => [
        t.tier,
        t.min === undefined ? '' : String(t.min),
        num(s.tiers[i].customers),
        pct(s.tiers[i].share),
        t.policy.owner,
        t.policy.followUpDays === null ? (t.policy.followUp ?? '—') : `every ${t.policy.followUpDays} days`,
      ]),
      [false, true, true, true, false, false],
    ),
  );
  if (s.unassigned) lines.push(`${num(s.unassigned)} customers scored below every tier.`);
  return lines.join('\n');
}

export function registerGrade(program: Command): void {
  readFlags(program.command('grade <file>'))
    .description(
      'grade customers with a weighted scorecard (YAML/JSON): score, points, tier and service policy',
    )
    .requiredOption('--scorecard <card>', 'the scorecard file (see data/scorecards/)')
    .option('--out <dir>', 'output folder', 'reports/grade')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (file: string, flags: OutFlags & { scorecard: string }) => {
      const out = OutputDir.from(flags);
      const card = readScorecard(flags.scorecard);
      const table = await load(file, loadOptions(flags));
      const g = gradeTable(card, table, flags.scorecard);
      const id = idColumn(table, flags.id ?? (card.id && table.has(card.id) ? card.id : undefined));
      writeGradeFiles(out, g, table, id, flags.scorecard);
      const where = await out.finish();
      if (flags.json) process.stdout.write(`${JSON.stringify(gradeSummary(g), null, 2)}\n`);
      else process.stdout.write(`${gradeText(g)}\n${where}\n`);
    });

  readFlags(program.command('pareto <file>'))
    .description('Pareto / ABC view of a value column: who holds how much')
    .requiredOption('--value <col>', 'the value column (e.g. sales)')
    .option('--cutoffs <a,b>', 'cumulative shares closing classes A and B', '0.8,0.95')
    .option('--out <dir>', 'output folder', 'reports/pareto')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (file: string, flags: OutFlags & { value: string; cutoffs: string }) => {
      const out = OutputDir.from(flags);
      const table = await load(file, loadOptions(flags));
      const cut = list(flags.cutoffs)!.map(Number) as [number, number];
      const p = pareto(table, { value: flags.value, cutoffs: cut });
      const id = idColumn(table, flags.id);
      const rows: Cell[][] = Array.from(p.order, (r, k) => [
        id ? table.text(id, r) : r + 1,
        table.text(flags.value, r),
        k + 1,
        round(p.cumulative[k], 9),
        p.classOf[r],
      ]);
      out.add('pareto.csv', toCsv([id ?? 'row', flags.value, 'rank', 'cumulative_share', 'class'], rows));
      const step = Math.max(1, Math.ceil(p.customers / 1000));
      const curve = Array.from(p.cumulative)
        .filter((_v, k) => (k + 1) % step === 0 || k === p.customers - 1)
        .map((v) => round(v, 6));
      const report: ParetoReportSummary = {
        customers: p.customers,
        value: flags.value,
        headline: p.headline,
        cutoffs: cut,
        topShares: p.topShares,
        classes: p.classes,
        curve,
      };
      out.add(
        'run.json',
        `${JSON.stringify(runInfo('pareto', table.source, table.nRows, { value: flags.value, cutoffs: cut }), null, 1)}\n`,
      );
      out.add('summary.json', `${JSON.stringify(report, null, 1)}\n`);
      const where = await out.finish();
      const summary = {
        customers: p.customers,
        topShares: p.topShares.map((t) => ({
          customerShare: t.customerShare,
          valueShare: round(t.valueShare, 6),
        })),
        classes: p.classes.map((c) => ({
          class: c.class,
          customers: c.customers,
          valueShare: round(c.valueShare, 6),
        })),
        total: round(p.total, 12),
        missing: p.missing,
        headline: p.headline,
      };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const lines = [`${num(p.customers)} customers; ${p.headline}.`];
      if (p.missing) lines.push(`${num(p.missing)} missing values counted as zero.`);
      lines.push(
        textTable(
          ['top customers', `share of ${flags.value}`],
          p.topShares.map((t) => [pct(t.customerShare, 0), pct(t.valueShare)]),
          [true, true],
        ),
      );
      lines.push(
        '',
        textTable(
          ['class', 'customers', `share of ${flags.value}`],
          p.classes.map((c) => [c.class, num(c.customers), pct(c.valueShare)]),
          [false, true, true],
        ),
      );
      process.stdout.write(`${lines.join('\n')}\n${where}\n`);
    });
}
