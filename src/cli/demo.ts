import type { Command } from 'commander';
import {
  type ClassifyResult,
  type ClusterResult,
  type CompareResult,
  type DescribeSummary,
  demo,
  type GradeRunResult,
  type RfmRunResult,
} from '../index.js';
import { classifyText } from './classify.js';
import { clusterText } from './cluster.js';
import { compareText } from './compare.js';
import { gradeText } from './grade.js';
import { OutputDir } from './output.js';
import { printableLines } from './results.js';
import { rfmText } from './rfm.js';
import { num } from './table-text.js';

const warningsText = (w: { message: string }[]) => w.map((x) => `Warning: ${x.message}.`).join('\n');

/** The main job on the bundled sample data; each part is printed as it is done. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the main job on the bundled sample customers and write the results under reports/demo/')
    .option('--out <dir>', 'where to write the results', 'reports/demo')
    .option('--force', 'write into a non-empty folder that Strata did not write')
    .option('--no-report', 'skip report.html, report.md and charts/')
    .action(async (flags: { out: string; force?: boolean }) => {
      const out = OutputDir.from(flags);
      const say = (s: string) => process.stdout.write(`${printableLines(s)}\n`);
      const show = (text: string, warnings: { message: string }[]) =>
        say(warnings.length ? `${text}\n${warningsText(warnings)}` : text);
      await demo((part, result) => {
        switch (part) {
          case 'describe': {
            const d = result as DescribeSummary;
            out.add('describe.json', `${JSON.stringify(d, null, 2)}\n`);
            const rows = Array.isArray(d.input) ? d.input[0].rows : d.input.rows;
            say(
              `Strata demo on the bundled sample: ${num(rows)} B2B customers, ${d.columns.length} columns.`,
            );
            return;
          }
          case 'cluster': {
            const r = result as ClusterResult;
            out.addResult(r, 'cluster/');
            say('\n== Clustering: segments without labels ==');
            return show(clusterText(r.summary), r.summary.warnings);
          }
          case 'classify': {
            const r = result as ClassifyResult;
            out.addResult(r, 'classify/');
            say('\n== Classification: learning the tiers people assigned ==');
            return show(classifyText(r), r.summary.warnings);
          }
          case 'grade': {
            const r = result as GradeRunResult;
            out.addResult(r, 'grade/');
            say('\n== Grading: the weighted scorecard the tiers came from ==');
            return show(gradeText(r), r.summary.warnings);
          }
          case 'rfm': {
            const r = result as RfmRunResult;
            out.addResult(r, 'rfm/');
            say('\n== RFM on the sample transactions ==');
            return show(rfmText(r.summary), r.summary.warnings);
          }
          case 'compare': {
            const r = result as CompareResult;
            out.addResult(r, 'compare/');
            say('\n== Where the tree and people disagree (predicted vs assigned_tier) ==');
            return show(compareText(r.summary), r.summary.warnings);
          }
        }
      });
      say(`\n${await out.finish()}`);
    });
}
