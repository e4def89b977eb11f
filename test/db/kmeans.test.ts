import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/cluster/kmeans.js';
import { load } from '../../src/data/load.js';
import { connect } from '../../src/db/connect.js';
import { kmeansInDatabase } from '../../src/db/kmeans.js';
import { applyRecipe, fitRecipe } from '../../src/prep/recipe.js';
import { ROOT, relative, tempDir } from '../helpers.js';

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
    const table = await load(demo);
    const features = [
      'sales_12m',
      'order_count_12m',
      'margin_pct',
      'days_since_last_order',
      'payment_delay_days',
      'region',
      'ownership',
    ];
    const recipe = fitRecipe(table, features, { scale: 'standard', log: ['sales_12m'] });
    const m = applyRecipe(recipe, table);
    const k = 5;
    const init = new Float64Array(k * m.cols);
    for (let j = 0; j < k; j++)
      init.set(m.data.subarray(j * 997 * m.cols, (j * 997 + 1) * m.cols), j * m.cols);
    const here = kmeans(m.data, m.rows, m.cols, { k, init, algorithm: 'lloyd', tol: 1e-4, maxIter: 300 });
    const db = await connect(`duckdb:${await demoDatabase()}`);
    try {
      const there = await kmeansInDatabase({ db, from: '"customers"' }, recipe, { k, init, tol: 1e-4 });
      expect(there.iterations).toBe(here.iterations);
      for (let i = 0; i < here.centroids.length; i++)
        expect(relative(there.centroids[i], here.centroids[i]), `centroid value ${i}`).toBeLessThan(1e-9);
      expect(relative(there.inertia, here.inertia)).toBeLessThan(1e-9);
      const sizes = new Float64Array(k);
      for (const l of here.labels) sizes[l]++;
      expect(Array.from(there.sizes)).toEqual(Array.from(sizes));
      console.log(
        `DuckDB: ${there.iterations} iterations, ${there.seconds.map((s) => s.toFixed(3)).join(' ')} s each`,
      );
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
