import type { Command } from 'commander';
import {
  DIALECTS,
  type Dialect,
  exportPmml,
  exportSql,
  loadModel,
  SQL_DEFAULTS,
  UsageError,
} from '../index.js';
import { writeOutputFile } from './output.js';
import { byDefault, choice } from './parse.js';

export function registerExport(program: Command): void {
  program
    .command('export <model>')
    .description('a model as SQL that scores a table inside a database, or as PMML 4.4')
    .requiredOption('--to <format>', 'sql or pmml')
    .option('--dialect <d>', `SQL dialect: ${DIALECTS.join(', ')}${byDefault(SQL_DEFAULTS.dialect)}`)
    .option(
      '--table <name>',
      `the table to score (a plain name, optionally schema.table)${byDefault(SQL_DEFAULTS.table)}`,
    )
    .option('--id <col>', "the id column to return with each prediction (default: the model's)")
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--force', 'replace the --out file if it exists')
    .action(
      (
        modelPath: string,
        flags: { to: string; dialect?: string; table?: string; id?: string; out?: string; force?: boolean },
      ) => {
        const to = choice('--to', flags.to, ['sql', 'pmml'] as const);
        const dialect = choice('--dialect', flags.dialect, DIALECTS) as Dialect | undefined;
        if (to === 'pmml' && flags.dialect !== undefined)
          throw new UsageError('--dialect applies to --to sql only');
        const model = loadModel(modelPath);
        const text =
          to === 'sql'
            ? `${exportSql(model, { dialect, table: flags.table, id: flags.id })};\n`
            : exportPmml(model);
        if (flags.out) writeOutputFile(flags.out, text, flags.force === true, [modelPath]);
        else process.stdout.write(text);
      },
    );
}
