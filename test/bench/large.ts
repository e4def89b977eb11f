import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from '../../src/data/duck.js';
import { literal } from '../../src/sql/quote.js';
import { SAMPLE_RFM } from '../helpers.js';
import { BENCH_DIR, type BenchRow, peakMemory } from './common.js';

const uniform = (expr: string) => `((hash(${expr}) % 1000003) / 1000003.0)`;
/** Roughly normal: the sum of four uniforms, centred and scaled to unit variance. */
const normal = (i: string, k: number) =>
  `((${[1, 2, 3, 4].map((j) => uniform(`${i} * ${k * 7 + j}`)).join(' + ')} - 2.0) * 1.7320508)`;

/** Generated (not committed) inputs: 20,000,000 transactions and 5,000,000 customers, as Parquet. */
async function generate(): Promise<{ tx: string; customers: string }> {
  const tx = join(BENCH_DIR, 'transactions-20m.parquet');
  const customers = join(BENCH_DIR, 'customers-5m.parquet');
  if (!existsSync(tx)) {
    await exec(`COPY (
      SELECT 'C' || CAST(hash(i) % 2000000 AS VARCHAR) AS customer_id,
             'I' || CAST(i // 4 AS VARCHAR) AS invoice_id,
             TIMESTAMP '2024-01-01 00:00:00' + to_seconds(CAST(hash(i * 7) % 63072000 AS BIGINT)) AS invoice_date,
             round(1 + ${uniform('i * 13')} * 500, 2) AS amount
      FROM range(20000000) t(i)) TO ${literal(tx)} (FORMAT parquet)`);
  }
  if (!existsSync(customers)) {
    const f = (k: number) => `round((hash(i) % 6) * ${(k % 3) + 1}.5 + ${normal('i', k)}, 4) AS f${k}`;
    await exec(
      `COPY (SELECT i + 1 AS customer_id, ${[1, 2, 3, 4, 5, 6, 7, 8].map(f).join(', ')} FROM range(5000000) t(i)) TO ${literal(customers)} (FORMAT parquet)`,
    );
  }
  return { tx, customers };
}

export async function benchLarge(): Promise<BenchRow[]> {
  const { tx, customers } = await generate();
  const node = process.execPath;
  const rfm = peakMemory([
    node,
    'bin/strata.js',
    'rfm',
    tx,
    ...SAMPLE_RFM,
    '--out',
    join(BENCH_DIR, 'rfm-20m'),
    '--force',
  ]);
  const cluster = peakMemory([
    node,
    'bin/strata.js',
    'cluster',
    customers,
    '--k',
    '6',
    '--n-init',
    '3',
    '--sample',
    '100000',
    '--out',
    join(BENCH_DIR, 'cluster-5m'),
    '--force',
  ]);
  const rows: BenchRow[] = [
    {
      name: 'RFM on 20,000,000 transactions (Parquet)',
      strata: rfm.mb,
      unit: 'MB',
      note: `${rfm.seconds.toFixed(1)} s; target peak ≤ 2,048 MB; exit ${rfm.status}`,
    },
    {
      name: 'cluster 5,000,000 customers × 8 (Parquet; --sample 100,000, 2 mini-batch passes, assignments streamed)',
      strata: cluster.mb,
      unit: 'MB',
      note: `${cluster.seconds.toFixed(1)} s; target peak ≤ 2,048 MB; exit ${cluster.status}`,
    },
  ];
  // Quality: the sampled path against full k-means on the same 1,000,000 rows, unscaled (same units).
  const csv = join(BENCH_DIR, 'customers-1m.csv');
  if (existsSync(csv)) {
    const cluster = (extra: string[]) => {
      const t = performance.now();
      const r = spawnSync(
        node,
        [
          'bin/strata.js',
          'cluster',
          csv,
          '--k',
          '8',
          '--n-init',
          '3',
          '--scale',
          'none',
          '--json',
          '--out',
          join(BENCH_DIR, `q${extra.length}`),
          '--force',
          ...extra,
        ],
        { encoding: 'utf8', maxBuffer: 64 << 20 },
      );
      return {
        inertia: (JSON.parse(r.stdout) as { inertia: number }).inertia,
        seconds: (performance.now() - t) / 1000,
      };
    };
    const full = cluster([]);
    const sampled = cluster(['--sample', '50000']);
    rows.push({
      name: 'quality: --sample 50,000 + mini-batch against full k-means, 1,000,000 × 8, k = 8, unscaled (inertia)',
      strata: sampled.inertia,
      unit: '',
      note: `full k-means ${full.inertia.toFixed(0)} in ${full.seconds.toFixed(1)} s; sampled ${sampled.seconds.toFixed(1)} s; ratio ${(sampled.inertia / full.inertia).toFixed(4)}`,
    });
  }
  return rows;
}
