/**
 * The `--json` of every command on the bundled sample, and the files a script reads (predictions,
 * SQL, PMML), byte for byte against the outputs recorded in test/golden/. Restructuring the code
 * must not change them; a deliberate change regenerates them with STRATA_GOLDEN=update and shows
 * up in the diff. The version is masked so a release does not count as a change.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, SAMPLE_RFM, tempDir } from './helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const update = process.env.STRATA_GOLDEN === 'update';
const out = tempDir('strata-golden-');
const CUSTOMERS = 'data/customers.csv';

/** A file's text with the version and the run's temporary folder masked. */
const masked = (text: string) =>
  text
    .replace(/"version": "\d+\.\d+\.\d+"/g, '"version": "X"')
    .replace(/strata \d+\.\d+\.\d+/gi, (m) => `${m.slice(0, 6)} X`)
    .replace(/<Application name="Strata" version="\d+\.\d+\.\d+"/g, '<Application name="Strata" version="X"')
    .replaceAll(out, 'OUT')
    .replace(/"(secondsPerIteration|secondsPerLevel)": [\d.e-]+/g, '"$1": 0')
    .replace(/"phases": \{[^}]*\}/g, '"phases": {}');

/**
 * A file as recorded: whole when small; a large one as its first lines, its line count and the
 * SHA-256 of the whole (still byte for byte, without megabytes in the repository).
 */
function recorded(text: string): string {
  if (text.length <= 64 * 1024) return text;
  const lines = text.split('\n');
  const sha = createHash('sha256').update(text).digest('hex');
  return `${lines.slice(0, 12).join('\n')}\n… ${lines.length} lines, sha256 ${sha}\n`;
}

function check(name: string, text: string): void {
  const file = join(GOLDEN, name);
  const got = recorded(masked(text));
  if (update) writeFileSync(file, got);
  expect(got, name).toBe(readFileSync(file, 'utf8'));
}

function json(name: string, args: string[]): void {
  const r = cli([...args, '--json', '--no-report', '--out', join(out, name), '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  check(`${name}.json`, r.stdout);
}

const CLUSTER = [CUSTOMERS, '--id', 'customer_id', '--log', 'auto', '--value', 'sales_12m'];

describe('the outputs on the bundled sample are those recorded in test/golden/', () => {
  beforeAll(() => {
    json('cluster', [
      'cluster',
      ...CLUSTER,
      '--stability',
      '10',
      '--rules-depth',
      '4',
      '--unit',
      'sales_12m=CNY thousand',
    ]);
    json('classify', [
      'classify',
      CUSTOMERS,
      '--id',
      'customer_id',
      '--label',
      'assigned_tier',
      '--max-depth',
      '6',
      '--min-leaf',
      '20',
    ]);
  });

  it('describe', () => {
    const r = cli(['describe', CUSTOMERS, '--json']);
    expect(r.code).toBe(0);
    check('describe.json', r.stdout);
  });

  it('cluster: k-means with k chosen, stability and rules', () => {
    expect(readFileSync(join(GOLDEN, 'cluster.json'), 'utf8')).toContain('"command": "cluster"');
  });

  it('cluster: one k, k-prototypes and k-medoids', () => {
    json('cluster-k4', ['cluster', ...CLUSTER, '--k', '4', '--n-init', '3', '--seed', '7']);
    json('kprototypes', ['cluster', ...CLUSTER, '--method', 'kprototypes', '--k', '4', '--n-init', '2']);
    json('kmedoids-clara', ['cluster', ...CLUSTER, '--method', 'kmedoids', '--k', '3', '--clara', '2']);
    // PAM on the first 600 customers, k chosen.
    const head = readFileSync(join(ROOT, CUSTOMERS), 'utf8').split('\n').slice(0, 601).join('\n');
    writeFileSync(join(out, 'head.csv'), `${head}\n`);
    json('kmedoids', [
      'cluster',
      join(out, 'head.csv'),
      ...CLUSTER.slice(1),
      '--method',
      'kmedoids',
      '--k-range',
      '2-4',
    ]);
  });

  it('classify: a fixed tree, and the pruned default', () => {
    expect(readFileSync(join(GOLDEN, 'classify.json'), 'utf8')).toContain('"command": "classify"');
    json('classify-pruned', ['classify', CUSTOMERS, '--id', 'customer_id', '--label', 'assigned_tier']);
  });

  it('grade, pareto, compare and migrate', () => {
    json('grade', [
      'grade',
      CUSTOMERS,
      '--id',
      'customer_id',
      '--scorecard',
      'data/scorecards/sample-tier.yaml',
      '--value',
      'sales_12m',
      '--as-of',
      '2026-10-31',
      '--segments',
      join(out, 'cluster'),
    ]);
    json('pareto', ['pareto', CUSTOMERS, '--id', 'customer_id', '--value', 'sales_12m']);
    json('compare', [
      'compare',
      CUSTOMERS,
      '--id',
      'customer_id',
      '--assigned',
      'assigned_tier',
      '--model',
      join(out, 'classify', 'model.json'),
      '--value',
      'sales_12m',
    ]);
    // The scorecard's tiers against the tiers people assigned, as two periods.
    const grades = join(out, 'grade', 'grades.csv');
    writeFileSync(
      join(out, 'assigned.csv'),
      readFileSync(join(ROOT, CUSTOMERS), 'utf8').replace(/,assigned_tier\n/, ',tier\n'),
    );
    json('migrate', [
      'migrate',
      join(out, 'assigned.csv'),
      grades,
      '--id',
      'customer_id',
      '--tier',
      'tier',
      '--order',
      'A,B,C,D,E',
    ]);
  });

  it('rfm', () => {
    json('rfm', ['rfm', 'data/transactions.csv', ...SAMPLE_RFM, '--drop-invoice-prefix', 'C']);
  });

  it('predict by centres and by rules, and the exports', () => {
    const model = join(out, 'cluster', 'model.json');
    const tree = join(out, 'classify', 'model.json');
    for (const [name, args] of [
      ['predict-centres.csv', ['predict', model, CUSTOMERS, '--id', 'customer_id']],
      ['predict-rules.csv', ['predict', model, CUSTOMERS, '--id', 'customer_id', '--by', 'rules']],
      ['predict-tree.csv', ['predict', tree, CUSTOMERS, '--id', 'customer_id']],
      ['export-kmeans.sql', ['export', model, '--to', 'sql', '--dialect', 'postgres']],
      ['export-tree.sql', ['export', tree, '--to', 'sql', '--dialect', 'duckdb']],
      ['export-tree.pmml', ['export', tree, '--to', 'pmml']],
    ] as const) {
      const r = cli([...args, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      check(name, r.stdout);
    }
  });

  it('cluster and classify inside DuckDB', async () => {
    const db = join(out, 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(db);
    const con = await instance.connect();
    await con.run(
      `CREATE TABLE customers AS SELECT * FROM read_csv('${join(ROOT, CUSTOMERS)}', header = true)`,
    );
    con.closeSync();
    instance.closeSync();
    const at = ['--db', `duckdb:${db}`, '--table', 'customers', '--id', 'customer_id'];
    json('cluster-db', ['cluster', ...at, '--k', '4', '--value', 'sales_12m']);
    json('cluster-db-parallel', ['cluster', ...at, '--k', '3', '--seeding', 'parallel']);
    json('classify-db', ['classify', ...at, '--label', 'assigned_tier', '--max-depth', '4']);
  });

  it('the models written', () => {
    check('cluster-model.json', readFileSync(join(out, 'cluster', 'model.json'), 'utf8'));
    check('classify-model.json', readFileSync(join(out, 'classify', 'model.json'), 'utf8'));
  });
});
