import type { Staff } from '../assign/staff.js';
import { escapeHtml as e } from '../report/escape.js';
import type { AssignResult } from '../results/assign.js';
import { formatNumber } from '../util/format.js';
import { page } from './page.js';
import type { StaffFile } from './staffing.js';

export interface StaffingQuery {
  key: string;
  staff: string;
  value: string;
  current?: string;
}

const count = (v: number) => v.toLocaleString('en-US');
const g = (v: number) => formatNumber(v);

function hidden(q: StaffingQuery): string {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(String(v))}">`)
    .join('');
}

/** The form of the staff: each manager's span, and managers to add to each managed tier. */
function staffForm(q: StaffingQuery, staff: Staff, r: AssignResult): string {
  const price = new Map(r.summary.shadowPrices.managers.map((m) => [m.manager, m.shadowPrice]));
  const books = new Map(r.summary.managers.map((m) => [m.manager, m]));
  let index = 0;
  const tiers = staff.tiers
    .map((t, ti) => {
      if (!t.managers.length)
        return `<fieldset><legend>${e(t.name)} <span class="muted">(weight ${g(t.weight)}, pooled service)</span></legend></fieldset>`;
      const rows = t.managers
        .map((m) => {
          const b = books.get(m.name);
          const attrs = [...m.attributes].map(([a, v]) => `${a} ${v}`).join(', ');
          return `<tr><td>${e(m.name)}</td><td>${e(attrs || 'any')}</td><td><input type="number" min="0" name="s${index++}" value="${m.span}"></td><td class="num">${b ? count(b.customers) : ''}</td><td class="num">${b ? g(b.value) : ''}</td><td class="num">${g(price.get(m.name) ?? 0)}</td></tr>`;
        })
        .join('');
      const like = t.managers.map((m) => `<option>${e(m.name)}</option>`).join('');
      return `<fieldset><legend>${e(t.name)} <span class="muted">(weight ${g(t.weight)})</span></legend>
<table><thead><tr><th>manager</th><th>serves</th><th>span</th><th>customers</th><th>value</th><th>one more slot</th></tr></thead><tbody>${rows}</tbody></table>
<label>add <input type="number" min="0" max="100" name="n${ti}" value="0"> managers like <select name="l${ti}">${like}</select></label></fieldset>`;
    })
    .join('');
  return `<form method="get" action="/staffing">${hidden(q)}${tiers}<button type="submit">Recompute</button></form>`;
}

/** The staffing page: the plan for the staff as edited, what binds, who is bumped and moved, and saving it. */
export function staffingPage(
  name: string,
  q: StaffingQuery,
  file: StaffFile,
  staff: Staff,
  r: AssignResult,
  ids: (row: number) => string,
  edited: string,
  changed: boolean,
): string {
  const s = r.summary;
  const warnings = s.warnings.map((w) => `<p class="warning">${e(w.message)}</p>`).join('');
  const tiers = s.tiers
    .map(
      (t) =>
        `<tr><td>${e(t.tier)}</td><td class="num">${t.capacity === null ? 'pooled' : count(t.capacity)}</td><td class="num">${count(t.customers)}</td><td class="num">${g(t.value)}</td></tr>`,
    )
    .join('');
  const bumped = r.run.bumped
    .slice(0, 20)
    .map(
      (b) =>
        `<tr><td>${e(ids(b.row))}</td><td class="num">${g(b.value)}</td><td>${e(staff.tiers[b.tier].name)}</td><td>${e(staff.tiers[b.earned].name)}</td><td class="num">${g(b.atStake)}</td></tr>`,
    )
    .join('');
  const moves = r.run.moves
    ? `<h2>Moved from their current manager: ${count(r.run.moves.length)}</h2><table><thead><tr><th>customer</th><th>from</th><th>to</th><th>why</th></tr></thead><tbody>${r.run.moves
        .slice(0, 20)
        .map(
          (m) =>
            `<tr><td>${e(ids(m.row))}</td><td>${e(m.from)}</td><td>${e(m.to)}</td><td>${e(m.reason)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  return page(
    `Staffing: ${name}`,
    `${warnings}<p>${count(s.customers)} customers by <code>${e(q.value)}</code> with the staff of <code>${e(file.name)}</code>${changed ? ' as edited below' : ''}: weighted value served <b id="objective">${g(s.objective)}</b> (LP bound ${g(s.bound)}${s.gap === 0 ? ', optimal' : `, gap ${g(s.gap)}`}).</p>
<table><thead><tr><th>tier</th><th>capacity</th><th>customers</th><th>value</th></tr></thead><tbody>${tiers}</tbody></table>
<h2>The staff</h2><p>Change a span or add managers and recompute: coverage, bumped customers and moves follow. "One more slot" is what one more customer in that book would add.</p>
${staffForm(q, staff, r)}
<h2>Bumped: worth a higher tier that has no room (${count(r.run.bumped.length)})</h2>
<table><thead><tr><th>customer</th><th>value</th><th>tier</th><th>would earn</th><th>at stake</th></tr></thead><tbody>${bumped}</tbody></table>
${moves}
<h2>Save this plan</h2><form id="save-plan" data-query="${e(edited)}"><label>Your name <input id="plan-author" required></label> <label>Note <input id="plan-note" size="50"></label> <button type="submit">Save as a staff file</button></form><p id="status" role="status"></p>`,
  );
}

/** The form on a file's page that opens staffing, when a staff file is offered and the file has a numeric column. */
export function staffingForm(
  key: string,
  columns: { name: string; type: string; role: string }[],
  files: StaffFile[],
): string {
  const values = columns.filter((c) => c.type === 'numeric' && c.role !== 'id');
  if (!files.length || !values.length) return '';
  const option = (c: { name: string }) => `<option value="${e(c.name)}">${e(c.name)}</option>`;
  const others = columns.filter((c) => c.type === 'categorical' || c.type === 'text');
  return `<form method="get" action="/staffing" class="filters"><input type="hidden" name="key" value="${e(key)}">
<label>Staffing with <select name="staff">${files.map((f) => `<option value="${e(f.key)}">${e(f.name)}</option>`).join('')}</select></label>
<label>value <select name="value">${values.map(option).join('')}</select></label>
<label>current manager <select name="current"><option value="">none</option>${others.map(option).join('')}</select></label>
<button type="submit">Plan</button></form>`;
}
