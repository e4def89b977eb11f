import { escapeHtml as e } from '../report/escape.js';
import type { ClvSummary } from '../results/clv.js';
import { formatNumber, formatValue } from '../util/format.js';
import { page } from './page.js';

/** What the CLV page shows of a run: its summary and the first lines of clv.csv. */
export interface ClvView {
  summary: ClvSummary;
  /** clv.csv's header and its first rows (the most valuable customers). */
  top: { header: string[]; rows: string[][] };
  /** The query that made it, for the download link. */
  query: string;
}

const count = (v: number) => v.toLocaleString('en-US');
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function paramsTable(params: { [name: string]: number }, se: { [name: string]: number } | null): string {
  return `<table><thead><tr><th>parameter</th><th>estimate</th><th>standard error</th></tr></thead><tbody>${Object.entries(
    params,
  )
    .map(
      ([k, v]) =>
        `<tr><td>${e(k)}</td><td class="num">${formatNumber(v)}</td><td class="num">${se ? formatNumber(se[k]) : ''}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function holdoutSection(s: ClvSummary): string {
  const h = s.holdout;
  if (!h)
    return '<p class="muted">No holdout: give a calibration end to check the model on what customers did after it.</p>';
  const rows = h.byFrequency
    .map(
      (b) =>
        `<tr><td>${e(b.frequency)}</td><td class="num">${count(b.customers)}</td><td class="num">${b.actual.toFixed(3)}</td><td class="num">${b.predicted.toFixed(3)}</td></tr>`,
    )
    .join('');
  return `<h2>Holdout check</h2>
<p>From ${e(s.period.calibrationEnd)} to ${e(s.period.asOf)} (${formatNumber(h.periods)} ${e(s.unit)}s): <b>${count(h.actual)}</b> repeat purchases happened, the model expected <b>${formatNumber(h.predicted)}</b>.</p>
<table><thead><tr><th>repeat purchases in calibration</th><th>customers</th><th>actual (mean)</th><th>predicted (mean)</th></tr></thead><tbody>${rows}</tbody></table>
<p>Mean absolute error per customer: model ${h.mae.model.toFixed(3)}, “same as last period” ${h.mae.lastPeriod.toFixed(3)}, calibration rate ${h.mae.rate.toFixed(3)}.</p>`;
}

/** The lifetime-value page: the model and its check on the holdout, the shares and the most valuable customers. */
export function clvPage(name: string, key: string, v: ClvView): string {
  const s = v.summary;
  const warnings = s.warnings.map((w) => `<p class="warning">${e(w.message)}</p>`).join('');
  const kind = s.model.kind === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD';
  const shares = s.topShares
    .map((t) => `<tr><td>top ${pct(t.customerShare)}</td><td class="num">${pct(t.clvShare)}</td></tr>`)
    .join('');
  const head = v.top.header.map((h) => `<th>${e(h)}</th>`).join('');
  const rows = v.top.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<td>${e(c)}</td>` : `<td class="num">${c === '' ? '' : formatValue(Number(c))}</td>`)).join('')}</tr>`,
    )
    .join('');
  const discount = s.discount.rate ? `, discounted ${pct(s.discount.rate)} per ${e(s.discount.per)}` : '';
  return page(
    `Lifetime value: ${name}`,
    `${warnings}<p>${count(s.customers)} customers (first purchase ${e(s.period.firstPurchase)} to ${e(s.period.calibrationEnd)}). Over the next ${count(s.horizon.periods)} ${e(s.horizon.unit)}s${discount}, margin ${formatNumber(s.margin)}: total lifetime value <b>${formatNumber(s.totalClv)}</b>, mean ${formatNumber(s.meanClv)}, ${formatNumber(s.expectedPurchases)} purchases expected.</p>
<p><a href="/describe?key=${encodeURIComponent(key)}">Back to the file</a> · <a href="/clv.csv?${e(v.query)}" download="clv.csv">Download clv.csv</a></p>
<h2>${kind} purchase model</h2><p>Fitted on ${count(s.model.triples)} distinct (x, t<sub>x</sub>, T) triples; log-likelihood ${formatNumber(s.model.logLikelihood)}.</p>
${paramsTable(s.model.params, s.model.standardErrors)}
<h2>Gamma-Gamma spend model</h2><p>Fitted on ${count(s.spend.customers)} repeat customers; correlation of purchase frequency and mean spend ${s.spend.correlation.toFixed(2)} (the model assumes none).</p>
${paramsTable(s.spend.params, s.spend.standardErrors)}
${holdoutSection(s)}
<h2>Where the value is</h2><table><thead><tr><th>customers</th><th>share of lifetime value</th></tr></thead><tbody>${shares}</tbody></table>
<h2>The ${count(v.top.rows.length)} most valuable customers</h2>
<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`,
  );
}

/** The form on a file's page that opens its lifetime value, when it has a date column. */
export function clvForm(key: string, columns: { name: string; type: string; role: string }[]): string {
  const dates = columns.filter((c) => c.type === 'date');
  if (!dates.length) return '';
  const option = (c: { name: string }) => `<option value="${e(c.name)}">${e(c.name)}</option>`;
  const ids = [...columns].sort((a, b) => Number(b.role === 'id') - Number(a.role === 'id'));
  const amounts = columns.filter((c) => c.type === 'numeric' && c.role !== 'id');
  return `<form method="get" action="/clv" class="filters"><input type="hidden" name="key" value="${e(key)}">
<label>Lifetime value: customer <select name="customer">${ids.map(option).join('')}</select></label>
<label>date <select name="date">${dates.map(option).join('')}</select></label>
<label>amount <select name="amount">${amounts.map(option).join('')}</select></label>
<label>model <select name="model"><option value="bgnbd">BG/NBD</option><option value="pnbd">Pareto/NBD</option></select></label>
<label>unit <select name="unit"><option>week</option><option>day</option><option>month</option></select></label>
<label>calibration end <input name="calibrationEnd" placeholder="YYYY-MM-DD" size="10" pattern="\\d{4}-\\d{2}-\\d{2}"></label>
<button type="submit">Estimate</button></form>`;
}
