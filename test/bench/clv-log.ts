/**
 * The 10,000,000-customer purchase log of the lifetime-value bench: drawn from BG/NBD and
 * Gamma-Gamma as data/purchases.csv is (same draws, seeded), written as Parquet through a CSV in
 * pieces. First purchases spread over 12 weeks, 78 weeks observed: about 5 purchases a customer.
 */
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beta, gamma } from '../../data/purchases.js';
import { exec } from '../../src/data/duck.js';
import { literal } from '../../src/sql/quote.js';
import { Random } from '../../src/util/random.js';
import { BENCH_DIR } from './common.js';

export const LOG_TRUE = { r: 0.7, alpha: 6, a: 0.8, b: 4, p: 6, q: 4, gamma: 15 } as const;
const START = Date.UTC(1997, 0, 1);
const DAY = 86_400_000;
const WEEKS = 78;

export async function purchaseLog(customers: number): Promise<string> {
  const parquet = join(BENCH_DIR, `purchases-${customers}.parquet`);
  if (existsSync(parquet)) return parquet;
  const csv = join(BENCH_DIR, `purchases-${customers}.csv`);
  const rnd = new Random(1997);
  const t = LOG_TRUE;
  const days = Array.from({ length: WEEKS * 7 + 1 }, (_, d) =>
    new Date(START + d * DAY).toISOString().slice(0, 10),
  );
  writeFileSync(csv, 'customer,date,amount\n');
  let lines: string[] = [];
  for (let i = 1; i <= customers; i++) {
    const id = `C${String(i).padStart(8, '0')}`;
    const lambda = gamma(rnd, t.r, t.alpha);
    const p = beta(rnd, t.a, t.b);
    const nu = gamma(rnd, t.q, t.gamma);
    const worth = () => (Math.round(gamma(rnd, t.p, nu) * 100) / 100).toFixed(2);
    let at = rnd.next() * 12;
    lines.push(`${id},${days[Math.floor(at * 7)]},${worth()}`);
    for (;;) {
      at += -Math.log(1 - rnd.next()) / lambda;
      if (at >= WEEKS) break;
      lines.push(`${id},${days[Math.floor(at * 7)]},${worth()}`);
      if (rnd.next() < p) break;
    }
    if (lines.length >= 200_000) {
      appendFileSync(csv, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  appendFileSync(csv, `${lines.join('\n')}\n`);
  await exec(
    `COPY (SELECT * FROM read_csv(${literal(csv)}, header = true, columns = {'customer': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})) TO ${literal(parquet)} (FORMAT parquet)`,
  );
  rmSync(csv);
  return parquet;
}
