/**
 * Lifetime value (issue #28): `strata clv` as a whole process (time and peak memory) on the CDNOW
 * master file and on a generated 10,000,000-customer Parquet log, and the fits themselves against a
 * numpy/scipy implementation of the same likelihoods (clv_scipy.py) on the same distinct triples.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clvOfFile } from '../../src/clv/clv-file.js';
import { resolveClv } from '../../src/clv/clv-options.js';
import { fitPurchases, fitSpend } from '../../src/clv/fit.js';
import { purchaseLog } from './clv-log.js';
import { BENCH_DIR, type BenchRow, peakMemory } from './common.js';

const CDNOW = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'cdnow', 'CDNOW_master.txt');
const PEER = join(import.meta.dirname, 'clv_scipy.py');
const REPEATS = 3;

/** CDNOW_master.txt is whitespace-aligned with yyyymmdd dates: written once as a CSV to read. */
function cdnowCsv(): string {
  const csv = join(BENCH_DIR, 'cdnow-master.csv');
  if (existsSync(csv)) return csv;
  const lines = ['customer_id,date,cds,dollar_value'];
  for (const line of readFileSync(CDNOW, 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 4) continue;
    lines.push(`${f[0]},${f[1].slice(0, 4)}-${f[1].slice(4, 6)}-${f[1].slice(6)},${f[2]},${f[3]}`);
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
  return csv;
}

interface PeerFit {
  params: number[];
  ll: number;
  iterations: number;
  seconds: number;
}

function minSeconds(f: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

function columns(name: string, cols: Float64Array[]): string {
  const path = join(BENCH_DIR, name);
  const all = new Float64Array(cols.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of cols) {
    all.set(c, at);
    at += c.length;
  }
  writeFileSync(path, Buffer.from(all.buffer));
  return path;
}

async function benchOne(
  label: string,
  file: string,
  columnsOf: { customer: string; date: string; amount: string },
  calibrationEnd?: string,
): Promise<BenchRow[]> {
  const args = ['--customer', columnsOf.customer, '--date', columnsOf.date, '--amount', columnsOf.amount];
  if (calibrationEnd) args.push('--calibration-end', calibrationEnd);
  const out = join(BENCH_DIR, `clv-${label}`);
  const whole = peakMemory([
    process.execPath,
    'bin/strata.js',
    'clv',
    file,
    ...args,
    '--out',
    out,
    '--force',
  ]);
  const run = await clvOfFile(file, resolveClv({ ...columnsOf, calibrationEnd }));
  const t = run.triples;
  const s = run.spendData;
  const purchase = minSeconds(() => fitPurchases('bgnbd', t, file));
  const spend = minSeconds(() => fitSpend(s, file));
  const r = spawnSync(
    '/usr/bin/python3',
    [
      PEER,
      columns(`triples-${label}.f64`, [t.x, t.tx, t.T, t.w]),
      columns(`spend-${label}.f64`, [s.x, s.m, s.w]),
      String(REPEATS),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`clv_scipy.py failed: ${r.stderr}`);
  const peer = JSON.parse(r.stdout) as { purchase: PeerFit; spend: PeerFit };
  const agree = (ours: number, theirs: number) => `log-likelihood ${ours.toFixed(2)} vs ${theirs.toFixed(2)}`;
  return [
    {
      name: `clv whole process, ${label}: ${run.customers.toLocaleString('en')} customers, ${t.n.toLocaleString('en')} distinct triples`,
      strata: whole.seconds,
      unit: 's',
      note: `peak memory ${whole.mb.toFixed(0)} MB${whole.status === 0 ? '' : `; exit ${whole.status}`}`,
    },
    {
      name: `clv BG/NBD fit, ${label} (${t.n.toLocaleString('en')} triples; scipy BFGS, numpy likelihood)`,
      strata: purchase,
      sklearn: peer.purchase.seconds,
      peer: 'scipy',
      unit: 's',
      note: `${agree(run.purchase.logLikelihood, peer.purchase.ll)}; ${run.purchase.iterations} vs ${peer.purchase.iterations} iterations`,
    },
    {
      name: `clv Gamma-Gamma fit, ${label} (${s.n.toLocaleString('en')} (x, m) pairs)`,
      strata: spend,
      sklearn: peer.spend.seconds,
      peer: 'scipy',
      unit: 's',
      note: agree(run.spend.logLikelihood, peer.spend.ll),
    },
  ];
}

export async function benchClv(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (existsSync(CDNOW))
    rows.push(
      ...(await benchOne(
        'CDNOW master',
        cdnowCsv(),
        { customer: 'customer_id', date: 'date', amount: 'dollar_value' },
        '1997-09-30',
      )),
    );
  const big = await purchaseLog(10_000_000);
  rows.push(
    ...(await benchOne('10M generated', big, { customer: 'customer', date: 'date', amount: 'amount' })),
  );
  return rows;
}
