/**
 * The inventory as Markdown (a table per route, for a PR or a wiki) and as one self-contained HTML
 * page: the data is embedded as JSON, styles and script are inline, nothing is fetched, so it opens
 * from disk. The page shows progress bars per team and per router (Fastify / shadow / Express) and a
 * sortable, filterable route table; the bars follow the filters.
 */
import type { Inventory } from './inventory';

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function pct(part: number, total: number): string {
  return total === 0 ? '0%' : `${Math.round((100 * part) / total)}%`;
}

export function renderMarkdown(inv: Inventory): string {
  const s = inv.summary;
  const lines: string[] = [];
  lines.push(`# Route inventory: ${inv.root}`, '');
  lines.push(
    `${s.routes} routes in ${inv.sources.files} files: ${s.byState.fastify} on Fastify (${pct(s.byState.fastify, s.routes)}), ` +
      `${s.byState.shadow} in shadow, ${s.byState.express} on Express. ` +
      `Recipe: ${s.byOutcome.native} native, ${s.byOutcome.adapter} adapter, ${s.byOutcome.todo} left for a person. ` +
      `${s.unresolved} unresolved.`,
    '',
  );
  lines.push(`- Classifier: ${inv.classifier.used} (${inv.classifier.detail}${inv.classifier.steps ? `: ${inv.classifier.steps.join(', ')}` : ''})`);
  lines.push(`- CODEOWNERS: ${inv.sources.codeowners ?? 'none found (every route is unowned)'}`);
  lines.push(`- Manifest: ${inv.sources.manifest ?? 'none (every route counts as express)'}`);
  lines.push(`- Shadow diffs: ${inv.sources.diffs ?? 'none'}`);
  lines.push(`- Generated: ${inv.generatedAt}`, '');
  const group = (title: string, rows: Inventory['summary']['byTeam']) => {
    lines.push(`## ${title}`, '', '| name | routes | fastify | shadow | express | native | adapter | todo | diffs |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const g of rows) lines.push(`| ${mdCell(g.name)} | ${g.total} | ${g.fastify} | ${g.shadow} | ${g.express} | ${g.native} | ${g.adapter} | ${g.todo} | ${g.diffs} |`);
    lines.push('');
  };
  group('Per team', s.byTeam);
  group('Per router', s.byRouter);
  lines.push('## Routes', '', '| method | path | team | state | recipe | roles | handler | middleware | diffs | file |', '|---|---|---|---|---|---|---|---|---:|---|');
  for (const r of inv.routes) {
    lines.push(
      `| ${r.method} | \`${mdCell(r.path)}\` | ${mdCell(r.team)} | ${r.state} | ${r.recipe.outcome}${r.recipe.reasons.length ? `: ${mdCell(r.recipe.reasons.join('; '))}` : ''} | ` +
        `${mdCell(r.roles.join(', '))} | ${r.handler.kind} \`${mdCell(r.handler.name)}\` | ${mdCell(r.middleware.map((m) => m.name).join(' → '))} | ` +
        `${r.diffs ?? ''} | ${mdCell(`${r.file}:${r.line}`)} |`,
    );
  }
  lines.push('');
  lines.push('## Unresolved', '');
  if (inv.unresolved.length === 0) lines.push('Nothing: every route was resolved statically.');
  else {
    lines.push('| kind | method | path as known | team | file | reason |', '|---|---|---|---|---|---|');
    for (const u of inv.unresolved) lines.push(`| ${u.kind} | ${u.method ?? ''} | \`${mdCell(u.path ?? '')}\` | ${mdCell(u.team)} | ${mdCell(`${u.file}:${u.line}`)} | ${mdCell(u.reason)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

const STYLE = `
:root { --fastify: #1b7f3b; --shadow: #d99a00; --express: #b9bec7; --native: #1b7f3b; --adapter: #2f6fd6; --todo: #c62828;
  --ink: #1d2330; --muted: #5d6677; --line: #e3e6ec; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 18px 28px 14px; }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { font-size: 16px; margin: 0 0 10px; }
.meta { color: var(--muted); font-size: 12.5px; }
main { padding: 18px 28px 40px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 18px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; }
.card .n { font-size: 24px; font-weight: 650; }
.card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; margin-bottom: 18px; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.bar-row { display: grid; grid-template-columns: minmax(120px, 34%) 1fr 150px; gap: 10px; align-items: center; margin: 6px 0; }
.bar-row .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 13px; }
.bar { display: flex; height: 14px; border-radius: 7px; overflow: hidden; background: var(--express); }
.bar span { display: block; height: 100%; }
.seg-fastify { background: var(--fastify); } .seg-shadow { background: var(--shadow); } .seg-express { background: var(--express); }
.bar-row .nums { font-size: 12px; color: var(--muted); white-space: nowrap; }
.legend { font-size: 12px; color: var(--muted); margin-top: 8px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: -1px; }
.filters { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin-bottom: 10px; }
.filters input, .filters select { font: inherit; padding: 6px 8px; border: 1px solid #c9ced8; border-radius: 6px; background: #fff; }
.filters input { min-width: 260px; }
#count { color: var(--muted); margin-left: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 6px 9px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 13px; }
th { background: #eef0f4; cursor: pointer; user-select: none; white-space: nowrap; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.path, td.file { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
td.mw { color: var(--muted); max-width: 320px; }
.app-mw { display: inline-block; border: 1px dashed #c9ced8; border-radius: 4px; padding: 0 5px; font-size: 11.5px; margin-right: 4px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.b-fastify, .b-native { background: var(--native); } .b-shadow { background: var(--shadow); } .b-express { background: #7b8190; }
.b-adapter { background: var(--adapter); } .b-todo { background: var(--todo); }
.method { font-weight: 650; }
.why { color: var(--muted); font-size: 12px; }
.role { display: inline-block; background: #eef2ff; color: #2c3e91; border-radius: 4px; padding: 0 5px; margin: 0 3px 2px 0; font-size: 12px; }
section { margin-top: 22px; }
`;

const SCRIPT = `
(function () {
  var inv = JSON.parse(document.getElementById('inventory-data').textContent);
  var routes = inv.routes;
  var sortKey = 'path', sortDir = 1;
  var $ = function (id) { return document.getElementById(id); };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function options(select, values) {
    values.forEach(function (v) { var o = document.createElement('option'); o.value = v; o.textContent = v; select.appendChild(o); });
  }
  function uniq(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }).sort(); }
  options($('filter-team'), uniq(routes.map(function (r) { return r.team; })));
  options($('filter-router'), uniq(routes.map(function (r) { return r.router; })));
  options($('filter-method'), uniq(routes.map(function (r) { return r.method; })));
  function value(r, key) {
    if (key === 'outcome') return r.recipe.outcome;
    if (key === 'roles') return r.roles.join(',');
    if (key === 'middleware') return r.middleware.map(function (m) { return m.name; }).join(' ');
    if (key === 'handler') return r.handler.kind + ' ' + r.handler.name;
    if (key === 'file') return r.file + ':' + String(r.line).padStart(6, '0');
    if (key === 'diffs') return r.diffs == null ? -1 : r.diffs;
    return r[key];
  }
  function filtered() {
    var text = $('filter-text').value.trim().toLowerCase();
    var team = $('filter-team').value, state = $('filter-state').value, outcome = $('filter-outcome').value;
    var router = $('filter-router').value, method = $('filter-method').value;
    return routes.filter(function (r) {
      if (team && r.team !== team) return false;
      if (state && r.state !== state) return false;
      if (outcome && r.recipe.outcome !== outcome) return false;
      if (router && r.router !== router) return false;
      if (method && r.method !== method) return false;
      if (!text) return true;
      var hay = [r.method, r.path, r.key, r.team, r.file, r.router, r.handler.name, r.roles.join(' '), r.recipe.outcome, r.state,
        r.middleware.map(function (m) { return m.name; }).join(' ')].join(' ').toLowerCase();
      return text.split(/\\s+/).every(function (w) { return hay.indexOf(w) !== -1; });
    });
  }
  function bars(el, list, by) {
    var groups = {};
    list.forEach(function (r) {
      var k = by(r);
      var g = groups[k] || (groups[k] = { name: k, total: 0, fastify: 0, shadow: 0, express: 0 });
      g.total++; g[r.state]++;
    });
    var rows = Object.keys(groups).map(function (k) { return groups[k]; })
      .sort(function (a, b) { return b.total - a.total || (a.name < b.name ? -1 : 1); });
    el.innerHTML = rows.length === 0 ? '<p class="why">No route matches the filters.</p>' : rows.map(function (g) {
      var seg = function (s) { return g[s] ? '<span class="seg-' + s + '" style="width:' + (100 * g[s] / g.total) + '%" title="' + g[s] + ' ' + s + '"></span>' : ''; };
      var done = Math.round(100 * g.fastify / g.total);
      return '<div class="bar-row" data-group="' + esc(g.name) + '" data-total="' + g.total + '" data-fastify="' + g.fastify + '" data-shadow="' + g.shadow + '">' +
        '<div class="name" title="' + esc(g.name) + '">' + esc(g.name) + '</div>' +
        '<div class="bar">' + seg('fastify') + seg('shadow') + seg('express') + '</div>' +
        '<div class="nums">' + g.fastify + '/' + g.total + ' on Fastify (' + done + '%)' + (g.shadow ? ', ' + g.shadow + ' shadow' : '') + '</div></div>';
    }).join('');
  }
  function middleware(r) {
    // App-wide middleware is the same on every route: one muted count, names in the tooltip.
    var app = r.middleware.filter(function (m) { return m.level === 'app'; });
    var own = r.middleware.filter(function (m) { return m.level !== 'app'; });
    var appTag = app.length ? '<span class="app-mw" title="' + esc(app.map(function (m) { return m.name; }).join(' → ')) + '">' + app.length + ' app-wide</span> ' : '';
    return appTag + esc(own.map(function (m) { return m.name; }).join(' → '));
  }
  function render() {
    var list = filtered();
    list.sort(function (a, b) {
      var x = value(a, sortKey), y = value(b, sortKey);
      if (x < y) return -sortDir; if (x > y) return sortDir;
      return a.path < b.path ? -1 : a.path > b.path ? 1 : (a.method < b.method ? -1 : 1);
    });
    $('rows').innerHTML = list.map(function (r) {
      return '<tr data-id="' + r.id + '" data-team="' + esc(r.team) + '" data-state="' + r.state + '" data-outcome="' + r.recipe.outcome + '">' +
        '<td class="method">' + esc(r.method) + '</td>' +
        '<td class="path" title="' + esc(r.key) + '">' + esc(r.path) + '</td>' +
        '<td>' + esc(r.team) + '</td>' +
        '<td><span class="badge b-' + r.state + '">' + r.state + '</span></td>' +
        '<td><span class="badge b-' + r.recipe.outcome + '">' + r.recipe.outcome + '</span>' +
          (r.recipe.reasons.length ? '<div class="why">' + esc(r.recipe.reasons.join('; ')) + '</div>' : '') + '</td>' +
        '<td>' + r.roles.map(function (x) { return '<span class="role">' + esc(x) + '</span>'; }).join('') + '</td>' +
        '<td>' + esc(r.handler.kind) + (r.handler.name === '<inline>' ? '' : '<div class="why">' + esc(r.handler.name) + '</div>') + '</td>' +
        '<td class="mw">' + middleware(r) + '</td>' +
        '<td>' + (r.diffs == null ? '' : r.diffs) + '</td>' +
        '<td class="file">' + esc(r.file + ':' + r.line) + '</td></tr>';
    }).join('');
    $('count').textContent = 'Showing ' + list.length + ' of ' + routes.length + ' routes';
    var onFastify = list.filter(function (r) { return r.state === 'fastify'; }).length;
    $('count').setAttribute('data-shown', String(list.length));
    $('count').setAttribute('data-fastify', String(onFastify));
    bars($('team-bars'), list, function (r) { return r.team; });
    bars($('router-bars'), list, function (r) { return r.router; });
    Array.prototype.forEach.call(document.querySelectorAll('th[data-key]'), function (th) {
      th.setAttribute('aria-sort', th.getAttribute('data-key') === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('th[data-key]'), function (th) {
    th.addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      if (key === sortKey) sortDir = -sortDir; else { sortKey = key; sortDir = 1; }
      render();
    });
  });
  ['filter-text', 'filter-team', 'filter-state', 'filter-outcome', 'filter-router', 'filter-method'].forEach(function (id) {
    $(id).addEventListener(id === 'filter-text' ? 'input' : 'change', render);
  });
  $('unresolved-rows').innerHTML = inv.unresolved.map(function (u) {
    return '<tr><td>' + esc(u.kind) + '</td><td class="method">' + esc(u.method || '') + '</td><td class="path">' + esc(u.path || '') +
      '</td><td>' + esc(u.team) + '</td><td class="file">' + esc(u.file + ':' + u.line) + '</td><td>' + esc(u.reason) + '</td></tr>';
  }).join('') || '<tr><td colspan="6">Nothing: every route was resolved statically.</td></tr>';
  render();
  document.body.setAttribute('data-ready', 'true');
})();
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function renderHtml(inv: Inventory): string {
  const s = inv.summary;
  // `<` escaped so that no string in the data can close the script element.
  const data = JSON.stringify(inv).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const card = (n: number | string, label: string, id: string) => `<div class="card" id="${id}"><div class="n">${n}</div><div class="l">${label}</div></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Route inventory: ${escapeHtml(inv.root)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Route inventory: ${escapeHtml(inv.root)}</h1>
  <div class="meta">${s.routes} routes in ${inv.sources.files} files · classifier: <span title="${escapeHtml((inv.classifier.steps ?? []).join(', '))}">${escapeHtml(inv.classifier.used)} (${escapeHtml(inv.classifier.detail)})</span> ·
  CODEOWNERS: ${escapeHtml(inv.sources.codeowners ?? 'none')} · manifest: ${escapeHtml(inv.sources.manifest ?? 'none')} ·
  shadow diffs: ${escapeHtml(inv.sources.diffs ?? 'none')} · generated ${escapeHtml(inv.generatedAt)}</div>
</header>
<main>
  <div class="cards">
    ${card(s.routes, 'routes', 'card-routes')}
    ${card(`${s.byState.fastify} <small>(${pct(s.byState.fastify, s.routes)})</small>`, 'on Fastify', 'card-fastify')}
    ${card(s.byState.shadow, 'in shadow', 'card-shadow')}
    ${card(s.byState.express, 'on Express', 'card-express')}
    ${card(s.byOutcome.native, 'recipe: native', 'card-native')}
    ${card(s.byOutcome.adapter, 'recipe: adapter', 'card-adapter')}
    ${card(s.byOutcome.todo, 'recipe: for a person', 'card-todo')}
    ${card(s.unresolved, 'unresolved', 'card-unresolved')}
  </div>
  <div class="panels">
    <div class="panel"><h2>Progress per team</h2><div id="team-bars"></div>
      <div class="legend"><i class="seg-fastify"></i>Fastify<i class="seg-shadow"></i>shadow<i class="seg-express"></i>Express</div></div>
    <div class="panel"><h2>Progress per router</h2><div id="router-bars"></div>
      <div class="legend"><i class="seg-fastify"></i>Fastify<i class="seg-shadow"></i>shadow<i class="seg-express"></i>Express</div></div>
  </div>
  <div class="filters">
    <input id="filter-text" type="search" placeholder="Filter: path, file, role, handler…" aria-label="Filter routes">
    <select id="filter-team" aria-label="Team"><option value="">All teams</option></select>
    <select id="filter-state" aria-label="State"><option value="">All states</option><option>fastify</option><option>shadow</option><option>express</option></select>
    <select id="filter-outcome" aria-label="Recipe outcome"><option value="">All outcomes</option><option>native</option><option>adapter</option><option>todo</option></select>
    <select id="filter-router" aria-label="Router"><option value="">All routers</option></select>
    <select id="filter-method" aria-label="Method"><option value="">All methods</option></select>
    <span id="count"></span>
  </div>
  <table id="routes">
    <thead><tr>
      <th data-key="method">Method</th><th data-key="path">Path</th><th data-key="team">Team</th><th data-key="state">State</th>
      <th data-key="outcome">Recipe</th><th data-key="roles">Roles</th><th data-key="handler">Handler</th><th data-key="middleware">Middleware</th>
      <th data-key="diffs">Diffs</th><th data-key="file">File</th>
    </tr></thead>
    <tbody id="rows"></tbody>
  </table>
  <section>
    <h2>Unresolved (${s.unresolved})</h2>
    <table id="unresolved"><thead><tr><th>Kind</th><th>Method</th><th>Path as known</th><th>Team</th><th>File</th><th>Reason</th></tr></thead>
    <tbody id="unresolved-rows"></tbody></table>
  </section>
</main>
<script type="application/json" id="inventory-data">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
