import { basename } from 'node:path';
import {
  RFM_OPTIONS,
  type RfmOptions,
  type RfmResult,
  resolveRfmWith,
  rfmOfFile,
} from '../grade/rfm-scores.js';
import { textMapParameter } from '../options.js';
import { ticking } from '../progress.js';
import { toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { type Envelope, envelope, type Warning } from './envelope.js';
import type { Result } from './result.js';

/** The summary of `strata rfm`, equal to its `--json`. */
export interface RfmSummary extends Envelope {
  command: 'rfm';
  /** Customers scored (the input's rows are transactions). */
  customers: number;
  totalMonetary: number;
  asOf: string;
  dropped: { noCustomer: number; cancelled: number; nonPositive: number; badDate: number; badAmount: number };
  segments: { segment: string; customers: number; share: number; monetaryShare: number }[];
  /** Customers and mean monetary value per recency × frequency score. */
  grid: { r: number; f: number; customers: number; meanMonetary: number }[];
}

export type RfmRunResult = Result<RfmSummary> & { rfm: RfmResult };

function grid(r: RfmResult): RfmSummary['grid'] {
  const cells = new Map<string, { r: number; f: number; customers: number; sum: number }>();
  for (const c of r.customers) {
    const key = `${c.r}${c.f}`;
    const cell = cells.get(key) ?? { r: c.r, f: c.f, customers: 0, sum: 0 };
    cell.customers++;
    cell.sum += c.monetary;
    cells.set(key, cell);
  }
  return [...cells.values()]
    .sort((a, b) => a.r - b.r || a.f - b.f)
    .map((c) => ({ r: c.r, f: c.f, customers: c.customers, meanMonetary: round(c.sum / c.customers, 6) }));
}

function warningsOf(r: RfmResult, ties: string): Warning[] {
  const out = r.segments
    .filter((s) => s.customers === 0)
    .map((s) => ({ code: 'empty-segment', message: `RFM segment "${s.segment}" has no customers` }));
  // A score no customer reaches is a tie at work: many equal values share one rank.
  for (const [key, name] of [
    ['r', 'recency'],
    ['f', 'frequency'],
    ['m', 'monetary'],
  ] as const) {
    const present = new Set(r.customers.map((c) => c[key]));
    const missing = [1, 2, 3, 4, 5].filter((v) => !present.has(v));
    if (missing.length && r.customers.length >= 5)
      out.push({
        code: 'score-unused',
        message: `no customer has ${key.toUpperCase()} = ${missing.join(', ')}: many customers share a ${name} value and ties take the ${ties} rank${ties === 'spread' ? '' : ' (ties: spread gives them their average rank)'}`,
      });
  }
  return out;
}

/**
 * Recency, frequency and monetary scores per customer, computed by DuckDB from a transactions file
 * (the file need not fit in memory), with the segments of the R × F grid.
 */
export async function rfm(file: string, options: RfmOptions): Promise<RfmRunResult> {
  const o = resolveRfmWith(RFM_OPTIONS, options);
  const r = await ticking(o.onProgress, `RFM of ${basename(file)}`, rfmOfFile(file, o));
  return rfmResultOf(r, file);
}

/** The summary and files of an RFM computed from `source` (a file, or a database and its table). */
export function rfmResultOf(r: RfmResult, file: string): RfmRunResult {
  const options = r.options;
  // A fixed order, whatever order the caller wrote the options in.
  const parameters = {
    customer: options.customer,
    date: options.date,
    amount: options.amount,
    quantity: options.quantity,
    price: options.price,
    invoice: options.invoice,
    asOf: r.asOf,
    dropInvoicePrefix: options.dropInvoicePrefix,
    segments: options.segments.map((s) => s.name),
    maxBadShare: options.maxBadShare,
    ties: options.ties,
    delimiter: options.delimiter,
    units: textMapParameter(options.units),
  };
  const summary: RfmSummary = {
    ...envelope('rfm', { file, rows: r.rows }, parameters, warningsOf(r, options.ties)),
    command: 'rfm',
    customers: r.customers.length,
    totalMonetary: round(r.totalMonetary, 12),
    asOf: r.asOf,
    dropped: r.dropped,
    segments: r.segments.map((s) => ({
      segment: s.segment,
      customers: s.customers,
      share: round(s.share, 6),
      monetaryShare: round(s.monetaryShare, 6),
    })),
    grid: grid(r),
  };
  // Written in blocks: a file of millions of customers never exists as one string.
  const csv = (write: (text: string) => void) => {
    write(toCsv(['customer', 'recency', 'frequency', 'monetary', 'r', 'f', 'm', 'rfm', 'segment'], []));
    for (let i = 0; i < r.customers.length; i += 50_000) {
      const text = toCsv(
        [],
        r.customers
          .slice(i, i + 50_000)
          .map((c) => [
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
      write(text.slice(text.indexOf('\n') + 1));
    }
  };
  return { rfm: r, summary, documents: new Map(), tables: new Map([['rfm.csv', csv]]) };
}
