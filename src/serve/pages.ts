import type { DescribeSummary } from '../data/describe.js';
import { escapeHtml as e } from '../report/escape.js';
import type { CompareResult } from '../results/compare.js';
import { formatValue } from '../util/format.js';
import { VERSION } from '../version.js';
import type { Decision } from './decisions.js';
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
export function describePage(name: string, key: string, d: DescribeSummary): string {
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
  const option = (c: { name: string }) => `<option value="${e(c.name)}">${e(c.name)}</option>`;
  const tiers = d.columns.filter((c) => c.type === 'categorical');
  const values = d.columns.filter((c) => c.type === 'numeric');
  const labels = [...tiers].sort((a, b) => Number(b.role === 'label') - Number(a.role === 'label'));
  const review = tiers.length
    ? `<form method="get" action="/review" class="filters"><input type="hidden" name="key" value="${e(key)}">
<label>Review the tiers in <select name="assigned">${labels.map(option).join('')}</select></label>
<label>value at stake <select name="value"><option value="">none</option>${values.map(option).join('')}</select></label>
<button type="submit">Review</button></form>`
    : '';
  return page(
    name,
    `${warnings}${review}<p>${rowsIn.toLocaleString('en-US')} rows, ${d.columns.length} columns.</p>
<table><thead><tr><th>column</th><th>type</th><th>role</th><th>missing</th><th>distinct</th><th>min / median / max, or top levels</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1c2733;background:#f7f8fa}
header{background:#1f3b57;color:#fff;padding:10px 24px;display:flex;gap:12px;align-items:baseline}
header a{color:#fff;text-decoration:none;font-weight:600}.version{opacity:.7;font-size:12px}
main{padding:16px 24px;max-width:1100px}table{border-collapse:collapse;background:#fff;margin:8px 0}
th,td{border:1px solid #d9dee5;padding:4px 8px;text-align:left;vertical-align:top}td.num{text-align:right}
th{background:#eef1f5}.warning{background:#fff4de;border-left:4px solid #e3a008;padding:6px 10px}
#status{min-height:1.4em}tr.selected{outline:2px solid #1f3b57}tr.decided{background:#eef7ee}
td.rule{font-size:13px;color:#444;max-width:380px}kbd{border:1px solid #aaa;border-radius:3px;padding:0 3px}`;

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
});
const review = document.getElementById('review');
if (review) {
  const rows = [...review.querySelectorAll('tbody tr')];
  const who = document.getElementById('reviewer');
  const reason = document.getElementById('reason');
  const status = document.getElementById('status');
  who.value = localStorage.getItem('strata-reviewer') || '';
  who.addEventListener('change', () => localStorage.setItem('strata-reviewer', who.value.trim()));
  let at = 0;
  const select = (i) => {
    if (!rows.length) return;
    rows[at]?.classList.remove('selected');
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows[at].classList.add('selected');
    rows[at].focus();
  };
  rows.forEach((r, i) => r.addEventListener('click', () => select(i)));
  const decide = async (action) => {
    const row = rows[at];
    if (!row) return;
    const from = row.dataset.assigned;
    const to = action === 'accept' ? row.dataset.predicted : action === 'keep' ? from : document.getElementById('other').value;
    if (!who.value.trim()) { status.textContent = 'Enter your name first.'; who.focus(); return; }
    if (!reason.value.trim()) { status.textContent = 'Give a reason.'; reason.focus(); return; }
    const r = await fetch('/api/decisions', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reviewer: who.value.trim(), dataset: review.dataset.dataset, customer: row.dataset.customer, from, to, action, reason: reason.value.trim() }) });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) { status.textContent = 'Refused: ' + (answer.error || r.status); return; }
    row.classList.add('decided');
    row.querySelector('.state').textContent = to + ' (' + action + ' by ' + answer.reviewer + ': ' + answer.reason + ')';
    status.textContent = 'Recorded decision ' + answer.seq + ' on ' + row.dataset.customer + '.';
    reason.value = '';
    select(at + 1);
  };
  document.addEventListener('keydown', (ev) => {
    if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement) {
      if (ev.key === 'Escape') rows[at]?.focus();
      return;
    }
    if (ev.key === 'ArrowDown') { select(at + 1); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp') { select(at - 1); ev.preventDefault(); }
    else if (ev.key === 'a') decide('accept');
    else if (ev.key === 'k') decide('keep');
    else if (ev.key === 's') decide('set');
  });
  select(0);
}`;

/** The review list: one row per disagreement, most at stake first, with what was decided so far. */
export function reviewPage(
  name: string,
  key: string,
  assigned: string,
  c: CompareResult,
  decided: Map<string, Decision>,
  tier: string | undefined,
): string {
  const tiers = c.comparison.confusion.labels;
  const rows = c.comparison.disagreements.filter((d) => !tier || d.assigned === tier || d.predicted === tier);
  const body = rows
    .slice(0, 500)
    .map((d) => {
      const done = decided.get(d.id);
      return `<tr tabindex="0" data-customer="${e(d.id)}" data-assigned="${e(d.assigned)}" data-predicted="${e(d.predicted)}"${done ? ' class="decided"' : ''}>
<td>${e(d.id)}</td><td>${e(d.assigned)}</td><td>${e(d.predicted)}</td><td class="num">${d.probability === undefined ? '' : `${Math.round(100 * d.probability)}%`}</td><td class="num">${d.value === undefined ? '' : formatValue(d.value)}</td><td class="rule">${e(d.rule ?? '')}</td><td class="state">${done ? `${e(done.to)} (${e(done.action)} by ${e(done.reviewer)}: ${e(done.reason)})` : ''}</td></tr>`;
    })
    .join('');
  const filter = ['', ...tiers]
    .map(
      (t) =>
        `<option value="${e(t)}"${t === (tier ?? '') ? ' selected' : ''}>${t ? e(t) : 'all tiers'}</option>`,
    )
    .join('');
  const exportQuery = `?dataset=${encodeURIComponent(key)}`;
  return page(
    `Review: ${name}`,
    `<p>For ${c.comparison.disagreements.length.toLocaleString('en-US')} of ${c.comparison.customers.toLocaleString('en-US')} customers the tier in <code>${e(assigned)}</code> differs from the one a depth-5 tree learned from those tiers predicts (agreement ${(100 * c.comparison.agreement).toFixed(1)}%, kappa ${c.comparison.kappa.toFixed(3)}). Most at stake first${c.comparison.disagreements.length > 500 ? '; the first 500 are listed' : ''}.</p>
<form method="get" action="/review" class="filters"><input type="hidden" name="key" value="${e(key)}"><input type="hidden" name="assigned" value="${e(assigned)}">
<label>Tier <select name="tier">${filter}</select></label> <button type="submit">Filter</button></form>
<div id="review" data-dataset="${e(key)}" data-tiers="${e(JSON.stringify(tiers))}">
<p class="keys">Keys: ↑/↓ move, <kbd>a</kbd> accept the model's tier, <kbd>k</kbd> keep the assigned one, <kbd>s</kbd> set another; a reason is asked each time.</p>
<p><label>Your name <input id="reviewer" autocomplete="name"></label> <label>Reason <input id="reason" size="50"></label> <label>Set to <select id="other">${tiers.map((t) => `<option>${e(t)}</option>`).join('')}</select></label></p>
<p id="status" role="status"></p>
<table class="review"><thead><tr><th>customer</th><th>assigned</th><th>model</th><th>probability</th><th>value</th><th>deciding rule</th><th>decision</th></tr></thead><tbody>${body}</tbody></table></div>
<p><a href="/export/tiers.csv${exportQuery}">Export the tiers decided</a> · <a href="/export/decisions.csv${exportQuery}">Export the decision log</a></p>`,
  );
}
