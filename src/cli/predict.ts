import type { Command } from 'commander';
import { predictClusters } from '../cluster/predict.js';
import { load } from '../data/load.js';
import type { Table } from '../data/table.js';
import { type KMeansModel, loadModel, type Model } from '../export/model-file.js';
import { type Cell, toCsv } from '../util/csv.js';
import { writeFileAtomic } from '../util/fs.js';
import { round } from '../util/stats.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';

interface PredictFlags extends ReadFlags {
  out?: string;
}

export type Predictor = (
  model: Model,
  table: Table,
  id: string | undefined,
) => { header: string[]; rows: Cell[][] };

const predictors = new Map<Model['kind'], Predictor>();

/** Lets each pipeline add how its models predict (the classifier registers `tree`). */
export function registerPredictor(kind: Model['kind'], p: Predictor): void {
  predictors.set(kind, p);
}

registerPredictor('kmeans', (model, table, id) => {
  const p = predictClusters(model as KMeansModel, table);
  const rows: Cell[][] = [];
  for (let i = 0; i < table.nRows; i++) {
    rows.push([id ? table.text(id, i) : i + 1, p.cluster[i], p.name[i], round(p.distance[i], 8)]);
  }
  return { header: [id ?? 'row', 'cluster', 'segment', 'distance'], rows };
});

export function registerPredict(program: Command): void {
  readFlags(program.command('predict <model> <file>'))
    .description('apply a saved model (clusters or tree) to new customers')
    .option('--out <file.csv>', 'write the predictions here instead of stdout')
    .action(async (modelPath: string, file: string, flags: PredictFlags) => {
      const model = loadModel(modelPath);
      const table = await load(file, loadOptions(flags));
      const id = flags.id ?? (model.id && table.has(model.id) ? model.id : undefined);
      const predictor = predictors.get(model.kind);
      if (!predictor) throw new Error(`no predictor for ${model.kind}`);
      const { header, rows } = predictor(model, table, id);
      const csv = toCsv(header, rows);
      if (flags.out) {
        writeFileAtomic(flags.out, csv);
        process.stderr.write(`Wrote ${rows.length} predictions to ${flags.out}\n`);
      } else process.stdout.write(csv);
    });
}
