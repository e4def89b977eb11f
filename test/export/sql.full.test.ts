import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyTable } from '../../src/classify/classify-table.js';
import { predictWithTree } from '../../src/classify/predict-tree.js';
import { clusterTable } from '../../src/cluster/cluster-table.js';
import { predictClusters } from '../../src/cluster/predict-clusters.js';
import { exec, queryRows } from '../../src/data/duck.js';
import { load } from '../../src/data/load.js';
import type { Table } from '../../src/data/table.js';
import { exportPmml } from '../../src/export/pmml.js';
import { type Dialect, exportSql } from '../../src/export/sql.js';
import type { FeatureModel } from '../../src/model/model-file.js';
import { peer, shared, suite, tempDir, typedCsv } from '../helpers.js';

const PG = {
  PGHOST: '127.0.0.1',
  PGPORT: '5432',
  PGUSER: 'postgres',
  PGPASSWORD: 'strata',
  PGDATABASE: 'strata_test',
};
const psql = (args: string[], input?: string) =>
  spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, ...PG },
    maxBuffer: 64 << 20,
  });
const hasPostgres = peer(
  () => psql(['-tAc', 'SELECT 1']).stdout.trim() === '1',
  'a PostgreSQL server on 127.0.0.1:5432 (run .ci/postgres.sh)',
);

type Predictions = Map<string, string>;

function inProcess(model: FeatureModel, t: Table): Predictions {
  const out = new Map<string, string>();
  if (model.kind === 'tree') {
    const p = predictWithTree(model, t);
    const C = p.classes.length;
    for (const [i, cls] of p.predicted.entries())
      out.set(String(i + 1), `${cls}|${p.proba[i * C + p.classes.indexOf(cls)]}`);
  } else {
    const p = predictClusters(model, t);
    for (const [i, name] of p.segment.entries()) out.set(String(i + 1), `${p.cluster[i]}|${name}`);
  }
  return out;
}

const asKey = (model: FeatureModel, row: unknown[]) =>
  model.kind === 'tree' ? `${row[1]}|${Number(row[2])}` : `${Number(row[1])}|${row[2]}`;

const telco = shared('telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv');
const wholesale = shared('wholesale_customers/Wholesale customers data.csv');
const german = shared('german_credit/german_credit_readable.csv');

const cases: [string, string | undefined, (t: Table) => FeatureModel][] = [
  [
    'Telco churn tree (categoricals, missing TotalCharges)',
    telco,
    (t) => classifyTable(t, { label: 'Churn', maxDepth: 6, minSamplesLeaf: 20, seed: 1 }).model,
  ],
  [
    'Telco k-means (log, one-hot, imputed TotalCharges)',
    telco,
    (t) =>
      clusterTable(t, {
        k: 4,
        seed: 1,
        log: ['TotalCharges'],
        features: ['tenure', 'MonthlyCharges', 'TotalCharges', 'Contract', 'InternetService'],
      }).model,
  ],
  [
    'Wholesale k-means (log + standard scaling)',
    wholesale,
    (t) =>
      clusterTable(t, {
        k: 5,
        seed: 1,
        log: 'auto',
        features: ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'],
      }).model,
  ],
  [
    'German credit k-medoids (Gower, missing savings and checking skipped)',
    german,
    (t) => clusterTable(t, { k: 5, method: 'kmedoids', exclude: ['Risk'] }).model,
  ],
  [
    'Telco k-prototypes (γ per category mismatch, imputed TotalCharges)',
    telco,
    (t) =>
      clusterTable(t, {
        k: 4,
        seed: 1,
        method: 'kprototypes',
        nInit: 2,
        features: [
          'tenure',
          'MonthlyCharges',
          'TotalCharges',
          'Contract',
          'InternetService',
          'PaymentMethod',
        ],
      }).model,
  ],
  [
    'Wholesale tree (Channel)',
    wholesale,
    (t) => classifyTable(t, { label: 'Channel', maxDepth: 5, seed: 1, exclude: ['Region'] }).model,
  ],
];

describe('exported SQL scores every row exactly as Strata does', () => {
  let n = 0;
  for (const [name, file, train] of cases) {
    const table = `scored_${n++}`;
    it.skipIf(!file)(
      `${name}: DuckDB (duckdb and ansi dialects)${hasPostgres ? ' and PostgreSQL' : ''}`,
      async () => {
        const dir = tempDir();
        const original = await load(file!);
        const model = train(original);
        const csv = join(dir, 'typed.csv');
        const cols = typedCsv(original, csv);
        const data = await load(csv);
        const expected = inProcess(model, data);
        expect(expected.size).toBe(original.nRows);
        const check = (rows: unknown[][], where: string) => {
          expect(rows.length, where).toBe(expected.size);
          let same = 0;
          for (const r of rows) if (expected.get(String(Number(r[0]))) === asKey(model, r)) same++;
          expect(same, where).toBe(expected.size);
        };

        const spec = cols
          .map((c) => `'${c.name.replace(/'/g, "''")}': '${c.numeric ? 'DOUBLE' : 'VARCHAR'}'`)
          .join(', ');
        await exec(
          `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv('${csv}', header=true, auto_detect=false, columns={${spec}}, nullstr='', quote='"', escape='"')`,
        );
        for (const dialect of ['duckdb', 'ansi'] as Dialect[]) {
          check(
            await queryRows(exportSql(model, { dialect, table, id: 'strata_row' })),
            `DuckDB, ${dialect}`,
          );
        }

        if (hasPostgres) {
          const ddl = cols
            .map((c) => `"${c.name.replace(/"/g, '""')}" ${c.numeric ? 'DOUBLE PRECISION' : 'TEXT'}`)
            .join(', ');
          const load = psql([
            '-c',
            `DROP TABLE IF EXISTS ${table}`,
            '-c',
            `CREATE TABLE ${table} (${ddl})`,
            '-c',
            `\\copy ${table} FROM '${csv}' WITH (FORMAT csv, HEADER true, NULL '')`,
          ]);
          expect(load.status, load.stderr).toBe(0);
          const sql = exportSql(model, { dialect: 'postgres', table, id: 'strata_row' });
          const r = psql(['-tA', '-F', '\t', '-f', '-'], `${sql};\n`);
          expect(r.status, r.stderr).toBe(0);
          const rows = r.stdout
            .trim()
            .split('\n')
            .map((l) => l.split('\t'));
          check(rows, 'PostgreSQL');
        }
      },
    );
  }
});

describe('PMML 4.4 export', () => {
  it.skipIf(!telco)(
    'is well-formed and carries the fields, transformations and nodes / clusters of the model',
    async () => {
      const t = await load(telco!);
      const parser = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        isArray: (name) =>
          [
            'DataField',
            'DerivedField',
            'MiningField',
            'Node',
            'Cluster',
            'ClusteringField',
            'ScoreDistribution',
          ].includes(name),
      });
      const tree = classifyTable(t, { label: 'Churn', maxDepth: 4, minSamplesLeaf: 20, seed: 1 }).model;
      const tx = exportPmml(tree);
      expect(XMLValidator.validate(tx)).toBe(true);
      const tp = parser.parse(tx).PMML;
      expect(tp.version).toBe('4.4');
      const steps = tree.recipe.steps;
      expect(tp.DataDictionary.DataField).toHaveLength(steps.length + 1);
      const levels = steps.reduce((a, s) => a + (s.kind === 'categorical' ? s.levels.length : 0), 0);
      expect(tp.TransformationDictionary.DerivedField).toHaveLength(levels);
      let nodes = 0;
      const walk = (ns: { Node?: unknown[] }[]) => {
        for (const nd of ns) {
          nodes++;
          if (nd.Node) walk(nd.Node as { Node?: unknown[] }[]);
        }
      };
      walk(tp.TreeModel.Node);
      expect(nodes).toBe(tree.state.feature.length);
      expect(tp.TreeModel.missingValueStrategy).toBe('defaultChild');
      expect(
        tp.TreeModel.MiningSchema.MiningField.find((f: { usageType?: string }) => f.usageType === 'target')
          .name,
      ).toBe('Churn');

      const km = clusterTable(t, {
        k: 3,
        seed: 1,
        log: ['TotalCharges'],
        features: ['tenure', 'TotalCharges', 'Contract'],
      }).model;
      const kx = exportPmml(km);
      expect(XMLValidator.validate(kx)).toBe(true);
      const kp = parser.parse(kx).PMML.ClusteringModel;
      expect(kp.numberOfClusters).toBe('3');
      expect(kp.Cluster).toHaveLength(3);
      expect(kp.ClusteringField).toHaveLength(km.recipe.outputs.length);
      expect(String(kp.Cluster[0].Array['#text']).split(' ')).toHaveLength(km.recipe.outputs.length);
      expect(kp.Cluster.map((c: { name: string }) => c.name)).toEqual(km.state.names);
      const derived = parser
        .parse(kx)
        .PMML.TransformationDictionary.DerivedField.map((d: { name: string }) => d.name);
      expect(derived).toContain('TotalCharges__scaled');
      expect(kx).toMatch(/<Apply function="ln">/);
      expect(
        kp.MiningSchema.MiningField.find((f: { name: string }) => f.name === 'TotalCharges')
          .missingValueTreatment,
      ).toBe('asMedian');
    },
  );
});

suite('hostile names in PostgreSQL: the exported SQL is one statement', hasPostgres, () => {
  it('a class label, column and categories with CR, LF and quotes run as one prepared statement', async () => {
    const evil = 'B\rSELECT 666 AS pwned; --';
    const rows = Array.from({ length: 120 }, (_, i) => ({
      spend: (i * 7) % 17,
      'i\nj': i % 7,
      kind: i % 2 ? 'a\rb' : "x'y",
      tier: i < 60 ? 'A' : evil,
    }));
    const model = classifyTable(await load(rows), { label: 'tier', maxDepth: 3, seed: 1 }).model;
    const sql = exportSql(model, { dialect: 'postgres', table: 'hostile' });
    const client = new pg.Client({
      host: PG.PGHOST,
      port: Number(PG.PGPORT),
      user: PG.PGUSER,
      password: PG.PGPASSWORD,
      database: PG.PGDATABASE,
    });
    await client.connect();
    try {
      await client.query('DROP TABLE IF EXISTS hostile');
      await client.query('CREATE TABLE hostile (spend DOUBLE PRECISION, "i\nj" DOUBLE PRECISION, kind TEXT)');
      for (const r of rows)
        await client.query('INSERT INTO hostile VALUES ($1, $2, $3)', [r.spend, r['i\nj'], r.kind]);
      // A named query goes through the extended protocol, where PostgreSQL refuses more than one command.
      const r = await client.query({ name: 'strata_one_statement', text: sql });
      expect(r.rows).toHaveLength(rows.length);
      expect(r.fields.map((f) => f.name)).not.toContain('pwned');
      expect(r.fields.map((f) => f.name)).toEqual(['predicted', 'probability']);
      // The hostile label comes back as a value, exactly.
      const predicted = new Set(r.rows.map((x: { predicted: string }) => x.predicted));
      expect([...predicted].sort()).toEqual(['A', evil]);
      // The check can fail: two statements are refused by the same path.
      await expect(client.query({ name: 'two', text: 'SELECT 1; SELECT 2' })).rejects.toThrow(
        /multiple commands/,
      );
    } finally {
      await client.end();
    }
  });
});
