/**
 * One default seed (DEFAULT_SEED) and one set of defaults per pipeline: the engine, the pipeline and
 * the CLI give the same result for the same inputs when no seed is named.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitTree } from '../src/classify/cart.js';
import { CLASSIFY_DEFAULTS, classifyTable, labelsOf } from '../src/classify/classify-table.js';
import { CLUSTER_DEFAULTS, clusterTable } from '../src/cluster/cluster-table.js';
import { KMEANS_DEFAULTS, kmeans } from '../src/cluster/kmeans.js';
import { silhouette } from '../src/cluster/quality.js';
import { load } from '../src/data/load.js';
import { DEFAULT_SEED } from '../src/options.js';
import { applyRecipe, fitRecipe } from '../src/prep/recipe.js';
import { round } from '../src/util/stats.js';
import { cli, ROOT, tempDir } from './helpers.js';

const FILE = join(ROOT, 'data', 'customers.csv');
const FEATURES = ['sales_12m', 'order_count_12m', 'margin_pct', 'credit_score'];

describe('the same inputs give the same result through the engine, the pipeline and the CLI', () => {
  it('every default seed is DEFAULT_SEED', () => {
    expect(DEFAULT_SEED).toBe(42);
    expect(KMEANS_DEFAULTS.seed).toBe(DEFAULT_SEED);
    expect(CLUSTER_DEFAULTS.seed).toBe(DEFAULT_SEED);
    expect(CLASSIFY_DEFAULTS.seed).toBe(DEFAULT_SEED);
  });

  it('kmeans, clusterTable and strata cluster agree when no seed is given', async () => {
    const table = await load(FILE, { id: 'customer_id' });
    const m = applyRecipe(fitRecipe(table, FEATURES, { scale: 'standard' }), table);
    const engine = kmeans(m.data, m.rows, m.cols, { k: 5 });
    expect(kmeans(m.data, m.rows, m.cols, { k: 5, seed: 42 }).labels).toEqual(engine.labels);
    // Another seed finds another start: the default is not ignored.
    expect(kmeans(m.data, m.rows, m.cols, { k: 5, seed: 7, nInit: 1 }).inertia).not.toBe(
      kmeans(m.data, m.rows, m.cols, { k: 5, nInit: 1 }).inertia,
    );
    const run = clusterTable(table, { k: 5, features: FEATURES, rulesDepth: 0 });
    expect(run.fit.labels).toEqual(engine.labels);
    expect(run.fit.inertia).toBe(engine.inertia);
    expect(run.silhouette).toBe(silhouette(m.data, m.rows, m.cols, engine.labels, 5));
    const r = cli([
      'cluster',
      FILE,
      '--id',
      'customer_id',
      '--k',
      '5',
      '--features',
      FEATURES.join(','),
      '--rules-depth',
      '0',
      '--json',
      '--no-report',
      '--out',
      tempDir(),
      '--force',
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.parameters.seed).toBe(DEFAULT_SEED);
    expect(s.inertia).toBe(round(engine.inertia, 10));
  });

  it('fitTree and classifyTable grow the same tree from the same defaults', async () => {
    const table = await load(FILE, { id: 'customer_id' });
    const run = classifyTable(table, { label: 'assigned_tier', features: FEATURES, maxDepth: 4 });
    const { y, classes } = labelsOf(table, 'assigned_tier');
    const m = applyRecipe(run.recipe, table);
    const tree = fitTree({ x: m, y, classes }, { maxDepth: 4 });
    expect(Array.from(tree.feature)).toEqual(Array.from(run.tree.feature));
    expect(Array.from(tree.threshold)).toEqual(Array.from(run.tree.threshold));
    expect(run.model.params.seed).toBe(DEFAULT_SEED);
  });
});
