import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { inputsSql, passParts } from '../../src/db/kmeans-database.js';
import { binInputs, dropBinned } from '../../src/db/tree-bins.js';
import { treeInDatabase } from '../../src/db/tree-database.js';
import { classSql, histogramSql } from '../../src/db/tree-sql.js';
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

  it('reads the same tree from bins computed once into a scratch table, and leaves no table behind', async () => {
    const setup = await inProcessSetup(demo);
    // Missing values sent left as well as right: the binned tests must route them as the raw ones do.
    expect(setup.nodes.filter((n) => n.missingLeft === true).length).toBeGreaterThan(0);
    const path = join(tempDir(), 'scratch.duckdb');
    const instance = await DuckDBInstance.create(path);
    const con = await instance.connect();
    await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${demo}', header = true)`);
    await con.run('CREATE SCHEMA work');
    con.closeSync();
    instance.closeSync();
    const db = await connect(`duckdb:${path}`, { write: true });
    const tables = async () =>
      (await db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'work'")).flat();
    try {
      const src = { db, from: '"customers"' };
      const { label, classes, edges } = setup.options;
      const parts = passParts(src, (part) =>
        inputsSql(part, setup.recipe, {
          columns: `${classSql(`"${label}"`, classes)} AS y`,
          where: `"${label}" IS NOT NULL`,
        }),
      );
      const binned = await binInputs(parts, 'work', edges, classes.length, false);
      expect(await tables()).toHaveLength(1);
      const t = await treeInDatabase(src, setup.recipe, { ...setup.options, binned });
      await dropBinned(binned);
      expect(preorder(t.root)).toEqual(setup.nodes);
      expect(await tables()).toEqual([]);
      await expect(binInputs(parts, 'nowhere', edges, classes.length, false)).rejects.toThrow(
        /scratch schema "nowhere" not found/,
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
