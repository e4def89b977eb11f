import type { Command } from 'commander';
import { writeReport } from '../index.js';

export function registerReport(program: Command): void {
  program
    .command('report <dir>')
    .description(
      'rebuild report.html, report.md and charts/ from a results folder (or a folder of them, combined)',
    )
    .action(async (dir: string) => {
      const r = await writeReport(dir);
      process.stdout.write(
        `Report: ${r.html}\nMarkdown: ${r.markdown}\nCharts: ${r.charts.length} (SVG, PNG and Vega-Lite JSON in ${dir}/charts/)\n`,
      );
    });
}
