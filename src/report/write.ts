import { join } from 'node:path';
import type { OnProgress } from '../progress.js';
import { writeFileAtomic } from '../util/fs.js';
import { reportHtml } from './html.js';
import { reportMarkdown } from './markdown.js';
import { type Part, readParts, sortParts } from './parts.js';
import { renderSvg, svgToPng } from './render.js';
import { type Section, section } from './sections.js';

export interface WrittenReport {
  html: string;
  markdown: string;
  charts: string[];
}

const chartName = (s: Section, name: string) => (s.part.name ? `${s.part.name}-${name}` : name);

/**
 * Writes the report into `dir`: report.html, report.md, and charts/NAME.vl.json, .svg and .png for
 * every chart. Built from `parts` in memory when given (a run's own results), else read back from
 * the results folder (or every results sub-folder of it, combined) through their schemas.
 */
export async function writeReport(
  dir: string,
  parts?: readonly Part[],
  onProgress?: OnProgress,
): Promise<WrittenReport> {
  const sections = sortParts([...(parts ?? readParts(dir))]).map(section);
  const charts: string[] = [];
  const total = sections.reduce((n, s) => n + s.charts.length, 0);
  for (const s of sections) {
    for (const c of s.charts) {
      onProgress?.({ step: 'rendering charts', done: charts.length, total, detail: c.name });
      const base = join(dir, 'charts', chartName(s, c.name));
      const svg = await renderSvg(c.spec);
      writeFileAtomic(`${base}.vl.json`, `${JSON.stringify(c.spec, null, 1)}\n`);
      writeFileAtomic(`${base}.svg`, svg);
      writeFileAtomic(`${base}.png`, await svgToPng(svg));
      charts.push(base);
    }
  }
  const html = join(dir, 'report.html');
  const markdown = join(dir, 'report.md');
  onProgress?.({ step: 'rendering charts', done: total, total });
  writeFileAtomic(
    html,
    reportHtml(sections, (s, name) => `chart-${chartName(s, name)}`),
  );
  writeFileAtomic(
    markdown,
    reportMarkdown(sections, (s, name) => `charts/${chartName(s, name)}.png`),
  );
  return { html, markdown, charts };
}
