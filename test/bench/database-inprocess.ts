/**
 * The in-process side of `npm run bench database`: the same customers, exported from PostgreSQL to a
 * CSV, read into a Table, and the same two models trained in this process (k-means, k = 8, on the
 * eight amounts and the region, standard scaling; a depth-8 histogram tree with 32 bins per input on
 * the raw amounts). Run in its own process so its peak memory is its own; prints the timings as JSON.
 */
import { fitTree } from '../../src/classify/cart.js';
import { kmeans } from '../../src/cluster/kmeans.js';
import { load } from '../../src/data/load.js';
import type { CategoricalColumn } from '../../src/data/table.js';
import { applyRecipe, fitRecipe } from '../../src/prep/recipe.js';

const [file] = process.argv.slice(2);
const features = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'];
let t = performance.now();
const table = await load(file, { columns: [...features, 'region', 'tier'] });
const loadSeconds = (performance.now() - t) / 1000;
t = performance.now();
const recipe = fitRecipe(table, [...features, 'region'], { scale: 'standard' });
const m = applyRecipe(recipe, table);
const recipeSeconds = (performance.now() - t) / 1000;
t = performance.now();
const km = kmeans(m.data, m.rows, m.cols, { k: 8, nInit: 1, seed: 42, maxIter: 30 });
const kmSeconds = (performance.now() - t) / 1000;
const raw = fitRecipe(table, [...features, 'region'], { scale: 'none' });
const x = applyRecipe(raw, table);
const tier = table.get('tier') as CategoricalColumn;
t = performance.now();
const tree = fitTree(
  { x: { data: x.data, rows: x.rows, cols: x.cols }, y: tier.codes, classes: tier.levels },
  {
    maxDepth: 8,
    minSamplesLeaf: 100,
    splitter: 'histogram',
    maxBins: 32,
  },
);
const treeSeconds = (performance.now() - t) / 1000;
console.log(
  JSON.stringify({
    rows: table.nRows,
    loadSeconds,
    recipeSeconds,
    kmSeconds,
    iterations: km.iterations,
    treeSeconds,
    leaves: tree.feature.filter((f) => f < 0).length,
  }),
);
