import { load } from '../data/load.js';
import { readScorecard } from '../grade/scorecard.js';
import { packageFile } from '../util/paths.js';
import { type ClassifyResult, classify } from './classify.js';
import { type ClusterResult, cluster } from './cluster.js';
import { type CompareResult, compare } from './compare.js';
import { type DescribeSummary, describe } from './describe.js';
import { type GradeRunResult, grade } from './grade.js';
import type { Result } from './result.js';
import { type RfmRunResult, rfm } from './rfm.js';

export interface DemoResult {
  describe: DescribeSummary;
  cluster: ClusterResult;
  classify: ClassifyResult;
  grade: GradeRunResult;
  rfm: RfmRunResult;
  compare: CompareResult;
}

/** The sample's units (data/README.md), declared as a user would with --unit. */
export const SAMPLE_UNITS: ReadonlyMap<string, string> = new Map([
  ['total_assets', 'CNY million'],
  ['annual_revenue', 'CNY million'],
  ['sales_12m', 'CNY thousand'],
  ['order_count_12m', 'orders'],
  ['margin_pct', '%'],
  ['sales_growth_pct', '%'],
  ['days_since_last_order', 'days'],
  ['payment_delay_days', 'days'],
  ['credit_score', 'points'],
  ['tenure_years', 'years'],
  ['amount', 'CNY'],
]);

/** The day the sample's customer snapshot was taken: follow-ups count from it. */
export const SAMPLE_AS_OF = '2026-10-31';

export type DemoPart = Exclude<keyof DemoResult, 'describe'>;

/**
 * The main job on the bundled sample data: describe the customers, find and name their segments,
 * learn the assigned tiers as a tree, grade them with the sample scorecard, RFM on the sample
 * transactions, and where the tree and people disagree. `onPart` hears each part as it is done.
 */
export async function demo(
  onPart?: (part: DemoPart | 'describe', result: Result | DescribeSummary) => void,
): Promise<DemoResult> {
  const customers = await load(packageFile('data', 'customers.csv'), { id: 'customer_id' });
  const d = describe(customers);
  onPart?.('describe', d);
  const units = SAMPLE_UNITS;
  // 50 bootstrap resamples say how stable each segment is; rules of depth 4 assign 97% of customers.
  const seg = cluster(customers, {
    k: 'auto',
    log: 'auto',
    value: 'sales_12m',
    seed: 42,
    units,
    stability: 50,
    rulesDepth: 4,
  });
  onPart?.('cluster', seg);
  const tiers = classify(customers, {
    label: 'assigned_tier',
    maxDepth: 6,
    minSamplesLeaf: 20,
    folds: 5,
    seed: 42,
  });
  onPart?.('classify', tiers);
  const card = readScorecard(packageFile('data', 'scorecards', 'sample-tier.yaml'));
  const names = seg.run.profiles.clusters.map((c) => c.segment);
  const grades = grade(card, customers, {
    cardFile: 'data/scorecards/sample-tier.yaml',
    value: 'sales_12m',
    asOf: SAMPLE_AS_OF,
    segments: Array.from(seg.run.fit.labels, (l) => names[l]),
    segmentsFrom: 'cluster',
    units,
  });
  onPart?.('grade', grades);
  const r = await rfm(packageFile('data', 'transactions.csv'), {
    customer: 'customer_id',
    date: 'invoice_date',
    amount: 'amount',
    invoice: 'invoice_id',
    dropInvoicePrefix: 'C',
    units,
  });
  onPart?.('rfm', r);
  const c = compare(customers, {
    assigned: 'assigned_tier',
    model: tiers.run.model,
    id: 'customer_id',
    value: 'sales_12m',
    units,
  });
  onPart?.('compare', c);
  return { describe: d, cluster: seg, classify: tiers, grade: grades, rfm: r, compare: c };
}
