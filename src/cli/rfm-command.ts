import type { Command } from 'commander';
import {
  DEFAULT_SEGMENTS,
  fromText,
  RFM_DEFAULTS,
  RFM_OPTIONS,
  type RfmOptions,
  type RfmRunResult,
  type RfmSummary,
  readSegmentGrid,
  rfm,
  rfmDatabase,
  rfmResultOf,
} from '../index.js';
import { formatExact } from '../util/format.js';
import { checkSource, type DbFlags, dbFlags, withDatabase } from './db-flags.js';
import { OutputDir, outFlags } from './output.js';
import { byDefault } from './parse.js';
import { progressReporter } from './progress-bar.js';
import { unitsOf } from './read-flags.js';
import { printResult } from './results.js';
import { num, pct, textTable } from './table-text.js';

interface RfmFlags {
  customer: string;
  date: string;
  amount?: string;
  quantity?: string;
  price?: string;
  invoice?: string;
  asOf?: string;
  dropInvoicePrefix?: string;
  segments?: string;
  maxBad?: string;
  ties?: string;
  delimiter?: string;
  unit?: string[];
  out: string;
  force?: boolean;
  json?: boolean;
}

/** What `strata rfm` prints without --json. */
export function rfmText(s: RfmSummary): string {
  const d = s.dropped;
  const rows = Array.isArray(s.input) ? s.input[0].rows : s.input.rows;
  const lines = [
    `RFM of ${num(s.customers)} customers from ${num(rows)} transaction rows, as of ${s.asOf}; total monetary ${formatExact(s.totalMonetary)}.`,
    `Dropped: ${num(d.noCustomer)} with no customer, ${num(d.cancelled)} cancelled, ${num(d.nonPositive)} with zero or negative amounts${d.badDate || d.badAmount ? `, ${num(d.badDate)} unreadable dates, ${num(d.badAmount)} unreadable amounts` : ''}.`,
    textTable(
      ['segment', 'customers', 'monetary share'],
      s.segments.map((x) => [x.segment, num(x.customers), pct(x.monetaryShare)]),
      [false, true, true],
    ),
  ];
  return lines.join('\n');
}

export function registerRfm(program: Command): void {
  outFlags(
    dbFlags(program.command('rfm [transactions]'), { bucket: false })
      .description(
        'recency, frequency and monetary value per customer from a transactions file, scored 1–5 and segmented',
      )
      .requiredOption('--customer <col>', 'customer id column')
      .requiredOption('--date <col>', 'transaction date column')
      .option('--amount <col>', 'amount column (or give --quantity and --price)')
      .option('--quantity <col>', 'quantity column')
      .option('--price <col>', 'unit price column')
      .option('--invoice <col>', 'invoice column (frequency = distinct invoices)')
      .option('--as-of <date>', 'YYYY-MM-DD (default: the day after the last transaction)')
      .option('--drop-invoice-prefix <prefix>', 'drop invoices starting with this (cancellations, e.g. C)')
      .option(
        '--segments <file>',
        `segment grid (YAML/JSON list of { name, r: [lo, hi], f: [lo, hi] }; default: ${DEFAULT_SEGMENTS.length} standard segments)`,
      )
      .option(
        '--max-bad <share>',
        `refuse when more than this share of rows has unreadable dates or amounts${byDefault(RFM_DEFAULTS.maxBadShare)}`,
      )
      .option(
        '--ties <how>',
        `the rank equal values share: lowest, highest, or spread (their average rank)${byDefault(RFM_DEFAULTS.ties)}`,
      )
      .option('--delimiter <char>', 'field separator (guessed when absent)')
      .option('--unit <col=text...>', 'the unit of a column, shown beside its values (e.g. amount=CNY)'),
    'reports/rfm',
  ).action(async (file: string | undefined, flags: RfmFlags & DbFlags) => {
    checkSource(file, flags);
    const out = OutputDir.from(flags);
    const options: RfmOptions = {
      customer: flags.customer,
      date: flags.date,
      amount: flags.amount,
      quantity: flags.quantity,
      price: flags.price,
      invoice: flags.invoice,
      asOf: flags.asOf,
      dropInvoicePrefix: flags.dropInvoicePrefix,
      segments: flags.segments ? readSegmentGrid(flags.segments) : undefined,
      maxBadShare:
        flags.maxBad === undefined ? undefined : (fromText(RFM_OPTIONS.maxBadShare, flags.maxBad) as number),
      delimiter: flags.delimiter,
      onProgress: progressReporter(),
      ties: flags.ties as 'lowest' | 'highest' | 'spread' | undefined,
      units: unitsOf(flags),
    };
    const result =
      flags.db === undefined ? await rfm(file!, options) : await inDatabase(flags.db, flags, options);
    out.addResult(result);
    printResult(flags, result.summary, rfmText(result.summary), await out.finish());
  });
}

/** Transactions that stay in their database: one row per customer comes back. */
async function inDatabase(url: string, flags: DbFlags, options: RfmOptions): Promise<RfmRunResult> {
  return withDatabase(url, async (db) => {
    const r = await rfmDatabase(db, {
      ...options,
      delimiter: undefined,
      table: flags.table,
      query: flags.query,
    });
    return rfmResultOf(r, `${db.label} ${flags.table ?? 'query'}`);
  });
}
