/**
 * One engine's side of `npm run bench database`, run in its own process so that its peak memory is
 * Strata's alone: connects (duckdb: or postgres://), times a bare aggregate scan of the inputs (a count
 * and a sum per input), the recipe by SQL, Lloyd's passes (k = 8, from centres seeded on a sample) and
 * a depth-8 tree's level queries (255 bins per input, as `classify --db`), then the same tree from bins
 * computed once into a scratch table in schema SCRATCH (`classify --db --scratch`), and prints them as JSON.
 */
import { binEdges } from '../../src/classify/hist-splitter.js';
import { kmeans } from '../../src/cluster/kmeans.js';
import { connect, numberOf } from '../../src/db/connect.js';
import { type DbSource, inputsSql, kmeansInDatabase, passParts } from '../../src/db/kmeans-database.js';
import { fitRecipeInDatabase } from '../../src/db/recipe-database.js';
import { closeShards, directShards } from '../../src/db/shards.js';
import { binInputs, dropBinned } from '../../src/db/tree-bins.js';
import { treeInDatabase } from '../../src/db/tree-database.js';
import { classSql } from '../../src/db/tree-sql.js';
import type { Recipe } from '../../src/prep/recipe.js';

const [url, table, bucket, scratch] = process.argv.slice(2);
const features = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'];
// Writing, for the scratch table of binned inputs (dropped before the end); every read is as read-only.
const db = await connect(url, { write: true });
const from = `"${table}"`;
// As `strata cluster --db … --bucket`: each shard read directly when the catalogue says where it is.
const shards = bucket ? await directShards(db, from, { write: true }) : null;
const src: DbSource = { db, from, bucket: bucket || undefined, shards };
const seconds = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await f();
  return [r, (performance.now() - t) / 1000];
};
const sampleOf = async (recipe: Recipe) => {
  const rows = await db.rows(`${inputsSql({ db, from: src.from }, recipe)} LIMIT 20000`);
  return { rows: rows.length, x: Float64Array.from(rows.flatMap((r) => r.map(numberOf))) };
};

const [recipe, recipeSeconds] = await seconds(() =>
  fitRecipeInDatabase(src, features, [], { scale: 'none' }),
);
const d = recipe.outputs.length;
/** What any pass must at least do: read every row's inputs once and add them up (per bucket when sharded). */
const scanSql = (inputs: string) => {
  const sums = Array.from({ length: d }, (_, t) => `SUM(z${t}) AS s${t}`).join(', ');
  return bucket
    ? `SELECT SUM(n), ${Array.from({ length: d }, (_, t) => `SUM(s${t})`).join(', ')} FROM (SELECT strata_bucket, COUNT(*) AS n, ${sums} FROM (${inputs}) AS a GROUP BY strata_bucket) AS b`
    : `SELECT COUNT(*), ${sums} FROM (${inputs}) AS a`;
};
const scans: number[] = [];
const scan = async (r: Recipe) => {
  const [, s] = await seconds(() => db.rows(scanSql(inputsSql(src, r))));
  scans.push(s);
};
await scan(recipe); // warms the cache: every timing below reads the same pages
await scan(recipe);
const seed = await sampleOf(recipe);
const init = kmeans(seed.x, seed.rows, d, { k: 8, seed: 42, nInit: 4 }).centroids;
const [km, kmSeconds] = await seconds(() => kmeansInDatabase(src, recipe, { k: 8, init, maxIter: 30 }));
await scan(recipe);
const raw: Recipe = { ...recipe, keepMissing: true };
const plain = await sampleOf(raw);
const all = Int32Array.from({ length: plain.rows }, (_, i) => i);
const edges = Array.from({ length: d }, (_, f) =>
  binEdges(
    Float64Array.from({ length: plain.rows }, (_, i) => plain.x[i * d + f]),
    all,
    255,
  ),
);
const CLASSES = ['A', 'B', 'C', 'D'];
const treeOptions = { label: 'tier', classes: CLASSES, edges, maxDepth: 8, minSamplesLeaf: 100 };
const [tree, treeSeconds] = await seconds(() => treeInDatabase(src, raw, treeOptions));
await scan(raw);
// The same tree from bins computed once into a scratch table (`classify --db --scratch`).
const rowsOf = (part: DbSource) =>
  inputsSql(part, raw, { columns: `${classSql('"tier"', CLASSES)} AS y`, where: '"tier" IS NOT NULL' });
const binned = await binInputs(passParts(src, rowsOf), scratch, edges, CLASSES.length, false);
const fromBins = await treeInDatabase(src, raw, { ...treeOptions, binned });
await dropBinned(binned);
await scan(raw);
await closeShards(db, shards);
await db.close();
const sorted = scans.slice(1).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    rows: km.sizes.reduce((a, b) => a + b, 0),
    scanSeconds: sorted[Math.floor(sorted.length / 2)],
    recipeSeconds,
    kmSeconds,
    iterations: km.iterations,
    perPass: km.seconds,
    treeSeconds,
    perLevel: tree.seconds,
    leaves: countLeaves(tree.root),
    binSeconds: binned.seconds,
    perLevelBinned: fromBins.seconds,
    sameTree: JSON.stringify(fromBins.root) === JSON.stringify(tree.root),
    pushed: km.pushed,
    shardsReadDirectly: shards?.length ?? 0,
  }),
);

function countLeaves(n: { left?: unknown; right?: unknown }): number {
  return n.left && n.right ? countLeaves(n.left) + countLeaves(n.right) : 1;
}
