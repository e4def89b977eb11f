import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { treeInDatabase } from '../../src/db/tree-database.js';
import { histogramSql } from '../../src/db/tree-sql.js';
import { ROOT, tempDir } from '../helpers.js';
import { histogramCounts, inProcessSetup, preorder, wideHistogram } from './setup.js';

const demo = join(ROOT, 'data', 'customers.csv');

describe('a decision tree trained inside DuckDB', () => {
  it('equals the in-process histogram tree with the same bins: same splits, same leaves', async () => {
    const setup = await inProcessSetup(demo);
    const path = join(tempDir(), 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(path);
    const con = await instance.connect();
    await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${demo}', header = true)`);
    con.closeSync();
    instance.closeSync();
    const db = await connect(`duckdb:${path}`);
    try {
      const t = await treeInDatabase({ db, from: '"customers"' }, setup.recipe, setup.options);
      const there = preorder(t.root);
      expect(there.length).toBeGreaterThan(15);
      expect(there).toEqual(setup.nodes);
      console.log(
        `DuckDB tree: ${there.length} nodes, ${t.seconds.map((s) => s.toFixed(3)).join(' ')} s per level`,
      );
    } finally {
      await db.close();
    }
  });

  it("counts a level of 40 inputs in one query: each input's bins, rows of both nodes and classes", async () => {
    const wide = wideHistogram();
    const db = await connect(`duckdb:${join(tempDir(), 'wide.duckdb')}`, { write: true });
    try {
      const rows = await db.rows(
        histogramSql({ db, from: '"unused"' }, wide.base, 'strata_node', wide.edges, 2),
      );
      expect(histogramCounts(rows)).toEqual(wide.want);
    } finally {
      await db.close();
    }
  });
});
