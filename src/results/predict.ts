import { predictWithTree } from '../classify/predict-tree.js';
import { predictClusters } from '../cluster/predict-clusters.js';
import { predictClv } from '../clv/predict-clv.js';
import type { Table } from '../data/table.js';
import { OptionError } from '../errors.js';
import type { ClvModel, KMeansModel, Model, TreeModel } from '../model/model-file.js';
import type { Cell } from '../util/csv.js';
import { round } from '../util/stats.js';

/** How a clustering model assigns new customers: the nearest centre, or the segment rules. */
export type PredictBy = 'centres' | 'rules';
export const PREDICT_BY: readonly PredictBy[] = ['centres', 'rules'];

export interface PredictOptions {
  /** Clustering models: the nearest centre (default) or the rules learned after clustering. */
  by?: PredictBy;
  /** The id column written with each prediction (default: the model's, when the table has it). */
  id?: string;
}

/** predictions.csv as a header and rows (the id, or the row number, first). */
export interface PredictionTable {
  header: string[];
  rows: Cell[][];
  /** What a user should know about these predictions: a feature with no value in the file, say. */
  warnings: string[];
}

/**
 * A saved model applied to new customers: a tree's class, probabilities and deciding rule; a
 * clustering's segment and distance to the centre, or its segment by the rules and the rule.
 */
export function predictTable(model: Model, table: Table, options: PredictOptions = {}): PredictionTable {
  const by = options.by ?? 'centres';
  if (!PREDICT_BY.includes(by))
    throw new OptionError('by', `must be ${PREDICT_BY.join(' or ')} (got "${by}")`);
  if (by === 'rules' && model.kind !== 'kmeans')
    throw new OptionError(
      'by',
      'rules is for clustering models; a tree model predicts by its own rules already',
    );
  const id = options.id ?? (model.id && table.has(model.id) ? model.id : undefined);
  const rowId = (i: number): Cell => (id ? table.text(id, i) : i + 1);
  if (model.kind === 'clv') return { ...byClv(model, table, id, rowId), warnings: [] };
  const made =
    model.kind === 'tree'
      ? byTree(model, table, id, rowId)
      : by === 'rules'
        ? byRules(model, table, id, rowId)
        : byCentres(model, table, id, rowId);
  return { ...made, warnings: emptyFeatures(model, table, by) };
}

/** Features with no value at all in the file: every customer is scored on a stand-in there. */
function emptyFeatures(model: TreeModel | KMeansModel, table: Table, by: PredictBy): string[] {
  if (!table.nRows) return [];
  const stand =
    model.kind === 'tree' || by === 'rules'
      ? 'the rules send every customer the way they send a missing value'
      : 'every customer gets the training median (or most frequent level) there, so it does not tell them apart';
  return model.recipe.steps
    .filter((s) => table.info(s.name)?.missing === table.nRows)
    .map((s) => `${s.name} has no value in ${table.source}: ${stand}`);
}

type RowId = (i: number) => Cell;
type Made = Omit<PredictionTable, 'warnings'>;

function byCentres(model: KMeansModel, table: Table, id: string | undefined, rowId: RowId): Made {
  const p = predictClusters(model, table);
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++)
    rows.push([rowId(i), p.cluster[i], p.segment[i], round(p.distance[i], 8)]);
  return { header: [id ?? 'row', 'cluster', 'segment', 'distance'], rows };
}

/** Segments by the model's rules (the shallow tree learned on the segments), with the deciding rule. */
function byRules(model: KMeansModel, table: Table, id: string | undefined, rowId: RowId): Made {
  const tree = model.state.rules?.tree;
  if (!tree)
    throw new OptionError(
      'by',
      'rules needs segment rules, and this clustering model holds none (it was trained without segment rules, or by an older Strata): predict by centres instead',
    );
  const p = predictWithTree(tree, table);
  const cluster = new Map(model.state.names.map((n, j) => [n, j]));
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++)
    rows.push([rowId(i), cluster.get(p.predicted[i])!, p.predicted[i], p.rule[i]]);
  return { header: [id ?? 'row', 'cluster', 'segment', 'rule'], rows };
}

/** Lifetime values of customer summaries (x, t_x, T, mean_value), in the model's unit and horizon. */
function byClv(model: ClvModel, table: Table, id: string | undefined, rowId: RowId): Made {
  const p = predictClv(model, table);
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++)
    rows.push([
      rowId(i),
      round(p.alive[i], 8),
      round(p.expected[i], 8),
      round(p.spend[i], 8),
      round(p.clv[i], 8),
    ]);
  return { header: [id ?? 'row', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'], rows };
}

function byTree(model: TreeModel, table: Table, id: string | undefined, rowId: RowId): Made {
  const p = predictWithTree(model, table);
  const C = p.classes.length;
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++) {
    const probs = Array.from(p.proba.subarray(i * C, i * C + C), (v) => round(v, 6));
    rows.push([rowId(i), p.predicted[i], ...probs, p.rule[i]]);
  }
  return { header: [id ?? 'row', 'predicted', ...p.classes.map((c) => `p_${c}`), 'rule'], rows };
}
