/** The workbench's one stylesheet and one script, served by it (the CSP allows nothing else). */
export const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1c2733;background:#f7f8fa}
header{background:#1f3b57;color:#fff;padding:10px 24px;display:flex;gap:12px;align-items:baseline}
header a{color:#fff;text-decoration:none;font-weight:600}.version{opacity:.7;font-size:12px}
main{padding:16px 24px;max-width:1100px}table{border-collapse:collapse;background:#fff;margin:8px 0}
th,td{border:1px solid #d9dee5;padding:4px 8px;text-align:left;vertical-align:top}td.num{text-align:right}
th{background:#eef1f5}.warning{background:#fff4de;border-left:4px solid #e3a008;padding:6px 10px}
#status{min-height:1.4em}tr.selected{outline:2px solid #1f3b57}tr.decided{background:#eef7ee}
td.rule{font-size:13px;color:#444;max-width:380px}figure{margin:12px 0}input.min,input[type=number]{width:6em}figure img{max-width:100%;background:#fff}kbd{border:1px solid #aaa;border-radius:3px;padding:0 3px}
fieldset{border:1px solid #d9dee5;background:#fff;margin:8px 0;padding:6px 12px}legend{font-weight:600}.muted{color:#667;font-weight:400}
.invalid{outline:2px solid #c0392b;background:#fdecea}table.bands td,table.tiers-edit td{padding:2px 4px}textarea{font:inherit}`;

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
const segments = document.getElementById('segments');
segments?.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = new FormData(segments);
  const k = String(f.get('k')).trim();
  const r = await fetch('/api/jobs/cluster', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: segments.dataset.key, k: k === 'auto' ? 'auto' : Number(k), method: f.get('method'), features: f.getAll('features') }) });
  const answer = await r.json().catch(() => ({}));
  if (r.ok) location.href = '/segments/' + answer.id;
  else alert('Refused: ' + (answer.error || r.status));
});
const job = document.getElementById('job');
if (job && (job.dataset.status === 'running' || job.dataset.status === 'queued')) {
  document.getElementById('cancel').addEventListener('click', () => fetch('/api/jobs/' + job.dataset.id, { method: 'DELETE' }).then(() => location.reload()));
  const poll = async () => {
    const j = await (await fetch('/api/jobs/' + job.dataset.id)).json();
    if (j.status !== job.dataset.status) return location.reload();
    const secs = Math.round((Date.now() - Date.parse(j.started)) / 1000);
    document.getElementById('progress').textContent = j.status === 'queued'
      ? (j.ahead ? 'waiting for a free core, ' + j.ahead + (j.ahead === 1 ? ' run' : ' runs') + ' ahead' : 'next to start') + ' (' + secs + ' s)'
      : (j.progress === 'starting' ? 'working' : j.progress) + ' (' + secs + ' s)';
    setTimeout(poll, 500);
  };
  setTimeout(poll, 500);
}
document.getElementById('rename')?.addEventListener('click', async () => {
  const names = [...document.querySelectorAll('input.name')].map((i) => i.value.trim());
  const r = await fetch('/api/jobs/' + job.dataset.id + '/rename', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ names }) });
  const answer = await r.json().catch(() => ({}));
  if (r.ok) location.href = '/segments/' + answer.id;
  else document.getElementById('status').textContent = 'Refused: ' + (answer.error || r.status);
});
const tiersBox = document.getElementById('tiers');
if (tiersBox) {
  const form = document.getElementById('card-form');
  const original = JSON.parse(tiersBox.dataset.cardJson);
  const status = document.getElementById('status');
  const author = document.getElementById('author');
  author.value = localStorage.getItem('strata-reviewer') || '';
  author.addEventListener('change', () => localStorage.setItem('strata-reviewer', author.value.trim()));
  const read = (input) => {
    const v = input.value.trim();
    const kind = input.dataset.kind;
    if (kind === 'text') return input.value;
    if (kind === 'lines') return input.value.split('\\n').map((l) => l.trim()).filter((l) => l);
    if (v === '') return kind === 'optional' ? undefined : null;
    return Number(v);
  };
  // The card rebuilt from the fields; their paths are the server's own, never data.
  const edited = () => {
    const card = structuredClone(original);
    for (const input of form.querySelectorAll('[data-path]')) {
      const path = input.dataset.path.split('.');
      let at = card;
      for (const p of path.slice(0, -1)) at = at[p];
      const v = read(input);
      if (v === undefined) delete at[path[path.length - 1]];
      else at[path[path.length - 1]] = v;
    }
    return card;
  };
  const mark = (message) => {
    form.querySelectorAll('.invalid').forEach((i) => i.classList.remove('invalid'));
    const m = /^([a-zA-Z]+(?:\\[\\d+\\]|\\.[a-zA-Z]+)*):/.exec(message || '');
    if (!m) return;
    const path = m[1].replace(/\\[(\\d+)\\]/g, '.$1');
    const input = [...form.querySelectorAll('[data-path]')].find((i) => i.dataset.path === path);
    input?.classList.add('invalid');
  };
  const weights = document.getElementById('weights');
  const sumWeights = () => {
    if (!weights) return;
    const sum = edited().criteria.reduce((a, c) => a + (typeof c.weight === 'number' ? c.weight : 0), 0);
    weights.textContent = 'The weights add up to ' + sum.toFixed(2) + (Math.abs(sum - 1) > 1e-9 ? ': scores are no longer on the scale of the points, so the thresholds may need to move too.' : '.');
    weights.className = Math.abs(sum - 1) > 1e-9 ? 'warning' : '';
  };
  sumWeights();
  let pending = 0;
  const update = async () => {
    sumWeights();
    const mine = ++pending;
    const r = await fetch('/api/tiers/preview', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: tiersBox.dataset.key, card: edited(), assigned: tiersBox.dataset.assigned, value: tiersBox.dataset.value }) });
    const answer = await r.json().catch(() => ({}));
    if (mine !== pending) return;
    if (!r.ok) { status.textContent = answer.error || String(r.status); status.className = 'warning'; mark(answer.error); return; }
    status.textContent = ''; status.className = ''; mark('');
    document.getElementById('dist').innerHTML = answer.rows;
    document.getElementById('agreement').textContent = answer.agreement;
  };
  form.addEventListener('input', update);
  document.getElementById('save-card').addEventListener('click', async () => {
    const saved = document.getElementById('saved');
    if (!author.value.trim()) { saved.textContent = 'Enter your name first.'; author.focus(); return; }
    localStorage.setItem('strata-reviewer', author.value.trim());
    const r = await fetch('/api/scorecards', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ card: edited(), author: author.value.trim() }) });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) { saved.textContent = 'Not saved: ' + (answer.error || r.status); return; }
    const q = new URLSearchParams({ key: tiersBox.dataset.key, card: answer.key, assigned: tiersBox.dataset.assigned, value: tiersBox.dataset.value });
    location.href = '/tiers?' + q;
  });
}
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
      body: JSON.stringify({ reviewer: who.value.trim(), dataset: review.dataset.dataset, assigned: review.dataset.assigned, customer: row.dataset.customer, from, to, action, reason: reason.value.trim() }) });
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
}
const plan = document.getElementById('save-plan');
plan?.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await fetch('/api/staffing/save', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: plan.dataset.query, author: document.getElementById('plan-author').value, note: document.getElementById('plan-note').value }) });
  const answer = await r.json().catch(() => ({}));
  document.getElementById('status').textContent = r.ok ? 'Saved as ' + answer.key + '.' : 'Refused: ' + (answer.error || r.status);
});
`;
