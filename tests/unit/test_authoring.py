"""Authoring tools: lint, explore, randomtest, graph, schema, new and --against."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from game.authoring.compat import breaking_changes
from game.authoring.explore import TooManyStates, explore
from game.authoring.graph import dot, mermaid
from game.authoring.lint import lint
from game.authoring.randomtest import randomtest
from game.authoring.schema import dump, scenario_schema
from game.cli import main
from game.scenario import Plan, check

from ..helpers import MINI_TEXT, line_of, write_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_lint_warnings_on_mini(mini_plan: Plan) -> None:
    found = {(p.code, p.line) for p in lint(mini_plan)}
    assert ("unused", line_of(MINI_TEXT, "id: secret")) in found
    assert ("never-enabled", line_of(MINI_TEXT, "- id: leak")) in found
    assert all(p.severity == "warning" for p in lint(mini_plan))


def test_lint_finds_unreachable_dead_ends_history_and_translations(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("    title: {en: Nothing changes, zh: 一切照旧}", "    title: Nothing changes")
    text = text.replace(
        "events:\n",
        """  - id: orphan
    at: "2023-11-18 10:00"
    when: "trust > 99"
    actor: chair
    title: {en: Never, zh: 从不}
    text: {en: Never., zh: 从不。}
    options:
      - {id: a, text: {en: A, zh: 甲}}
  - id: stuck
    at: "2023-11-18 11:00"
    actor: chair
    title: {en: Stuck, zh: 卡住}
    text: {en: Stuck., zh: 卡住。}
    options:
      - {id: b, text: {en: B, zh: 乙}, when: "trust > 99"}
events:
""",
    )
    text = text.replace(
        "      - {id: fight, text: {en: Fight back, zh: 反击}, historical: true,",
        "      - {id: fight, text: {en: Fight back, zh: 反击},",
    )
    text = text.replace(
        "      - {id: leave, text: {en: Walk away, zh: 离开}, next: quiet}",
        "      - {id: leave, text: {en: Walk away, zh: 离开}, next: quiet, historical: true}",
    )
    write_scenario(tmp_path, text)
    plan, problems = check(tmp_path)
    assert plan is not None, [p.format() for p in problems]
    codes = {p.code for p in lint(plan)}
    assert {"unreachable", "dead-end", "translation", "history"} <= codes
    messages = " ".join(p.message for p in lint(plan))
    assert "decision 'orphan' is never reached" in messages
    assert "dead end: 'stuck'" in messages
    assert "broken historical path: from seat 'ceo'" in messages


def test_a_broken_historical_path_says_where_an_early_ending_cut_it_short(tmp_path: Path) -> None:
    # history's first option now empties trust, so the early 'collapse' ends every seat's history at once
    text = MINI_TEXT.replace(
        "        historical: true\n        effects: {trust: -5}",
        "        historical: true\n        effects: {trust: -50}",
    )
    assert text != MINI_TEXT
    write_scenario(tmp_path, text)
    plan, problems = check(tmp_path)
    assert plan is not None, [p.format() for p in problems]
    broken = [p.message for p in lint(plan) if p.message.startswith("broken historical path: from seat 'chair'")]
    assert broken == [
        "broken historical path: from seat 'chair', history's options lead to 'collapse', not the historical "
        "ending 'return'; the early ending 'collapse' (trust <= 0) came at Fri 10:00, after call_vote.call"
    ]


def test_lint_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "tests/fixtures/mini"]) == 0
    assert main(["lint", "tests/fixtures/mini", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "tests/fixtures/mini/scenario.yaml:" in out and "warning:" in out
    write_scenario(tmp_path, MINI_TEXT.replace("actor: ceo", "actor: nobody"))
    assert main(["lint", str(tmp_path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["severity"] == "error"


def test_lint_against_an_old_version(mini_plan: Plan, tmp_path: Path) -> None:
    write_scenario(tmp_path, MINI_TEXT.replace("- {id: no, text:", "- {id: nay, text:"))
    edited, _ = check(tmp_path)
    assert edited is not None
    changes = breaking_changes(mini_plan, edited)
    assert len(changes) == 1
    assert "option 'no' of decision 'fire_vote' was removed or renamed" in changes[0].message


def test_new_scenario_is_lint_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine"
    assert main(["new", str(target)]) == 0
    assert (target / "scenario.schema.json").exists()
    assert (target / "scenario.yaml").read_text().startswith("# yaml-language-server: $schema=./scenario.schema.json")
    # The fact sheet names its own schema, written beside the scenario's.
    assert json.loads((target / "factsheet.schema.json").read_text())["title"] == "Boardroom fact sheet"
    sheet = (target / "seeds" / "my-facts.yaml").read_text()
    assert sheet.startswith("# yaml-language-server: $schema=../factsheet.schema.json\n")
    capsys.readouterr()
    assert main(["lint", str(target), "--strict"]) == 0
    assert main(["new", str(target)]) == 1  # refuses to overwrite


def test_explore_finds_every_ending_with_shortest_witness(mini_plan: Plan) -> None:
    result = explore(mini_plan)
    by_seat = {s.seat: s for s in result.seats}
    assert by_seat["chair"].endings == {"return": ["call", "yes"], "status_quo": ["wait"]}
    assert by_seat["ceo"].endings["collapse"] == ["rally"]
    assert result.never_chosen == [("call_vote", "leak")]
    assert result.unreached_endings == []
    with pytest.raises(TooManyStates):
        explore(mini_plan, ["chair"], max_states=2)


def test_randomtest_is_repeatable_and_covers_least_used_first(mini_plan: Plan) -> None:
    one = randomtest(mini_plan, 40, 6, ["chair"]).to_json(mini_plan)
    two = randomtest(mini_plan, 40, 6, ["chair"]).to_json(mini_plan)
    assert one == two
    assert one["runs"] == 40 and one["errors"] == []
    # call_vote has two available options, and seeds 6 to 45 are 20 whole cycles of two runs: least-used
    # first takes each option once per cycle.
    assert one["options"]["call_vote.call"] == 20 and one["options"]["call_vote.wait"] == 20
    assert one["options"]["call_vote.leak"] == 0
    assert one["ranges"]["trust"]["min"] <= one["ranges"]["trust"]["max"]


def test_pick_takes_each_option_once_per_cycle_and_reshuffles() -> None:
    from game.authoring.randomtest import _pick

    for k in range(2, 9):  # the table of orders up to 6, sorting beyond
        options = tuple(f"o{i}" for i in range(k))
        orders = set()
        for cycle in range(40):
            taken = [_pick(options, salt=12345 + k, run_seed=cycle * k + r) for r in range(k)]
            assert sorted(taken) == list(options)
            orders.add(tuple(taken))
        assert len(orders) > 1
    # Two decisions do not move in lock step.
    firsts = [(_pick(("a", "b", "c"), 1, s), _pick(("a", "b", "c"), 2, s)) for s in range(300)]
    assert len(set(firsts)) == 9


def test_randomtest_run_can_be_repeated_alone(mini_plan: Plan) -> None:
    batch = randomtest(mini_plan, 12, 100)
    for i in (3, 7):
        alone = randomtest(mini_plan, 1, 100 + i)
        full_run = randomtest(mini_plan, i + 1, 100)
        previous = randomtest(mini_plan, i, 100)
        assert sum(alone.endings.values()) == 1
        diff = full_run.endings - previous.endings
        assert diff == alone.endings
    assert batch.runs == 12


def _plain_randomtest(plan: Plan, runs: int, seed: int) -> dict[str, object]:
    """randomtest without its memory, written out here: every run plays every step of the clock itself."""
    from collections import Counter

    from game.authoring.randomtest import pick
    from game.engine import Game

    seats = [s.id for s in plan.playable_seats()]
    endings: Counter[str] = Counter()
    options: Counter[str] = Counter()
    decisions: Counter[str] = Counter()
    depth: dict[str, list[int]] = {}
    days: dict[str, list[int]] = {}
    ranges: dict[str, list[int]] = {}
    numeric = [m.id for m in plan.model.meters] + [c.id for c in plan.model.counters]
    choices = 0
    for run_seed in range(seed, seed + runs):
        seat = seats[run_seed % len(seats)]
        game = Game(plan, [seat], run_seed, lean=True)
        dates = set()
        made = 0
        while not game.over:
            dates.add(plan.time(game.state.minute).date())
            game.choose(pick(game, run_seed))
            choices += 1
            made += 1
            for name in numeric:
                span = ranges.setdefault(name, [int(game.values[name])] * 2)
                span[0], span[1] = min(span[0], int(game.values[name])), max(span[1], int(game.values[name]))
        endings[game.ending.id] += 1  # type: ignore[union-attr]
        options.update(f"{d}.{o}" for d, o in game.state.chosen)
        decisions.update(game.state.decided)
        depth.setdefault(seat, []).append(made)
        days.setdefault(seat, []).append(len(dates))
    return {
        "choices": choices,
        "endings": dict(sorted(endings.items())),
        "options": {k: v for k, v in options.items() if v},
        "decisions": {k: v for k, v in decisions.items() if v},
        "ranges": {k: {"min": lo, "max": hi} for k, (lo, hi) in sorted(ranges.items())},
        "depth": depth,
        "days": days,
    }


def _spread(values: list[int]) -> dict[str, float]:
    import statistics

    ordered = sorted(values)
    return {
        "min": ordered[0],
        "p10": ordered[(len(ordered) - 1) // 10],
        "median": statistics.median(ordered),
        "max": ordered[-1],
    }


def _same_as_plain(batch: dict[str, Any], plain: dict[str, Any]) -> None:
    assert batch["choices"] == plain["choices"] and batch["endings"] == plain["endings"]
    assert {k: v for k, v in batch["options"].items() if v} == plain["options"]
    assert {k: v for k, v in batch["decisions"].items() if v} == plain["decisions"]
    assert batch["ranges"] == plain["ranges"]
    for seat, report in batch["seats"].items():
        assert report["decisions"] == _spread(plain["depth"][seat])
        assert report["days"] == _spread(plain["days"][seat])


def test_randomtest_memory_changes_nothing() -> None:
    """Runs share what the clock did through a graph of states; the figures must be exactly plain play's."""
    from game import catalog, paths

    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    plain = _plain_randomtest(plan, 210, 3)
    for mode in ("memo", "plain", "auto"):
        batch = randomtest(plan, 210, 3, mode=mode)
        # "auto" keeps the memory only while states repeat often enough; the figures must not depend on it.
        expected = {"plain": range(0, 1), "memo": range(210, 211), "auto": range(0, 211)}[mode]
        assert batch.memo_runs in expected
        _same_as_plain(batch.to_json(plan), plain)
    assert len(plain["endings"]) >= 5  # type: ignore[arg-type]  # many endings, so the comparison means something


def test_randomtest_drops_its_memory_where_states_never_repeat(tmp_path: Path) -> None:
    """A story 60 choices deep: no two runs share a state, so after its probe the batch plays plainly."""
    from benchmarks.ink_story import write_both
    from game.authoring import randomtest as rt

    write_both(60, 3, tmp_path / "story.ink", tmp_path / "story")
    plan, problems = check(tmp_path / "story")
    assert plan is not None, [p.format() for p in problems]
    probe = -(-rt.PROBE_STEPS // 60)  # the runs it takes to judge the hit rate
    runs = 2 * probe
    batch = randomtest(plan, runs, 1)
    assert batch.memo_runs == probe  # the probe, then plain play
    _same_as_plain(batch.to_json(plan), _plain_randomtest(plan, runs, 1))
    assert batch.choices == 60 * runs
    # Kept on purpose, the memory starts afresh whenever what it holds passes the budget.
    budget = rt.MEMORY_BUDGET
    try:
        rt.MEMORY_BUDGET = 5_000
        memo = randomtest(plan, 40, 1, mode="memo")
    finally:
        rt.MEMORY_BUDGET = budget
    assert memo.memo_runs == 40 and memo.to_json(plan) == randomtest(plan, 40, 1, mode="plain").to_json(plan)


def test_randomtest_lists_what_it_never_reached_and_each_seats_depth(mini_plan: Plan) -> None:
    report = randomtest(mini_plan, 60, 1).to_json(mini_plan)
    assert report["seed"] == 1
    assert report["unreached"] == {"endings": [], "decisions": [], "options": ["call_vote.leak"]}
    chair = report["seats"]["chair"]
    assert chair["runs"] == 30 and sum(n for n in report["endings"].values()) == 60
    assert chair["decisions"]["min"] >= 1 and chair["decisions"]["max"] <= 2
    assert chair["days"] == {"min": 1, "p10": 1, "median": 1, "max": 1}
    assert sum(chair["endings"].values()) == pytest.approx(1.0)
    assert set(chair["endings"]) | set(chair["endings_never_reached"]) == set(mini_plan.endings)
    assert "collapse" in chair["endings_never_reached"]  # only the CEO can rally the staff


def test_two_decisions_picks_are_independent() -> None:
    """Each decision shuffles its options per cycle of runs by its own salt. With crc32 the shuffles of two
    decisions were tied (crc32 is affine in its start value), and the pair of picks that November's Toner
    needs to abstain on the vote her own motion calls for never came up."""
    from collections import Counter

    from game.authoring.randomtest import _pick, _salt

    options = ("keep_murati", "outside_ceo", "restore")
    ballots = ("yes_restore", "no_restore", "abstain")
    first, second = _salt("toner_search", "toner"), _salt("vote_restore", "toner")
    pairs = Counter((_pick(options, first, s), _pick(ballots, second, s)) for s in range(9000))
    assert len(pairs) == 9
    assert min(pairs.values()) > 9000 / 9 * 0.8


def test_randomtest_command_seed_transcripts_and_depth(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["randomtest", "tests/fixtures/mini", "-n", "6", "--transcripts", "2"]) == 0
    out = capsys.readouterr().out
    seed = int(out.splitlines()[0].split()[1])
    assert out.startswith(f"seed {seed} (repeat with --seed {seed})")
    # The seed is random, so which seat played how often, and which options went unpicked, vary; leak never
    # becomes available, so it is unreached whatever the seed.
    assert re.search(r"chair: \d+ runs; decisions min", out)
    never = next(line for line in out.splitlines() if line.strip().startswith("options never chosen:"))
    assert "call_vote.leak" in never
    assert f"=== run 0 (--seed {seed} -n 1), seat " in out and f"=== run 1 (--seed {seed + 1} -n 1)" in out
    assert "Ending:" in out  # a transcript's text, to its ending
    assert main(["randomtest", "tests/fixtures/mini", "-n", "6", "--seed", "4", "--json", "--transcripts", "1"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)  # the transcript goes to stderr, so stdout stays JSON
    assert data["seed"] == 4 and "=== run 0 (--seed 4 -n 1)" in captured.err
    assert set(data["seats"]) == {"chair", "ceo"}


def test_randomtest_leaves_no_cycles_for_the_collector(mini_plan: Plan) -> None:
    """randomtest turns the cycle collector off for a batch; that is safe only while it makes no cycles."""
    import gc

    gc.collect()
    randomtest(mini_plan, 300, 1)
    assert gc.isenabled()
    assert gc.collect() == 0


def test_explore_leaves_no_cycles_for_the_collector(mini_plan: Plan) -> None:
    """explore turns the cycle collector off while it holds its queue of games; safe only while it makes none."""
    import gc

    gc.collect()
    assert explore(mini_plan).states > 0
    assert gc.isenabled()
    assert gc.collect() == 0


def test_randomtest_in_parallel_matches_serial(mini_plan: Plan) -> None:
    serial = randomtest(mini_plan, 400, 9).to_json(mini_plan)
    parallel = randomtest(mini_plan, 400, 9, jobs=2).to_json(mini_plan)
    assert serial == parallel


def test_graph_formats(mini_plan: Plan) -> None:
    text = mermaid(mini_plan)
    assert text.startswith("flowchart TD")
    assert 'subgraph seat_chair["The Chair"]' in text
    assert 'd_call_vote ==>|"call"| d_fire_vote' in text
    assert 'e_return(["Ending: The return ★"])' in text
    assert "class d_call_vote,d_fire_vote,d_respond,e_return historical" in text
    graph = dot(mini_plan, "chair")
    assert graph.startswith('digraph "mini" {') and graph.rstrip().endswith("}")
    assert 'subgraph "cluster_chair"' in graph and "shape=doubleoctagon" in graph
    assert "d_respond" not in graph  # only the chair's decisions and its votes


def test_schema_matches_the_docs_copy() -> None:
    assert (ROOT / "docs" / "scenario.schema.json").read_text() == dump(scenario_schema())


def test_every_repository_scenario_file_names_the_schema() -> None:
    for path in (ROOT / "scenarios").rglob("*.yaml"):
        if path.parent.name == "seeds":
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../docs/scenario.schema.json", path
