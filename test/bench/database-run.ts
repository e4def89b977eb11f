/**
 * One side of `npm run bench database`, run in its own process so that its peak memory is Strata's
 * alone: connects to PostgreSQL, fits the recipe by SQL, seeds k-means on a sample drawn there, runs
 * Lloyd's iterations and a depth-8 tree in the database, and prints the timings as JSON.
 */
import { kmeans } from '../../src/cluster/kmeans.js';
import { connect, numberOf } from '../../src/db/connect.js';
import { type DbSource, inputsSql, kmeansInDatabase } from '../../src/db/kmeans-database.js';
import { fitRecipeInDatabase } from '../../src/db/recipe-database.js';
import { treeInDatabase } from '../../src/db/tree-database.js';
import type { Recipe } from '../../src/prep/recipe.js';

const [table, bucket] = process.argv.slice(2);
const features = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'];
const db = await connect('postgres://postgres@127.0.0.1:5432/strata_test');
const src: DbSource = { db, from: `"${table}"`, bucket: bucket || undefined };
const block = { db, from: `"${table}" TABLESAMPLE SYSTEM (0.1) REPEATABLE (42)` };
const sampleOf = async (recipe: Recipe) => {
  const rows = await db.rows(`${inputsSql(block, recipe)} LIMIT 10000`);
  return { rows: rows.length, x: Float64Array.from(rows.flatMap((r) => r.map(numberOf))) };
};

let t = performance.now();
const recipe = await fitRecipeInDatabase(src, features, ['region'], { scale: 'standard' });
const recipeSeconds = (performance.now() - t) / 1000;
const d = recipe.outputs.length;
// Seeding: k-means++ (4 starts) on a 10,000-row block sample drawn in the database.
t = performance.now();
const scaled = await sampleOf(recipe);
const seed = kmeans(scaled.x, scaled.rows, d, { k: 8, seed: 42, nInit: 4 });
const seedSeconds = (performance.now() - t) / 1000;
t = performance.now();
const km = await kmeansInDatabase(src, recipe, { k: 8, init: seed.centroids, maxIter: 30 });
const kmSeconds = (performance.now() - t) / 1000;
// The tree on the raw values, 32 bins per input from the sample's quantiles, depth 8.
const raw: Recipe = {
  ...recipe,
  scale: 'none',
  steps: recipe.steps.map((s) => (s.kind === 'numeric' ? { ...s, center: 0, scale: 1 } : s)),
};
const plain = await sampleOf(raw);
const edges = Array.from({ length: d }, (_, f) => {
  const v = Float64Array.from({ length: plain.rows }, (_, i) => plain.x[i * d + f]).sort();
  const cuts = new Set<number>();
  for (let b = 1; b < 32; b++) cuts.add(v[Math.floor((b * v.length) / 32)]);
  return Float64Array.from([...cuts].sort((a, c) => a - c));
});
t = performance.now();
const tree = await treeInDatabase(src, raw, {
  label: 'tier',
  classes: ['A', 'B', 'C', 'D'],
  edges,
  maxDepth: 8,
  minSamplesLeaf: 100,
});
const treeSeconds = (performance.now() - t) / 1000;
await db.close();
console.log(
  JSON.stringify({
    rows: km.sizes.reduce((a, b) => a + b, 0),
    recipeSeconds,
    seedSeconds,
    kmSeconds,
    iterations: km.iterations,
    perIteration: km.seconds.slice(1),
    treeSeconds,
    perLevel: tree.seconds,
    leaves: countLeaves(tree.root),
  }),
);

function countLeaves(n: { left?: unknown; right?: unknown }): number {
  return n.left && n.right ? countLeaves(n.left) + countLeaves(n.right) : 1;
}
