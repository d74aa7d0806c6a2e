"""The third scenario, written from the guide and the tools alone (issue 14's proof): English only, three
playable seats, seven weeks; history from every seat, golden paths, lint, dates and the catalog."""

from __future__ import annotations

import pytest

from game import catalog, paths
from game.authoring.lint import lint
from game.replay import replay
from game.scenario import Plan
from game.scenario.translations import declared_missing, walk_text

from .golden import golden

GOLDEN = golden("apple-1985")
SEATS = ["sculley", "jobs", "markkula"]


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, problems = catalog.load_plan(paths.scenarios_dir() / "apple-1985")
    assert loaded is not None, "\n".join(p.format() for p in problems)
    return loaded


@pytest.mark.parametrize("seat", SEATS)
def test_history_from_each_seat_takes_a_week_of_days(plan: Plan, seat: str) -> None:
    result = replay(plan, seat, None).to_json("en")
    assert result["ending"] == "jobs_out" and result["ending_historical"] is True and result["diverged_at"] is None
    # "a week or more of decisions": the seat decides on at least seven different in-world days
    days = {plan.decisions[d].at // (24 * 60) for d in result["decisions"]}
    assert len(days) >= 7, result["decisions"]


@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: f"{c['seat']}->{c['ending']}")
def test_golden_paths(plan: Plan, case: dict) -> None:  # type: ignore[type-arg]
    assert replay(plan, case["seat"], case["choices"], case.get("seed", 0)).to_json("en")["ending"] == case["ending"]


def test_shape(plan: Plan) -> None:
    assert [s.id for s in plan.playable_seats()] == SEATS
    assert plan.spans_weeks
    # every ending is reached by some golden path, and every seat reaches at least five of them
    assert {c["ending"] for c in GOLDEN} == set(plan.endings)
    for seat in SEATS:
        assert len({c["ending"] for c in GOLDEN if c["seat"] == seat}) >= 5


def test_english_only_and_lint_has_nothing_to_say(plan: Plan) -> None:
    assert plan.model.languages == ["en"]
    assert declared_missing(plan.model) == []
    # every text is a plain English string, none a {en: ..., zh: ...} pair
    assert all(text.plain for _, text in walk_text(plan.model))
    assert [p.format() for p in lint(plan)] == []


def test_every_invented_ending_says_so(plan: Plan) -> None:
    for ending in plan.endings.values():
        if not ending.historical:
            assert "game's invention" in ending.model.text.get("en"), ending.id


def test_the_flagship_is_listed_first() -> None:
    ids = [e.id for e in catalog.bundled()]
    assert ids[0] == "november-2023" and "apple-1985" in ids
