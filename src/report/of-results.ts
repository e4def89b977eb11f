import { runFile } from '../results/envelope.js';
import type { Result } from '../results/result.js';
import type { Chart } from './charts/spec.js';
import { reportHtml } from './html.js';
import { reportMarkdown } from './markdown.js';
import { partOfResult, sortParts } from './parts.js';
import { type Section, section } from './sections.js';

/** The report section of a result in memory: the same words, charts and tables as its report.html. */
export function sectionOf(result: Result, name = ''): Section {
  return section(partOfResult(result, runFile(result.summary), name));
}

/** A result's charts as Vega-Lite specs (render them with `renderSvg`, or `show` them in a notebook). */
export function chartsOf(result: Result): Chart[] {
  return sectionOf(result).charts;
}

/** One self-contained HTML report (and its Markdown) of one or several results, without writing files. */
export function reportOf(results: Result | Result[]): { html: string; markdown: string } {
  const list = Array.isArray(results) ? results : [results];
  const named = list.length > 1;
  const parts = sortParts(
    list.map((r) => partOfResult(r, runFile(r.summary), named ? r.summary.command : '')),
  );
  const sections = parts.map(section);
  const id = (s: Section, name: string) => (s.part.name ? `${s.part.name}-${name}` : name);
  return {
    html: reportHtml(sections, (s, name) => `chart-${id(s, name)}`),
    markdown: reportMarkdown(sections, (s, name) => `charts/${id(s, name)}.png`),
  };
}
