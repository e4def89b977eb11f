import type { Command } from 'commander';
import { type DescribeSummary, describe, describeDatabase, load } from '../index.js';
import { checkSource, type DbFlags, dbFlags, withDatabase } from './db-flags.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';
import { printResult } from './results.js';
import { num, textTable } from './table-text.js';

export function registerDescribe(program: Command): void {
  dbFlags(
    readFlags(
      program
        .command('describe [file]')
        .description('show the columns of a data file: type, role, missing values, range or top levels')
        .option('--json', 'print the description as JSON on stdout'),
    ),
    { bucket: false },
  ).action(async (file: string | undefined, flags: ReadFlags & DbFlags & { json?: boolean }) => {
    checkSource(file, flags);
    const d =
      flags.db !== undefined
        ? await inDatabase(flags.db, flags)
        : describe(await load(file!, loadOptions(flags)));
    const rows = d.columns.map((c) => [
      c.name,
      c.type,
      c.role,
      `${c.missingPct.toFixed(1)}%`,
      num(c.distinct),
      c.top
        ? c.top.map((t) => `${t.level} (${num(t.count)})`).join(', ')
        : `${num(c.min)} / ${num(c.median)} / ${num(c.max)}`,
    ]);
    const n = Array.isArray(d.input) ? d.input[0].rows : d.input.rows;
    const text = `${flags.db !== undefined ? (d.input as { file: string }).file : file}: ${num(n)} rows, ${d.columns.length} columns\n\n${textTable(['column', 'type', 'role', 'missing', 'distinct', 'min / median / max, or top levels'], rows, [false, false, false, true, true, false])}`;
    printResult(flags, d, text);
  });
}

/** Types from a sample, every count and range by SQL over every row. */
async function inDatabase(url: string, flags: DbFlags): Promise<DescribeSummary> {
  return withDatabase(url, (db) => describeDatabase(db, { table: flags.table, query: flags.query }));
}
