import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { DataError } from '../errors.js';
import { computeRfm, DEFAULT_SEGMENTS, type RfmResult, type SegmentRule } from '../grade/rfm.js';
import { runInfo } from '../report/run-info.js';
import type { RfmReportSummary } from '../report/sections.js';
import { toCsv } from '../util/csv.js';
import { formatExact } from '../util/format.js';
import { round } from '../util/stats.js';
import { OutputDir } from './output.js';
import { float } from './parse.js';
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
  delimiter?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

/** The `--json` object of `strata rfm`. */
export function rfmSummary(r: RfmResult) {
  return {
    customers: r.customers.length,
    totalMonetary: round(r.totalMonetary, 12),
    asOf: r.asOf,
    dropped: r.dropped,
    segments: r.segments.map((s) => ({
      name: s.name,
      customers: s.customers,
      monetaryShare: round(s.monetaryShare, 6),
    })),
    rows: r.rows,
  };
}

export function rfmCsv(r: RfmResult): string {
  return toCsv(
    ['customer', 'recency', 'frequency', 'monetary', 'r', 'f', 'm', 'rfm', 'segment'],
    r.customers.map((c) => [
      c.customer,
      c.recency,
      c.frequency,
      round(c.monetary, 12),
      c.r,
      c.f,
      c.m,
      `${c.r}${c.f}${c.m}`,
      c.segment,
    ]),
  );
}

/** rfm.csv, run.json and summary.json (with the R × F grid the report draws). */
export function writeRfmFiles(
  out: OutputDir,
  r: RfmResult,
  source: string,
  parameters: Record<string, unknown>,
  prefix = '',
): void {
  const cells = new Map<string, { r: number; f: number; customers: number; sum: number }>();
  for (const c of r.customers) {
    const key = `${c.r}${c.f}`;
    const cell = cells.get(key) ?? { r: c.r, f: c.f, customers: 0, sum: 0 };
    cell.customers++;
    cell.sum += c.monetary;
    cells.set(key, cell);
  }
  const grid = [...cells.values()]
    .sort((a, b) => a.r - b.r || a.f - b.f)
    .map((c) => ({ r: c.r, f: c.f, customers: c.customers, meanMonetary: round(c.sum / c.customers, 6) }));
  const summary: RfmReportSummary = { ...rfmSummary(r), grid };
  out.add(`${prefix}run.json`, `${JSON.stringify(runInfo('rfm', source, r.rows, parameters), null, 1)}\n`);
  out.add(`${prefix}summary.json`, `${JSON.stringify(summary, null, 1)}\n`);
  // Written in blocks: a file of millions of customers never exists as one string.
  const csv = out.stream(`${prefix}rfm.csv`);
  try {
    for (let i = 0; i < r.customers.length || i === 0; i += 50_000) {
      const text = rfmCsv({ ...r, customers: r.customers.slice(i, i + 50_000) });
      csv.write(i === 0 ? text : text.slice(text.indexOf('\n') + 1));
    }
  } finally {
    csv.close();
  }
}

export function rfmText(r: RfmResult): string {
  const s = rfmSummary(r);
  const d = s.dropped;
  const lines = [
    `RFM of ${num(s.customers)} customers from ${num(s.rows)} transaction rows, as of ${s.asOf}; total monetary ${formatExact(s.totalMonetary)}.`,
    `Dropped: ${num(d.noCustomer)} with no customer, ${num(d.cancelled)} cancelled, ${num(d.nonPositive)} with zero or negative amounts${d.badDate || d.badAmount ? `, ${num(d.badDate)} unreadable dates, ${num(d.badAmount)} unreadable amounts` : ''}.`,
    textTable(
      ['segment', 'customers', 'monetary share'],
      s.segments.map((x) => [x.name, num(x.customers), pct(x.monetaryShare)]),
      [false, true, true],
    ),
  ];
  return lines.join('\n');
}

function readSegments(file: string): SegmentRule[] {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DataError({ file }, `cannot read the segment grid: ${(e as Error).message.split('\n')[0]}`);
  }
  const ok = (r: unknown): r is [number, number] =>
    Array.isArray(r) && r.length === 2 && r.every((x) => Number.isInteger(x) && x >= 1 && x <= 5);
  if (!Array.isArray(raw))
    throw new DataError({ file }, 'expected a list of { name, r: [lo, hi], f: [lo, hi] }');
  return raw.map((g, i) => {
    const o = g as { name?: unknown; r?: unknown; f?: unknown };
    if (typeof o.name !== 'string' || !ok(o.r) || !ok(o.f))
      throw new DataError({ file }, `[${i}]: expected { name, r: [lo, hi], f: [lo, hi] } with scores 1–5`);
    return { name: o.name, r: o.r, f: o.f };
  });
}

export function registerRfm(program: Command): void {
  program
    .command('rfm <transactions>')
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
      'refuse when more than this share of rows has unreadable dates or amounts',
      '0.01',
    )
    .option('--delimiter <char>', 'field separator (guessed when absent)')
    .option('--out <dir>', 'output folder', 'reports/rfm')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (file: string, flags: RfmFlags) => {
      const out = OutputDir.from(flags);
      const r = await computeRfm(file, {
        customer: flags.customer,
        date: flags.date,
        amount: flags.amount,
        quantity: flags.quantity,
        price: flags.price,
        invoice: flags.invoice,
        asOf: flags.asOf,
        dropInvoicePrefix: flags.dropInvoicePrefix,
        segments: flags.segments ? readSegments(flags.segments) : undefined,
        maxBadShare: float('--max-bad', flags.maxBad),
        delimiter: flags.delimiter,
      });
      const { out: _o, force: _f, json: _j, ...parameters } = flags;
      writeRfmFiles(out, r, file, parameters);
      const where = await out.finish();
      if (flags.json) process.stdout.write(`${JSON.stringify(rfmSummary(r), null, 2)}\n`);
      else process.stdout.write(`${rfmText(r)}\n${where}\n`);
    });
}
