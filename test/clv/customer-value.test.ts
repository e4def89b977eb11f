import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expectedPurchases,
  expectedSpend,
  lifetimeValue,
  probabilityAlive,
} from '../../src/clv/customer-value.js';
import type { ClvModel } from '../../src/model/model-file.js';
import { clv } from '../../src/results/clv.js';

describe('the model functions on a fitted model file', () => {
  it("give each customer clv.csv's values (to its ten digits), with the horizon, discount and margin of the model", async () => {
    const r = await clv('data/purchases.csv', {
      customer: 'customer_id',
      date: 'order_date',
      amount: 'value',
      horizon: 26,
      discount: 0.01,
      margin: 0.3,
    });
    const model = JSON.parse(JSON.stringify(r.model)) as ClvModel;
    const [header, ...lines] = readFileSync(r.run.csv!, 'utf8').trim().split('\n');
    const at = (name: string) => header.split(',').indexOf(name);
    // The most and least valuable customers, a one-time buyer among them.
    const picked = [lines[0], lines[1], lines[Math.floor(lines.length / 2)], lines[lines.length - 1]];
    expect(picked.some((l) => l.split(',')[at('x')] === '0')).toBe(true);
    const close = (a: number, b: number) =>
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.abs(b) + 1e-12);
    for (const line of picked) {
      const c = line.split(',');
      const v = (name: string) => Number(c[at(name)]);
      const history = {
        x: v('x'),
        tx: v('t_x'),
        T: v('T'),
        meanValue: c[at('mean_value')] === '' ? undefined : v('mean_value'),
      };
      // clv.csv rounds t_x and T to ten digits: the values agree to about that.
      close(probabilityAlive(model, history), v('p_alive'));
      close(expectedPurchases(model, history), v('expected_purchases'));
      close(expectedSpend(model, history), v('expected_spend'));
      close(lifetimeValue(model, history), v('clv'));
    }
  });

  it("BG/NBD with the paper's CDNOW parameters: E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226", async () => {
    const r = await clv('data/purchases.csv', {
      customer: 'customer_id',
      date: 'order_date',
      amount: 'value',
    });
    const model = {
      ...(r.model as ClvModel),
      state: {
        ...(r.model as ClvModel).state,
        model: 'bgnbd',
        purchase: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      },
    } as ClvModel;
    expect(expectedPurchases(model, { x: 2, tx: 30.43, T: 38.86 }, 39).toFixed(3)).toBe('1.226');
    expect(expectedPurchases(model, { x: 2, tx: 30.43, T: 38.86 }, 0)).toBe(0);
    expect(() => probabilityAlive(model, { x: 1, tx: 5, T: 4 })).toThrow(/not a customer history/);
    expect(() => probabilityAlive(model, { x: 0, tx: 2, T: 4 })).toThrow(/tx = 0 without repeats/);
    expect(() => expectedPurchases(model, { x: 1, tx: 1, T: 4 }, -1)).toThrow(/≥ 0/);
  });
});
