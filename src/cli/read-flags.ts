import type { Command } from 'commander';
import { type ColumnType, type LoadOptions, UsageError } from '../index.js';
import { progressReporter } from './progress-bar.js';

export interface ReadFlags {
  delimiter?: string;
  header?: boolean;
  type?: string[];
  id?: string;
  unit?: string[];
  na?: string;
  defaultNa?: boolean;
}

/** The flags every command that reads a data file shares. */
export function readFlags(cmd: Command): Command {
  return cmd
    .option('--delimiter <char>', 'field separator (guessed from the header line when absent)')
    .option('--no-header', 'the first line is data, not column names')
    .option('--type <col=type...>', 'override a column type: numeric, categorical, date or text')
    .option('--id <col>', 'the column that identifies a customer')
    .option(
      '--na <tokens>',
      "the texts that mean missing, comma-separated, instead of the defaults (blank, NA, N/A, null, NaN, None, ?, -); --na '' keeps only blanks",
    )
    .option('--no-default-na', "only blank cells are missing (the same as --na '')")
    .option(
      '--unit <col=text...>',
      'the unit of a column, shown beside its values (e.g. sales=CNY thousand)',
    );
}

/** --unit COL=TEXT flags as the library's units map (undefined when none). */
export function unitsOf(flags: ReadFlags): Map<string, string> | undefined {
  if (!flags.unit?.length) return undefined;
  const units = new Map<string, string>();
  for (const u of flags.unit) {
    const eq = u.indexOf('=');
    if (eq <= 0 || eq === u.length - 1)
      throw new UsageError(`--unit ${u}: expected COLUMN=UNIT, e.g. --unit sales=CNY thousand`);
    units.set(u.slice(0, eq), u.slice(eq + 1));
  }
  return units;
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
  // A blank cell is missing whatever the tokens: a number cannot be read from it.
  const missing =
    flags.na !== undefined
      ? ['', ...flags.na.split(',').filter((t) => t !== '')]
      : flags.defaultNa === false
        ? ['']
        : undefined;
  return { delimiter, header: flags.header, types, id: flags.id, missing, onProgress: progressReporter() };
}
