/**
 * `npm run bench`: Strata against scikit-learn on the same generated data, in one run.
 * Prints ratios (Strata / scikit-learn; below 1 is better for Strata) and writes reports/bench/latest.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { benchAssign } from './assign.js';
import { benchCart } from './cart.js';
import { benchClv } from './clv.js';
import type { BenchRow } from './common.js';
import { benchDatabase, DATABASE_SECTION } from './database.js';
import { benchKMeans } from './kmeans.js';
import { benchLarge } from './large.js';
import { benchMixed } from './mixed.js';
import { benchProcess } from './process.js';
import { benchServe } from './serve.js';

const sections: [string, () => BenchRow[] | Promise<BenchRow[]>][] = [
  ['k-means', benchKMeans],
  ['cart', benchCart],
  ['large', benchLarge],
  ['process', benchProcess],
  ['mixed', benchMixed],
  [DATABASE_SECTION, benchDatabase],
  ['serve', benchServe],
  ['clv', benchClv],
  ['assign', benchAssign],
];
const only = process.argv[2];
type Stored = BenchRow & { section?: string; date?: string };
const all: Stored[] = [];
for (const [name, run] of sections) {
  if (only && only !== name && !(only === 'database' && name === DATABASE_SECTION)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  for (const row of await run()) {
    all.push({ ...row, section: name, date: new Date().toISOString() });
    const fmt = (v: number) => (row.unit === 's' ? v.toFixed(2) : v.toFixed(0));
    const versus =
      row.sklearn === undefined
        ? ''
        : `, ${row.peer ?? 'scikit-learn'} ${fmt(row.sklearn)} ${row.unit}, ratio ${(row.strata / row.sklearn).toFixed(2)}`;
    console.log(
      `${row.name}\n  Strata ${fmt(row.strata)} ${row.unit}${versus}${row.note ? `; ${row.note}` : ''}`,
    );
  }
}
// One section's run replaces that section's rows only: the others keep their latest figures.
const LATEST = 'reports/bench/latest.json';
const ran = new Set(all.map((r) => r.section));
const before: Stored[] = existsSync(LATEST)
  ? (JSON.parse(readFileSync(LATEST, 'utf8')) as { rows: Stored[] }).rows
  : [];
const kept = before.filter((r) => !(r.section && ran.has(r.section)) && !all.some((a) => a.name === r.name));
mkdirSync('reports/bench', { recursive: true });
writeFileSync(
  LATEST,
  `${JSON.stringify({ date: new Date().toISOString(), rows: [...kept, ...all] }, null, 2)}\n`,
);
