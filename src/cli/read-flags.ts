import type { Command } from 'commander';
import { type ColumnType, type LoadOptions, UsageError } from '../index.js';
import { progressReporter } from './progress.js';

export interface ReadFlags {
  delimiter?: string;
  header?: boolean;
  type?: string[];
  id?: string;
}

/** The flags every command that reads a data file shares. */
export function readFlags(cmd: Command): Command {
  return cmd
    .option('--delimiter <char>', 'field separator (guessed from the header line when absent)')
    .option('--no-header', 'the first line is data, not column names')
    .option('--type <col=type...>', 'override a column type: numeric, categorical, date or text')
    .option('--id <col>', 'the column that identifies a customer');
}

export function loadOptions(flags: ReadFlags): LoadOptions {
  const types: Record<string, ColumnType> = Object.create(null);
  for (const t of flags.type ?? []) {
    const eq = t.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`--type ${t}: expected COLUMN=TYPE, e.g. --type zip=categorical`);
    types[t.slice(0, eq)] = t.slice(eq + 1) as ColumnType;
  }
  const delimiter = flags.delimiter === '\\t' || flags.delimiter === 'tab' ? '\t' : flags.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1) {
    throw new UsageError(`--delimiter must be one character, got "${flags.delimiter}"`);
  }
  return { delimiter, header: flags.header, types, id: flags.id, onProgress: progressReporter() };
}
