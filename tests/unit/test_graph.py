"""`boardroom graph`: conditions as labelled edges, votes and endings connected, full dates over long spans,
JSON, and the HTML story map (escaped, offline; the browser half is in test_graph_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game import catalog, paths
from game.authoring.graph import build, dot, mermaid, positive_reads
from game.authoring.graph_html import render
from game.scenario import Plan, check
from tests.helpers import MINI_TEXT, run_cli, write_scenario


def bundled(name: str) -> Plan:
    plan, problems = catalog.load_plan(paths.scenarios_dir() / name)
    assert plan is not None, problems
    return plan


def test_conditions_are_labelled_edges_from_what_makes_them_true(mini_plan: Plan) -> None:
    text = mermaid(mini_plan)
    assert 'd_fire_vote -.->|"passed ⇒ fired"| d_respond' in text  # the vote's passed result sets 'fired'
    assert 's_trust{{"meter: Trust"}}' in text
    assert 's_trust -.->|"trust <= 0"| e_collapse' in text  # an early ending hangs off its meter
    assert 'clock_end -.->|"otherwise"| e_status_quo' in text  # the fallback, when the clock runs out
    assert 'd_fire_vote -.->|"passed ⇒ fired and letters >= 5"| e_return' in text
    graph = dot(mini_plan)
    assert (
        'd_fire_vote -> d_respond [label="passed ⇒ fired", style=dashed, color=steelblue, fontcolor=steelblue];'
        in graph
    )
    assert 's_trust [shape=hexagon, label="meter: Trust"];' in graph


def test_a_negated_name_triggers_nothing() -> None:
    reads = positive_reads("a and not b and not (c or d) and chose(x.y) and not seen(e) and played(p) or n > 3")
    assert reads == {("name", "a"), ("decided", "x"), ("played", "p"), ("name", "n")}


@pytest.mark.parametrize("name", ["november-2023", "exodus-2024"])
def test_every_vote_and_ending_is_connected(name: str) -> None:
    plan = bundled(name)
    graph = build(plan, None)
    into = {e.target for e in graph.edges}
    out_of = {e.source for e in graph.edges}
    for node in graph.nodes.values():
        if node.kind == "ending":
            assert node.id in into, f"ending {node.id} floats unconnected"
        if node.kind == "vote":
            assert node.id in into and node.id in out_of, f"vote {node.id} floats unconnected"
    labels = {e.label for e in graph.edges if e.kind == "condition"}
    assert labels, "no condition edges"
    assert all(e.source in graph.nodes and e.target in graph.nodes for e in graph.edges)


def test_full_dates_where_the_scenario_spans_more_than_a_week() -> None:
    november, exodus = bundled("november-2023"), bundled("exodus-2024")
    assert not november.spans_weeks and exodus.spans_weeks
    first = min(exodus.decisions.values(), key=lambda d: d.at)
    label = build(exodus, None).nodes[f"d_{first.id}"].label
    assert label.startswith("Thu 12 Sep 09:00 · ")
    assert re.match(r"^[A-Z][a-z]{2} \d\d:\d\d · ", build(november, None).nodes["d_sut_case"].label)


def test_full_dates_name_the_year_when_it_changes(tmp_path: Path) -> None:
    text = MINI_TEXT.replace('end: "2023-11-18 18:00"', 'end: "2024-01-05 18:00"')
    plan, problems = check(write_scenario(tmp_path / "long", text))
    assert plan is not None, problems
    assert plan.spans_years
    assert build(plan, None).nodes["d_call_vote"].label == "Fri 17 Nov 2023 10:00 · Call the vote?"


def test_graph_json_on_the_command_line(mini_path: Path) -> None:
    out = run_cli("graph", str(mini_path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    ids = {n["id"] for n in data["nodes"]}
    assert {"d_call_vote", "d_fire_vote", "e_return", "s_trust", "clock_end"} <= ids
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    kinds = {e["kind"] for e in data["edges"]}
    assert {"next", "condition", "clock", "end"} <= kinds


def test_html_map_escapes_scenario_text_and_loads_nothing(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> & <img src=https://e.invalid/x.png>"
    text = MINI_TEXT.replace("{en: Call the vote?, zh: 要发起投票吗？}", json.dumps({"en": hostile, "zh": "要"}))
    text = text.replace("{en: Wait, zh: 等待}", json.dumps({"en": "</script><b>wait</b>", "zh": "等"}))
    plan, problems = check(write_scenario(tmp_path / "bad", text))
    assert plan is not None, problems
    page = render(plan)
    assert "<script>alert" not in page and "<img" not in page and "<b>wait" not in page
    assert page.count("</script>") == 2  # the data block's and the code's own, nothing from the scenario
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img" in page
    assert "default-src 'none'" in page
    plain = render(check(write_scenario(tmp_path / "plain", MINI_TEXT))[0])  # type: ignore[arg-type]
    assert "http://" not in plain and "https://" not in plain
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S).group(1))
    assert data["d_call_vote"]["title"] == hostile  # the page shows the text as text, through textContent


def test_html_map_written_with_output(mini_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    out = run_cli("graph", str(mini_path), "--format", "html", "-o", str(target))
    assert out.returncode == 0, out.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="n-d_fire_vote"' in page
