/**
 * Training where the customers are (issues #15 and #30): generated customers (8 amounts, a region, a
 * tier) in one PostgreSQL server, in the two-shard setup of .ci/shards.sh (each shard loaded directly,
 * not through postgres_fdw inserts) and in a DuckDB file. Per engine: each Lloyd pass (k = 8) and each
 * level of a depth-8 tree against a bare aggregate scan of the same inputs in the same run, and the
 * whole `strata cluster --db` against the same customers clustered from a CSV in-process. Strata's own
 * peak memory stays small: the customers never enter it. STRATA_BENCH_DB_ROWS sets the size (default
 * 2,000,000); STRATA_BENCH_DB_SHARDS=0 leaves the shards out.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, type BenchRow } from './common.js';

const ROWS = Number(process.env.STRATA_BENCH_DB_ROWS ?? 2_000_000);
const SHARDS = process.env.STRATA_BENCH_DB_SHARDS !== '0';
const DEFAULT_ROWS = ROWS === 2_000_000;
/** Another size keeps its own rows in latest.json beside the default size's (e.g. database-20m). */
export const DATABASE_SECTION = DEFAULT_ROWS ? 'database' : `database-${ROWS / 1_000_000}m`;
const sized = DEFAULT_ROWS ? '' : `, ${ROWS.toLocaleString('en-US')} customers`;
const TABLE = `bench_c${ROWS}`;
const PG = { PGHOST: '127.0.0.1', PGUSER: 'postgres', PGPASSWORD: 'strata', PGDATABASE: 'strata_test' };
const PG_URL = 'postgres://postgres@127.0.0.1:5432/strata_test';
const psql = (port: string, sql: string) =>
  spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', '-tA', '-p', port, '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, ...PG, ...(port === '5432' ? {} : { PGDATABASE: 'postgres' }) },
  });
const must = (r: ReturnType<typeof psql>, what: string) => {
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  return r.stdout.trim();
};

/** A uniform number in [0, 1) from a hash of the customer and a stream: the same rows on every server. */
const u = (stream: number) => `((hashint8extended(g, ${stream}) & 2147483647) / 2147483648.0)`;
/** The customers as SQL: 8 segments, amounts around each segment's centre, a tier from a noisy score. */
const select = (where: string) => `SELECT g AS id, (g % 16)::int AS strata_bucket,
  ${Array.from({ length: 8 }, (_, j) => `((g % 8) * ${j + 1} % 7 + ${u(j)} * 3)::float8 AS f${j + 1}`).join(', ')},
  (ARRAY['North','South','East','West'])[1 + (g % 4)] AS region,
  (ARRAY['A','B','C','D'])[1 + LEAST(3, GREATEST(0, floor(((g % 8) * 3 % 7) / 2 + ${u(9)})::int))] AS tier
  FROM generate_series(1, ${ROWS}) AS g ${where}`;
const COLUMNS = `id bigint, strata_bucket int, ${Array.from({ length: 8 }, (_, j) => `f${j + 1} float8`).join(', ')}, region text, tier text`;

/** The schema the bench's scratch tables go to, on the server and on each shard. */
const SCRATCH = 'strata_bench';

function ensure(): void {
  for (const port of SHARDS ? ['5432', '55441', '55442'] : ['5432'])
    must(psql(port, `CREATE SCHEMA IF NOT EXISTS ${SCRATCH}`), 'creating the scratch schema');
  const count = (port: string, t: string) => psql(port, `SELECT count(*) FROM ${t}`).stdout.trim();
  if (count('5432', TABLE) !== String(ROWS)) {
    process.stderr.write(`bench: generating ${ROWS.toLocaleString('en-US')} customers in PostgreSQL…\n`);
    must(
      psql(
        '5432',
        `DROP TABLE IF EXISTS ${TABLE}; CREATE TABLE ${TABLE} AS ${select('')}; ANALYZE ${TABLE};`,
      ),
      'generating the bench table',
    );
  }
  if (!SHARDS || count('5432', `${TABLE}_sharded`) === String(ROWS)) return;
  process.stderr.write('bench: loading the same customers into each shard directly…\n');
  must(
    psql(
      '5432',
      `DROP TABLE IF EXISTS ${TABLE}_sharded CASCADE;
       CREATE TABLE ${TABLE}_sharded (${COLUMNS}) PARTITION BY HASH (strata_bucket);
       CREATE FOREIGN TABLE ${TABLE}_p0 PARTITION OF ${TABLE}_sharded FOR VALUES WITH (MODULUS 2, REMAINDER 0) SERVER shard_a OPTIONS (table_name '${TABLE}_s');
       CREATE FOREIGN TABLE ${TABLE}_p1 PARTITION OF ${TABLE}_sharded FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard_b OPTIONS (table_name '${TABLE}_s');`,
    ),
    'creating the sharded table',
  );
  // Which buckets each partition holds, as the coordinator routes them.
  const [ports, parts] = [
    ['55441', '55442'],
    [0, 1],
  ];
  for (const part of parts) {
    const buckets = must(
      psql(
        '5432',
        `SELECT string_agg(b::text, ',') FROM generate_series(0, 15) AS b WHERE satisfies_hash_partition('${TABLE}_sharded'::regclass, 2, ${part}, b)`,
      ),
      'routing the buckets',
    );
    must(
      psql(
        ports[part],
        `DROP TABLE IF EXISTS ${TABLE}_s; CREATE TABLE ${TABLE}_s AS ${select(`WHERE (g % 16) IN (${buckets})`)}; ANALYZE ${TABLE}_s;`,
      ),
      `loading shard ${ports[part]}`,
    );
  }
}

/** The bench customers as a CSV (psql's client-side copy) and as a DuckDB file, made once per size. */
function exported(): { csv: string; duck: string } {
  const csv = join(BENCH_DIR, `db-customers-${ROWS}.csv`);
  const duck = join(BENCH_DIR, `db-customers-${ROWS}.duckdb`);
  if (!existsSync(csv) || statSync(csv).size === 0) {
    process.stderr.write('bench: exporting them to a CSV for the in-process run…\n');
    must(
      psql(
        '5432',
        `\\copy (SELECT id, f1, f2, f3, f4, f5, f6, f7, f8, region, tier FROM ${TABLE} ORDER BY id) TO '${csv}' CSV HEADER`,
      ),
      'exporting the bench table',
    );
    rmSync(duck, { force: true });
  }
  if (!existsSync(duck)) {
    const script = `import { DuckDBInstance } from '@duckdb/node-api';
      const i = await DuckDBInstance.create(${JSON.stringify(duck)});
      await (await i.connect()).run(${JSON.stringify(`CREATE TABLE ${TABLE} AS SELECT * FROM read_csv('${csv}', header = true)`)});`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`loading DuckDB failed: ${r.stderr}`);
  }
  return { csv, duck };
}

/** Runs a command under GNU time: its stdout, wall seconds and peak memory. */
function timed(args: string[]): { stdout: string; seconds: number; peakMb: number } {
  const t = performance.now();
  const out = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: PG.PGPASSWORD },
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t) / 1000;
  if (out.status !== 0) throw new Error(`database bench failed: ${out.stderr}`);
  // GNU time prints the peak resident memory (KB) as the last line of stderr.
  return { stdout: out.stdout, seconds, peakMb: Number(out.stderr.trim().split('\n').pop()) / 1024 };
}

interface EngineRun {
  rows: number;
  scanSeconds: number;
  recipeSeconds: number;
  iterations: number;
  perPass: number[];
  perLevel: number[];
  leaves: number;
  binSeconds: number;
  perLevelBinned: number[];
  sameTree: boolean;
  pushed: boolean | null;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
const CLUSTER = ['--features', 'f1,f2,f3,f4,f5,f6,f7,f8', '--k', '8', '--scale', 'none', '--seed', '1'];

function engineRows(
  where: string,
  url: string,
  table: string,
  bucket: string,
  csvRun: number,
  scratch: string,
): BenchRow[] {
  const run = ['--import', 'tsx', 'test/bench/database-run.ts', url, table, bucket, scratch];
  const { stdout, peakMb } = timed(run);
  const r = JSON.parse(stdout.trim().split('\n').pop()!) as EngineRun;
  if (!r.sameTree) throw new Error(`database bench: the tree from the scratch table differs in ${where}`);
  const size = `${r.rows.toLocaleString('en-US')} × 8`;
  const scan = `a bare scan (count and 8 sums)`;
  const out = join(BENCH_DIR, 'db-cluster-out');
  const db = ['--db', url, '--table', table, ...(bucket ? ['--bucket', bucket] : [])];
  const whole = timed([
    'bin/strata.js',
    'cluster',
    ...db,
    ...CLUSTER,
    '--out',
    out,
    '--force',
    '--no-report',
    '--quiet',
  ]);
  return [
    {
      name: `Lloyd pass in ${where}, ${size}, k = 8 (mean of ${r.perPass.length})`,
      strata: mean(r.perPass),
      sklearn: r.scanSeconds,
      peer: scan,
      unit: 's',
      note: `target ≤ 4× the scan; passes ${r.perPass.map((s) => s.toFixed(2)).join(', ')} s; recipe by SQL ${r.recipeSeconds.toFixed(1)} s; Strata's peak memory ${peakMb.toFixed(0)} MB${r.pushed === null ? '' : `; aggregated on the shards: ${r.pushed}`}`,
    },
    {
      name: `tree level in ${where}, same customers, depth 8, 255 bins (mean of ${r.perLevel.length})${sized}`,
      strata: mean(r.perLevel),
      sklearn: r.scanSeconds,
      peer: scan,
      unit: 's',
      note: `target ≤ 4× the scan; root level ${r.perLevel[0].toFixed(2)} s, slowest ${Math.max(...r.perLevel).toFixed(2)} s; ${r.leaves} leaves`,
    },
    {
      name: `tree level in ${where} from bins in a scratch table (\`--scratch\`), the same tree (mean of ${r.perLevelBinned.length})${sized}`,
      strata: mean(r.perLevelBinned),
      sklearn: r.scanSeconds,
      peer: scan,
      unit: 's',
      note: `target ≤ 4× the scan; root level ${r.perLevelBinned[0].toFixed(2)} s, slowest ${Math.max(...r.perLevelBinned).toFixed(2)} s; binning once ${r.binSeconds.toFixed(1)} s, then the whole tree ${r.perLevelBinned.reduce((a, b) => a + b, 0).toFixed(1)} s against ${r.perLevel.reduce((a, b) => a + b, 0).toFixed(1)} s`,
    },
    {
      name: `whole \`strata cluster --db\` in ${where} against the CSV clustered in-process${sized}`,
      strata: whole.seconds,
      sklearn: csvRun,
      peer: 'the same from a CSV',
      unit: 's',
      note: `target ≤ 2×; Strata's peak memory ${whole.peakMb.toFixed(0)} MB`,
    },
  ];
}

export function benchDatabase(): BenchRow[] {
  if (psql('55441', 'SELECT 1').stdout.trim() !== '1') {
    process.stderr.write('bench: database skipped: start PostgreSQL and its shards with .ci/shards.sh\n');
    return [];
  }
  ensure();
  const { csv, duck } = exported();
  const out = join(BENCH_DIR, 'db-cluster-csv');
  const inProcess = timed([
    'bin/strata.js',
    'cluster',
    csv,
    ...CLUSTER,
    '--out',
    out,
    '--force',
    '--no-report',
    '--quiet',
  ]);
  process.stderr.write(`bench: the CSV clustered in-process in ${inProcess.seconds.toFixed(1)} s\n`);
  return [
    ...engineRows('one PostgreSQL', PG_URL, TABLE, '', inProcess.seconds, SCRATCH),
    ...(SHARDS
      ? engineRows(
          'two PostgreSQL shards',
          PG_URL,
          `${TABLE}_sharded`,
          'strata_bucket',
          inProcess.seconds,
          SCRATCH,
        )
      : []),
    ...engineRows('DuckDB', `duckdb:${duck}`, TABLE, '', inProcess.seconds, 'main'),
  ];
}
