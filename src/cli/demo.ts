import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../data/describe.js';
import { load } from '../data/load.js';
import { writeFileAtomic } from '../util/fs.js';
import { packageFile } from './paths.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the main job on the bundled sample customers and write the results under reports/demo/')
    .option('--out <dir>', 'where to write the results', 'reports/demo')
    .action(async (flags: { out: string }) => {
      const file = packageFile('data', 'customers.csv');
      const table = await load(file, { id: 'customer_id' });
      const d = describe(table);
      const out = flags.out;
      writeFileAtomic(
        join(out, 'describe.json'),
        `${JSON.stringify({ ...d, source: 'data/customers.csv' }, null, 2)}\n`,
      );
      const lines = [`Loaded the sample customers: ${d.rows} rows, ${d.columns.length} columns.`];
      lines.push(
        `Wrote ${relative(process.cwd(), join(out, 'describe.json')) || join(out, 'describe.json')}`,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
