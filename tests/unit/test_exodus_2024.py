"""The second scenario, written from the guide alone: history from both seats, golden paths, languages, lint."""

from __future__ import annotations

import pytest

from game import catalog, paths
from game.authoring.lint import lint
from game.replay import replay
from game.scenario import Plan
from game.scenario.translations import missing_translations

from .golden import golden

GOLDEN = golden("exodus-2024")


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, problems = catalog.load_plan(paths.scenarios_dir() / "exodus-2024")
    assert loaded is not None, "\n".join(p.format() for p in problems)
    return loaded


@pytest.mark.parametrize("seat", ["altman", "murati"])
def test_history_from_each_seat(plan: Plan, seat: str) -> None:
    result = replay(plan, seat, None).to_json("en")
    assert result["ending_historical"] is True and result["diverged_at"] is None


@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: f"{c['seat']}->{c['ending']}")
def test_golden_paths(plan: Plan, case: dict) -> None:  # type: ignore[type-arg]
    assert replay(plan, case["seat"], case["choices"], case.get("seed", 0)).to_json("en")["ending"] == case["ending"]


def test_shape(plan: Plan) -> None:
    assert {s.id for s in plan.playable_seats()} >= {"altman", "murati"}
    for seat in ("altman", "murati"):
        mine = [d for d in plan.decisions.values() if seat in d.actors]
        assert len(mine) >= 6 and all(len(d.options) >= 3 for d in mine)
    assert len(plan.endings) >= 4
    assert {c["ending"] for c in GOLDEN} == set(plan.endings)


def test_every_string_in_both_languages(plan: Plan) -> None:
    assert missing_translations(plan.model) == []


def test_lint_has_nothing_to_say(plan: Plan) -> None:
    assert [p.format() for p in lint(plan)] == []
