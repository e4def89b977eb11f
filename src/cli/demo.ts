import type { Command } from 'commander';
import { describe } from '../data/describe.js';
import { load } from '../data/load.js';
import { classifyText, runClassify, writeClassifyFiles } from './classify.js';
import { clusterText, runCluster, writeClusterFiles } from './cluster.js';
import { OutputDir } from './output.js';
import { packageFile } from './paths.js';

/** The main job on the bundled sample data; each pipeline adds its part. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the main job on the bundled sample customers and write the results under reports/demo/')
    .option('--out <dir>', 'where to write the results', 'reports/demo')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .action(async (flags: { out: string; force?: boolean }) => {
      const out = new OutputDir(flags.out, flags.force);
      const customers = await load(packageFile('data', 'customers.csv'), { id: 'customer_id' });
      const d = describe(customers);
      out.add('describe.json', `${JSON.stringify({ ...d, source: 'data/customers.csv' }, null, 2)}\n`);
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say(
        `Strata demo on the bundled sample: ${d.rows.toLocaleString('en-US')} B2B customers, ${d.columns.length} columns.`,
      );

      say('\n== Clustering: segments without labels ==');
      const cluster = runCluster(customers, { k: 'auto', log: 'auto', value: 'sales_12m', seed: '42' });
      writeClusterFiles(out, cluster, customers, 'cluster/');
      say(clusterText(cluster, customers));

      say('\n== Classification: learning the tiers people assigned ==');
      const classify = runClassify(customers, {
        label: 'assigned_tier',
        maxDepth: '6',
        minLeaf: '20',
        folds: '5',
        seed: '42',
      });
      writeClassifyFiles(out, classify, 'classify/');
      say(classifyText(classify));

      const paths = out.commit();
      say(`\nResults are in ${out.dir}/ (${paths.length - 1} files).`);
    });
}
