import type { Command } from 'commander';
import {
  CLV_DEFAULTS,
  CLV_OPTIONS,
  type ClvOptions,
  type ClvResult,
  type ClvSummary,
  clv,
  clvDatabase,
  clvResultOf,
  fromText,
  readAssignments,
  readTiers,
  UsageError,
} from '../index.js';
import { formatExact, formatNumber } from '../util/format.js';
import { checkSource, type DbFlags, dbFlags, withDatabase } from './db-flags.js';
import { OutputDir, outFlags } from './output.js';
import { byDefault, optionsFrom } from './parse.js';
import { progressReporter } from './progress-bar.js';
import { unitsOf } from './read-flags.js';
import { printResult } from './results.js';
import { num, pct, textTable } from './table-text.js';

interface ClvFlags extends DbFlags {
  customer: string;
  date: string;
  amount?: string;
  quantity?: string;
  price?: string;
  invoice?: string;
  dropInvoicePrefix?: string;
  model?: string;
  unit?: string;
  calibrationEnd?: string;
  asOf?: string;
  horizon?: string;
  discount?: string;
  margin?: string;
  maxBad?: string;
  segments?: string;
  tiers?: string;
  id?: string;
  delimiter?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

const MODEL_NAME = { bgnbd: 'BG/NBD', pnbd: 'Pareto/NBD' } as const;

/** What `strata clv` prints without --json. */
export function clvText(s: ClvSummary): string {
  const g = (x: number) => formatNumber(x);
  const m = s.model;
  const se = m.standardErrors ?? {};
  const lines = [
    `Lifetime value of ${num(s.customers)} customers (first purchase ${s.period.firstPurchase} to ${s.period.calibrationEnd}), in ${s.unit}s.`,
    `${MODEL_NAME[m.kind]}: ${Object.entries(m.params)
      .map(([k, v]) => `${k} = ${g(v)}${se[k] !== undefined ? ` (± ${g(se[k])})` : ''}`)
      .join(', ')}; log-likelihood ${m.logLikelihood.toFixed(1)}, ${num(m.triples)} distinct triples.`,
    `Gamma-Gamma on ${num(s.spend.customers)} repeat customers: p = ${g(s.spend.params.p)}, q = ${g(s.spend.params.q)}, γ = ${g(s.spend.params.gamma)}; frequency–spend correlation ${s.spend.correlation.toFixed(2)}.`,
  ];
  const h = s.holdout;
  if (h) {
    lines.push(
      '',
      `Holdout (${s.period.calibrationEnd} to ${s.period.asOf}, ${g(h.periods)} ${s.unit}s): ${num(h.actual)} repeat purchases, ${g(h.predicted)} expected.`,
      textTable(
        ['repeat purchases in calibration', 'customers', 'actual (mean)', 'predicted (mean)'],
        h.byFrequency.map((b) => [
          b.frequency,
          num(b.customers),
          b.actual.toFixed(3),
          b.predicted.toFixed(3),
        ]),
        [false, true, true, true],
      ),
      `Mean absolute error per customer: model ${h.mae.model.toFixed(3)}, same as last period ${h.mae.lastPeriod.toFixed(3)}, calibration rate ${h.mae.rate.toFixed(3)}.`,
    );
  }
  lines.push(
    '',
    `CLV over ${num(s.horizon.periods)} ${s.unit}s${s.discount.rate ? ` at ${pct(s.discount.rate)} per ${s.unit}` : ' (undiscounted)'}${s.margin !== 1 ? `, margin ${pct(s.margin)}` : ''}: total ${formatExact(s.totalClv)}, mean ${g(s.meanClv)}; the top ${s.topShares
      .filter((t) => t.customerShare === 0.1 || t.customerShare === 0.2)
      .map((t) => `${Math.round(100 * t.customerShare)}% hold ${pct(t.clvShare)}`)
      .join(', the top ')}.`,
  );
  const groups: [
    string,
    { name: string; customers: number; totalClv: number; meanClv: number; clvShare: number }[],
  ][] = [
    ['segment', (s.segments ?? []).map(({ segment, ...r }) => ({ name: segment, ...r }))],
    ['tier', (s.tiers ?? []).map(({ tier, ...r }) => ({ name: tier, ...r }))],
  ];
  for (const [title, rows] of groups)
    if (rows.length)
      lines.push(
        textTable(
          [title, 'customers', 'total CLV', 'mean CLV', 'share'],
          rows.map((r) => [r.name, num(r.customers), formatExact(r.totalClv), g(r.meanClv), pct(r.clvShare)]),
          [false, true, true, true, true],
        ),
      );
  if (s.tierGaps !== undefined)
    lines.push(`${num(s.tierGaps)} customers have a tier below their lifetime value's (review.csv).`);
  return lines.join('\n');
}

/** Flags to the library's options (checked by its own spec before any data is read). */
async function clvOptions(flags: ClvFlags): Promise<ClvOptions> {
  const { segments: _s, tiers: _t, maxBad, id: _id, ...rest } = flags;
  const options = optionsFrom(CLV_OPTIONS, rest) as unknown as ClvOptions;
  if (maxBad !== undefined) options.maxBadShare = fromText(CLV_OPTIONS.maxBadShare, maxBad) as number;
  if (flags.segments !== undefined) options.segments = await readAssignments(flags.segments);
  if (flags.tiers !== undefined) options.tiers = await readTiers(flags.tiers, flags.id);
  options.onProgress = progressReporter();
  return options;
}

export function registerClv(program: Command): void {
  outFlags(
    dbFlags(program.command('clv [transactions]'), { bucket: false })
      .description(
        'customer lifetime value from a transactions log: BG/NBD or Pareto/NBD and Gamma-Gamma, checked on a holdout',
      )
      .requiredOption('--customer <col>', 'customer id column')
      .requiredOption('--date <col>', 'transaction date column')
      .option('--amount <col>', 'amount column (or give --quantity and --price)')
      .option('--quantity <col>', 'quantity column')
      .option('--price <col>', 'unit price column')
      .option('--invoice <col>', 'invoice column (with --drop-invoice-prefix: cancellations)')
      .option('--drop-invoice-prefix <prefix>', 'drop invoices starting with this (cancellations, e.g. C)')
      .option('--model <name>', `bgnbd or pnbd${byDefault(CLV_DEFAULTS.model)}`)
      .option(
        '--unit <unit>',
        `day, week or month: of recency, age, horizon and discount${byDefault(CLV_DEFAULTS.unit)}`,
      )
      .option(
        '--calibration-end <date>',
        'last day of the calibration period (YYYY-MM-DD); the rest is the holdout',
      )
      .option('--as-of <date>', 'last day observed (default: the day of the last transaction)')
      .option(
        '--horizon <n>',
        'periods of --unit the value covers (default: 52 weeks, or the holdout length)',
      )
      .option('--discount <rate>', `discount rate per period of --unit${byDefault(CLV_DEFAULTS.discount)}`)
      .option('--margin <m>', `share of a purchase's value that is margin${byDefault(CLV_DEFAULTS.margin)}`)
      .option(
        '--max-bad <share>',
        `refuse when more than this share of rows has unreadable dates or amounts${byDefault(CLV_DEFAULTS.maxBadShare)}`,
      )
      .option('--segments <file>', "a clustering's assignments.csv (or its folder): CLV by segment")
      .option(
        '--tiers <file>',
        "a grade run's grades.csv (or its folder): CLV by tier, and customers whose tier is low for their CLV",
      )
      .option('--id <col>', 'the id column of --segments and --tiers files (default: their first column)')
      .option('--delimiter <char>', 'field separator (guessed when absent)')
      .option('--unit-of <col=text...>', 'the unit of a column, shown beside its values (e.g. sales=USD)'),
    'reports/clv',
  ).action(async (file: string | undefined, flags: ClvFlags & { unitOf?: string[] }) => {
    checkSource(file, flags);
    const options = await clvOptions(flags);
    if (flags.unitOf) options.units = unitsOf({ unit: flags.unitOf });
    const out = OutputDir.from(flags);
    let result: ClvResult;
    if (flags.db !== undefined) {
      if (flags.segments || flags.tiers)
        throw new UsageError('--segments and --tiers join a file’s customers: leave them out with --db');
      result = await withDatabase(flags.db, async (db) => {
        const run = await clvDatabase(db, { ...options, table: flags.table, query: flags.query });
        return clvResultOf(run, run.source);
      });
    } else result = await clv(file!, options);
    out.addResult(result);
    printResult(flags, result.summary, clvText(result.summary), await out.finish());
  });
}
