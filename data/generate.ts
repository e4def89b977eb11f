/**
 * Generates the bundled sample data: data/customers.csv and data/transactions.csv.
 * Fixed seed, so the committed files are reproducible: `npm run generate-data`.
 *
 * Customers come from five latent segments (see data/README.md); `assigned_tier`
 * is what people assigned with the weighted card in data/scorecards/sample-tier.yaml,
 * plus the inconsistency of human grading (some customers moved one tier).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/util/random.js';
import { writePurchases } from './purchases.js';

const SEED = 20261129;
const N = 5000;
const AS_OF = Date.UTC(2026, 9, 31); // 2026-10-31: the day the snapshot was taken
const DAY = 86_400_000;
const here = dirname(fileURLToPath(import.meta.url));
const rnd = new Random(SEED);

interface Segment {
  name: string;
  share: number;
  ownership: [number, number, number]; // state-owned, private, foreign
  assets: [number, number]; // log-normal: median (CNY million), sigma
  salesRatio: [number, number]; // sales_12m (CNY thousand) per CNY million of revenue
  orders: [number, number];
  margin: [number, number];
  growth: [number, number];
  recency: number; // mean days since last order
  delay: [number, number];
  credit: [number, number];
  tenure: [number, number];
}

const SEGMENTS: Segment[] = [
  {
    name: 'Key accounts',
    share: 0.12,
    ownership: [0.55, 0.2, 0.25],
    assets: [2500, 0.6],
    salesRatio: [9, 0.3],
    orders: [60, 12],
    margin: [24, 4],
    growth: [6, 5],
    recency: 8,
    delay: [4, 3],
    credit: [780, 30],
    tenure: [12, 4],
  },
  {
    name: 'Growing private firms',
    share: 0.22,
    ownership: [0.08, 0.82, 0.1],
    assets: [180, 0.5],
    salesRatio: [14, 0.35],
    orders: [26, 7],
    margin: [20, 4],
    growth: [32, 9],
    recency: 18,
    delay: [9, 5],
    credit: [700, 40],
    tenure: [4, 2],
  },
  {
    name: 'Price-driven volume buyers',
    share: 0.26,
    ownership: [0.2, 0.65, 0.15],
    assets: [400, 0.5],
    salesRatio: [12, 0.3],
    orders: [45, 10],
    margin: [7, 2.5],
    growth: [2, 6],
    recency: 12,
    delay: [14, 6],
    credit: [660, 45],
    tenure: [7, 3],
  },
  {
    name: 'Dormant small accounts',
    share: 0.25,
    ownership: [0.1, 0.85, 0.05],
    assets: [25, 0.6],
    salesRatio: [6, 0.5],
    orders: [4, 2],
    margin: [15, 5],
    growth: [-18, 10],
    recency: 160,
    delay: [20, 10],
    credit: [610, 50],
    tenure: [5, 3],
  },
  {
    name: 'Late payers',
    share: 0.15,
    ownership: [0.15, 0.75, 0.1],
    assets: [120, 0.6],
    salesRatio: [10, 0.4],
    orders: [18, 6],
    margin: [13, 4],
    growth: [-4, 8],
    recency: 45,
    delay: [75, 18],
    credit: [520, 45],
    tenure: [6, 3],
  },
];

const INDUSTRIES = [
  'Manufacturing',
  'Retail',
  'Construction',
  'Energy',
  'Logistics',
  'IT services',
  'Healthcare',
  'Agriculture',
];
const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const OWNERSHIP = ['state-owned', 'private', 'foreign'];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;
const logn = (median: number, sigma: number) => median * Math.exp(rnd.normal(0, sigma));

/** The card in data/scorecards/sample-tier.yaml, written out for the generator. */
function band(v: number, cuts: number[], points: number[]): number {
  for (let i = 0; i < cuts.length; i++) if (v < cuts[i]) return points[i];
  return points[points.length - 1];
}
function sampleTierScore(c: Customer): number {
  const sales = band(c.sales12m, [500, 2000, 8000, 20000], [20, 40, 60, 80, 100]);
  const margin = Number.isNaN(c.margin) ? 50 : band(c.margin, [5, 10, 15, 20], [20, 40, 60, 80, 100]);
  const growth = band(c.growth, [-10, 0, 10, 25], [20, 40, 60, 80, 100]);
  const credit = Number.isNaN(c.credit) ? 40 : band(c.credit, [550, 620, 680, 740], [20, 40, 60, 80, 100]);
  const delay = band(c.delay, [7, 15, 30, 60], [100, 80, 60, 40, 20]);
  const tenure = band(c.tenure, [2, 5, 10], [40, 60, 80, 100]);
  const score = 0.3 * sales + 0.15 * margin + 0.15 * growth + 0.15 * credit + 0.15 * delay + 0.1 * tenure;
  return c.ownership === 'state-owned' ? score * 1.05 : score;
}
const TIERS = ['A', 'B', 'C', 'D', 'E'];
function tierOf(score: number): number {
  if (score >= 80) return 0;
  if (score >= 65) return 1;
  if (score >= 50) return 2;
  if (score >= 35) return 3;
  return 4;
}

interface Customer {
  id: string;
  segment: number;
  industry: string;
  region: string;
  ownership: string;
  assets: number;
  revenue: number;
  sales12m: number;
  orders: number;
  margin: number;
  growth: number;
  recency: number;
  delay: number;
  credit: number;
  tenure: number;
  tier: string;
}

const customers: Customer[] = [];
for (let i = 0; i < N; i++) {
  const s = rnd.weighted(SEGMENTS.map((x) => x.share));
  const g = SEGMENTS[s];
  const assets = logn(g.assets[0], g.assets[1]);
  const revenue = assets * clamp(rnd.normal(0.8, 0.2), 0.2, 2);
  const orders = Math.max(1, Math.round(rnd.normal(g.orders[0], g.orders[1])));
  const c: Customer = {
    id: `C${String(i + 1).padStart(5, '0')}`,
    segment: s,
    industry: INDUSTRIES[rnd.weighted([5, 3, 2, 1, 2, 2, 1, 1])],
    region: REGIONS[rnd.weighted(s === 0 ? [2, 2, 4, 1, 1] : [2, 2, 2, 2, 2])],
    ownership: OWNERSHIP[rnd.weighted(g.ownership)],
    assets: r2(assets),
    revenue: r2(revenue),
    sales12m: r1(revenue * logn(g.salesRatio[0], g.salesRatio[1])),
    orders,
    margin: r1(clamp(rnd.normal(g.margin[0], g.margin[1]), -5, 45)),
    growth: r1(clamp(rnd.normal(g.growth[0], g.growth[1]), -60, 120)),
    recency: Math.max(0, Math.round(g.recency * -Math.log(1 - rnd.next()) * 0.5 + g.recency * 0.5)),
    delay: Math.max(0, Math.round(rnd.normal(g.delay[0], g.delay[1]))),
    credit: Math.round(clamp(rnd.normal(g.credit[0], g.credit[1]), 300, 850)),
    tenure: r1(clamp(rnd.normal(g.tenure[0], g.tenure[1]), 0.2, 30)),
    tier: '',
  };
  if (rnd.next() < 0.02) c.margin = Number.NaN;
  if (rnd.next() < 0.03) c.credit = Number.NaN;
  let t = tierOf(sampleTierScore(c));
  // People grade inconsistently: about one customer in ten ends up one tier away.
  const u = rnd.next();
  if (u < 0.05) t = Math.max(0, t - 1);
  else if (u < 0.1) t = Math.min(4, t + 1);
  c.tier = TIERS[t];
  customers.push(c);
}

const num = (v: number) => (Number.isNaN(v) ? '' : String(v));
const header =
  'customer_id,industry,region,ownership,total_assets,annual_revenue,sales_12m,order_count_12m,margin_pct,sales_growth_pct,days_since_last_order,payment_delay_days,credit_score,tenure_years,assigned_tier';
const lines = customers.map((c) =>
  [
    c.id,
    c.industry,
    c.region,
    c.ownership,
    c.assets,
    c.revenue,
    c.sales12m,
    c.orders,
    num(c.margin),
    c.growth,
    c.recency,
    c.delay,
    num(c.credit),
    c.tenure,
    c.tier,
  ].join(','),
);
writeFileSync(join(here, 'customers.csv'), `${header}\n${lines.join('\n')}\n`);

// Transactions: up to 36 invoices a customer over the year before the last one, which falls
// `days_since_last_order` before AS_OF; about 3% are followed by a partial return (invoice prefix C).
const tx: string[] = ['customer_id,invoice_id,invoice_date,amount'];
let invoice = 100000;
const fmtDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
for (const c of customers) {
  const n = Math.min(c.orders, 36);
  const last = AS_OF - c.recency * DAY;
  const span = 365;
  const days: number[] = [0];
  for (let k = 1; k < n; k++) days.push(1 + rnd.int(span));
  days.sort((a, b) => b - a);
  const perOrder = (c.sales12m * 1000) / c.orders;
  for (const d of days) {
    const amount = Math.round(perOrder * Math.exp(rnd.normal(0, 0.35)));
    const date = fmtDate(last - d * DAY);
    invoice++;
    tx.push(`${c.id},${invoice},${date},${amount}`);
    if (rnd.next() < 0.03)
      tx.push(`${c.id},C${invoice},${date},${-Math.round(amount * (0.1 + 0.4 * rnd.next()))}`);
  }
}
writeFileSync(join(here, 'transactions.csv'), `${tx.join('\n')}\n`);

const counts = TIERS.map((t) => customers.filter((c) => c.tier === t).length);
console.log(`customers.csv: ${N} rows; tiers ${TIERS.map((t, i) => `${t}=${counts[i]}`).join(' ')}`);
console.log(`transactions.csv: ${tx.length - 1} rows`);
console.log(`purchases.csv: ${writePurchases(here)} rows`);
