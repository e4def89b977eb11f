import type { Command } from 'commander';
import {
  type ClassifyResult,
  type ClusterResult,
  type CompareResult,
  type DemoPart,
  type DescribeSummary,
  demo,
  type GradeRunResult,
  type Result,
  type RfmRunResult,
} from '../index.js';
import { classifyText } from './classify-command.js';
import { clusterText } from './cluster-command.js';
import { compareText } from './compare-command.js';
import { gradeText } from './grade-command.js';
import { OutputDir } from './output.js';
import { printableLines, warningText } from './results.js';
import { rfmText } from './rfm-command.js';
import { num } from './table-text.js';

const warningsText = (w: { message: string }[]) =>
  w.map((x) => `Warning: ${warningText(x.message)}.`).join('\n');

/** How the demo prints each part of its result. */
const PARTS: Record<DemoPart, { title: string; text: (r: Result) => string }> = {
  cluster: {
    title: 'Clustering: segments without labels',
    text: (r) => clusterText((r as ClusterResult).summary),
  },
  classify: {
    title: 'Classification: learning the tiers people assigned',
    text: (r) => classifyText(r as ClassifyResult),
  },
  grade: {
    title: 'Grading: the weighted scorecard the tiers came from',
    text: (r) => gradeText(r as GradeRunResult),
  },
  rfm: { title: 'RFM on the sample transactions', text: (r) => rfmText((r as RfmRunResult).summary) },
  compare: {
    title: 'Where the tree and people disagree (predicted vs assigned_tier)',
    text: (r) => compareText((r as CompareResult).summary),
  },
};

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
        if (part === 'describe') {
          const d = result as DescribeSummary;
          out.add('describe.json', `${JSON.stringify(d, null, 2)}\n`);
          const rows = Array.isArray(d.input) ? d.input[0].rows : d.input.rows;
          say(`Strata demo on the bundled sample: ${num(rows)} B2B customers, ${d.columns.length} columns.`);
          return;
        }
        const r = result as Result;
        out.addResult(r, `${part}/`);
        const { title, text } = PARTS[part];
        say(`\n== ${title} ==`);
        show(text(r), r.summary.warnings);
      });
      say(`\n${await out.finish()}`);
    });
}
