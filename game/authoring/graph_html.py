"""The decision graph as a self-contained HTML story map, in the spirit of Twine's: one box per decision, laid
out by time (columns) and seat (lanes), with arrows for every kind of edge. It can be zoomed, panned and
searched, and a click shows a node's text and options.

Nothing is loaded from the network (a Content-Security-Policy forbids it) and every piece of scenario text is
escaped: in the SVG as HTML text, in the embedded data as JSON that cannot close its script element, and in
the page only ever set through ``textContent``.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from ..scenario.plan import Plan
from .graph import Graph, Node, build, short

W, H = 210, 58  # node box
COL, GAP = 270, 16  # column pitch, vertical gap between boxes
LANE_PAD, TOP = 34, 46  # space for a lane's title; space for the day ruler


@dataclass
class Box:
    node: Node
    x: float
    y: float


def _columns(plan: Plan, graph: Graph) -> tuple[dict[str, int], dict[str, int]]:
    """A column for each timed node, and the first column of each day.

    Time runs left to right, but a lane does not wait for the others: a node goes in the next free column of
    its own lane, never left of anything earlier, and a new day starts a new column. The map stays as narrow
    as the busiest seat rather than as wide as the number of distinct times.
    """
    timed = sorted((n for n in graph.nodes.values() if n.minute is not None and n.kind != "clock"), key=_when)
    columns: dict[str, int] = {}
    days: dict[str, int] = {}
    lane_last: dict[str, int] = {}
    floor, widest, minute, day = 1, 0, None, ""
    for node in timed:
        if node.minute != minute:
            floor, minute = max(floor, widest), node.minute
            today = plan.time(node.minute or 0).strftime("%a %d %b %Y")
            if today != day:
                floor, day = (widest + 1 if days else 1), today
                days[day] = floor
        col = max(lane_last.get(node.group, 0) + 1, floor)
        columns[node.id] = col
        lane_last[node.group] = col
        widest = max(widest, col)
    return columns, days


def _when(node: Node) -> tuple[int, str]:
    return node.minute or 0, node.id


def layout(plan: Plan, graph: Graph) -> tuple[dict[str, Box], list[tuple[str, float, float]], float, float]:
    """Boxes by node id, lanes (title, top, height), and the map's width and height."""
    columns, _ = _columns(plan, graph)
    last = max(columns.values(), default=0) + 1
    lanes: dict[str, list[Node]] = {"state": []}
    for owner in graph.clusters:
        lanes[owner] = []
    lanes["event"], lanes["ending"] = [], []
    for node in graph.nodes.values():
        lanes.setdefault(node.group, []).append(node)
    boxes: dict[str, Box] = {}
    titles: list[tuple[str, float, float]] = []
    top = float(TOP)
    for lane, nodes in lanes.items():
        if not nodes:
            continue
        stacks: dict[int, int] = {}
        for node in nodes:
            if node.kind == "state" or node.id == "clock_start":
                col = 0
            elif node.kind == "clock":
                col = last
            elif node.kind == "ending":
                col = last + 1
            else:
                col = columns.get(node.id, 0)
            k = stacks.get(col, 0)
            stacks[col] = k + 1
            boxes[node.id] = Box(node, 20 + col * COL, top + LANE_PAD + k * (H + GAP))
        height = LANE_PAD + max(stacks.values()) * (H + GAP) + GAP
        titles.append((lane, top, height))
        top += height
    return boxes, titles, 20 + (last + 2) * COL, top + 20


def _lines(node: Node) -> tuple[str, str]:
    head, _, rest = node.label.partition(" · ")
    if not rest:
        return short(node.kind if node.kind != "state" else "state", 30), short(node.label, 30)
    return short(head, 30), short(rest, 30)


def _edge_path(a: Box, b: Box) -> tuple[str, float, float]:
    sx, sy = a.x + W, a.y + H / 2
    tx, ty = b.x, b.y + H / 2
    bend = max(60.0, abs(tx - sx) / 2)
    c1x, c2x = sx + bend, tx - bend
    mx = (sx + 3 * c1x + 3 * c2x + tx) / 8
    my = (sy + 3 * sy + 3 * ty + ty) / 8
    return f"M{sx:.0f},{sy:.0f} C{c1x:.0f},{sy:.0f} {c2x:.0f},{ty:.0f} {tx:.0f},{ty:.0f}", mx, my


def _json(data: object) -> str:
    """JSON that is safe inside a <script> element whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(plan: Plan, seat: str | None = None, lang: str = "en") -> str:
    graph = build(plan, seat, lang)
    boxes, lanes, width, height = layout(plan, graph)
    e = html.escape
    lane_names = {"state": "State", "vote": "Votes", "event": "Events", "ending": "Endings"}
    out: list[str] = []
    for lane, top, lane_height in lanes:
        name = plan.seats[lane].name.get(lang) if lane in plan.seats else lane_names.get(lane, lane)
        out.append(f'<rect class="lane" x="0" y="{top:.0f}" width="{width:.0f}" height="{lane_height:.0f}"/>')
        out.append(f'<text class="lane-title" x="12" y="{top + 22:.0f}">{e(name)}</text>')
    for day, col in _columns(plan, graph)[1].items():
        x = 20 + col * COL - GAP
        out.append(f'<line class="day" x1="{x}" y1="0" x2="{x}" y2="{height:.0f}"/>')
        out.append(f'<text class="day-title" x="{x + 6}" y="24">{e(day)}</text>')
    for i, edge in enumerate(graph.edges):
        a, b = boxes.get(edge.source), boxes.get(edge.target)
        if a is None or b is None:
            continue
        path, mx, my = _edge_path(a, b)
        classes = f"edge kind-{edge.kind}" + (" historical" if edge.historical else "")
        out.append(
            f'<g class="{classes}" data-source="{e(edge.source)}" data-target="{e(edge.target)}">'
            f'<path id="edge-{i}" d="{path}" marker-end="url(#arrow)"/>'
        )
        if edge.label:
            out.append(f'<text class="edge-label" x="{mx:.0f}" y="{my - 4:.0f}">{e(short(edge.label, 36))}</text>')
            out.append(f"<title>{e(edge.label)}</title>")
        out.append("</g>")
    for box in boxes.values():
        node = box.node
        first, second = _lines(node)
        search = " ".join((node.id, node.label, node.title, node.text, node.when)).lower()
        classes = f"node kind-{node.kind}" + (" historical" if node.historical else "")
        out.append(
            f'<g class="{classes}" id="n-{e(node.id)}" data-id="{e(node.id)}" data-search="{e(search)}" '
            f'transform="translate({box.x:.0f},{box.y:.0f})" tabindex="0">'
            f'<rect width="{W}" height="{H}" rx="8"/>'
            f'<text x="10" y="22" class="head">{e(first)}</text>'
            f'<text x="10" y="44" class="name">{e(second)}</text>'
            f"<title>{e(node.label)}</title></g>"
        )
    data = {n.id: {**vars(n)} for n in graph.nodes.values()}
    title = plan.model.title.get(lang)
    return PAGE.format(
        title=e(title),
        width=f"{width:.0f}",
        height=f"{height:.0f}",
        svg="\n".join(out),
        data=_json(data),
        count=len(graph.nodes),
    )


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · story map</title>
<style>
  html, body {{ margin: 0; height: 100%; font: 14px system-ui, sans-serif; background: #f6f5f1; color: #222; }}
  header {{ position: fixed; top: 0; left: 0; right: 0; height: 48px; display: flex; gap: 8px; align-items: center;
    padding: 0 12px; background: #2b2b3a; color: #f5f5f5; z-index: 2; }}
  header h1 {{ font-size: 15px; margin: 0 12px 0 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
  header input {{ width: 260px; padding: 6px 8px; border-radius: 6px; border: 0; }}
  header button {{ padding: 5px 10px; border-radius: 6px; border: 0; cursor: pointer; }}
  #found {{ min-width: 90px; font-size: 12px; opacity: .85; }}
  #map {{ position: fixed; top: 48px; left: 0; right: 0; bottom: 0; cursor: grab; }}
  #map.panning {{ cursor: grabbing; }}
  svg {{ width: 100%; height: 100%; display: block; user-select: none; }}
  .lane {{ fill: #fff; stroke: #e3e0d8; }}
  .lane-title {{ font-weight: 600; fill: #555; }}
  .day {{ stroke: #c9c4b8; stroke-dasharray: 4 4; }}
  .day-title {{ fill: #777; font-size: 12px; }}
  .node rect {{ fill: #fff; stroke: #7a7a8c; stroke-width: 1.2; }}
  .node {{ cursor: pointer; }}
  .node .head {{ font-size: 11px; fill: #666; }}
  .node .name {{ font-size: 13px; font-weight: 600; }}
  .node.kind-vote rect {{ fill: #f1ecfb; }}
  .node.kind-ending rect {{ fill: #2b2b3a; }}
  .node.kind-ending text {{ fill: #f5f5f5; }}
  .node.kind-state rect, .node.kind-event rect, .node.kind-clock rect {{ fill: #e8f0f8; stroke: #4a7fb5; }}
  .node.historical rect {{ stroke: #c9a227; stroke-width: 3; }}
  .node.match rect {{ stroke: #d62d20; stroke-width: 4; }}
  .node.current rect {{ fill: #ffe9a8; }}
  .dim {{ opacity: .25; }}
  .edge path {{ fill: none; stroke: #8a8a9a; stroke-width: 1.4; }}
  .edge.kind-condition path, .edge.kind-clock path {{ stroke: #4a7fb5; stroke-dasharray: 6 4; }}
  .edge.kind-time path {{ stroke-dasharray: 2 4; }}
  .edge.historical path {{ stroke: #c9a227; stroke-width: 3; }}
  .edge-label {{ font-size: 11px; fill: #335; text-anchor: middle; paint-order: stroke; stroke: #f6f5f1;
    stroke-width: 4px; }}
  #details {{ position: fixed; right: 12px; top: 60px; width: 340px; max-height: calc(100% - 84px); overflow: auto;
    background: #fff; border: 1px solid #ccc; border-radius: 8px; padding: 12px 14px; box-shadow: 0 4px 16px #0002;
    z-index: 2; }}
  #details[hidden] {{ display: none; }}
  #details h2 {{ font-size: 16px; margin: 0 0 4px; }}
  #details .meta {{ color: #666; font-size: 12px; margin-bottom: 8px; }}
  #details p {{ white-space: pre-wrap; }}
  #details li {{ margin-bottom: 6px; }}
  #details code {{ font-size: 12px; color: #335; }}
</style>
</head>
<body>
<header>
  <h1>{title}</h1>
  <input id="search" type="search" placeholder="Search ids, titles, text, conditions (/)" aria-label="Search">
  <span id="found">{count} nodes</span>
  <button id="zoom-in" title="Zoom in">+</button>
  <button id="zoom-out" title="Zoom out">−</button>
  <button id="fit" title="Fit the whole map">Fit</button>
</header>
<div id="map">
<svg id="svg" role="img" aria-label="Story map">
  <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7"
    orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a8a9a"/></marker></defs>
  <g id="view" data-width="{width}" data-height="{height}">
{svg}
  </g>
</svg>
</div>
<aside id="details" hidden>
  <button id="close" style="float:right">×</button>
  <h2 id="d-title"></h2>
  <div class="meta" id="d-meta"></div>
  <p id="d-text"></p>
  <div id="d-when"></div>
  <ol id="d-options"></ol>
</aside>
<script type="application/json" id="data">{data}</script>
<script>
(function () {{
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const svg = document.getElementById("svg");
  const view = document.getElementById("view");
  const map = document.getElementById("map");
  const nodes = Array.from(document.querySelectorAll(".node"));
  const edges = Array.from(document.querySelectorAll(".edge"));
  const state = {{ x: 0, y: 0, k: 1 }};
  function apply() {{
    view.setAttribute("transform", "translate(" + state.x + "," + state.y + ") scale(" + state.k + ")");
    view.dataset.scale = String(state.k);
  }}
  function zoomAt(factor, cx, cy) {{
    const k = Math.min(4, Math.max(0.05, state.k * factor));
    state.x = cx - (cx - state.x) * (k / state.k);
    state.y = cy - (cy - state.y) * (k / state.k);
    state.k = k;
    apply();
  }}
  function fit() {{
    const w = Number(view.dataset.width), h = Number(view.dataset.height);
    const box = svg.getBoundingClientRect();
    state.k = Math.min(1, Math.min(box.width / w, box.height / h));
    state.x = (box.width - w * state.k) / 2;
    state.y = 8;
    apply();
  }}
  function center(node) {{
    const box = svg.getBoundingClientRect();
    const m = node.getAttribute("transform").match(/translate\\(([-\\d.]+),([-\\d.]+)\\)/);
    const nx = Number(m[1]) + {w} / 2, ny = Number(m[2]) + {h} / 2;
    state.k = Math.max(state.k, 0.8);
    state.x = box.width / 2 - nx * state.k;
    state.y = box.height / 2 - ny * state.k;
    apply();
  }}
  svg.addEventListener("wheel", function (ev) {{
    ev.preventDefault();
    const box = svg.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX - box.left, ev.clientY - box.top);
  }}, {{ passive: false }});
  let drag = null;
  svg.addEventListener("pointerdown", function (ev) {{
    if (ev.target.closest(".node")) return;
    drag = {{ x: ev.clientX - state.x, y: ev.clientY - state.y }};
    map.classList.add("panning");
  }});
  window.addEventListener("pointermove", function (ev) {{
    if (!drag) return;
    state.x = ev.clientX - drag.x;
    state.y = ev.clientY - drag.y;
    apply();
  }});
  window.addEventListener("pointerup", function () {{ drag = null; map.classList.remove("panning"); }});
  document.getElementById("zoom-in").addEventListener("click", function () {{
    const box = svg.getBoundingClientRect(); zoomAt(1.25, box.width / 2, box.height / 2);
  }});
  document.getElementById("zoom-out").addEventListener("click", function () {{
    const box = svg.getBoundingClientRect(); zoomAt(0.8, box.width / 2, box.height / 2);
  }});
  document.getElementById("fit").addEventListener("click", fit);

  const search = document.getElementById("search");
  const found = document.getElementById("found");
  let matches = [], current = -1;
  function runSearch() {{
    const q = search.value.trim().toLowerCase();
    matches = [];
    current = -1;
    nodes.forEach(function (n) {{
      const hit = q !== "" && n.dataset.search.indexOf(q) >= 0;
      n.classList.toggle("match", hit);
      n.classList.remove("current");
      n.classList.toggle("dim", q !== "" && !hit);
      if (hit) matches.push(n);
    }});
    const hits = new Set(matches.map(function (n) {{ return n.dataset.id; }}));
    edges.forEach(function (e) {{
      e.classList.toggle("dim", q !== "" && !hits.has(e.dataset.source) && !hits.has(e.dataset.target));
    }});
    found.textContent = q === "" ? nodes.length + " nodes" : matches.length + " found";
    if (matches.length) next();
  }}
  function next() {{
    if (!matches.length) return;
    if (current >= 0) matches[current].classList.remove("current");
    current = (current + 1) % matches.length;
    matches[current].classList.add("current");
    center(matches[current]);
    found.textContent = (current + 1) + " of " + matches.length;
  }}
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {{ if (ev.key === "Enter") next(); }});
  window.addEventListener("keydown", function (ev) {{
    if (ev.key === "/" && document.activeElement !== search) {{ ev.preventDefault(); search.focus(); }}
  }});

  const details = document.getElementById("details");
  function show(id) {{
    const d = data[id];
    if (!d) return;
    document.getElementById("d-title").textContent = d.title || d.label;
    document.getElementById("d-meta").textContent = d.label + "  ·  " + d.id;
    document.getElementById("d-text").textContent = d.text;
    document.getElementById("d-when").textContent = d.when ? "when: " + d.when : "";
    const list = document.getElementById("d-options");
    list.replaceChildren();
    (d.options || []).forEach(function (o) {{
      const li = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = o.id + (o.next ? " → " + o.next : "") + (o.when ? "  (when " + o.when + ")" : "");
      li.append(o.text, document.createElement("br"), code);
      list.append(li);
    }});
    details.hidden = false;
  }}
  nodes.forEach(function (n) {{
    n.addEventListener("click", function () {{ show(n.dataset.id); }});
    n.addEventListener("keydown", function (ev) {{ if (ev.key === "Enter") show(n.dataset.id); }});
  }});
  document.getElementById("close").addEventListener("click", function () {{ details.hidden = true; }});
  fit();
}})();
</script>
</body>
</html>
""".replace("{w}", str(W)).replace("{h}", str(H))
