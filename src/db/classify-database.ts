import { createHash } from 'node:crypto';
import {
  CLASSIFY_DEFAULTS,
  CLASSIFY_OPTIONS,
  type ClassifyOptions,
  resolveClassifyWith,
} from '../classify/classify-options.js';
import { type ClassifyRun, tooManyClasses, treeModel } from '../classify/classify-table.js';
import type { CvResult } from '../classify/cv.js';
import { binEdges } from '../classify/hist-splitter.js';
import { importances } from '../classify/importance.js';
import { evaluateConfusion, type Metrics } from '../classify/metrics.js';
import { rulesFromLeaves } from '../classify/rules.js';
import type { Table } from '../data/table.js';
import { DataError, OptionError } from '../errors.js';
import { majorityClass } from '../model/saved-tree.js';
import type { TreeArrays } from '../model/tree-model.js';
import type { Spec } from '../options.js';
import { chooseFeatures, idColumn, leftOut } from '../prep/features.js';
import type { Recipe } from '../prep/recipe.js';
import { applyRecipe } from '../prep/recipe.js';
import { quoter } from '../sql/quote.js';
import { type Database, type DatabaseDialect, md5BitsSql, numberOf } from './connect.js';
import { type DbSource, inputsSql, onEachPart, passParts, twoLevel } from './kmeans-database.js';
import { type DbRecipeOptions, fitFeaturesInDatabase } from './recipe-database.js';
import { closeShards, directShards } from './shards.js';
import { fromClause, sampleTable, withBucket } from './source.js';
import { type BinnedInputs, binInputs, binnedParts, checkScratch, dropBinned } from './tree-bins.js';
import { type DbTreeOptions, leafIndex, treeArrays, treeInDatabase } from './tree-database.js';
import { classSql, type DbTreeNode, nodeSql } from './tree-sql.js';

/** Every option of `classifyDatabase`: those of `classifyTable` and where the customers are. */
export const DB_CLASSIFY_OPTIONS = {
  ...CLASSIFY_OPTIONS,
  table: { kind: 'string' },
  query: { kind: 'string' },
  bucket: { kind: 'string' },
  sample: { kind: 'integer', min: 10 },
  scratch: { kind: 'string' },
} as const satisfies Spec;

/** The sample's size and the tree's depth when no limit is given; the rest as in classifyTable. */
export const DB_CLASSIFY_DEFAULTS = { ...CLASSIFY_DEFAULTS, sample: 20_000, importance: 'impurity' } as const;

export interface DbClassifyOptions extends ClassifyOptions {
  table?: string;
  query?: string;
  /** The partition-key column of a sharded table (see `DbSource.bucket`). */
  bucket?: string;
  /** Rows drawn (seeded) for the features and the histogram bins (default 20,000). */
  sample?: number;
  /**
   * A schema Strata may write to (the connection must allow writing): the inputs are binned once into
   * a table there, which every level of every fold's tree reads, and dropped at the end. Without it
   * each level computes the bins from the raw values.
   */
  scratch?: string;
}

export interface DbClassifyRun extends ClassifyRun {
  /** The source as shown: the URL without password, and the table or "query". */
  source: string;
  sampleRows: number;
  /** The final tree's level queries, in seconds each. */
  seconds: number[];
  /** Whether a sharded PostgreSQL aggregated on its shards (null: not sharded). */
  pushed: boolean | null;
  /** Shards of a sharded table Strata ran the level queries on directly (0: none; see `directShards`). */
  shardsReadDirectly: number;
  /** The scratch tables of binned inputs, when `scratch` was given: the schema and the seconds to fill them. */
  binned: { schema: string; seconds: number } | null;
}

/** Without a limit a tree in a database is kept readable: at most this deep. */
export const DB_DEFAULT_DEPTH = 5;
/** As many bins as the in-process histogram splitter takes by default, so both grow the same tree. */
const BINS = 255;

/**
 * The fold of an id: the first 32 bits of the MD5 of its text, modulo `folds`. DuckDB and PostgreSQL
 * compute the same (`hashFoldSql`), so cross-validation splits the customers alike in every engine.
 */
export function hashFold(id: string, folds: number): number {
  return Number.parseInt(createHash('md5').update(id, 'utf8').digest('hex').slice(0, 8), 16) % folds;
}

/** `hashFold` as SQL on a column (its text as the database writes it). */
export function hashFoldSql(column: string, folds: number, dialect: DatabaseDialect): string {
  const bits = md5BitsSql(
    dialect,
    `CAST(${quoter(dialect)(column)} AS ${dialect === 'duckdb' ? 'VARCHAR' : 'TEXT'})`,
  );
  return `(${bits} % ${folds})`;
}

/**
 * CART trained where the customers are: the features and the histogram bins come from a seeded sample,
 * the recipe from SQL over every customer; each level of each tree is one query of class counts
 * (`treeInDatabase`). Cross-validation folds are a hash of the id (`hashFold`): each fold's tree is
 * trained on the other folds in the database and scored there by one query of (class, leaf) counts.
 * Only counts leave the database. Without a limit the tree is at most `DB_DEFAULT_DEPTH` deep;
 * importances are impurity-based.
 */
export async function classifyDatabase(db: Database, options: DbClassifyOptions): Promise<DbClassifyRun> {
  const o = resolveClassifyWith(DB_CLASSIFY_OPTIONS, DB_CLASSIFY_DEFAULTS, options);
  refuseInDatabase(o);
  if (o.scratch !== undefined) await checkScratch(db, o.scratch);
  const t = await trainingInDatabase(db, o);
  try {
    if (o.scratch !== undefined) t.binned = await binTraining(t, o, o.scratch);
    try {
      return await classifyTrained(t, o);
    } finally {
      await dropBinned(t.binned);
    }
  } finally {
    await closeShards(db, t.src.shards);
  }
}

/** Every labelled row's class, fold and bins, into a table in `schema` on each part. */
async function binTraining(t: DbTraining, o: DbResolved, schema: string): Promise<BinnedInputs> {
  const { src, recipe, classes } = t;
  if (src.bucket && !src.shards)
    throw new OptionError(
      'scratch',
      "needs each shard read directly (the foreign servers' own tables, as postgres_fdw names them); leave it out here",
    );
  const label = quoter(src.db.dialect)(o.label);
  const parts = passParts(src, (part) =>
    inputsSql(part, recipe, {
      columns: `${classSql(label, classes)} AS y, ${hashFoldSql(t.id, o.folds, part.db.dialect)} AS fold`,
      where: `${label} IS NOT NULL`,
    }),
  );
  const binned = await binInputs(parts, schema, t.edges, classes.length, true);
  o.onProgress?.({ step: 'binning the inputs', done: 1, total: 1, detail: `${binned.seconds.toFixed(1)} s` });
  return binned;
}

async function classifyTrained(t: DbTraining, o: DbResolved): Promise<DbClassifyRun> {
  const { recipe, classes, source, id, features } = t;
  const cart = {
    criterion: o.criterion,
    maxDepth: o.limits ? o.maxDepth : DB_DEFAULT_DEPTH,
    minSamplesLeaf: o.minSamplesLeaf,
    minSamplesSplit: o.minSamplesSplit,
    minImpurityDecrease: o.minImpurityDecrease,
    classWeight: 'none',
    ccpAlpha: 0,
    splitter: 'histogram',
  } as const;
  const treeOptions = { label: o.label, classes, edges: t.edges, ...cart };
  const cv = await foldsInDatabase(t, treeOptions, o);
  const final = await treeInDatabase(t.src, recipe, treeOptions);
  const tree = treeArrays(final.root, classes.length, recipe.outputs.length);
  const rows = t.labelled;
  const { seed } = o;
  return {
    model: treeModel(tree, cart, recipe, { id, features, rows, source, label: o.label, classes, seed }),
    tree,
    recipe,
    classes,
    features,
    leftOut: withBucket(
      leftOut(t.sample, features, {
        features: o.features,
        exclude: o.exclude,
        categorical: true,
        label: o.label,
        id,
      }),
      o.bucket,
    ),
    id,
    cv,
    tuned: null,
    complexity: null,
    holdout: null,
    heldOut: null,
    rules: rulesFromLeaves(tree, recipe, classes, o.label),
    // Impurity importances only: the rows never leave the database.
    importance: importances(
      tree,
      recipe,
      { x: { data: new Float64Array(0), rows: 0, cols: recipe.outputs.length }, y: new Int32Array(0) },
      { fold: new Int32Array(0), folds: o.folds },
      { kind: o.importance === 'none' ? 'none' : 'impurity', foldTrees: [], seed },
    ),
    dropped: t.total - rows,
    rows,
    trainAccuracy: trainingAccuracy(tree),
    source,
    sampleRows: t.sample.nRows,
    seconds: final.seconds,
    pushed: final.pushed,
    shardsReadDirectly: t.src.shards?.length ?? 0,
    binned: t.binned && { schema: t.binned.schema, seconds: t.binned.seconds },
  };
}

type DbResolved = ReturnType<typeof resolveClassifyWith<DbClassifyOptions, typeof DB_CLASSIFY_DEFAULTS>>;

/** What a tree in a database cannot do yet, refused before any query. */
function refuseInDatabase(o: DbResolved): void {
  const refuse = (name: keyof DbClassifyOptions, why: string) => {
    throw new OptionError(name, `in a database ${why}`);
  };
  if (o.tune) refuse('tune', 'is not available yet: give maxDepth and minSamplesLeaf');
  if (o.holdout !== undefined) refuse('holdout', 'is not available: cross-validation folds score the tree');
  if (o.classWeight !== 'none') refuse('classWeight', 'is none for now');
  if (o.ccpAlpha) refuse('ccpAlpha', 'is 0 for now: limit the tree with maxDepth and minSamplesLeaf');
  if (o.splitter === 'exact') refuse('splitter', 'is histogram: each level is one query of bin counts');
  if (o.importance === 'permutation') refuse('importance', 'is impurity or none: shuffling needs the rows');
}

/** Where and on what the tree trains: counts, the sample, the classes, features, recipe and bins. */
interface DbTraining {
  src: DbSource;
  source: string;
  total: number;
  labelled: number;
  sample: Table;
  classes: string[];
  id: string;
  features: string[];
  recipe: Recipe;
  edges: Float64Array[];
  /** The inputs binned into scratch tables, when the user gave a schema. */
  binned: BinnedInputs | null;
}

async function trainingInDatabase(db: Database, o: DbResolved): Promise<DbTraining> {
  const from = fromClause(o);
  const source = `${db.label} ${o.table ?? 'query'}`;
  const label = quoter(db.dialect)(o.label);
  const [[count, labelled]] = await db.rows(`SELECT COUNT(*), COUNT(${label}) FROM ${from}`);
  const total = numberOf(count);
  const sample = await sampleTable(db, from, Math.min(total, o.sample), o.seed, source);
  if (!sample.has(o.label)) throw new DataError({ file: source }, `label column "${o.label}" not found`);
  const classes = (
    await db.rows(`SELECT DISTINCT CAST(${label} AS VARCHAR) FROM ${from} WHERE ${label} IS NOT NULL`)
  )
    .map((r) => String(r[0]))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classes.length < 2 || classes.length > o.maxLevels)
    throw new DataError(
      { file: source, column: o.label },
      classes.length < 2
        ? 'the label has fewer than two classes; a classifier needs at least two'
        : tooManyClasses(classes.length, o.maxLevels),
    );
  const id = idColumn(sample, o.id);
  if (!id)
    throw new OptionError(
      'id',
      'names the customer id: in a database the cross-validation folds are a hash of it',
    );
  const choice = { features: o.features, exclude: o.exclude, categorical: true };
  // The bucket is how the table is spread over shards, not something about the customers.
  const reserved = o.bucket && !o.features?.length ? [o.label, id, o.bucket] : [o.label, id];
  const features = chooseFeatures(sample, { ...choice, reserved });
  const src: DbSource = { db, from, bucket: o.bucket };
  const keep = { scale: 'none', log: 'none', keepMissing: true, maxLevels: o.maxLevels } as const;
  // Each shard read directly, from the recipe on (its medians are counted there); closed by the
  // caller once training is returned, here if anything before that fails.
  src.shards =
    o.bucket && o.table !== undefined
      ? await directShards(db, from, { write: o.scratch !== undefined })
      : null;
  const { recipe, edges } = await fitAndBin(src, sample, features, keep).catch(async (e: unknown) => {
    await closeShards(db, src.shards);
    throw e;
  });
  return {
    src,
    source,
    total,
    labelled: numberOf(labelled),
    sample,
    classes,
    id,
    features,
    recipe,
    edges,
    binned: null,
  };
}

/** The recipe over every customer, and each input's cut points on the sample as in-process. */
async function fitAndBin(
  src: DbSource,
  sample: Table,
  features: string[],
  keep: DbRecipeOptions,
): Promise<{ recipe: Recipe; edges: Float64Array[] }> {
  const recipe = await fitFeaturesInDatabase(src, sample, features, keep);
  const m = applyRecipe(recipe, sample);
  const all = Int32Array.from({ length: m.rows }, (_, i) => i);
  const edges = Array.from({ length: m.cols }, (_, f) => {
    const col = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) col[i] = m.data[i * m.cols + f];
    return binEdges(col, all, BINS);
  });
  return { recipe, edges };
}

/**
 * Cross-validation in the database: each fold's tree trained on the other folds there, and every
 * held-out customer's (class, leaf) counted there; the pooled metrics from the counts.
 */
async function foldsInDatabase(t: DbTraining, treeOptions: DbTreeOptions, o: DbResolved): Promise<CvResult> {
  const { src, recipe, classes } = t;
  const { folds } = o;
  const label = quoter(src.db.dialect)(o.label);
  const fold = hashFoldSql(t.id, folds, src.db.dialect);
  const C = classes.length;
  const confusion = classes.map(() => new Array<number>(C).fill(0));
  const foldAccuracy: number[] = [];
  const trees: TreeArrays[] = [];
  let logLoss = 0;
  for (let f = 0; f < folds; f++) {
    const rest = t.binned ? `fold <> ${f}` : `${fold} <> ${f}`;
    const grown = await treeInDatabase(src, recipe, { ...treeOptions, rows: rest, binned: t.binned });
    const tree = treeArrays(grown.root, C, recipe.outputs.length);
    trees.push(tree);
    const rows = await heldOutLeaves(t, grown.root, t.binned ? `fold = ${f}` : `${fold} = ${f}`, label);
    let ok = 0;
    let n = 0;
    for (const r of rows) {
      const y = numberOf(r[0]);
      const node = numberOf(r[1]);
      const k = numberOf(r[2]);
      const predicted = majorityClass(tree.value, node * C, C);
      confusion[y][predicted] += k;
      const w = tree.weight[node];
      const p = w > 0 ? tree.value[node * C + y] / w : 1 / C;
      logLoss -= k * Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
      if (predicted === y) ok += k;
      n += k;
    }
    foldAccuracy.push(n ? ok / n : Number.NaN);
    o.onProgress?.({
      step: 'cross-validation in the database',
      done: f + 1,
      total: folds,
      detail: `fold ${f + 1}`,
    });
  }
  const scored = confusion.flat().reduce((a, b) => a + b, 0);
  const pooled: Metrics = evaluateConfusion(confusion, classes, scored ? logLoss / scored : null);
  const mean = foldAccuracy.reduce((a, b) => a + b, 0) / folds;
  return {
    folds,
    accuracy: mean,
    accuracyStd: Math.sqrt(foldAccuracy.reduce((a, b) => a + (b - mean) ** 2, 0) / folds),
    foldAccuracy,
    pooled,
    // The rows stayed in the database: only their counts came back.
    predicted: new Int32Array(0),
    trees,
    note: `folds are a hash of ${t.id} (MD5), the same in every engine`,
  };
}

/**
 * Per (class, leaf) the held-out rows `where` keeps, each leaf numbered as its node in `treeArrays`'
 * layout: one query on the source, or on each part's scratch table, whose counts add up.
 */
async function heldOutLeaves(
  t: DbTraining,
  root: DbTreeNode,
  where: string,
  label: string,
): Promise<unknown[][]> {
  const { src, recipe, classes, binned } = t;
  const leaves = leafIndex(root);
  if (binned) {
    const leaf = nodeSql(root, leaves, binned.edges);
    return onEachPart(binnedParts(binned, where), (part) =>
      twoLevel(
        part.src,
        `SELECT y, ${leaf} AS leaf FROM (${part.base}) AS s`,
        'y, leaf',
        ['COUNT(*) AS n'],
        [],
      ),
    );
  }
  const base = inputsSql(src, recipe, {
    columns: `${classSql(label, classes)} AS y`,
    where: `${label} IS NOT NULL AND ${where}`,
  });
  const bucket = src.bucket ? 'strata_bucket, ' : '';
  const inner = `SELECT ${bucket}y, ${nodeSql(root, leaves)} AS leaf FROM (${base}) AS s`;
  return src.db.rows(twoLevel(src, inner, 'y, leaf', ['COUNT(*) AS n'], ['SUM(n)']));
}

/** The share of training customers in their leaf's majority class (leaves hold every training customer). */
function trainingAccuracy(t: ReturnType<typeof treeArrays>): number {
  const C = t.nClasses;
  let ok = 0;
  for (let i = 0; i < t.feature.length; i++)
    if (t.feature[i] < 0) ok += t.value[i * C + majorityClass(t.value, i * C, C)];
  return t.samples[0] ? ok / t.samples[0] : 0;
}
