"""The directors' alternative weeks of november-2023: golden paths reach each of their endings in both
languages, and uniform-random play from every director's seat meets issue 10's depth targets."""

from __future__ import annotations

import pytest

from benchmarks.depth import measure
from game import catalog, paths
from game.replay import replay
from game.scenario import Plan

from .golden import golden, read_yaml

DIRECTORS = ["sutskever", "toner", "mccauley", "dangelo"]
BOARD_GOLDEN = golden("november-2023-board")
BOARD_ENDINGS_FILE = paths.scenarios_dir() / "november-2023" / "endings-board.yaml"


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, problems = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert loaded is not None, "\n".join(p.format() for p in problems)
    return loaded


def test_every_board_timeline_ending_has_a_golden_path() -> None:
    ours = {e["id"] for e in read_yaml(BOARD_ENDINGS_FILE)["endings"]}
    assert ours <= {c["ending"] for c in BOARD_GOLDEN}


@pytest.mark.parametrize("case", BOARD_GOLDEN, ids=lambda c: f"{c['seat']}->{c['ending']}")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_board_golden_paths_in_both_languages(plan: Plan, case: dict, lang: str) -> None:  # type: ignore[type-arg]
    result = replay(plan, case["seat"], case["choices"], case.get("seed", 0))
    assert result.game.ending is not None and result.game.ending.id == case["ending"]
    transcript = result.transcript(lang)
    ending = result.game.ending.model
    assert ending.text.get(lang) in transcript
    if lang == "zh":
        # Every line the seat read is in Chinese: no English sentence leaks into the zh transcript.
        assert ending.text.zh and ending.text.zh != ending.text.en
    for choice in result.game.choices:
        option = plan.decisions[choice.decision].by_id[choice.option]
        assert option.model.text.get(lang)


@pytest.mark.parametrize("seat", DIRECTORS)
def test_director_seats_meet_the_depth_targets(plan: Plan, seat: str) -> None:
    depth = measure(plan, seat, 200, seed=1).summary(plan)
    assert depth["decisions"]["median"] >= 10, depth["decisions"]
    assert depth["decisions"]["p10"] >= 7, depth["decisions"]
    assert depth["days"]["median"] >= 5, depth["days"]
    assert depth["endings_reached"] >= 6, depth["endings"]
    assert depth["largest_share"] <= 0.35, depth["endings"]
    diverged = depth["diverged_first"]
    assert diverged["more_decisions"]["median"] >= 6, diverged
    assert diverged["historical_share"] <= 0.5, diverged


@pytest.mark.parametrize("seat", DIRECTORS)
def test_every_director_can_reach_six_endings(plan: Plan, seat: str) -> None:
    reached = {c["ending"] for c in BOARD_GOLDEN if c["seat"] == seat}
    assert len(reached) >= 6, reached
