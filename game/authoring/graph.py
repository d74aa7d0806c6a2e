"""The decision graph: seats as clusters, history highlighted, endings hanging off what leads to them.

Edges, by kind:

* ``next``: an option (or a vote's passed/failed result) leads straight to a decision or an ending;
* ``condition``: a decision or ending whose ``when`` holds once something happened, labelled with the condition.
  It hangs off what makes the condition true: the decision named by ``chose()``/``decided()``, the decisions
  (or events) that set a flag it needs (a vote's result says which: ``passed ⇒ fired``), or a meter's node
  for numbers. A name under ``not`` triggers nothing;
* ``time``: the order in which one seat's own decisions come up (labelled with the condition, if the later one
  has a condition that nothing in particular triggers);
* ``clock``: endings with ``trigger: end`` are chosen when the clock runs out, labelled with their condition;
  decisions that nothing leads to hang off the clock's start;
* ``end``: where history's path ends.

The path history took, played from the chosen seat, is marked. Rendered as Mermaid, DOT, JSON or a
self-contained HTML story map (``graph_html.py``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..engine.history import play_historical
from ..i18n import stamp
from ..scenario.expr import FUNCTIONS, KEYWORDS
from ..scenario.models import Counter, Flag, Meter
from ..scenario.plan import DecisionPlan, Plan

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\S")
LABEL_LIMIT = 48


@dataclass
class Node:
    id: str
    kind: str  # decision, vote, ending, state, event, clock
    label: str
    group: str  # a seat id, "vote", "ending", "state" or "event"
    minute: int | None = None
    title: str = ""
    text: str = ""
    when: str = ""
    historical: bool = False
    options: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Edge:
    source: str
    target: str
    label: str
    kind: str  # next, condition, time, clock or end
    historical: bool = False


@dataclass
class Graph:
    nodes: dict[str, Node]
    clusters: dict[str, list[str]]  # seat id or "vote" -> decision node ids, by time
    edges: list[Edge]

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": [asdict(n) for n in self.nodes.values()],
            "clusters": self.clusters,
            "edges": [asdict(e) for e in self.edges],
        }


def _node(kind: str, ident: str) -> str:
    return f"{kind}_{ident}"


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def positive_reads(source: str) -> set[tuple[str, str]]:
    """What a condition needs to have happened: names, and chose/decided/seen, that are not under a ``not``.

    ``chose(d.o)`` counts as ``decided d``. Only the text is read here; the loader has checked the names.
    """
    tokens = _TOKEN.findall(source)
    found: set[tuple[str, str]] = set()
    negated_at: list[int] = []  # paren depths at which a `not (` opened
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        negated = (i > 0 and tokens[i - 1] == "not") or bool(negated_at)
        if tok == "(":
            depth += 1
            if i > 0 and tokens[i - 1] == "not":
                negated_at.append(depth)
        elif tok == ")":
            if negated_at and negated_at[-1] == depth:
                negated_at.pop()
            depth -= 1
        elif tok in FUNCTIONS and i + 2 < len(tokens) and tokens[i + 1] == "(":
            if not negated:
                found.add(("decided" if tok == "chose" else tok, tokens[i + 2]))
            while i < len(tokens) and tokens[i] != ")":
                i += 1
        elif (tok[0].isalpha() or tok[0] == "_") and tok not in KEYWORDS and not negated:
            found.add(("name", tok))
        i += 1
    return found


def _historical(plan: Plan, seat: str) -> tuple[set[str], set[tuple[str, str]], str | None]:
    game = play_historical(plan, [seat])
    decided = set(game.state.decided)
    return decided, set(game.state.chosen), game.ending.id if game.ending else None


class _Builder:
    def __init__(self, plan: Plan, seat: str | None, lang: str):
        self.plan, self.seat, self.lang = plan, seat, lang
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.seen_edges: set[tuple[str, str, str]] = set()

    def edge(self, source: str, target: str, label: str, kind: str, historical: bool = False) -> None:
        if (source, target, kind) in self.seen_edges or source == target:
            return
        self.seen_edges.add((source, target, kind))
        self.edges.append(Edge(source, target, label, kind, historical))

    def when(self, minute: int) -> str:
        # the transcripts' rule: weekday within a week, the date beyond one, the year across one
        return stamp(self.plan, minute, self.lang)

    def decision_node(self, d: DecisionPlan) -> Node:
        title = d.model.title.get(self.lang)
        kind = "vote" if d.vote is not None else "decision"
        options = [
            {
                "id": o.id,
                "text": o.model.text.get(self.lang),
                "next": o.next_decision or o.next_ending or "",
                "when": o.when.source if o.when is not None else "",
            }
            for o in d.options
        ]
        return Node(
            _node("d", d.id),
            kind,
            f"{self.when(d.at)} · {'vote: ' if d.vote is not None else ''}{title}",
            "vote" if d.vote is not None else d.actors[0],
            d.at,
            title,
            d.model.text.get(self.lang),
            d.when.source if d.when is not None else "",
            options=options,
        )

    def build(self) -> Graph:
        plan, seat = self.plan, self.seat
        seats = [seat] if seat else [s.id for s in plan.model.seats]
        decided, chosen, ending = _historical(plan, seat or plan.playable_seats()[0].id)
        clusters: dict[str, list[str]] = {}
        for d in sorted(plan.decisions.values(), key=lambda d: (d.at, d.order)):
            owner = "vote" if d.vote is not None else d.actors[0]
            if seat and seat not in d.actors:
                continue
            if owner == "vote" or owner in seats:
                node = self.decision_node(d)
                node.historical = d.id in decided
                self.nodes[node.id] = node
                clusters.setdefault(owner, []).append(d.id)
        for e in plan.endings.values():
            node_id = _node("e", e.id)
            title = e.model.title.get(self.lang)
            self.nodes[node_id] = Node(
                node_id,
                "ending",
                f"Ending: {title}" + (" ★" if e.historical else ""),
                "ending",
                None,
                title,
                e.model.text.get(self.lang),
                e.when.source if e.model.when is not True else "",
                historical=e.id == ending,
            )
        self.next_edges(chosen)
        self.condition_edges(clusters)
        for ids in clusters.values():
            for a, b in itertools.pairwise(ids):
                label = self.untriggered.get(b, "")
                self.edge(_node("d", a), _node("d", b), label, "time", a in decided and b in decided)
        last = [
            d
            for d in sorted(decided, key=lambda x: (plan.decisions[x].at, plan.decisions[x].order))
            if _node("d", d) in self.nodes
        ]
        if ending and last:
            self.edge(_node("d", last[-1]), _node("e", ending), "", "end", True)
        self.start_edges(decided)
        return Graph(self.nodes, clusters, self.edges)

    def start_edges(self, decided: set[str]) -> None:
        """Decisions nothing leads to come up when the clock reaches them: they hang off the start."""
        into = {e.target for e in self.edges}
        heads = [n for n in self.nodes.values() if n.kind in ("decision", "vote") and n.id not in into]
        if not heads:
            return
        start = Node("clock_start", "clock", f"Clock starts · {self.when(0)}", "state", 0)
        self.nodes[start.id] = start
        for node in heads:
            plain = node.id.removeprefix("d_")
            self.edge(start.id, node.id, self.untriggered.get(plain, ""), "clock", plain in decided)

    def next_edges(self, chosen: set[tuple[str, str]]) -> None:
        for d in self.plan.decisions.values():
            source = _node("d", d.id)
            if source not in self.nodes:
                continue
            for o in d.options:
                target = _node("d", o.next_decision) if o.next_decision else _node("e", o.next_ending or "")
                if target in self.nodes:
                    self.edge(source, target, o.id, "next", (d.id, o.id) in chosen)
            if d.vote is not None:
                for result, name in ((d.vote.passed, "passed"), (d.vote.failed, "failed")):
                    target = (
                        _node("d", result.next_decision)
                        if result.next_decision
                        else _node("e", result.next_ending or "")
                    )
                    if target in self.nodes:
                        self.edge(source, target, name, "next")

    def writers(self) -> dict[str, list[tuple[str, str]]]:
        """For each flag, the shown decisions that set it true, with the vote result that does it ("passed" or
        "failed"; "" for an option)."""
        out: dict[str, list[tuple[str, str]]] = {}
        for d in self.plan.decisions.values():
            results = [("", o.effects) for o in d.options]
            if d.vote is not None:
                results += [("passed", d.vote.passed.effects), ("failed", d.vote.failed.effects)]
            for via, effects in results:
                for e in effects:
                    if e.value is True and _node("d", d.id) in self.nodes:
                        out.setdefault(e.name, []).append((_node("d", d.id), via))
        return out

    def event_node(self, event_id: str) -> str:
        node_id = _node("v", event_id)
        if node_id not in self.nodes:
            e = self.plan.events[event_id]
            title = e.model.title.get(self.lang)
            when = f"{self.when(e.at)} · " if e.at is not None else ""
            self.nodes[node_id] = Node(
                node_id,
                "event",
                f"Event: {when}{title}",
                "event",
                e.at,
                title,
                e.model.text.get(self.lang),
                e.when.source if e.when is not None else "",
            )
        return node_id

    def state_node(self, name: str) -> str:
        node_id = _node("s", name)
        if node_id not in self.nodes:
            items: list[Meter | Counter | Flag] = [
                *self.plan.model.meters,
                *self.plan.model.counters,
                *self.plan.model.flags,
            ]
            item = next(x for x in items if x.id == name)
            kind = type(item).__name__.lower()
            label = item.label.get(self.lang) if item.label is not None else name
            self.nodes[node_id] = Node(node_id, "state", f"{kind}: {label}", "state", None, label, name)
        return node_id

    def triggers(self, source: str) -> list[tuple[str, str]]:
        """The nodes that can make a condition true, each with the vote result that does it, if one does."""
        writers = self.writers_cache
        found: list[tuple[str, str]] = []
        flags = {f.id for f in self.plan.model.flags}
        for read in sorted(positive_reads(source)):
            if read[0] == "decided" and _node("d", read[1]) in self.nodes:
                found.append((_node("d", read[1]), ""))
            elif read[0] == "seen" and read[1] in self.plan.events:
                found.append((self.event_node(read[1]), ""))
            elif read[0] == "name" and read[1] in flags and writers.get(read[1]):
                found += writers[read[1]]
            elif read[0] == "name" and read[1] in flags and self.flag_events(read[1]):
                found += [(self.event_node(e), "") for e in self.flag_events(read[1])]
            elif read[0] == "name" and read[1] in self.plan.initial:
                found.append((self.state_node(read[1]), ""))
        return list(dict.fromkeys(found))

    def flag_events(self, flag: str) -> list[str]:
        return [e.id for e in self.plan.events.values() if any(x.name == flag and x.value is True for x in e.effects)]

    def condition_edges(self, clusters: dict[str, list[str]]) -> None:
        self.writers_cache = self.writers()
        self.untriggered: dict[str, str] = {}
        targets: list[tuple[str, str, str]] = []  # node, condition, plain id
        for ids in clusters.values():
            for d in ids:
                cond = self.plan.decisions[d].when
                if cond is not None:
                    targets.append((_node("d", d), cond.source, d))
        for e in self.plan.endings.values():
            if e.model.when is not True:
                targets.append((_node("e", e.id), e.when.source, e.id))
        for target, source, plain in targets:
            label = short(source)
            found = self.triggers(source)
            for trigger, via in found:
                self.edge(trigger, target, f"{via} ⇒ {label}" if via else label, "condition")
            if not found:
                self.untriggered[plain] = f"when {label}"
        ends = [e for e in self.plan.endings.values() if e.trigger == "end"]
        if ends:
            clock = Node(
                "clock_end", "clock", f"Clock ends · {self.when(self.plan.length)}", "ending", self.plan.length
            )
            self.nodes[clock.id] = clock
            for e in ends:
                label = "otherwise" if e.model.when is True else short(e.when.source)
                self.edge(clock.id, _node("e", e.id), label, "clock")


def build(plan: Plan, seat: str | None, lang: str = "en") -> Graph:
    return _Builder(plan, seat, lang).build()


def mermaid(plan: Plan, seat: str | None = None, lang: str = "en") -> str:
    graph = build(plan, seat, lang)

    def q(text: str) -> str:
        return '"' + text.replace('"', "#quot;") + '"'

    out = ["flowchart TD"]
    for owner, ids in graph.clusters.items():
        title = "Votes" if owner == "vote" else plan.seats[owner].name.get(lang)
        out.append(f"  subgraph seat_{owner}[{q(title)}]")
        out.extend(f"    {_node('d', d)}[{q(graph.nodes[_node('d', d)].label)}]" for d in ids)
        out.append("  end")
    shapes = {"ending": "([{}])", "state": "{{{{{}}}}}", "event": "[/{}/]", "clock": "(({}))"}
    for node in graph.nodes.values():
        if node.kind in shapes:
            out.append(f"  {node.id}" + shapes[node.kind].format(q(node.label)))
    styles: dict[str, list[str]] = {"historical": [], "condition": []}
    for i, edge in enumerate(graph.edges):
        arrow = "-.->" if edge.kind in ("time", "condition", "clock") else "==>" if edge.historical else "-->"
        label = f"|{q(edge.label)}|" if edge.label else ""
        out.append(f"  {edge.source} {arrow}{label} {edge.target}")
        if edge.historical:
            styles["historical"].append(str(i))
        elif edge.kind in ("condition", "clock"):
            styles["condition"].append(str(i))
    out.append("  classDef historical stroke:#c9a227,stroke-width:3px")
    out.append("  classDef ending fill:#2b2b3a,color:#f5f5f5")
    out.append("  classDef state fill:#e8f0f8,stroke:#4a7fb5")
    out.append(f"  class {','.join(_node('e', e) for e in plan.endings)} ending")
    state = [n.id for n in graph.nodes.values() if n.kind in ("state", "event", "clock")]
    if state:
        out.append(f"  class {','.join(state)} state")
    historical = sorted(n.id for n in graph.nodes.values() if n.historical)
    if historical:
        out.append(f"  class {','.join(historical)} historical")
    if styles["historical"]:
        out.append(f"  linkStyle {','.join(styles['historical'])} stroke:#c9a227,stroke-width:3px")
    if styles["condition"]:
        out.append(f"  linkStyle {','.join(styles['condition'])} stroke:#4a7fb5")
    return "\n".join(out) + "\n"


def dot(plan: Plan, seat: str | None = None, lang: str = "en") -> str:
    graph = build(plan, seat, lang)

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def mark(node: Node) -> str:
        return ", color=goldenrod, penwidth=3" if node.historical else ""

    out = [f"digraph {q(plan.id)} {{", "  rankdir=TB;", '  node [shape=box, style=rounded, fontname="sans-serif"];']
    for owner, ids in graph.clusters.items():
        title = "Votes" if owner == "vote" else plan.seats[owner].name.get(lang)
        out.append(f"  subgraph {q('cluster_' + owner)} {{")
        out.append(f"    label={q(title)};")
        for d in ids:
            node = graph.nodes[_node("d", d)]
            out.append(f"    {node.id} [label={q(node.label)}{mark(node)}];")
        out.append("  }")
    shapes = {"ending": "doubleoctagon", "state": "hexagon", "event": "parallelogram", "clock": "circle"}
    for node in graph.nodes.values():
        if node.kind in shapes:
            out.append(f"  {node.id} [shape={shapes[node.kind]}, label={q(node.label)}{mark(node)}];")
    for edge in graph.edges:
        attrs = []
        if edge.label:
            attrs.append(f"label={q(edge.label)}")
        if edge.kind == "time":
            attrs.append("style=dotted")
        elif edge.kind in ("condition", "clock"):
            attrs.append("style=dashed, color=steelblue, fontcolor=steelblue")
        if edge.historical:
            attrs.append("color=goldenrod, penwidth=3")
        out.append(f"  {edge.source} -> {edge.target}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    out.append("}")
    return "\n".join(out) + "\n"
