import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../data/describe.js';
import { load } from '../data/load.js';
import { computeRfm } from '../grade/rfm.js';
import { gradeTable, readScorecard } from '../grade/scorecard.js';
import { saveModel } from '../model/model-file.js';
import { classifyText, runClassify, writeClassifyFiles } from './classify.js';
import { clusterText, runCluster, writeClusterFiles } from './cluster.js';
import { compareFiles, compareText, runCompare } from './compare.js';
import { gradeText, writeGradeFiles } from './grade.js';
import { OutputDir } from './output.js';
import { packageFile } from './paths.js';
import { rfmText, writeRfmFiles } from './rfm.js';

/** The main job on the bundled sample data; each pipeline adds its part. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the main job on the bundled sample customers and write the results under reports/demo/')
    .option('--out <dir>', 'where to write the results', 'reports/demo')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .action(async (flags: { out: string; force?: boolean }) => {
      const out = OutputDir.from(flags);
      const customers = await load(packageFile('data', 'customers.csv'), { id: 'customer_id' });
      const d = describe(customers);
      out.add('describe.json', `${JSON.stringify({ ...d, source: 'data/customers.csv' }, null, 2)}\n`);
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say(
        `Strata demo on the bundled sample: ${d.rows.toLocaleString('en-US')} B2B customers, ${d.columns.length} columns.`,
      );

      say('\n== Clustering: segments without labels ==');
      const cluster = runCluster(customers, { k: 'auto', log: 'auto', value: 'sales_12m', seed: '42' });
      writeClusterFiles(
        out,
        cluster,
        { name: customers.source, rows: customers.nRows },
        customers,
        'cluster/',
      );
      say(clusterText(cluster, customers.nRows));

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

      say('\n== Grading: the weighted scorecard the tiers came from ==');
      const cardFile = packageFile('data', 'scorecards', 'sample-tier.yaml');
      const grades = gradeTable(readScorecard(cardFile), customers, 'data/scorecards/sample-tier.yaml');
      writeGradeFiles(out, grades, customers, 'customer_id', 'data/scorecards/sample-tier.yaml', 'grade/');
      say(gradeText(grades));

      say('\n== RFM on the sample transactions ==');
      const rfm = await computeRfm(packageFile('data', 'transactions.csv'), {
        customer: 'customer_id',
        date: 'invoice_date',
        amount: 'amount',
        invoice: 'invoice_id',
        dropInvoicePrefix: 'C',
      });
      const rfmParams = {
        customer: 'customer_id',
        date: 'invoice_date',
        amount: 'amount',
        invoice: 'invoice_id',
        dropInvoicePrefix: 'C',
      };
      writeRfmFiles(out, rfm, 'data/transactions.csv', rfmParams, 'rfm/');
      say(rfmText(rfm));

      say('\n== Where the tree and people disagree (predicted vs assigned_tier) ==');
      const modelFile = join(tmpdir(), `strata-demo-${process.pid}.json`);
      saveModel(modelFile, classify.model);
      const { comparison } = runCompare(customers, {
        assigned: 'assigned_tier',
        model: modelFile,
        id: 'customer_id',
      });
      rmSync(modelFile, { force: true });
      compareFiles(out, comparison, 'customer_id', 'compare/', 'data/customers.csv', {
        assigned: 'assigned_tier',
        model: 'classify/model.json',
      });
      say(compareText(comparison));

      say(`\n${await out.finish()}`);
    });
}
