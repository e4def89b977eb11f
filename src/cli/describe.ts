import type { Command } from 'commander';
import { describe, load } from '../index.js';
import { loadOptions, type ReadFlags, readFlags } from './read-flags.js';
import { printResult } from './results.js';
import { num, textTable } from './table-text.js';

export function registerDescribe(program: Command): void {
  readFlags(
    program
      .command('describe <file>')
      .description('show the columns of a data file: type, role, missing values, range or top levels')
      .option('--json', 'print the description as JSON on stdout'),
  ).action(async (file: string, flags: ReadFlags & { json?: boolean }) => {
    const table = await load(file, loadOptions(flags));
    const d = describe(table);
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
    const text = `${file}: ${num(n)} rows, ${d.columns.length} columns\n\n${textTable(['column', 'type', 'role', 'missing', 'distinct', 'min / median / max, or top levels'], rows, [false, false, false, true, true, false])}`;
    printResult(flags, d, text);
  });
}
