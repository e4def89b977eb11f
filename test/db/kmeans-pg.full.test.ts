import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MISSING_BIN } from '../../src/classify/hist-splitter.js';
import { kmeans } from '../../src/cluster/kmeans.js';
import { classifyDatabase, hashFold, hashFoldSql } from '../../src/db/classify-database.js';
import { connect, type Database } from '../../src/db/connect.js';
import { describeDatabase } from '../../src/db/describe-database.js';
import {
  assignSql,
  type DbSource,
  inputsSql,
  kmeansInDatabase,
  preferShards,
} from '../../src/db/kmeans-database.js';
import { kmeansParallel } from '../../src/db/kmeans-parallel.js';
import { fitRecipeInDatabase } from '../../src/db/recipe-database.js';
import { exactQuantiles } from '../../src/db/shard-stats.js';
import { closeShards, directShards } from '../../src/db/shards.js';
import { treeInDatabase } from '../../src/db/tree-database.js';
import { histogramSql } from '../../src/db/tree-sql.js';
import { lowerBound } from '../../src/util/search.js';
import { cli, peer, ROOT, suite, tempDir, typedCsv } from '../helpers.js';
import {
  DEMO_AMOUNTS,
  expectInProcess,
  histogramCounts,
  inProcessCv,
  inProcessSetup,
  kmeansSetup,
  preorder,
  wideHistogram,
} from './setup.js';

const PG = { PGHOST: '127.0.0.1', PGUSER: 'postgres', PGPASSWORD: 'strata', PGDATABASE: 'strata_test' };
const psql = (port: string, args: string[]) =>
  spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', '-p', port, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...PG, ...(port === '5432' ? {} : { PGDATABASE: 'postgres' }) },
  });
const ready = (port: string) => psql(port, ['-tAc', 'SELECT 1']).stdout.trim() === '1';
const hasServers = peer(
  () => ready('5432') && ready('55441') && ready('55442'),
  'PostgreSQL on 127.0.0.1:5432 and shards on 55441 / 55442 (run .ci/shards.sh)',
);

const demo = join(ROOT, 'data', 'customers.csv');
const NUMERIC = [...DEMO_AMOUNTS, 'tenure_years'];
/** The demo customers' tier as the classify tests train it in a database: every customer in the sample. */
const DEMO_TREE = {
  label: 'assigned_tier',
  id: 'customer_id',
  maxDepth: 4,
  minSamplesLeaf: 20,
  sample: 5000,
} as const;
suite('k-means inside PostgreSQL, plain and sharded (postgres_fdw)', hasServers, () => {
  let setup: Awaited<ReturnType<typeof kmeansSetup>>;
  let db: Database;

  beforeAll(async () => {
    setup = await kmeansSetup(demo);
    const { table } = setup;
    // The customers with a bucket (0–15) that partitions them between the two shards.
    const csv = join(tempDir(), 'customers.csv');
    const cols = typedCsv(table, csv);
    const ddl = cols.map((c) => `"${c.name}" ${c.numeric ? 'DOUBLE PRECISION' : 'TEXT'}`).join(', ');
    for (const port of ['55441', '55442']) {
      const r = psql(port, [
        '-c',
        'DROP TABLE IF EXISTS km_customers_s',
        '-c',
        `CREATE TABLE km_customers_s (${ddl}, strata_bucket INT)`,
      ]);
      expect(r.status, r.stderr).toBe(0);
    }
    const r = psql('5432', [
      '-c',
      'DROP TABLE IF EXISTS km_customers, km_customers_sharded CASCADE',
      '-c',
      `CREATE TABLE km_customers (${ddl})`,
      '-c',
      `\\copy km_customers FROM '${csv}' WITH (FORMAT csv, HEADER true, NULL '')`,
      '-c',
      `CREATE TABLE km_customers_sharded (${ddl}, strata_bucket INT) PARTITION BY HASH (strata_bucket)`,
      '-c',
      "CREATE FOREIGN TABLE km_customers_p0 PARTITION OF km_customers_sharded FOR VALUES WITH (MODULUS 2, REMAINDER 0) SERVER shard_a OPTIONS (table_name 'km_customers_s')",
      '-c',
      "CREATE FOREIGN TABLE km_customers_p1 PARTITION OF km_customers_sharded FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard_b OPTIONS (table_name 'km_customers_s')",
      '-c',
      'INSERT INTO km_customers_sharded SELECT *, ((strata_row::bigint * 2654435761) % 16)::int FROM km_customers',
    ]);
    expect(r.status, r.stderr).toBe(0);
    // Analysed, as a real table soon is (autovacuum): the planner then counts about one group per row,
    // the case where it once chose to bring every row to the coordinator.
    for (const port of ['55441', '55442']) {
      const a = psql(port, ['-c', 'ANALYZE km_customers_s']);
      expect(a.status, a.stderr).toBe(0);
    }
    // The password comes from the environment, as it does for a user (never from the URL).
    process.env.PGPASSWORD = PG.PGPASSWORD;
    db = await connect('postgres://postgres@127.0.0.1:5432/strata_test');
  });
  afterAll(async () => {
    await db?.close();
  });

  const check = async (src: DbSource, where: string) => {
    const fit = await kmeansInDatabase(src, setup.recipe, { k: setup.k, init: setup.init, tol: 1e-4 });
    setup.check(fit, where);
    expect(fit.pushed, where).toBe(src.bucket ? true : null);
  };

  it('one server: the in-process centroids (1e-9 relative), iterations and sizes', async () => {
    await check({ db, from: '"km_customers"' }, 'PostgreSQL');
  });

  it('sharded: the same, with every iteration aggregated on both shards at once', async () => {
    await check({ db, from: '"km_customers_sharded"', bucket: 'strata_bucket' }, 'sharded PostgreSQL');
  });

  it('sharded, each shard read directly (its server and table from the catalogue): the same', async () => {
    const from = '"km_customers_sharded"';
    const shards = await directShards(db, from);
    try {
      expect(shards?.map((s) => [s.db.label, s.from])).toEqual([
        ['postgres://postgres@127.0.0.1:55441/postgres', '"public"."km_customers_s"'],
        ['postgres://postgres@127.0.0.1:55442/postgres', '"public"."km_customers_s"'],
      ]);
      // Both shards on this machine: read at once, each in one process, not with competing workers.
      for (const s of shards ?? [])
        expect(await s.db.rows('SHOW max_parallel_workers_per_gather')).toEqual([['0']]);
      await check({ db, from, bucket: 'strata_bucket', shards }, 'shards read directly');
      const tree = await inProcessSetup(demo);
      const t = await treeInDatabase(
        { db, from, bucket: 'strata_bucket', shards },
        tree.recipe,
        tree.options,
      );
      expect(preorder(t.root), 'tree on shards read directly').toEqual(tree.nodes);
    } finally {
      await closeShards(db, shards);
    }
    // Not sharded, or not a table: nothing to read directly.
    expect(await directShards(db, '"km_customers"')).toBeNull();
    expect(await directShards(db, '"no_such_table"')).toBeNull();
  });

  it('medians and quartiles counted on the shards equal percentile_cont over one table (ties, missing values, few rows per fetch)', async () => {
    const from = '"km_customers_sharded"';
    const shards = await directShards(db, from);
    try {
      const parts = shards!.map((r) => ({ db: r.db, from: r.from }));
      const ps = [0.5, 0.25, 0.75, 0.1];
      const x = (c: string) => `CAST("${c}" AS DOUBLE PRECISION)`;
      for (const c of NUMERIC) {
        const pc = ps.map((p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${x(c)})`).join(', ');
        const [row] = await db.rows(
          `SELECT COUNT("${c}"), MIN(${x(c)}), MAX(${x(c)}), ${pc} FROM km_customers`,
        );
        const [n, min, max, ...want] = row.map(Number);
        const item = { expr: x(c), n, min, max, ps };
        // 10 rows per fetch: several rounds of counting, and ranks inside runs of equal values.
        for (const fetch of [10, 10_000])
          expect(await exactQuantiles(parts, [item], fetch), `${c}, fetch ${fetch}`).toEqual([want]);
      }
      const [[missing]] = await db.rows('SELECT COUNT(*) - COUNT("credit_score") FROM km_customers');
      expect(Number(missing), 'a column with missing values was covered').toBe(173);
    } finally {
      await closeShards(db, shards);
    }
  });

  it('a recipe fitted on shards read directly equals the one-server recipe (medians, logs, every scale)', async () => {
    const from = '"km_customers_sharded"';
    const shards = await directShards(db, from);
    try {
      for (const [scale, log] of [
        ['robust', 'auto'],
        ['standard', ['sales_12m']],
        ['minmax', 'none'],
      ] as const) {
        const one = await fitRecipeInDatabase({ db, from: '"km_customers"' }, NUMERIC, ['region'], {
          scale,
          log,
        });
        const sharded = await fitRecipeInDatabase(
          { db, from, bucket: 'strata_bucket', shards },
          NUMERIC,
          ['region'],
          {
            scale,
            log,
          },
        );
        expect(sharded.outputs).toEqual(one.outputs);
        one.steps.forEach((a, i) => {
          const b = sharded.steps[i];
          if (a.kind !== 'numeric' || b.kind !== 'numeric') {
            expect(b).toEqual(a);
            return;
          }
          expect([b.impute, b.log, b.missing], `${a.name} (${scale})`).toEqual([a.impute, a.log, a.missing]);
          expect(Math.abs(b.center - a.center), `${a.name} centre (${scale})`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(a.center)),
          );
          expect(Math.abs(b.scale - a.scale), `${a.name} scale (${scale})`).toBeLessThanOrEqual(
            1e-9 * a.scale,
          );
        });
      }
    } finally {
      await closeShards(db, shards);
    }
  });

  it('k-means‖ in SQL on one server and on the shards: the same centres on every run, Lloyd as good as 10 in-process starts', async () => {
    const best = kmeans(setup.m.data, setup.m.rows, setup.m.cols, { k: setup.k, seed: 42, nInit: 10 });
    for (const src of [
      { db, from: '"km_customers"' },
      { db, from: '"km_customers_sharded"', bucket: 'strata_bucket' },
    ] satisfies DbSource[]) {
      const started = performance.now();
      const a = await kmeansParallel(src, setup.recipe, { k: setup.k, seed: 7 });
      const seconds = (performance.now() - started) / 1000;
      const b = await kmeansParallel(src, setup.recipe, { k: setup.k, seed: 7 });
      expect(Array.from(a.centers), src.from).toEqual(Array.from(b.centers));
      const there = await kmeansInDatabase(src, setup.recipe, { k: setup.k, init: a.centers });
      console.log(
        `k-means‖ in ${src.from}: ${a.candidates} candidates in ${seconds.toFixed(2)} s; inertia after Lloyd ${there.inertia.toFixed(1)} (in-process best of 10: ${best.inertia.toFixed(1)})`,
      );
      expect(there.inertia, src.from).toBeLessThan(best.inertia * 1.01);
    }
  });

  it('a tree trained in PostgreSQL and in the sharded PostgreSQL equals the in-process histogram tree', async () => {
    const setup = await inProcessSetup(demo);
    for (const [from, bucket, where] of [
      ['"km_customers"', undefined, 'PostgreSQL'],
      ['"km_customers_sharded"', 'strata_bucket', 'sharded PostgreSQL'],
    ] as const) {
      const t = await treeInDatabase({ db, from, bucket }, setup.recipe, setup.options);
      expect(preorder(t.root), where).toEqual(setup.nodes);
      expect(t.pushed, where).toBe(bucket ? true : null);
      console.log(
        `${where} tree: ${setup.nodes.length} nodes, ${t.seconds.map((s) => s.toFixed(3)).join(' ')} s per level`,
      );
    }
  });

  it('bins by width_bucket: a value on a cut, just above it, at ±0 and missing lands where the in-process tree puts it', async () => {
    const cuts = Float64Array.from([-1.5, 0, 1, 2.5]);
    const values = [-2, -1.5, -1.4999999999999998, -0, 0, 5e-324, 1, 1.0000000000000002, 2.5, 3, null];
    const base = `SELECT 0 AS y, x AS z0 FROM (VALUES ${values.map((v) => `(CAST(${v === null ? 'NULL' : v.toExponential()} AS DOUBLE PRECISION))`).join(', ')}) AS v(x)`;
    const src: DbSource = { db, from: '"km_customers"' };
    const got = new Map<number, number>();
    for (const r of await db.rows(histogramSql(src, base, '0', [cuts]))) got.set(Number(r[1]), Number(r[2]));
    const want = new Map<number, number>();
    for (const v of values) {
      const bin = v === null ? MISSING_BIN : lowerBound(cuts, v);
      want.set(bin, (want.get(bin) ?? 0) + 1);
    }
    expect(got).toEqual(want);
  });

  it("counts a level of 40 inputs in one query (more than GROUPING() takes): each input's bins, both nodes and classes", async () => {
    const wide = wideHistogram();
    const rows = await db.rows(
      histogramSql({ db, from: '"km_customers"' }, wide.base, 'strata_node', wide.edges, 2),
    );
    expect(histogramCounts(rows)).toEqual(wide.want);
  });

  it('classify: folds hash the id as JavaScript does; plain and sharded equal in-process CART with those folds', async () => {
    const ids = await db.rows(
      `SELECT customer_id, ${hashFoldSql('customer_id', 5, 'postgres')} FROM km_customers`,
    );
    expect(ids).toHaveLength(5000);
    for (const [id, f] of ids) expect(Number(f), String(id)).toBe(hashFold(String(id), 5));
    const features = [
      'sales_12m',
      'order_count_12m',
      'margin_pct',
      'days_since_last_order',
      'payment_delay_days',
      'region',
      'ownership',
    ];
    const here = await inProcessCv(demo, features);
    for (const [table, bucket] of [
      ['km_customers', undefined],
      ['km_customers_sharded', 'strata_bucket'],
    ] as const) {
      const run = await classifyDatabase(db, { ...DEMO_TREE, table, bucket, features });
      expectInProcess(run, here, table);
      expect(run.pushed, table).toBe(bucket ? true : null);
    }
  });

  it('classify with a scratch schema: bins once on the server and on each shard, equals in-process CART, leaves no table', async () => {
    for (const port of ['5432', '55441', '55442']) {
      const r = psql(port, ['-c', 'CREATE SCHEMA IF NOT EXISTS strata_work']);
      expect(r.status, r.stderr).toBe(0);
    }
    const features = ['sales_12m', 'order_count_12m', 'margin_pct', 'credit_score', 'region', 'ownership'];
    const here = await inProcessCv(demo, features);
    const writer = await connect('postgres://postgres@127.0.0.1:5432/strata_test', { write: true });
    const options = { ...DEMO_TREE, features, scratch: 'strata_work' };
    try {
      for (const [table, bucket, shards] of [
        ['km_customers', undefined, 0],
        ['km_customers_sharded', 'strata_bucket', 2],
      ] as const) {
        const run = await classifyDatabase(writer, { ...options, table, bucket });
        expectInProcess(run, here, table);
        expect(run.binned?.schema, table).toBe('strata_work');
        expect(run.shardsReadDirectly, table).toBe(shards);
      }
    } finally {
      await writer.close();
    }
    for (const port of ['5432', '55441', '55442']) {
      const left = psql(port, [
        '-tAc',
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'strata_work'",
      ]);
      expect(left.stdout.trim(), port).toBe('0');
    }
    // A read-only session cannot write the table: one line saying so, nothing created.
    await expect(classifyDatabase(db, { ...options, table: 'km_customers' })).rejects.toThrow(
      /cannot write the binned inputs into scratch schema "strata_work": .*read-only transaction/,
    );
  });

  it('a column PostgreSQL cannot read as its type: one line naming it; the session goes on', async () => {
    const r = psql('5432', [
      '-c',
      'DROP TABLE IF EXISTS km_typo',
      '-c',
      "CREATE TABLE km_typo AS SELECT customer_id, region, CASE WHEN customer_id = 'C04321' THEN 'n/a?' ELSE CAST(sales_12m AS TEXT) END AS sales_12m FROM km_customers",
    ]);
    expect(r.status, r.stderr).toBe(0);
    await expect(describeDatabase(db, { table: 'km_typo', sample: 50 })).rejects.toThrow(
      /^postgres:\/\/postgres@127\.0\.0\.1:5432\/strata_test, column "sales_12m": cannot be read as the type its values suggest \(invalid input syntax for type double precision: "n\/a\?"\)$/,
    );
    // The failed statement did not abort the read-only transaction.
    expect(await db.rows('SELECT COUNT(*) FROM km_typo')).toEqual([['5000']]);
    const d = await describeDatabase(db, { table: 'km_customers' });
    expect(d.columns.find((c) => c.name === 'region')?.top?.[0]).toEqual({ level: 'East', count: 1072 });
  });

  const explain = async (sql: string) =>
    (await db.rows(`EXPLAIN (VERBOSE) ${sql}`)).map((r) => String(r[0])).join('\n');
  const expectPushed = (plan: string, remotes: number, aggregate: RegExp) => {
    expect(plan).toMatch(/Async Foreign Scan/);
    const remote = plan.split('\n').filter((l) => l.includes('Remote SQL'));
    expect(remote).toHaveLength(remotes);
    for (const line of remote) {
      expect(line).toMatch(/GROUP BY/);
      expect(line).toMatch(aggregate);
    }
    expect(plan).toMatch(/Relations: Aggregate on/);
  };

  it('EXPLAIN shows the aggregation pushed to the shards (partial aggregates as Remote SQL, async)', async () => {
    const src: DbSource = { db, from: '"km_customers_sharded"', bucket: 'strata_bucket' };
    await preferShards(src);
    const d = setup.recipe.outputs.length;
    expectPushed(
      await explain(assignSql(src, inputsSql(src, setup.recipe), setup.init, setup.k, d)),
      2,
      /sum\(/i,
    );
    // The tree's level query: each input's counts per node, class and bin, on both shards.
    const tree = await inProcessSetup(demo);
    const base = inputsSql(src, tree.recipe, { columns: '0 AS y', where: 'TRUE' });
    const p = tree.options.edges.length;
    expectPushed(await explain(histogramSql(src, base, '0', tree.options.edges)), 2 * p, /count\(/i);
  });
});

suite('strata cluster --db postgres://: no password anywhere', hasServers, () => {
  it('trains on the plain and the sharded table; the password is in no output file or message', async () => {
    const dir = tempDir();
    for (const [table, bucket] of [
      ['km_customers', null],
      ['km_customers_sharded', 'strata_bucket'],
    ] as const) {
      const out = join(dir, table);
      const url = 'postgres://postgres@127.0.0.1:5432/strata_test';
      const r = cli(
        [
          'cluster',
          '--db',
          url,
          '--table',
          table,
          ...(bucket ? ['--bucket', bucket] : []),
          '--k',
          '4',
          '--exclude',
          'strata_row',
          '--out',
          out,
          '--json',
        ],
        {
          env: { PGPASSWORD: 'strata' },
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as {
        features: string[];
        leftOut: { column: string; reason: string }[];
        database: { rows: number; source: string; shardsReadDirectly: number };
      };
      // The partition key says where a customer is stored, nothing about the customer.
      expect(s.features).not.toContain('strata_bucket');
      if (bucket) {
        expect(s.leftOut.find((l) => l.column === bucket)?.reason).toBe(
          'the bucket: which shard stores the customer, not something about them',
        );
        // The report says where the passes ran and why the bucket is no feature, as the summary does.
        const md = readFileSync(join(out, 'report.md'), 'utf8');
        expect(md).toContain('ran in the database, on each of its 2 shards directly');
        expect(md).toContain('strata\\_bucket — the bucket: which shard stores the customer');
      }
      expect(s.features).toContain('sales_12m');
      expect(s.database.rows).toBe(5000);
      // The Lloyd passes ran on each shard directly, with its own connection.
      expect(s.database.shardsReadDirectly).toBe(bucket ? 2 : 0);
      expect(s.database.source).toBe(`${url} ${table}`);
      for (const f of readdirSync(out).filter((x) => /\.(json|html|md)$/.test(x)))
        expect(readFileSync(join(out, f), 'utf8'), f).not.toContain('strata@');
      expect(r.stdout + r.stderr).not.toMatch(/PGPASSWORD|:strata@/);
    }
    const sharded = [
      '--db',
      'postgres://postgres@127.0.0.1:5432/strata_test',
      '--table',
      'km_customers_sharded',
      '--bucket',
      'strata_bucket',
    ];
    // classify as well: the bucket is no feature, and the summary line says the shards were read directly.
    const tiers = join(dir, 'tiers');
    const c = cli(['classify', ...sharded, '--label', 'assigned_tier', '--max-depth', '3', '--out', tiers], {
      env: { PGPASSWORD: 'strata' },
    });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('ran as queries there, on each of its 2 shards directly.');
    expect(c.stdout).toContain('strata_bucket — the bucket: which shard stores the customer');
    const cs = JSON.parse(readFileSync(join(tiers, 'summary.json'), 'utf8')) as {
      features: string[];
      database: { shardsReadDirectly: number };
    };
    expect(cs.features).not.toContain('strata_bucket');
    expect(cs.database.shardsReadDirectly).toBe(2);
    const report = readFileSync(join(tiers, 'report.md'), 'utf8');
    expect(report).toContain('ran as queries there, on each of its 2 shards directly.');
    expect(report).toContain('strata\\_bucket — the bucket: which shard stores the customer');
    // Without cost estimates from the shards the planner brings every row to the coordinator: the run
    // still gives the same segments, and says so.
    const estimates = (on: boolean) =>
      psql('5432', [
        '-c',
        `ALTER SERVER shard_a OPTIONS (SET use_remote_estimate '${on}')`,
        '-c',
        `ALTER SERVER shard_b OPTIONS (SET use_remote_estimate '${on}')`,
      ]);
    expect(estimates(false).status).toBe(0);
    try {
      const slow = cli(
        ['cluster', ...sharded, '--k', '4', '--exclude', 'strata_row', '--out', join(dir, 'slow'), '--json'],
        { env: { PGPASSWORD: 'strata' } },
      );
      expect(slow.code, slow.stderr).toBe(0);
      const s = JSON.parse(slow.stdout) as { warnings: { code: string }[] };
      expect(s.warnings.map((w) => w.code)).toContain('shards-send-rows');
      expect(slow.stderr).toMatch(/use_remote_estimate/);
    } finally {
      expect(estimates(true).status).toBe(0);
    }
    const wrong = cli(
      [
        'cluster',
        '--db',
        'postgres://postgres:hunter2@127.0.0.1:5432/strata_test',
        '--table',
        'km_customers',
        '--out',
        join(dir, 'w'),
      ],
      {
        env: { PGPASSWORD: '' },
      },
    );
    expect(wrong.code).toBeGreaterThan(0);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(
      /postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/strata_test: cannot connect \(password authentication failed/,
    );
    expect(wrong.stderr).not.toContain('hunter2');
  });
});
