import { describe, expect, it } from 'vitest';
import { classifyTable } from '../../src/classify/classify-table.js';
import { load } from '../../src/data/load.js';

describe('the tree size is chosen by cross-validated pruning when no limit is given', () => {
  it('picks the simplest candidate within one standard error of the lowest CV error', async () => {
    const t = await load('data/customers.csv', { id: 'customer_id' });
    const run = classifyTable(t, { label: 'assigned_tier', seed: 42 });
    const c = run.complexity!;
    expect(c.rule).toBe('one-standard-error');
    expect(c.candidates.length).toBeGreaterThan(10);
    const best = c.candidates.reduce((a, b) => (b.cvError < a.cvError ? b : a));
    const chosen = c.candidates.find((x) => x.ccpAlpha === c.ccpAlpha)!;
    expect(chosen.cvError).toBeLessThanOrEqual(best.cvError + best.cvErrorSe);
    // No larger alpha (simpler tree) is within the limit.
    for (const x of c.candidates.filter((x) => x.ccpAlpha > c.ccpAlpha))
      expect(x.cvError).toBeGreaterThan(best.cvError + best.cvErrorSe);
    expect(run.model.state.leaves).toBe(c.leaves);
    expect(run.model.params.ccpAlpha).toBe(c.ccpAlpha);
    expect(run.model.state.leaves).toBeLessThanOrEqual(64);
    // The candidates run from the unpruned tree to the root alone.
    expect(c.candidates[0].leaves).toBeGreaterThan(c.leaves);
    expect(c.candidates.at(-1)!.leaves).toBe(1);
  });

  it('any limit given by the user turns it off', async () => {
    const t = await load('data/customers.csv', { id: 'customer_id' });
    expect(classifyTable(t, { label: 'assigned_tier', maxDepth: 3 }).complexity).toBeNull();
    expect(classifyTable(t, { label: 'assigned_tier', ccpAlpha: 0 }).complexity).toBeNull();
  });
});
