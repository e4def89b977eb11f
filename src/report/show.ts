import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import type { DescribeSummary } from '../results/describe.js';
import type { Result } from '../results/result.js';
import { formatExact, formatNumber } from '../util/format.js';
import type { Chart } from './charts/spec.js';
import { escapeHtml as e } from './escape.js';
import { sectionOf } from './of-results.js';
import { renderSvg } from './render.js';
import type { ReportTable } from './section-types.js';

/** A table to show: a title, column names and rows of texts or numbers. */
export interface ShowTable {
  title?: string;
  header: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

/** What `show` can draw: a result, one of its charts, a table, or `describe`'s summary. */
export type Showable = Result | Chart | ShowTable | DescribeSummary;

/** Rows of a result's table shown in a notebook; the report and its files have them all. */
const RESULT_ROWS = 20;

/** Where HTML goes: tslab's `display` has this method. */
export interface Display {
  html(html: string): void;
}

const isResult = (x: Showable): x is Result => 'summary' in x && 'documents' in x;
const isChart = (x: Showable): x is Chart => 'spec' in x && 'name' in x;
const isTable = (x: Showable): x is ShowTable => 'header' in x && 'rows' in x;

function tableHtml(t: ShowTable, limit = Infinity): string {
  const cell = (c: string | number) => e(typeof c === 'number' ? formatNumber(c, 6) : c);
  const head = t.header.map((h) => `<th>${e(h)}</th>`).join('');
  const shown = t.rows.slice(0, limit);
  const rows = shown.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('');
  const more =
    t.rows.length > shown.length
      ? `<div><small>… and ${formatExact(t.rows.length - shown.length)} more rows (all in the report and its files)</small></div>`
      : '';
  const caption = t.title ? `<caption style="text-align:left;font-weight:bold">${e(t.title)}</caption>` : '';
  return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${more}`;
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
  for (const t of s.tables) parts.push(tableHtml(t, RESULT_ROWS));
  return parts.join('\n');
}

type WriteDisplay = (data: unknown, update: boolean) => void;

/**
 * The output of the notebook cell running now, inside tslab's kernel: its writer is taken when
 * `show` is called, so a picture that is ready only after the cell ended (a cell without `await`)
 * still lands under that cell, not under whichever cell runs next.
 */
function tslabDisplay(): Display | undefined {
  try {
    const jupyter = createRequire(import.meta.url)('tslab/dist/jupyter.js') as {
      lastWriteDisplayData: WriteDisplay | null;
    };
    const write = jupyter.lastWriteDisplayData;
    if (!write) return undefined;
    return { html: (text) => write({ data: { 'text/html': text }, metadata: {}, transient: {} }, false) };
  } catch {
    return undefined;
  }
}

/**
 * Shows any result, chart, table or describe summary in a notebook (tslab), as the report shows it.
 * Outside tslab give a `display` (anything with `html(text)`); `htmlOf` returns the HTML itself.
 * Works with or without `await`: the returned promise prints as nothing, so a cell ending in
 * `strata.show(x)` shows the picture and no `Promise { <pending> }`; a failure is shown in its place.
 */
export function show(x: Showable, display: Display | undefined = tslabDisplay()): Promise<void> {
  if (!display)
    throw new Error('show() needs a notebook (tslab) or a display; htmlOf(x) gives the HTML instead');
  const done = htmlOf(x).then(
    (html) => display.html(html),
    (err: unknown) =>
      display.html(
        `<p style="color:#b00020">show() failed: ${e(err instanceof Error ? err.message : String(err))}</p>`,
      ),
  );
  Object.defineProperty(done, inspect.custom, { value: () => '', enumerable: false });
  return done;
}
