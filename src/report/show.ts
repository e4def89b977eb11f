import { createRequire } from 'node:module';
import type { DescribeSummary } from '../data/describe.js';
import type { Result } from '../results/result.js';
import type { Chart } from './charts/spec.js';
import { escapeHtml as e } from './escape.js';
import { sectionOf } from './of-results.js';
import { renderSvg } from './render.js';
import type { ReportTable } from './sections.js';

/** What `show` can draw: a result, one of its charts, a table, or `describe`'s summary. */
export type Showable = Result | Chart | ReportTable | DescribeSummary;

/** Where HTML goes: tslab's `display` has this method. */
export interface Display {
  html(html: string): void;
}

const isResult = (x: Showable): x is Result => 'summary' in x && 'documents' in x;
const isChart = (x: Showable): x is Chart => 'spec' in x && 'name' in x;
const isTable = (x: Showable): x is ReportTable => 'header' in x && 'rows' in x;

function tableHtml(t: ReportTable): string {
  const head = t.header.map((h) => `<th>${e(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('');
  return `<table><caption style="text-align:left;font-weight:bold">${e(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function describeTable(d: DescribeSummary): ReportTable {
  return {
    title: `Columns of ${Array.isArray(d.input) ? d.input[0].file : d.input.file}`,
    header: ['column', 'type', 'role', 'missing', 'distinct'],
    rows: d.columns.map((c) => [c.name, c.type, c.role, String(c.missing), String(c.distinct)]),
  };
}

/** The HTML `show` displays: every string from data escaped, charts as inline SVG (no script). */
export async function htmlOf(x: Showable): Promise<string> {
  if (isChart(x))
    return `<figure><figcaption><b>${e(x.title)}</b></figcaption>${await renderSvg(x.spec)}${x.note ? `<div><small>${e(x.note)}</small></div>` : ''}</figure>`;
  if (isTable(x)) return tableHtml(x);
  if (!isResult(x)) return tableHtml(describeTable(x));
  const s = sectionOf(x);
  const parts = [`<h3>${e(s.title)}</h3>`];
  for (const w of s.warnings) parts.push(`<p style="color:#a15c00">⚠ ${e(w.message)}</p>`);
  for (const w of s.words) parts.push(`<p>${e(w)}</p>`);
  for (const c of s.charts) parts.push(await htmlOf(c));
  for (const t of s.tables) parts.push(tableHtml(t));
  return parts.join('\n');
}

/** tslab's display when running inside its kernel (the same tslab module the kernel loaded). */
function tslabDisplay(): Display | undefined {
  try {
    const tslab = createRequire(import.meta.url)('tslab') as { display: Display };
    return tslab.display;
  } catch {
    return undefined;
  }
}

/**
 * Shows any result, chart, table or describe summary in a notebook (tslab), as the report shows it.
 * Outside a notebook give a `display`; without one the HTML is returned for you to place.
 */
export async function show(x: Showable, display: Display | undefined = tslabDisplay()): Promise<string> {
  const html = await htmlOf(x);
  if (display) {
    try {
      display.html(html);
    } catch {
      // tslab refuses ("Not ready") outside a running kernel: the caller still gets the HTML.
    }
  }
  return html;
}
