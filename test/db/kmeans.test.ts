import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { kmeansInDatabase } from '../../src/db/kmeans.js';
import { ROOT, tempDir } from '../helpers.js';
import { kmeansSetup } from './setup.js';

const demo = join(ROOT, 'data', 'customers.csv');

/** The demo customers as a DuckDB database file, as a team's warehouse extract would be. */
async function demoDatabase(): Promise<string> {
  const path = join(tempDir(), 'warehouse.duckdb');
  const instance = await DuckDBInstance.create(path);
  const con = await instance.connect();
  await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${demo}', header = true)`);
  con.closeSync();
  instance.closeSync();
  return path;
}

describe('k-means inside DuckDB', () => {
  it('from the same centres reaches the in-process centroids (1e-9 relative), iterations and sizes', async () => {
    const setup = await kmeansSetup(demo);
    const db = await connect(`duckdb:${await demoDatabase()}`);
    try {
      const there = await kmeansInDatabase({ db, from: '"customers"' }, setup.recipe, {
        k: setup.k,
        init: setup.init,
        tol: 1e-4,
      });
      setup.check(there, 'DuckDB');
    } finally {
      await db.close();
    }
  });

  it('opens the database read-only and names it without a password in errors', async () => {
    const db = await connect(`duckdb:${await demoDatabase()}`);
    try {
      await expect(db.rows('CREATE TABLE x (a INT)')).rejects.toThrow(/read-only/i);
      await expect(db.rows('SELECT * FROM missing_table')).rejects.toThrow(
        /warehouse\.duckdb.*missing_table/,
      );
    } finally {
      await db.close();
    }
    await expect(connect('postgres://strata:secret@127.0.0.1:1/none')).rejects.toThrow(
      /^postgres:\/\/strata:\*\*\*@127\.0\.0\.1:1\/none: cannot connect/,
    );
    await expect(connect('postgres://strata:secret@127.0.0.1:1/none')).rejects.not.toThrow(/secret/);
  });
});
