import type { LogColumns, TransactionColumns } from '../data/transactions.js';
import { OptionError } from '../errors.js';
import {
  DATE_OPTION,
  type Resolved,
  resolveOptions,
  type Spec,
  UNITS_OPTION,
  type Units,
} from '../options.js';
import type { OnProgress } from '../progress.js';

export type ClvModelKind = 'bgnbd' | 'pnbd';
export const CLV_MODELS: readonly ClvModelKind[] = ['bgnbd', 'pnbd'];
export type TimeUnit = 'day' | 'week' | 'month';
export const TIME_UNITS: readonly TimeUnit[] = ['day', 'week', 'month'];

/** Days in a unit: a month is a twelfth of the Julian year (30.4375 days). */
export const UNIT_DAYS: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 365.25 / 12 };

/** 52 weeks, in each unit: the horizon when none is given and there is no holdout. */
export const YEAR_IN: Readonly<Record<TimeUnit, number>> = { day: 364, week: 52, month: 12 };

export const CLV_OPTIONS = {
  delimiter: { kind: 'string' },
  header: { kind: 'boolean' },
  customer: { kind: 'string' },
  date: { kind: 'string' },
  amount: { kind: 'string' },
  quantity: { kind: 'string' },
  price: { kind: 'string' },
  invoice: { kind: 'string' },
  dropInvoicePrefix: { kind: 'string' },
  maxBadShare: { kind: 'number', min: 0, max: 1 },
  model: { kind: 'choice', values: CLV_MODELS },
  unit: { kind: 'choice', values: TIME_UNITS },
  calibrationEnd: DATE_OPTION,
  asOf: DATE_OPTION,
  horizon: { kind: 'integer', min: 1, max: 100_000 },
  discount: { kind: 'number', min: 0, below: 1 },
  margin: { kind: 'number', above: 0, max: 1e6 },
  segments: {
    kind: 'custom',
    describe: 'a Map of customer id → segment',
    check: (v) => v instanceof Map,
  },
  tiers: {
    kind: 'custom',
    describe: '{ of: a Map of customer id → tier, order: the tiers best first }',
    check: (v) =>
      typeof v === 'object' &&
      v !== null &&
      (v as { of?: unknown }).of instanceof Map &&
      Array.isArray((v as { order?: unknown }).order),
  },
  onProgress: { kind: 'function' },
  units: UNITS_OPTION,
} as const satisfies Spec;

/** Each customer's tier as people set it, and the tiers' order, best first. */
export interface TierAssignment {
  of: ReadonlyMap<string, string>;
  order: readonly string[];
}

export interface ClvOptions extends TransactionColumns, Pick<LogColumns, 'delimiter' | 'header'> {
  /** Invoices starting with this are cancellations (with `invoice`). */
  dropInvoicePrefix?: string;
  /** Refuse when more than this share of rows has an unreadable date or amount (default 0.01). */
  maxBadShare?: number;
  /** BG/NBD (default) or Pareto/NBD. */
  model?: ClvModelKind;
  /** The time unit of recency, age, the horizon and the discount rate (default week). */
  unit?: TimeUnit;
  /** The last day of the calibration period (YYYY-MM-DD): the rest of the log is the holdout. */
  calibrationEnd?: string;
  /** The last day observed (default: the day of the last transaction kept). */
  asOf?: string;
  /** Periods (of `unit`) the lifetime value covers (default 52 weeks, or the holdout's length). */
  horizon?: number;
  /** Discount rate per period of `unit` (default 0). */
  discount?: number;
  /** The share of a purchase's value that is margin (default 1: the value is revenue). */
  margin?: number;
  /** Each customer's segment (a clustering's assignments), for CLV by segment. */
  segments?: ReadonlyMap<string, string>;
  /** Each customer's tier (a grade run's), for CLV by tier and the review list. */
  tiers?: TierAssignment;
  onProgress?: OnProgress;
  units?: Units;
}

export const CLV_DEFAULTS = {
  maxBadShare: 0.01,
  model: 'bgnbd',
  unit: 'week',
  discount: 0,
  margin: 1,
} as const satisfies Partial<ClvOptions>;

export type ResolvedClv = Resolved<ClvOptions, typeof CLV_DEFAULTS>;

/** Checks lifetime-value options against `spec` (CLV_OPTIONS or one that extends it) and fills the defaults. */
export function resolveClvWith<O extends ClvOptions>(
  spec: Spec,
  options: O,
): Resolved<O, typeof CLV_DEFAULTS> {
  const o = resolveOptions(spec, CLV_DEFAULTS, options);
  if (!options.customer) throw new OptionError('customer', 'is required: the column that names the customer');
  if (!options.date) throw new OptionError('date', 'is required: the column with the transaction date');
  if (!options.amount && !(options.quantity && options.price))
    throw new OptionError(
      'amount',
      'is required, or else both quantity and price: lifetime value needs what each purchase was worth',
    );
  if (options.calibrationEnd && options.asOf && options.calibrationEnd >= options.asOf)
    throw new OptionError(
      'calibrationEnd',
      `(${options.calibrationEnd}) must be before asOf (${options.asOf})`,
    );
  return o;
}

export function resolveClv(options: ClvOptions): ResolvedClv {
  return resolveClvWith(CLV_OPTIONS, options);
}
