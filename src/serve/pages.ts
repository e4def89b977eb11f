import type { DescribeSummary } from '../data/describe.js';
import { escapeHtml as e } from '../report/escape.js';
import { formatValue } from '../util/format.js';
import { VERSION } from '../version.js';
import type { DataFile } from './files.js';

/** A page of the workbench: its own stylesheet and script only (the CSP allows nothing else). */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · Strata</title><link rel="stylesheet" href="/app.css"></head>
<body><header><a href="/" class="brand">Strata workbench</a><span class="version">${e(VERSION)}</span></header>
<main><h1>${e(title)}</h1>${body}</main><script src="/app.js"></script></body></html>`;
}

const size = (b: number) =>
  b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KB` : `${b} B`;

/** The data files of the folder and the uploads, and the upload form. */
export function filesPage(dir: string, files: DataFile[], limit: number): string {
  const rows = files
    .map(
      (f) =>
        `<tr><td><a href="/describe?key=${encodeURIComponent(f.key)}">${e(f.name)}</a></td><td>${f.source}</td><td class="num">${size(f.bytes)}</td></tr>`,
    )
    .join('');
  return page(
    'Data',
    `<p>Data files in <code>${e(dir)}</code> and the ones uploaded here. Open one to see its columns.</p>
<table class="files"><thead><tr><th>file</th><th>from</th><th>size</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No data files yet: upload one.</td></tr>'}</tbody></table>
<h2>Upload</h2><p>CSV, CSV.gz, TSV, Parquet or JSON, up to ${size(limit)}; stored in <code>.strata/uploads</code> under a name of its own.</p>
<form id="upload"><input type="file" id="file" required> <button type="submit">Upload</button></form><p id="status" role="status"></p>`,
  );
}

/** One file's columns, as `strata describe` shows them. */
export function describePage(name: string, d: DescribeSummary): string {
  const rows = d.columns
    .map(
      (c) =>
        `<tr><td>${e(c.name)}</td><td>${c.type}</td><td>${c.role}</td><td class="num">${c.missingPct.toFixed(1)}%</td><td class="num">${c.distinct.toLocaleString('en-US')}</td><td>${e(
          c.top
            ? c.top.map((t) => `${t.level} (${t.count.toLocaleString('en-US')})`).join(', ')
            : `${formatValue(c.min)} / ${formatValue(c.median)} / ${formatValue(c.max)}`,
        )}</td></tr>`,
    )
    .join('');
  const rowsIn = Array.isArray(d.input) ? d.input[0].rows : d.input.rows;
  const warnings = d.warnings.map((w) => `<p class="warning">${e(w.message)}</p>`).join('');
  return page(
    name,
    `${warnings}<p>${rowsIn.toLocaleString('en-US')} rows, ${d.columns.length} columns.</p>
<table><thead><tr><th>column</th><th>type</th><th>role</th><th>missing</th><th>distinct</th><th>min / median / max, or top levels</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1c2733;background:#f7f8fa}
header{background:#1f3b57;color:#fff;padding:10px 24px;display:flex;gap:12px;align-items:baseline}
header a{color:#fff;text-decoration:none;font-weight:600}.version{opacity:.7;font-size:12px}
main{padding:16px 24px;max-width:1100px}table{border-collapse:collapse;background:#fff;margin:8px 0}
th,td{border:1px solid #d9dee5;padding:4px 8px;text-align:left;vertical-align:top}td.num{text-align:right}
th{background:#eef1f5}.warning{background:#fff4de;border-left:4px solid #e3a008;padding:6px 10px}
#status{min-height:1.4em}`;

/** The upload form's script: the file goes as the request body, its name in a header (a display name only). */
export const SCRIPT = `document.getElementById('upload')?.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const file = document.getElementById('file').files[0];
  const status = document.getElementById('status');
  if (!file) return;
  status.textContent = 'Uploading ' + file.name + '…';
  const r = await fetch('/api/uploads', { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) }, body: file });
  const answer = await r.json().catch(() => ({}));
  status.textContent = r.ok ? 'Uploaded ' + file.name + '.' : 'Refused: ' + (answer.error || r.status);
  if (r.ok) location.reload();
});`;
