import type { Command } from 'commander';
import {
  type KMeansModel,
  load,
  loadModel,
  type Model,
  predictClusters,
  predictInto,
  predictWithTree,
  type Table,
  type TreeModel,
  UsageError,
} from '../index.js';
import { type Cell, toCsv } from '../util/csv.js';
import { round } from '../util/stats.js';
import { withDatabase } from './db-flags.js';
import { writeOutputFile } from './output.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';

interface PredictFlags extends ReadFlags {
  out?: string;
  force?: boolean;
  by?: string;
  db?: string;
  table?: string;
  query?: string;
  into?: string;
}

type Predictor = (model: Model, table: Table, id: string | undefined) => { header: string[]; rows: Cell[][] };

function predictKMeans(model: KMeansModel, table: Table, id: string | undefined): ReturnType<Predictor> {
  const p = predictClusters(model, table);
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++) {
    rows.push([id ? table.text(id, i) : i + 1, p.cluster[i], p.segment[i], round(p.distance[i], 8)]);
  }
  return { header: [id ?? 'row', 'cluster', 'segment', 'distance'], rows };
}

/** Segments by the model's rules (the shallow tree learned on the segments), with the deciding rule. */
function predictByRules(model: KMeansModel, table: Table, id: string | undefined): ReturnType<Predictor> {
  const tree = model.state.rules?.tree;
  if (!tree)
    throw new UsageError(
      'this clustering model holds no segment rules (it was trained with --rules-depth 0, or by an older Strata): predict by centres instead',
    );
  const p = predictWithTree(tree, table);
  const cluster = new Map(model.state.names.map((n, j) => [n, j]));
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++)
    rows.push([id ? table.text(id, i) : i + 1, cluster.get(p.predicted[i])!, p.predicted[i], p.rule[i]]);
  return { header: [id ?? 'row', 'cluster', 'segment', 'rule'], rows };
}

function predictTree(model: TreeModel, table: Table, id: string | undefined): ReturnType<Predictor> {
  const p = predictWithTree(model, table);
  const C = p.classes.length;
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++) {
    const probs = Array.from(p.proba.subarray(i * C, i * C + C), (v) => round(v, 6));
    rows.push([id ? table.text(id, i) : i + 1, p.predicted[i], ...probs, p.rule[i]]);
  }
  return { header: [id ?? 'row', 'predicted', ...p.classes.map((c) => `p_${c}`), 'rule'], rows };
}

/** How each kind of model predicts; every kind of model file is listed here. */
const predictors: {
  [K in Model['kind']]: (
    m: Extract<Model, { kind: K }>,
    t: Table,
    id: string | undefined,
  ) => ReturnType<Predictor>;
} = {
  kmeans: predictKMeans,
  tree: predictTree,
};

/** Scores in place: the model's SQL as CREATE TABLE … AS SELECT, in one transaction. */
async function predictInDatabase(modelPath: string, url: string, flags: PredictFlags): Promise<void> {
  if (flags.into === undefined)
    throw new UsageError('--db needs --into TABLE: the predictions stay in the database');
  if (flags.by === 'rules')
    throw new UsageError('--by rules scores files; in a database the model scores by its centres');
  const model = loadModel(modelPath);
  const into = flags.into;
  await withDatabase(
    url,
    async (db) => {
      const rows = await predictInto(db, model, {
        table: flags.table,
        query: flags.query,
        into,
        id: flags.id,
      });
      process.stderr.write(`Wrote ${rows} predictions to ${into} in ${db.label}\n`);
    },
    { write: true },
  );
}

export function registerPredict(program: Command): void {
  readFlags(program.command('predict <model> [file]'))
    .description('apply a saved model (clusters or tree) to new customers')
    .option('--out <file.csv>', 'write the predictions here instead of stdout')
    .option('--force', 'replace the --out file if it exists')
    .option(
      '--by <centres|rules>',
      'clustering models: the nearest centre (default) or the segment rules learned after clustering',
      'centres',
    )
    .option(
      '--db <url>',
      'score inside a database instead of a file: duckdb:PATH or postgres://user@host:port/db',
    )
    .option('--table <name>', 'with --db: the table (or schema.table) of customers')
    .option('--query <select>', 'with --db: a SELECT whose rows are the customers')
    .option(
      '--into <name>',
      'with --db: the new table the predictions are written to (CREATE TABLE … AS SELECT)',
    )
    .action(async (modelPath: string, file: string | undefined, flags: PredictFlags) => {
      if ((file === undefined) === (flags.db === undefined))
        throw new UsageError('give a file, or --db with --table (or --query) and --into: one of the two');
      if (flags.db !== undefined) {
        await predictInDatabase(modelPath, flags.db, flags);
        return;
      }
      if (file === undefined) return;
      if (flags.by !== 'centres' && flags.by !== 'rules')
        throw new UsageError(`--by must be centres or rules (got "${flags.by}")`);
      const model = loadModel(modelPath);
      if (flags.by === 'rules' && model.kind !== 'kmeans')
        throw new UsageError(
          '--by rules is for clustering models; a tree model predicts by its own rules already',
        );
      const table = await load(file, loadOptions(flags));
      const id = flags.id ?? (model.id && table.has(model.id) ? model.id : undefined);
      const { header, rows } =
        model.kind === 'tree'
          ? predictors.tree(model, table, id)
          : flags.by === 'rules'
            ? predictByRules(model, table, id)
            : predictors.kmeans(model, table, id);
      const csv = toCsv(header, rows);
      if (flags.out) {
        writeOutputFile(flags.out, csv, flags.force === true, [modelPath, file]);
        process.stderr.write(`Wrote ${rows.length} predictions to ${flags.out}\n`);
      } else process.stdout.write(csv);
    });
}
