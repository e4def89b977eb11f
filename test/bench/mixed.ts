/**
 * Mixed-type clustering (issue #16), whole processes with their peak memory: k-medoids on 20,000
 * (PAM) and 200,000 (CLARA) customer records, and k-prototypes against k-means on the same
 * 1,000,000 records. No peer: scikit-learn has neither method, and R's pam needs the full
 * dissimilarity matrix (20,000 rows: 1.6 GB).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { plantedRecords } from '../cluster/planted.js';
import { BENCH_DIR, type BenchRow, peakMemory } from './common.js';

const STRATA = [process.execPath, 'bin/strata.js'];

function records(n: number): string {
  const file = join(BENCH_DIR, `records-${n}-1.csv`);
  return existsSync(file) ? file : plantedRecords(BENCH_DIR, n, 1).file;
}

function run(name: string, file: string, flags: string[], what: string): BenchRow {
  const out = join(BENCH_DIR, `mixed-${name.replace(/\W+/g, '-')}`);
  const r = peakMemory([
    ...STRATA,
    'cluster',
    file,
    '--k',
    '4',
    ...flags,
    '--no-report',
    '--force',
    '--quiet',
    '--out',
    out,
  ]);
  return {
    name,
    strata: r.seconds,
    unit: 's',
    note: `${what}; peak memory ${r.mb.toFixed(0)} MB${r.status === 0 ? '' : `; exit ${r.status}`}`,
  };
}

export function benchMixed(): BenchRow[] {
  const rows: BenchRow[] = [];
  const r20 = records(20_000);
  rows.push(
    run(
      'cluster --method kmedoids, 20,000 mixed rows (PAM)',
      r20,
      ['--method', 'kmedoids'],
      'FasterPAM on Gower, whole process',
    ),
  );
  const r200 = records(200_000);
  rows.push(
    run(
      'cluster --method kmedoids --clara, 200,000 mixed rows',
      r200,
      ['--method', 'kmedoids', '--clara'],
      'CLARA: 5 samples of 2,000 rows',
    ),
  );
  const r1m = records(1_000_000);
  const features = ['--features', 'revenue,orders,industry,region,ownership,channel,contract'];
  const kproto = run(
    'cluster --method kprototypes, 1,000,000 mixed rows',
    r1m,
    ['--method', 'kprototypes'],
    '10 restarts',
  );
  const kmeans = run(
    'cluster (k-means, categories one-hot), the same 1,000,000 rows',
    r1m,
    features,
    '10 restarts',
  );
  rows.push({
    ...kproto,
    sklearn: undefined,
    note: `${kproto.note}; k-means on the same rows ${kmeans.strata.toFixed(2)} s (ratio ${(kproto.strata / kmeans.strata).toFixed(2)})`,
  });
  rows.push(kmeans);
  return rows;
}
