/**
 * data/purchases.csv: a purchase log drawn from the models lifetime value assumes, with known
 * parameters, so `strata clv` can be shown and tested on data that ships with Strata. Called by
 * data/generate.ts (`npm run generate-data`); its own fixed seed.
 *
 * 3,000 customers make their first purchase in the first 12 weeks of 2025; each buys at a Poisson
 * rate λ ~ Gamma(r = 0.25, α = 4) per week and, after each repeat purchase, stops for good with
 * probability p ~ Beta(a = 0.8, b = 2.5) (BG/NBD). A purchase is worth z ~ Gamma(6, ν), ν ~ Gamma(4, 15)
 * per customer (Gamma-Gamma). Observed for 78 weeks, to 2026-06-29.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../src/util/random.js';

export const PURCHASES_TRUE = { r: 0.25, alpha: 4, a: 0.8, b: 2.5, p: 6, q: 4, gamma: 15 } as const;
const SEED = 20261204;
const CUSTOMERS = 3000;
const START = Date.UTC(2025, 0, 6);
const WEEKS = 78;
const DAY = 86_400_000;

/** Gamma(shape, rate) by Marsaglia and Tsang (shape < 1 by the boost u^(1/shape)). */
export function gamma(rnd: Random, shape: number, rate: number): number {
  if (shape < 1) return gamma(rnd, shape + 1, rate) * rnd.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rnd.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rnd.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function beta(rnd: Random, a: number, b: number): number {
  const x = gamma(rnd, a, 1);
  return x / (x + gamma(rnd, b, 1));
}

export function writePurchases(dir: string): number {
  const rnd = new Random(SEED);
  const t = PURCHASES_TRUE;
  const lines = ['customer_id,order_date,value'];
  const date = (weeks: number) => new Date(START + Math.floor(weeks * 7) * DAY).toISOString().slice(0, 10);
  for (let i = 1; i <= CUSTOMERS; i++) {
    const id = `P${String(i).padStart(5, '0')}`;
    const lambda = gamma(rnd, t.r, t.alpha);
    const p = beta(rnd, t.a, t.b);
    const nu = gamma(rnd, t.q, t.gamma);
    const worth = () => (Math.round(gamma(rnd, t.p, nu) * 100) / 100).toFixed(2);
    let at = rnd.next() * 12;
    lines.push(`${id},${date(at)},${worth()}`);
    for (;;) {
      at += -Math.log(1 - rnd.next()) / lambda;
      if (at >= WEEKS) break;
      lines.push(`${id},${date(at)},${worth()}`);
      if (rnd.next() < p) break;
    }
  }
  writeFileSync(join(dir, 'purchases.csv'), `${lines.join('\n')}\n`);
  return lines.length - 1;
}
