import { escapeHtml as e } from '../report/escape.js';
import type { CompareResult } from '../results/compare.js';
import type { DescribeSummary } from '../results/describe.js';
import { formatValue } from '../util/format.js';
import { clvForm } from './clv-page.js';
import type { Decision } from './decisions.js';
import type { DataFile } from './files.js';
import type { Job } from './jobs.js';
import { page } from './page.js';
import {
  filterDisagreements,
  type OwnerCard,
  type ReviewFilters,
  type ReviewLookups,
  type SegmentRun,
} from './review.js';
import type { StaffFile } from './staffing.js';
import { staffingForm } from './staffing-page.js';
import type { CardFile, TierView } from './tiers.js';

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
export function describePage(
  name: string,
  key: string,
  d: DescribeSummary,
  cards: CardFile[],
  staff: StaffFile[] = [],
): string {
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
  const segments = `<form id="segments" class="filters" data-key="${e(key)}"><label>Find segments: k <input name="k" value="auto" size="4"></label>
<label>method <select name="method"><option>kmeans</option><option>kprototypes</option><option>kmedoids</option></select></label>
<label>features <select name="features" multiple size="1" title="none chosen: every numeric column (and the categories for kprototypes and kmedoids)">${d.columns
    .filter(
      (c) => (c.type === 'numeric' || c.type === 'categorical') && c.role !== 'id' && c.role !== 'label',
    )
    .map(option)
    .join('')}</select></label> <button type="submit">Cluster</button></form>`;
  const grade = cards.length
    ? `<form method="get" action="/tiers" class="filters"><input type="hidden" name="key" value="${e(key)}">
<label>Grade with <select name="card">${cards.map((c) => `<option value="${e(c.key)}">${e(c.name)}</option>`).join('')}</select></label>
<label>against <select name="assigned"><option value="">no assigned tiers</option>${labels.map(option).join('')}</select></label>
<label>value <select name="value"><option value="">none</option>${values.map(option).join('')}</select></label>
<button type="submit">Grade</button></form>`
    : '';
  return page(
    name,
    `${warnings}${segments}${grade}${review}${clvForm(key, d.columns)}${staffingForm(key, d.columns, staff)}<p>${rowsIn.toLocaleString('en-US')} rows, ${d.columns.length} columns.</p>
<table><thead><tr><th>column</th><th>type</th><th>role</th><th>missing</th><th>distinct</th><th>min / median / max, or top levels</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

/** The review list: one row per disagreement, most at stake first, with what was decided so far. */
export function reviewPage(
  name: string,
  key: string,
  assigned: string,
  c: CompareResult,
  decided: Map<string, Decision>,
  filters: ReviewFilters,
  lookups: ReviewLookups,
  runs: SegmentRun[],
  cards: OwnerCard[],
): string {
  const tiers = c.comparison.confusion.labels;
  const rows = filterDisagreements(c.comparison.disagreements, filters, lookups);
  const ownerOf = lookups.ownerCard?.ownerOf;
  const ownerText = (d: { assigned: string; predicted: string }) => {
    const [now, then] = [ownerOf?.get(d.assigned) ?? '', ownerOf?.get(d.predicted) ?? ''];
    return now === then ? now : `${now} → ${then}`;
  };
  const body = rows
    .slice(0, 500)
    .map((d) => {
      const done = decided.get(d.id);
      const segment = lookups.segmentOf ? `<td>${e(lookups.segmentOf.get(d.id) ?? '')}</td>` : '';
      const owner = ownerOf ? `<td>${e(ownerText(d))}</td>` : '';
      return `<tr tabindex="0" data-customer="${e(d.id)}" data-assigned="${e(d.assigned)}" data-predicted="${e(d.predicted)}"${done ? ' class="decided"' : ''}>
<td>${e(d.id)}</td><td>${e(d.assigned)}</td><td>${e(d.predicted)}</td>${segment}${owner}<td class="num">${d.probability === undefined ? '' : `${Math.round(100 * d.probability)}%`}</td><td class="num">${d.value === undefined ? '' : formatValue(d.value)}</td><td class="rule">${e(d.rule ?? '')}</td><td class="state">${done ? `${e(done.to)} (${e(done.action)} by ${e(done.reviewer)}: ${e(done.reason)})` : ''}</td></tr>`;
    })
    .join('');
  const option = (value: string, label: string, chosen: string | undefined) =>
    `<option value="${e(value)}"${value === (chosen ?? '') ? ' selected' : ''}>${e(label)}</option>`;
  const tierFilter = ['', ...tiers].map((t) => option(t, t || 'all tiers', filters.tier)).join('');
  const segmentFilter = `${option('', 'all segments', filters.segment)}${runs
    .map(
      (r) =>
        `<optgroup label="${e(r.label)}">${option(`${r.id}/`, 'all, with the segment shown', filters.segment)}${r.names
          .map((n) => option(`${r.id}/${n}`, n, filters.segment))
          .join('')}</optgroup>`,
    )
    .join('')}`;
  const ownerFilter = `${option('', 'all owners', filters.owner)}${cards
    .map(
      (card) =>
        `<optgroup label="${e(`owners in ${card.name}`)}">${option(`${card.key}/`, 'all, with the owner shown', filters.owner)}${card.owners
          .map((o) => option(`${card.key}/${o}`, o, filters.owner))
          .join('')}</optgroup>`,
    )
    .join('')}`;
  const narrowed = rows.length !== c.comparison.disagreements.length;
  const exportQuery = `?dataset=${encodeURIComponent(key)}`;
  return page(
    `Review: ${name}`,
    `<p>For ${c.comparison.disagreements.length.toLocaleString('en-US')} of ${c.comparison.customers.toLocaleString('en-US')} customers the tier in <code>${e(assigned)}</code> differs from the one a depth-5 tree learned from those tiers predicts (agreement ${(100 * c.comparison.agreement).toFixed(1)}%, kappa ${c.comparison.kappa.toFixed(3)}). Most at stake first${narrowed ? `; ${rows.length.toLocaleString('en-US')} of them match the filters` : ''}${rows.length > 500 ? '; the first 500 are listed' : ''}.</p>
<form method="get" action="/review" class="filters"><input type="hidden" name="key" value="${e(key)}"><input type="hidden" name="assigned" value="${e(assigned)}"><input type="hidden" name="value" value="${e(typeof c.summary.parameters.value === 'string' ? c.summary.parameters.value : '')}">
<label>Tier <select name="tier">${tierFilter}</select></label> <label>Segment <select name="segment"${runs.length ? '' : ' disabled title="cluster this file first"'}>${segmentFilter}</select></label> <label>Owner <select name="owner"${cards.length ? '' : ' disabled title="no scorecard has these tiers"'}>${ownerFilter}</select></label> <button type="submit">Filter</button></form>
<div id="review" data-dataset="${e(key)}" data-assigned="${e(assigned)}" data-tiers="${e(JSON.stringify(tiers))}">
<p class="keys">Keys: ↑/↓ move, <kbd>a</kbd> accept the model's tier, <kbd>k</kbd> keep the assigned one, <kbd>s</kbd> set another; a reason is asked each time.</p>
<p><label>Your name <input id="reviewer" autocomplete="name"></label> <label>Reason <input id="reason" size="50"></label> <label>Set to <select id="other">${tiers.map((t) => `<option>${e(t)}</option>`).join('')}</select></label></p>
<p id="status" role="status"></p>
<table class="review"><thead><tr><th>customer</th><th>assigned</th><th>model</th>${lookups.segmentOf ? '<th>segment</th>' : ''}${ownerOf ? '<th>owner (now → model)</th>' : ''}<th>probability</th><th>value</th><th>deciding rule</th><th>decision</th></tr></thead><tbody>${body}</tbody></table></div>
<p><a href="/export/tiers.csv${exportQuery}&amp;assigned=${encodeURIComponent(assigned)}">Export every customer's tier</a> (decided, else assigned) · <a href="/export/tiers.csv${exportQuery}">Export the tiers decided</a> · <a href="/export/decisions.csv${exportQuery}">Export the decision log</a></p>`,
  );
}

interface SegmentRow {
  cluster: number;
  segment: string;
  customers: number;
  share: number;
  rules?: string[];
}

/** What a queued run waits for, as the page and its polling say it. */
function queuedText(ahead: number): string {
  return ahead ? `waiting for a free core, ${ahead} ${ahead === 1 ? 'run' : 'runs'} ahead` : 'next to start';
}

/** A clustering run: its progress while it runs, then its segments with their names to edit, and its charts. */
export function segmentsPage(
  job: Job,
  summary: { k: number; silhouette: number; clusters: SegmentRow[] } | undefined,
  charts: string[],
): string {
  const head = `<div id="job" data-id="${e(job.id)}" data-status="${job.status}">`;
  if (job.status === 'running' || job.status === 'queued')
    return page(
      `Segments of ${job.options.name}`,
      `${head}<p>${job.status === 'queued' ? 'Queued' : 'Running'}: <span id="progress">${e(job.status === 'queued' ? queuedText(job.ahead ?? 0) : job.progress)}</span></p><button id="cancel" type="button">Cancel</button></div>`,
    );
  if (!summary)
    return page(
      `Segments of ${job.options.name}`,
      `${head}<p class="warning">${job.status === 'cancelled' ? 'Cancelled.' : `The run failed: ${e(job.error ?? '')}`}</p></div>`,
    );
  const rows = summary.clusters
    .map(
      (c) =>
        `<tr><td class="num">${c.cluster}</td><td><input class="name" data-cluster="${c.cluster}" value="${e(c.segment)}" size="40" maxlength="80"></td><td class="num">${c.customers.toLocaleString('en-US')}</td><td class="num">${(100 * c.share).toFixed(1)}%</td><td class="rule">${(c.rules ?? []).map((r) => e(r)).join('<br>')}</td></tr>`,
    )
    .join('');
  const images = charts
    .map((c) => `<figure><img src="/runs/${e(job.id)}/charts/${e(c)}" alt="${e(c)}"></figure>`)
    .join('');
  return page(
    `Segments of ${job.options.name}`,
    `${head}<p>k = ${summary.k} (${e(job.options.method)}), silhouette ${summary.silhouette.toFixed(3)}. Rename a segment and save: the clustering runs again with your names, which the model keeps.</p>
<table><thead><tr><th>#</th><th>name</th><th>customers</th><th>share</th><th>rules that put a customer here</th></tr></thead><tbody>${rows}</tbody></table>
<p><button id="rename" type="button">Save names</button> <span id="status" role="status"></span></p>${images}</div>`,
  );
}

/** A scorecard's tiers on a file, with thresholds to move: the distribution and the agreement follow. */
export function tiersPage(
  fileName: string,
  key: string,
  card: CardFile,
  assigned: string | undefined,
  v: TierView,
): string {
  return page(
    `Tiers of ${fileName}`,
    `<div id="tiers" data-key="${e(key)}" data-card="${e(card.key)}" data-assigned="${e(assigned ?? '')}" data-value="${e(v.value ?? '')}" data-card-json="${e(JSON.stringify(v.card))}">
<p>Scorecard <b>${e(v.card.name)}</b>, from ${e(card.name)}. Move a threshold or edit the card below: the customers per tier${assigned ? ` and the agreement with <code>${e(assigned)}</code>` : ''} follow as you type.</p>
<p id="status" role="status"></p>
<table><thead><tr><th>tier</th><th>customers</th><th>share</th>${v.value ? `<th>share of ${e(v.value)}</th><th>cumulative</th>` : ''}</tr></thead><tbody id="dist">${distRows(v)}</tbody></table>
<p id="agreement">${agreementText(v)}</p>
${cardForm(v.card)}</div>`,
  );
}

const num = (path: string, value: number | undefined, kind = 'number', cls = '') =>
  `<input type="number" step="any" size="7" data-path="${path}" data-kind="${kind}"${cls ? ` class="${cls}"` : ''} value="${value ?? ''}">`;

/**
 * The card as a form: weights, bands, linear anchors and points for missing values of each criterion,
 * each tier's threshold and policy. Every field names its place in the card (data-path), so the page
 * rebuilds the card from them and the server checks it as it checks a file.
 */
function cardForm(card: TierView['card']): string {
  const criteria = card.criteria
    .map((c, i) => {
      const at = `criteria.${i}`;
      let rule = '';
      if (c.bands)
        rule = `<table class="bands"><thead><tr><th>from</th><th>below</th><th>points</th></tr></thead><tbody>${c.bands
          .map(
            (b, j) =>
              `<tr><td>${num(`${at}.bands.${j}.min`, b.min, 'optional')}</td><td>${num(`${at}.bands.${j}.max`, b.max, 'optional')}</td><td>${num(`${at}.bands.${j}.points`, b.points)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
      else if (c.linear)
        rule = `<p>From ${num(`${at}.linear.from.0`, c.linear.from[0])} (${num(`${at}.linear.from.1`, c.linear.from[1])} points) to ${num(`${at}.linear.to.0`, c.linear.to[0])} (${num(`${at}.linear.to.1`, c.linear.to[1])} points), straight in between.</p>`;
      else if (c.map)
        rule = `<p>Points by level: ${e(
          Object.entries(c.map)
            .map(([level, points]) => `${level} ${points}`)
            .join(', '),
        )} (levels are edited in the card file).</p>`;
      return `<fieldset><legend>${e(c.name)} <span class="muted">(column ${e(c.column)})</span></legend>
<label>Weight ${num(`${at}.weight`, c.weight)}</label> <label>Points when missing ${num(`${at}.missing`, c.missing, 'optional')}</label>${rule}</fieldset>`;
    })
    .join('');
  let j = 0;
  const tiers = card.tiers
    .map((t, i) => {
      const at = `tiers.${i}`;
      const min =
        t.min === undefined
          ? 'below the others'
          : `from <input class="min" type="number" step="any" size="7" data-i="${j++}" data-path="${at}.min" data-kind="number" value="${t.min}">`;
      return `<tr><td>${e(t.tier)}</td><td>${min}</td><td><input size="22" data-path="${at}.policy.owner" data-kind="text" value="${e(t.policy.owner)}"></td><td>${num(`${at}.policy.followUpDays`, t.policy.followUpDays ?? undefined, 'days')}</td><td><textarea rows="2" cols="34" data-path="${at}.policy.actions" data-kind="lines">${e(t.policy.actions.join('\n'))}</textarea></td></tr>`;
    })
    .join('');
  return `<h2>The scorecard</h2><form id="card-form">
<p><label>Name <input size="40" data-path="name" data-kind="text" value="${e(card.name)}"></label></p>
${criteria ? `<h3>Criteria${card.adjustments.length ? ` <span class="muted">(and ${card.adjustments.length} adjustment${card.adjustments.length > 1 ? 's' : ''}, kept as in the file)</span>` : ''}</h3>${criteria}` : `<p>Tiers straight from <code>${e(card.tiersBy ?? '')}</code>.</p>`}
${card.criteria.length ? '<p id="weights" role="status"></p>' : ''}<h3>Tiers and their service</h3>
<table class="tiers-edit"><thead><tr><th>tier</th><th>score</th><th>owner</th><th>follow up every (days; blank: not periodic)</th><th>actions (one a line)</th></tr></thead><tbody>${tiers}</tbody></table>
<p><label>Your name <input id="author" autocomplete="name"></label> <button type="button" id="save-card">Save as a new card</button> <span id="saved" role="status"></span></p>
</form>`;
}

export function distRows(v: Pick<TierView, 'tiers'>): string {
  let cumulative = 0;
  return v.tiers
    .map((t) => {
      cumulative += t.valueShare ?? 0;
      const value =
        t.valueShare === undefined
          ? ''
          : `<td class="num">${(100 * t.valueShare).toFixed(1)}%</td><td class="num">${(100 * cumulative).toFixed(1)}%</td>`;
      return `<tr><td>${e(t.tier)}</td><td class="num">${t.customers.toLocaleString('en-US')}</td><td class="num">${(100 * t.share).toFixed(1)}%</td>${value}</tr>`;
    })
    .join('');
}

export function agreementText(v: Pick<TierView, 'agreement'>): string {
  const a = v.agreement;
  return a
    ? `Agreement with the assigned tiers: ${(100 * a.agreement).toFixed(1)}%, kappa ${a.kappa.toFixed(3)} (${a.customers.toLocaleString('en-US')} customers).`
    : '';
}
