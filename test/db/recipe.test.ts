import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/load.js';
import { connect } from '../../src/db/connect.js';
import { fitRecipeInDatabase } from '../../src/db/recipe-database.js';
import { fitRecipe, type LogSpec, type ScaleMethod } from '../../src/prep/recipe.js';
import { ROOT, tempDir } from '../helpers.js';

const demo = join(ROOT, 'data', 'customers.csv');
const numeric = ['sales_12m', 'order_count_12m', 'margin_pct', 'days_since_last_order', 'payment_delay_days'];
const categorical = ['region', 'ownership'];

describe('a recipe fitted by SQL aggregates', () => {
  it('equals the in-process recipe on the demo customers (medians, logs by skewness, scales, levels, modes)', async () => {
    const path = join(tempDir(), 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(path);
    const con = await instance.connect();
    await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${demo}', header = true)`);
    con.closeSync();
    instance.closeSync();
    const table = await load(demo);
    const db = await connect(`duckdb:${path}`);
    try {
      const cases: [ScaleMethod, LogSpec][] = [
        ['standard', 'auto'],
        ['robust', 'none'],
        ['minmax', ['sales_12m']],
      ];
      for (const [scale, log] of cases) {
        const here = fitRecipe(table, [...numeric, ...categorical], { scale, log });
        const there = await fitRecipeInDatabase({ db, from: '"customers"' }, numeric, categorical, {
          scale,
          log,
        });
        expect(there.outputs).toEqual(here.outputs);
        here.steps.forEach((h, i) => {
          const t = there.steps[i];
          expect(t.kind, h.name).toBe(h.kind);
          if (h.kind === 'numeric' && t.kind === 'numeric') {
            expect(t.log, `${h.name} log (${scale})`).toBe(h.log);
            expect(t.impute, h.name).toBe(h.impute);
            expect(t.missing, h.name).toBe(h.missing);
            expect(Math.abs(t.center - h.center), `${h.name} centre (${scale})`).toBeLessThan(
              1e-9 * Math.max(1, Math.abs(h.center)),
            );
            expect(Math.abs(t.scale - h.scale), `${h.name} scale (${scale})`).toBeLessThan(1e-9 * h.scale);
          } else expect(t).toEqual(h);
        });
      }
      // log: 'auto' logged at least one skewed amount, so the comparison covered the skewness query.
      const auto = await fitRecipeInDatabase({ db, from: '"customers"' }, numeric, [], { log: 'auto' });
      expect(auto.steps.some((s) => s.kind === 'numeric' && s.log)).toBe(true);
      await expect(
        fitRecipeInDatabase({ db, from: '"customers"' }, [], ['region'], { maxLevels: 2 }),
      ).rejects.toThrow(/region.*levels, more than 2/);
    } finally {
      await db.close();
    }
  });
});
