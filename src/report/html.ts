import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunFile } from '../results/envelope.js';
import { escapeHtml as e, jsonForScript } from './escape.js';
import { headerItems, parameterItems } from './header.js';
import type { ReportTable, Section } from './section-types.js';
import type { TreeOutline } from './tree-nodes.js';

const require = createRequire(import.meta.url);

/** A package's folder (its `exports` hide the browser builds from require.resolve). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === name)
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = up;
  }
}

/** The browser builds of vega, vega-lite and vega-embed, inlined so the report needs no network. */
function libraries(): string {
  const builds = [
    ['vega', 'build/vega.min.js'],
    ['vega-lite', 'build/vega-lite.min.js'],
    ['vega-embed', 'build/vega-embed.min.js'],
  ];
  return builds
    .map(([pkg, file]) =>
      readFileSync(join(packageDir(pkg), file), 'utf8').replace(/<\/script/gi, '<\\/script'),
    )
    .map((js) => `<script>${js}</script>`)
    .join('\n');
}

const STYLE = `
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f3b57;color:#fff;padding:18px 32px}header h1{margin:0 0 6px;font-size:22px}
header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0 0;font-size:13px}header dt{opacity:.75}header dd{margin:0;overflow-wrap:anywhere}
nav{padding:10px 32px;background:#e8eef4;font-size:14px}nav a{margin-right:16px;color:#1f3b57}
main{padding:8px 32px 48px;max-width:1400px}section{margin-top:28px}h2{border-bottom:2px solid #1f3b57;padding-bottom:4px}
.words p{margin:4px 0;line-height:1.5}figure{margin:18px 0;background:#fff;padding:12px;border:1px solid #ddd;overflow-x:auto}
figcaption{font-weight:bold;margin-bottom:6px}.note{font-size:12px;color:#555;margin-top:4px}
table{border-collapse:collapse;margin:10px 0 18px;font-size:13px;background:#fff}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#e8eef4}caption{text-align:left;font-weight:bold;padding:4px 0}.error{color:#b00}
.filter{margin:14px 0 -6px}.filter input{padding:4px 8px;font-size:13px;width:280px}.count{font-size:12px;color:#555}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.tree,.tree ul{list-style:none;padding-left:18px;margin:2px 0}.tree li{margin:2px 0;font-size:13px}.tree summary{cursor:pointer}.tree .detail{color:#555}.tree .leaf .detail{font-weight:bold;color:#1f3b57}
.warnings{background:#fff4e0;border-left:4px solid #e08a00;padding:6px 12px;margin:10px 0}.warnings p{margin:3px 0}
`;

let tables = 0;

/** The tree as nested <details>: it opens node by node without any script. */
function outline(o: TreeOutline, depth = 0): string {
  const head = `<span class="cond">${e(o.condition)}</span> <span class="detail">${e(o.detail)}</span>`;
  if (o.leaf) return `<li class="leaf">${head}</li>`;
  const open = depth < 2 ? ' open' : '';
  return `<li><details${open}><summary>${head}</summary><ul>${o.children.map((c) => outline(c, depth + 1)).join('')}</ul></details></li>`;
}

function outlineBlock(o: TreeOutline): string {
  return `<figure class="outline"><figcaption>The tree, node by node</figcaption><div class="note">Click a condition to open or close its branch; every node of the tree is here, worded as in the rules.</div><ul class="tree">${outline(o)}</ul></figure>`;
}

/** A table; an interactive one gets a search box and headers that sort it (see the boot script). */
function table(t: ReportTable): string {
  const head = t.header.map((h) => `<th>${e(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('\n');
  const id = `table-${++tables}`;
  const search = t.interactive
    ? `<div class="filter"><input type="search" placeholder="Search this table" aria-label="Search ${e(t.title)}" data-filter="${id}"> <span class="count" data-count="${id}"></span></div>`
    : '';
  return `${search}<table id="${id}"${t.interactive ? ' class="sortable"' : ''}><caption>${e(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** Search and sort for interactive tables: plain DOM, no network, nothing from data evaluated. */
const TABLE_SCRIPT = `
for (const input of document.querySelectorAll('input[data-filter]')) {
  const id = input.getAttribute('data-filter');
  const rows = [...document.getElementById(id).tBodies[0].rows];
  const count = document.querySelector('[data-count="' + id + '"]');
  const show = () => {
    const q = input.value.trim().toLowerCase();
    let shown = 0;
    for (const r of rows) {
      const hit = !q || r.textContent.toLowerCase().includes(q);
      r.hidden = !hit;
      if (hit) shown++;
    }
    count.textContent = shown + ' of ' + rows.length + ' rows';
  };
  input.addEventListener('input', show);
  show();
}
for (const t of document.querySelectorAll('table.sortable')) {
  [...t.tHead.rows[0].cells].forEach((th, col) => {
    th.title = 'Sort by this column';
    th.style.cursor = 'pointer';
    th.addEventListener('click', () => {
      const up = th.getAttribute('aria-sort') !== 'ascending';
      for (const h of t.tHead.rows[0].cells) h.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      const key = (r) => {
        const s = r.cells[col].textContent.trim();
        const n = Number(s.replace(/[,%]/g, ''));
        return s !== '' && Number.isFinite(n) ? n : s.toLowerCase();
      };
      const body = t.tBodies[0];
      const sorted = [...body.rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return up ? c : -c;
      });
      for (const r of sorted) body.appendChild(r);
    });
  });
}
`;

function header(runs: RunFile[], title: string): string {
  const items = [...headerItems(runs), ...parameterItems(runs)];
  return `<header><h1>${e(title)}</h1><dl>${items.map(({ label, value }) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`).join('')}</dl></header>`;
}

/** One self-contained page: no request leaves it; every string from data is escaped. */
export function reportHtml(sections: Section[], chartId: (s: Section, name: string) => string): string {
  tables = 0;
  const runs = sections.map((s) => s.part.run);
  const title = sections.length > 1 ? 'Strata report' : `Strata report: ${sections[0].title}`;
  const nav =
    sections.length > 1
      ? `<nav>${sections.map((s, i) => `<a href="#s${i}">${e(s.title)}</a>`).join('')}</nav>`
      : '';
  const body = sections
    .map((s, i) => {
      const charts = s.charts
        .map((c) => {
          const id = chartId(s, c.name);
          return `<figure><figcaption>${e(c.title)}</figcaption><div class="chart" id="${e(id)}"></div><script type="application/json" data-chart="${e(id)}">${jsonForScript(c.spec)}</script>${c.note ? `<div class="note">${e(c.note)}</div>` : ''}</figure>`;
        })
        .join('\n');
      const warn = s.warnings.length
        ? `<div class="warnings" role="note">${s.warnings.map((w) => `<p>⚠ ${e(w.message)}</p>`).join('')}</div>`
        : '';
      return `<section id="s${i}"><h2>${e(s.title)}</h2>${warn}<div class="words">${s.words.map((w) => `<p>${e(w)}</p>`).join('')}</div>\n${charts}\n${s.outline ? outlineBlock(s.outline) : ''}\n${s.tables.map(table).join('\n')}</section>`;
    })
    .join('\n');
  const boot = `<script>${TABLE_SCRIPT}
for (const el of document.querySelectorAll('script[data-chart]')) {
  const target = document.getElementById(el.getAttribute('data-chart'));
  vegaEmbed(target, JSON.parse(el.textContent), { actions: false, renderer: 'svg' }).catch((err) => {
    target.textContent = 'This chart could not be drawn: ' + err.message;
    target.className = 'chart error';
  });
}
</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${STYLE}</style>
${libraries()}
</head><body>
${header(runs, title)}
${nav}
<main>
${body}
</main>
${boot}
</body></html>
`;
}
