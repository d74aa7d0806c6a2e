"""Decision graphs in Mermaid or Graphviz DOT: seats as clusters, history highlighted, endings marked.

Edges are of two kinds: an option's ``next`` (solid, labelled with the option)
and the order in which a seat's own decisions come up on the clock (dotted).
The path that history took, played from the chosen seat, is drawn thick.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..engine.history import play_historical
from ..scenario.plan import Plan


@dataclass
class Edge:
    source: str
    target: str
    label: str
    kind: str  # "next", "time" or "end"
    historical: bool = False


def _node(kind: str, ident: str) -> str:
    return f"{kind}_{ident}"


def _historical(plan: Plan, seat: str) -> tuple[set[str], set[tuple[str, str]], str | None]:
    game = play_historical(plan, [seat])
    decided = set(game.state.decided)
    return decided, set(game.state.chosen), game.ending.id if game.ending else None


def build(plan: Plan, seat: str | None, lang: str = "en") -> tuple[dict[str, list[str]], list[Edge], set[str]]:
    """Clusters (seat -> decision ids), edges and the historical node set."""
    seats = [seat] if seat else [s.id for s in plan.model.seats]
    path_seat = seat or plan.playable_seats()[0].id
    decided, chosen, ending = _historical(plan, path_seat)
    clusters: dict[str, list[str]] = {}
    for d in sorted(plan.decisions.values(), key=lambda d: (d.at, d.order)):
        owner = "vote" if d.vote is not None else d.actors[0]
        if seat and seat not in d.actors:
            continue
        if owner == "vote" or owner in seats:
            clusters.setdefault(owner, []).append(d.id)
    shown = {d for ids in clusters.values() for d in ids}
    edges: list[Edge] = []
    for d in plan.decisions.values():
        if d.id not in shown:
            continue
        for o in d.options:
            target = o.next_decision or o.next_ending
            if target is None or (o.next_decision and o.next_decision not in shown):
                continue
            kind = "decision" if o.next_decision else "ending"
            edges.append(Edge(_node("d", d.id), _node(kind[0], target), o.id, "next", (d.id, o.id) in chosen))
        if d.vote is not None:
            for result, name in ((d.vote.passed, "passed"), (d.vote.failed, "failed")):
                target = result.next_decision or result.next_ending
                if target and (result.next_ending or target in shown):
                    prefix = "d" if result.next_decision else "e"
                    edges.append(Edge(_node("d", d.id), _node(prefix, target), name, "next"))
    for ids in clusters.values():
        for a, b in itertools.pairwise(ids):
            edges.append(Edge(_node("d", a), _node("d", b), "", "time", a in decided and b in decided))
    last = [d for d in sorted(decided, key=lambda x: (plan.decisions[x].at, plan.decisions[x].order)) if d in shown]
    if ending and last:
        edges.append(Edge(_node("d", last[-1]), _node("e", ending), "", "end", True))
    historical = {_node("d", d) for d in decided if d in shown}
    if ending:
        historical.add(_node("e", ending))
    return clusters, edges, historical


def _label(plan: Plan, decision: str, lang: str) -> str:
    d = plan.decisions[decision]
    when = plan.time(d.at).strftime("%a %H:%M")
    kind = "vote: " if d.vote is not None else ""
    return f"{when} · {kind}{d.model.title.get(lang)}"


def mermaid(plan: Plan, seat: str | None = None, lang: str = "en") -> str:
    clusters, edges, historical = build(plan, seat, lang)

    def q(text: str) -> str:
        return '"' + text.replace('"', "#quot;") + '"'

    out = ["flowchart TD"]
    for owner, ids in clusters.items():
        title = "Votes" if owner == "vote" else plan.seats[owner].name.get(lang)
        out.append(f"  subgraph seat_{owner}[{q(title)}]")
        out.extend(f"    {_node('d', d)}[{q(_label(plan, d, lang))}]" for d in ids)
        out.append("  end")
    for e in plan.endings.values():
        mark = " ★" if e.historical else ""
        out.append(f"  {_node('e', e.id)}([{q('Ending: ' + e.model.title.get(lang) + mark)}])")
    styles = []
    for i, edge in enumerate(edges):
        arrow = "-.->" if edge.kind == "time" else "==>" if edge.historical else "-->"
        label = f"|{q(edge.label)}|" if edge.label else ""
        out.append(f"  {edge.source} {arrow}{label} {edge.target}")
        if edge.historical:
            styles.append(str(i))
    out.append("  classDef historical stroke:#c9a227,stroke-width:3px")
    out.append("  classDef ending fill:#2b2b3a,color:#f5f5f5")
    out.append(f"  class {','.join(_node('e', e) for e in plan.endings)} ending")
    if historical:
        out.append(f"  class {','.join(sorted(historical))} historical")
    if styles:
        out.append(f"  linkStyle {','.join(styles)} stroke:#c9a227,stroke-width:3px")
    return "\n".join(out) + "\n"


def dot(plan: Plan, seat: str | None = None, lang: str = "en") -> str:
    clusters, edges, historical = build(plan, seat, lang)

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = [f"digraph {q(plan.id)} {{", "  rankdir=TB;", '  node [shape=box, style=rounded, fontname="sans-serif"];']
    for owner, ids in clusters.items():
        title = "Votes" if owner == "vote" else plan.seats[owner].name.get(lang)
        out.append(f"  subgraph {q('cluster_' + owner)} {{")
        out.append(f"    label={q(title)};")
        for d in ids:
            extra = ", color=goldenrod, penwidth=3" if _node("d", d) in historical else ""
            out.append(f"    {_node('d', d)} [label={q(_label(plan, d, lang))}{extra}];")
        out.append("  }")
    for e in plan.endings.values():
        extra = ", color=goldenrod, penwidth=3" if _node("e", e.id) in historical else ""
        out.append(
            f"  {_node('e', e.id)} [shape=doubleoctagon, label={q('Ending: ' + e.model.title.get(lang))}{extra}];"
        )
    for edge in edges:
        attrs = []
        if edge.label:
            attrs.append(f"label={q(edge.label)}")
        if edge.kind == "time":
            attrs.append("style=dotted")
        if edge.historical:
            attrs.append("color=goldenrod, penwidth=3")
        out.append(f"  {edge.source} -> {edge.target}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    out.append("}")
    return "\n".join(out) + "\n"
