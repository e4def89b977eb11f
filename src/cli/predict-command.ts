import type { Command } from 'commander';
import { load, loadModel, type PredictBy, predictInto, predictTable, UsageError } from '../index.js';
import { guardedTexts, toCsv } from '../util/csv.js';
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
      'clustering models: the nearest centre or the segment rules learned after clustering (default: centres)',
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
      const model = loadModel(modelPath);
      if (flags.by === 'rules' && model.kind === 'kmeans' && !model.state.rules)
        throw new UsageError(
          'this clustering model holds no segment rules (it was trained with --rules-depth 0, or by an older Strata): predict by centres instead',
        );
      const table = await load(file, loadOptions(flags));
      const { header, rows, warnings } = predictTable(model, table, {
        by: flags.by as PredictBy | undefined,
        id: flags.id,
      });
      for (const w of warnings) process.stderr.write(`Warning: ${w}\n`);
      const csv = toCsv(header, rows);
      const guarded = guardedTexts(rows);
      // A label such as "-10.000)" gains the spreadsheet guard's apostrophe: say so, or a comparison
      // of the file with the truth goes quietly wrong.
      if (guarded.length)
        process.stderr.write(
          `Warning: ${guarded.length} value${guarded.length === 1 ? '' : 's'} in the predictions start${guarded.length === 1 ? 's' : ''} like a spreadsheet formula (e.g. "${guarded[0]}") and ${guarded.length === 1 ? 'is' : 'are'} written with a leading ' so a spreadsheet shows ${guarded.length === 1 ? 'it' : 'them'} as text; --raw-csv writes them exactly\n`,
        );
      if (flags.out) {
        writeOutputFile(flags.out, csv, flags.force === true, [modelPath, file]);
        process.stderr.write(`Wrote ${rows.length} predictions to ${flags.out}\n`);
      } else process.stdout.write(csv);
    });
}
