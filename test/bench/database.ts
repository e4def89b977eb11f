/**
 * Training inside PostgreSQL (issue #15): 20,000,000 generated customers (8 amounts, a region, a
 * tier) in one server and in the sharded setup of .ci/shards.sh, k-means (k = 8) and a depth-8 tree
 * trained there; Strata's own process stays small. Then the same customers, exported to a CSV, are read
 * and trained on in-process, for the figures beside. STRATA_BENCH_DB_ROWS sets another size;
 * STRATA_BENCH_DB_SHARDS=0 leaves the sharded setup out (its load through postgres_fdw is the slow part).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, type BenchRow } from './common.js';

const ROWS = Number(process.env.STRATA_BENCH_DB_ROWS ?? 20_000_000);
const SHARDS = process.env.STRATA_BENCH_DB_SHARDS !== '0';
const PG = { PGHOST: '127.0.0.1', PGUSER: 'postgres', PGPASSWORD: 'strata', PGDATABASE: 'strata_test' };
const psql = (port: string, sql: string) =>
  spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', '-tA', '-p', port, '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, ...PG, ...(port === '5432' ? {} : { PGDATABASE: 'postgres' }) },
  });

/** The customers as SQL: 8 segments, amounts around each segment's centre, a tier from a noisy score. */
const SELECT = `SELECT g AS id, (g % 16)::int AS strata_bucket,
  ${Array.from({ length: 8 }, (_, j) => `((g % 8) * ${j + 1} % 7 + random() * 3)::float8 AS f${j + 1}`).join(', ')},
  (ARRAY['North','South','East','West'])[1 + (g % 4)] AS region,
  (ARRAY['A','B','C','D'])[1 + LEAST(3, GREATEST(0, floor(((g % 8) * 3 % 7) / 2 + random())::int))] AS tier
  FROM generate_series(1, ${ROWS}) AS g`;
const COLUMNS = `id bigint, strata_bucket int, ${Array.from({ length: 8 }, (_, j) => `f${j + 1} float8`).join(', ')}, region text, tier text`;

function ensure(): void {
  const count = (t: string) => psql('5432', `SELECT count(*) FROM ${t}`).stdout.trim();
  const plain = count('bench_customers') === String(ROWS);
  if (plain && (!SHARDS || count('bench_customers_sharded') === String(ROWS))) return;
  process.stderr.write(`bench: generating ${ROWS.toLocaleString('en-US')} customers in PostgreSQL…\n`);
  if (!plain) {
    const r = psql(
      '5432',
      `DROP TABLE IF EXISTS bench_customers CASCADE; SELECT setseed(0.42);
       CREATE TABLE bench_customers AS ${SELECT}; ANALYZE bench_customers;`,
    );
    if (r.status !== 0) throw new Error(`generating the bench table failed: ${r.stderr}`);
  }
  if (!SHARDS) return;
  for (const port of ['55441', '55442'])
    psql(port, `DROP TABLE IF EXISTS bench_customers_s; CREATE TABLE bench_customers_s (${COLUMNS})`);
  const r = psql(
    '5432',
    `DROP TABLE IF EXISTS bench_customers_sharded CASCADE;
     CREATE TABLE bench_customers_sharded (${COLUMNS}) PARTITION BY HASH (strata_bucket);
     CREATE FOREIGN TABLE bench_customers_p0 PARTITION OF bench_customers_sharded FOR VALUES WITH (MODULUS 2, REMAINDER 0) SERVER shard_a OPTIONS (table_name 'bench_customers_s');
     CREATE FOREIGN TABLE bench_customers_p1 PARTITION OF bench_customers_sharded FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard_b OPTIONS (table_name 'bench_customers_s');
     INSERT INTO bench_customers_sharded SELECT * FROM bench_customers;`,
  );
  if (r.status !== 0) throw new Error(`generating the sharded bench table failed: ${r.stderr}`);
  for (const port of ['55441', '55442']) psql(port, 'ANALYZE bench_customers_s');
}

/** The bench customers as a CSV (psql's client-side copy), made once per size. */
function exported(): string {
  const file = join(BENCH_DIR, `db-customers-${ROWS}.csv`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  process.stderr.write('bench: exporting them to a CSV for the in-process run…\n');
  const r = psql(
    '5432',
    `\\copy (SELECT id, f1, f2, f3, f4, f5, f6, f7, f8, region, tier FROM bench_customers ORDER BY id) TO '${file}' CSV HEADER`,
  );
  if (r.status !== 0) throw new Error(`exporting the bench table failed: ${r.stderr}`);
  return file;
}

/** Runs a bench script in its own process under GNU time: its JSON answer and its peak memory. */
function measured<T>(args: string[]): { r: T; peakMb: number } {
  const out = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--import', 'tsx', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: PG.PGPASSWORD },
    maxBuffer: 16 << 20,
  });
  if (out.status !== 0) throw new Error(`database bench failed: ${out.stderr}`);
  // GNU time prints the peak resident memory (KB) as the last line of stderr.
  const peakMb = Number(out.stderr.trim().split('\n').pop()) / 1024;
  return { r: JSON.parse(out.stdout.trim().split('\n').pop()!) as T, peakMb };
}

export function benchDatabase(): BenchRow[] {
  if (psql('55441', 'SELECT 1').stdout.trim() !== '1') {
    process.stderr.write('bench: database skipped: start PostgreSQL and its shards with .ci/shards.sh\n');
    return [];
  }
  ensure();
  const rows: BenchRow[] = [];
  const places = [
    ['bench_customers', '', 'one PostgreSQL server'],
    ...(SHARDS ? [['bench_customers_sharded', 'strata_bucket', 'two shards (postgres_fdw)']] : []),
  ] as const;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  for (const [table, bucket, where] of places) {
    const { r, peakMb } = measured<{
      rows: number;
      kmSeconds: number;
      iterations: number;
      perIteration: number[];
      treeSeconds: number;
      perLevel: number[];
      recipeSeconds: number;
      leaves: number;
    }>(['test/bench/database-run.ts', table, bucket]);
    rows.push({
      name: `k-means (k = 8) inside PostgreSQL, ${r.rows.toLocaleString('en-US')} customers, ${where}`,
      strata: r.kmSeconds,
      unit: 's',
      note: `${r.iterations} iterations, ${mean(r.perIteration).toFixed(1)} s each; recipe by SQL ${r.recipeSeconds.toFixed(1)} s; Strata's peak memory ${peakMb.toFixed(0)} MB`,
    });
    rows.push({
      name: `depth-8 tree inside PostgreSQL, same customers, ${where}`,
      strata: r.treeSeconds,
      unit: 's',
      note: `${r.perLevel.length} levels, ${mean(r.perLevel).toFixed(1)} s each; ${r.leaves} leaves`,
    });
  }
  const { r, peakMb } = measured<{
    rows: number;
    loadSeconds: number;
    recipeSeconds: number;
    kmSeconds: number;
    iterations: number;
    treeSeconds: number;
    leaves: number;
  }>(['test/bench/database-inprocess.ts', exported()]);
  rows.push({
    name: `the same in-process: k-means (k = 8) on ${r.rows.toLocaleString('en-US')} customers read from a CSV`,
    strata: r.kmSeconds,
    unit: 's',
    note: `${r.iterations} iterations, ${(r.kmSeconds / Math.max(1, r.iterations)).toFixed(1)} s each (seeding included); reading the CSV ${r.loadSeconds.toFixed(1)} s, recipe ${r.recipeSeconds.toFixed(1)} s; peak memory ${peakMb.toFixed(0)} MB`,
  });
  rows.push({
    name: 'the same in-process: depth-8 histogram tree, 32 bins per input',
    strata: r.treeSeconds,
    unit: 's',
    note: `${r.leaves} leaves; same process and memory as the row above`,
  });
  return rows;
}
