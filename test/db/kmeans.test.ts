import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/cluster/kmeans.js';
import { connect } from '../../src/db/connect.js';
import { kmeansInDatabase } from '../../src/db/kmeans-database.js';
import { kmeansParallel } from '../../src/db/kmeans-parallel.js';
import { cli, ROOT, tempDir } from '../helpers.js';
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

  it('k-means‖ in SQL: the same centres on every run, then Lloyd as good as the in-process best of 10 starts', async () => {
    const setup = await kmeansSetup(demo);
    const path = await demoDatabase();
    const db = await connect(`duckdb:${path}`);
    try {
      const src = { db, from: '"customers"' };
      const a = await kmeansParallel(src, setup.recipe, { k: setup.k, seed: 7 });
      const b = await kmeansParallel(src, setup.recipe, { k: setup.k, seed: 7 });
      expect(Array.from(a.centers)).toEqual(Array.from(b.centers));
      const c = await kmeansParallel(src, setup.recipe, { k: setup.k, seed: 8 });
      expect(Array.from(c.centers)).not.toEqual(Array.from(a.centers));
      // One row, then about ℓ = 2k rows in each of 5 rounds.
      expect(a.candidates).toBeGreaterThan(setup.k * 4);
      expect(a.candidates).toBeLessThan(setup.k * 20);
      // 1 + 2 per round + the weights.
      expect(a.queries).toBe(12);
      const there = await kmeansInDatabase(src, setup.recipe, { k: setup.k, init: a.centers });
      const best = kmeans(setup.m.data, setup.m.rows, setup.m.cols, { k: setup.k, seed: 42, nInit: 10 });
      console.log(
        `k-means‖ + Lloyd in DuckDB: inertia ${there.inertia.toFixed(1)}; in-process best of 10: ${best.inertia.toFixed(1)}`,
      );
      expect(there.inertia).toBeLessThan(best.inertia * 1.01);
    } finally {
      await db.close();
    }
    const out = join(tempDir(), 'run');
    const r = cli([
      'cluster',
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--k',
      '5',
      '--seeding',
      'parallel',
      '--out',
      out,
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { database: { seeding: string; candidates: number } };
    expect(s.database.seeding).toBe('parallel');
    expect(s.database.candidates).toBeGreaterThan(5);
    const text = cli([
      'cluster',
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--k',
      '5',
      '--seeding',
      'parallel',
      '--out',
      `${out}-text`,
      '--no-report',
    ]);
    expect(text.stdout).toMatch(/the seeding is k-means‖ in the database \(\d+ candidates reduced to k\)/);
    const bad = cli([
      'cluster',
      '--db',
      `duckdb:${path}`,
      '--table',
      'customers',
      '--seeding',
      'random',
      '--out',
      `${out}-bad`,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--seeding/);
  });
});
