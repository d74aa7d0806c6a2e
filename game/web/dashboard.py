"""The teacher's dashboard and the projector view: one static page each, with a small inline script that
polls the state (class_state.py) every few seconds and draws it.

The script puts every value from the record into the page with ``textContent`` (never ``innerHTML``), and
the values the server writes into the page itself are escaped. Nothing is loaded from the network. The
controls post JSON with ``fetch``: a cross-site form cannot send that content type without the server's
consent, and the server checks the Origin as well (the token in the path is the third lock).
"""

from __future__ import annotations

import json
from html import escape

from .class_text import TEXTS, tr

POLL_MS = 2500

_STYLE = """
body{font:15px/1.4 system-ui,sans-serif;margin:0;padding:1em 1.5em;background:#fafafa;color:#222}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.1em;margin:1.2em 0 .4em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e3e3;padding:.25em .5em;text-align:left;
vertical-align:top}th{background:#eee}button{font:inherit;padding:.3em .8em;margin:.2em}
.status{font-size:1.1em;padding:.4em .6em;background:#e8e4ff;border-radius:4px}.paused{background:#ffd9d9}
.muted{color:#777}.hist{color:#2a7d2a}.cols{display:grid;grid-template-columns:1fr 1fr;gap:0 2em}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
.summary li{font-size:1.1em}input[type=text]{font:inherit;width:28em;max-width:100%}
"""

_SCRIPT = r"""
const B = document.body.dataset, T = JSON.parse(document.getElementById('texts').textContent);
const lang = B.lang, base = B.base;
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined && text !== null)
  e.textContent = String(text); if (cls) e.className = cls; return e; }
function fill(id, nodes) { const box = document.getElementById(id); box.replaceChildren(...nodes); }
function fmt(key, vars) { return T[key].replace(/\{(\w+)\}/g, (m, k) => String(vars[k])); }
function table(head, rows) { const t = el('table'), h = el('tr'); head.forEach(x => h.append(el('th', x)));
  t.append(h); rows.forEach(r => { const tr = el('tr'); r.forEach(c => tr.append(c instanceof Node ? wrap(c) :
  el('td', c))); t.append(tr); }); return t; }
function wrap(node) { const td = el('td'); td.append(node); return td; }
async function post(action, data) {
  const r = await fetch(base + '/control', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(Object.assign({action: action}, data || {}))});
  if (!r.ok) alert(await r.text()); refresh();
}
let state = null;
function busy(id) { const a = document.activeElement; return a && document.getElementById(id).contains(a); }
function draw(s) {
  state = s; const c = s.control;
  const status = [fmt('dash.joined', {n: s.counts.joined, p: s.counts.playing, f: s.counts.finished})];
  if (c.paused) status.push(T['dash.paused']);
  if (c.warning > 0) status.push(fmt('dash.warning', {n: c.warning}));
  if (c.debrief) status.push(T['dash.debrief_on']);
  const st = document.getElementById('status'); st.textContent = status.join(' · ');
  st.className = 'status' + (c.paused ? ' paused' : '');
  document.getElementById('pause').textContent = c.paused ? T['dash.resume'] : T['dash.pause'];
  if (!busy('mode')) document.getElementById('mode').value = c.seat_mode;
  if (!busy('prompt-box')) document.getElementById('prompt').placeholder = c.prompt;
  if (!busy('students')) fill('students', [table(
    [T['dash.col.name'], T['dash.col.where'], T['dash.col.seat'], T['dash.col.decision'], T['dash.col.seen'],
     T['dash.col.assign']],
    s.students.map(p => { const sel = el('select'); sel.dataset.student = p.id;
      [['', T['dash.none']], ['observer', T['dash.observer']]].concat(s.seats.map(x => [x.id, x.name]))
        .forEach(([v, n]) => { const o = el('option', n); o.value = v; sel.append(o); });
      sel.value = p.assigned; sel.onchange = () => post('assign', {student: p.id, seat: sel.value});
      return [p.name, p.screen, p.seat, p.decision, fmt('dash.ago', {n: p.seen}), sel]; }))]);
  fill('games', [table(['#', T['dash.col.players'], T['dash.col.status'], T['dash.col.moves'],
    T['dash.col.ending']].concat(s.outcome_labels, [T['dash.col.timeouts']]),
    s.games.map(g => [g.id, g.players, g.status, g.moves, g.ending].concat(
      g.outcomes.length ? g.outcomes : s.outcome_labels.map(() => ''), [g.timeouts || '']))) ]);
  fill('endings', s.endings.map(e => el('li', e.players + ': ' + e.ending, e.historical ? 'hist' : '')));
  fill('summary', s.summary.length ? s.summary.map(x => el('li', x)) : [el('li', T['dash.no_summary'], 'muted')]);
  if (!busy('tables')) fill('tables', s.tables.map(t => { const box = el('div');
    box.append(el('h3', t.label + ' (' + t.status + ', ' + t.discussion + ' s)'));
    const pick = seat => { const sel = el('select'); const none = el('option', '+'); none.value = ''; sel.append(none);
      s.students.forEach(p => { const o = el('option', p.name); o.value = p.id; sel.append(o); });
      sel.onchange = () => sel.value && post('sit', {table: t.id, student: Number(sel.value), seat: seat});
      return sel; };
    box.append(table([T['dash.col.seat'], T['dash.col.name']], t.seats.map(x =>
      [x.name, x.student || (t.status === 'open' ? pick(x.seat) : '—')])));
    const watch = el('p', T['dash.observer'] + ': ' + t.observers.join(', ') + ' ', 'muted');
    if (t.status !== 'closed') watch.append(pick(null)); box.append(watch);
    if (t.debate) { const b = el('button', T['dash.end_discussion'] + ' (' + t.debate.title + ', ' +
      t.debate.left + ' s)'); b.onclick = () => post('end_discussion', {table: t.id, moves: t.debate.moves,
      decision: t.debate.decision}); box.append(b); }
    if (t.status !== 'closed') { const b = el('button', T['dash.close_table']);
      b.onclick = () => post('close_table', {table: t.id}); box.append(b); }
    return box; }));
  // The scenario's seats never change: drawn once, so ticks the teacher has made survive every refresh.
  if (!document.querySelector('#seat-boxes input')) fill('seat-boxes', s.seats.map(x => { const l = el('label'), i = el('input');
    i.type = 'checkbox'; i.value = x.id; l.append(i, ' ' + x.name + ' '); return l; }));
}
async function refresh() {
  try { const r = await fetch(base + '/state?lang=' + lang, {cache: 'no-store'}); if (r.ok) draw(await r.json()); }
  catch (e) { document.getElementById('status').textContent = String(e); }
}
document.getElementById('pause').onclick = () => post(state && state.control.paused ? 'resume' : 'pause');
document.getElementById('warn').onclick = () => post('warn');
document.getElementById('debrief').onclick = () => post('debrief');
document.getElementById('set-prompt').onclick = () => { const p = document.getElementById('prompt');
  post('prompt', {text: p.value}); p.value = ''; };
document.getElementById('mode').onchange = e => post('seat_mode', {mode: e.target.value});
document.getElementById('open-table').onclick = () => post('open_table', {
  label: document.getElementById('table-label').value,
  seats: [...document.querySelectorAll('#seat-boxes input:checked')].map(i => i.value),
  discussion: Number(document.getElementById('table-seconds').value)});
document.getElementById('pseudo').onchange = e => document.querySelectorAll('a.csv').forEach(a => {
  const u = new URL(a.href); if (e.target.checked) u.searchParams.set('pseudonymise', '1');
  else u.searchParams.delete('pseudonymise'); a.href = u.toString(); });
refresh(); setInterval(refresh, POLL);
"""

_PROJECTOR_STYLE = """
body{margin:0;background:#14121c;color:#f4f4f4;font:4vh/1.3 system-ui,sans-serif;padding:4vh 5vw}
.code{font:bold 22vh/1 ui-monospace,monospace;letter-spacing:.12em;color:#c8b8ff;margin:.2em 0}
.url{font-size:6vh}.counts{font-size:5vh;color:#bbb}li{margin:.3em 0;font-size:5vh}
nav{position:fixed;bottom:1vh;right:1vw;font-size:2vh}nav button{font:inherit}
.paused{color:#ff9c9c}
"""

_PROJECTOR_SCRIPT = r"""
const B = document.body.dataset, T = JSON.parse(document.getElementById('texts').textContent);
function fmt(key, vars) { return T[key].replace(/\{(\w+)\}/g, (m, k) => String(vars[k])); }
function show(view) { document.getElementById('join').hidden = view !== 'join';
  document.getElementById('live').hidden = view !== 'live'; }
async function refresh() {
  try { const r = await fetch(B.base + '/state?lang=' + B.lang, {cache: 'no-store'}); if (!r.ok) return;
    const s = await r.json();
    document.getElementById('joined').textContent = fmt('proj.joined', {n: s.counts.joined});
    document.getElementById('finished').textContent = fmt('proj.summary', {f: s.counts.finished}) +
      (s.control.paused ? ' · ' + T['dash.paused'] : '') +
      (s.control.warning > 0 ? ' · ' + fmt('dash.warning', {n: s.control.warning}) : '');
    const lines = s.summary.length ? s.summary : [T['dash.no_summary']];
    document.getElementById('lines').replaceChildren(...lines.map(x => { const li = document.createElement('li');
      li.textContent = x; return li; }));
  } catch (e) {}
}
document.getElementById('to-join').onclick = () => { location.hash = ''; show('join'); };
document.getElementById('to-live').onclick = () => { location.hash = 'live'; show('live'); };
const byHash = () => show(location.hash === '#live' ? 'live' : 'join');
window.addEventListener('hashchange', byHash); byHash(); refresh(); setInterval(refresh, POLL);
"""


def _texts(lang: str) -> str:
    """The page's words for its script, as JSON that cannot close the script element."""
    keys = {k: tr(k, lang) for k in TEXTS["en"] if k.startswith(("dash.", "proj."))}
    return json.dumps(keys, ensure_ascii=False).replace("<", "\\u003c")


def _shell(title: str, style: str, body: str, script: str, base: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{"zh-Hans" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{style}</style></head>"
        f'<body data-base="{escape(base, quote=True)}" data-lang="{escape(lang, quote=True)}">{body}'
        f'<script type="application/json" id="texts">{_texts(lang)}</script>'
        f"<script>{script.replace('POLL', str(POLL_MS))}</script></body></html>"
    )


def dashboard_page(base: str, lang: str, *, scenario: str, code: str, url: str, projector: str) -> str:
    """``base``: the dashboard's own path (it carries the token); ``projector``: the projector's path."""

    def x(key: str, **kw: object) -> str:
        return escape(tr(key, lang, **kw))

    modes = "".join(f'<option value="{m}">{x("dash.mode." + m)}</option>' for m in ("free", "assigned", "balanced"))
    other = "zh" if lang == "en" else "en"
    body = f"""
<h1>{x("dash.title")} · {escape(scenario)}</h1>
<p>{x("dash.students_url", url=url, code=code)} ·
<a href="{escape(projector, quote=True)}?lang={lang}" target="_blank" rel="noopener">{x("dash.projector")}</a> ·
<a href="{escape(base, quote=True)}?lang={other}">{"English" if other == "en" else "简体中文"}</a></p>
<p id="status" class="status" role="status"></p>
<h2>{x("dash.controls")}</h2>
<button id="pause">{x("dash.pause")}</button><button id="warn">{x("dash.warn")}</button>
<button id="debrief">{x("dash.debrief")}</button>
<label>{x("dash.seat_mode")} <select id="mode">{modes}</select></label>
<div id="prompt-box"><label>{x("dash.prompt")} <input type="text" id="prompt" maxlength="400"></label>
<button id="set-prompt">{x("dash.set_prompt")}</button></div>
<div class="cols"><div><h2>{x("dash.students")}</h2><div id="students"></div></div>
<div><h2>{x("dash.summary")}</h2><ul id="summary" class="summary"></ul>
<h2>{x("dash.endings")}</h2><ul id="endings"></ul></div></div>
<h2>{x("dash.games")}</h2><div id="games"></div>
<h2>{x("dash.tables")}</h2><div id="tables"></div>
<fieldset><legend>{x("dash.open_table")}</legend>
<label>{x("dash.label")} <input type="text" id="table-label" maxlength="60" value="Table"></label>
<div id="seat-boxes"></div>
<label>{x("dash.discussion")} <input type="number" id="table-seconds" min="10" max="900" value="120"></label>
<button id="open-table">{x("dash.open_table")}</button></fieldset>
<h2>{x("dash.exports")}</h2>
<p><a class="csv" href="{escape(base, quote=True)}/export/choices.csv" download>{x("dash.choices_csv")}</a> ·
<a class="csv" href="{escape(base, quote=True)}/export/reflections.csv" download>{x("dash.reflections_csv")}</a> ·
<label><input type="checkbox" id="pseudo"> {x("dash.pseudonymise")}</label> ·
<a href="{escape(base, quote=True)}/export/report.html?lang={lang}" target="_blank" rel="noopener">{x("dash.report")}</a></p>
"""
    return _shell(tr("dash.title", lang), _STYLE, body, _SCRIPT, base, lang)


def projector_page(base: str, lang: str, *, code: str, url: str) -> str:
    """Large type for the room: the join code, then the class's outcomes so far (no names)."""
    body = f"""
<section id="join"><div class="url">{escape(tr("proj.join", lang, url=url))}</div>
<div class="code">{escape(code)}</div><div class="counts" id="joined"></div></section>
<section id="live" hidden><div class="counts" id="finished"></div><ul id="lines"></ul></section>
<nav><button id="to-join">{escape(code)}</button><button id="to-live">{escape(tr("dash.summary", lang))}</button></nav>
"""
    return _shell("Boardroom", _PROJECTOR_STYLE, body, _PROJECTOR_SCRIPT, base, lang)
