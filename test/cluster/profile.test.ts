import { describe, expect, it } from 'vitest';
import { clusterTable } from '../../src/cluster/cluster-table.js';
import { predictClusters } from '../../src/cluster/predict-clusters.js';
import { load } from '../../src/data/load.js';
import { Random } from '../../src/util/random.js';
import { humanize } from '../../src/util/words.js';

/** 600 customers; 100 of them (every sixth) have a planted very long payment delay. */
function planted() {
  const r = new Random(5);
  return Array.from({ length: 600 }, (_, i) => {
    const late = i % 6 === 0;
    return {
      customer: `K${i}`,
      spend: Math.round(r.normal(1000, 150)),
      orders: Math.round(r.normal(20, 4)),
      payment_delay_days: late ? Math.round(r.normal(90, 8)) : Math.round(r.normal(10, 4)),
      region: late ? (r.next() < 0.8 ? 'West' : 'East') : ['North', 'South', 'East', 'West'][r.int(4)],
    };
  });
}

describe('cluster profiles', () => {
  it('recover a planted segment and name it by its planted trait', async () => {
    const table = await load(planted(), { id: 'customer' });
    const run = clusterTable(table, { k: 2, seed: 1, value: 'spend' });
    const sizes = run.profiles.clusters.map((c) => c.customers);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(600);
    const late = run.profiles.clusters.find((c) => c.customers === 100)!;
    expect(late).toBeDefined();
    expect(late.segment).toBe('Late-paying customers'); // the planted trait, in plain words
    expect(late.traits[0].text).toMatch(/^Very high payment delay days/);
    const delay = late.numeric.find((p) => p.column === 'payment_delay_days')!;
    expect(delay.mean).toBeGreaterThan(80);
    expect(delay.stdDiff).toBeGreaterThan(1.5);
    expect(delay.q1).toBeLessThan(delay.median);
    // Region was not a feature, yet it is profiled, with its lift.
    const west = late.categorical.find((c) => c.column === 'region')!.levels.find((l) => l.level === 'West')!;
    expect(west.lift).toBeGreaterThan(2);
    expect(late.traits.some((t) => t.kind === 'level' && t.level === 'West')).toBe(true);
    const shares = run.profiles.clusters.map((c) => c.valueShare!);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(new Set(run.profiles.clusters.map((c) => c.segment)).size).toBe(2);
  });

  it('gives every cluster a unique name', async () => {
    const table = await load('data/customers.csv', { id: 'customer_id' });
    const run = clusterTable(table, { k: 8, seed: 3, log: 'auto' });
    const names = run.profiles.clusters.map((c) => c.segment);
    expect(new Set(names).size).toBe(8);
  });

  it('assigns new customers with the stored recipe and centroids, unseen categories included', async () => {
    const rows = planted();
    const table = await load(rows, { id: 'customer' });
    const run = clusterTable(table, { k: 2, seed: 1, features: ['spend', 'payment_delay_days', 'region'] });
    const fresh = await load([
      { customer: 'new1', spend: 1000, payment_delay_days: 95, region: 'Atlantis' },
      { customer: 'new2', spend: 1000, payment_delay_days: 8, region: null },
    ]);
    const p = predictClusters(run.model, fresh);
    const lateCluster = run.fit.labels[0];
    expect(p.cluster[0]).toBe(lateCluster);
    expect(p.cluster[1]).not.toBe(lateCluster);
    expect(p.imputed.region).toBe(1);
    expect(p.segment[0]).toBe(run.profiles.clusters[lateCluster].segment);
  });

  it('humanizes column names', () => {
    expect(humanize('Annual Income (k$)')).toBe('annual income');
    expect(humanize('sales_12m')).toBe('sales 12m');
    expect(humanize('TotalCharges')).toBe('total charges');
  });
});
