"""The executives' alternative weeks in november-2023: golden paths reach every timeline's endings in both
languages, uniform-random play meets issue 10's depth targets for each executive seat, branches do not drift
back to history, and a replay of history says where the record is silent."""

from __future__ import annotations

import pytest

from benchmarks.depth_exec import measure
from game import catalog, paths
from game.replay import replay
from game.scenario import Plan

from .golden import golden

EXECUTIVES = ["altman", "brockman", "murati"]
GOLDEN = golden("november-2023-exec")
# The endings the executives' timelines add (alt-exec-*.yaml).
TIMELINE_ENDINGS = {
    "newco_folded_in",
    "newco_rival",
    "newco_two_labs",
    "newco_cofounders",
    "altman_steps_away",
    "candour_pact",
    "handover_to_microsoft",
    "board_remade",
    "microsoft_absorbs",
    "capitulation_reviewed",
    "merger_every_job",
    "cofounders_compromise",
    "return_without_murati",
    "return_without_brockman",
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, problems = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert loaded is not None, "\n".join(p.format() for p in problems)
    return loaded


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: f"{c['seat']}->{c['ending']}")
def test_golden_paths_in_both_languages(plan: Plan, case: dict, lang: str) -> None:  # type: ignore[type-arg]
    result = replay(plan, case["seat"], case["choices"], case.get("seed", 0))
    data = result.to_json(lang)
    assert data["ending"] == case["ending"]
    assert data["diverged_at"] is not None
    epilogue = plan.endings[case["ending"]].model.text.get(lang)
    assert epilogue and epilogue in result.transcript(lang)
    assert any(line.startswith("[") for line in data["transcript"])


def test_golden_paths_reach_every_timeline_ending(plan: Plan) -> None:
    reached = {c["ending"] for c in GOLDEN}
    assert set(plan.endings) >= TIMELINE_ENDINGS
    assert reached >= TIMELINE_ENDINGS


@pytest.mark.parametrize("seat", EXECUTIVES)
def test_every_executive_seat_reaches_six_endings_by_golden_paths(seat: str) -> None:
    endings = {c["ending"] for c in GOLDEN if c["seat"] == seat}
    assert len(endings) >= 6, (seat, sorted(endings))


@pytest.mark.parametrize("seat", EXECUTIVES)
def test_uniform_random_play_meets_the_depth_targets(plan: Plan, seat: str) -> None:
    depth = measure(plan, seat, runs=400, seed=1)
    assert depth.decisions.median >= 10 and depth.decisions.p10 >= 7, depth.decisions
    assert depth.days.median >= 5, depth.days
    assert len(depth.endings) >= 6 and depth.largest_share <= 0.35, depth.endings
    assert depth.early_games > 0
    assert depth.early_more.median >= 6, depth.early_more
    assert depth.early_historical_share <= 0.5


def _newco_case() -> dict:  # type: ignore[type-arg]
    return next(c for c in GOLDEN if c["ending"] in {"newco_rival", "newco_cofounders", "newco_two_labs"})


def test_a_new_company_is_not_asked_back_by_mondays_letter(plan: Plan) -> None:
    case = _newco_case()
    game = replay(plan, case["seat"], case["choices"]).game
    assert game.values["altman_newco"]
    assert "letter_released" not in game.state.seen
    assert "letter_small" not in game.state.seen
    assert not any(c.decision in {"alt_terms", "alt_mon"} for c in game.choices)


def test_replay_of_history_names_the_decisions_where_the_record_is_silent(plan: Plan) -> None:
    murati = replay(plan, "murati", None)
    data = murati.to_json("en")
    assert "mur_customers" in data["silent"]
    assert data["values"]["customers_lost"] >= 100  # the sourced 100+ stay where the record leaves them
    chosen = dict(zip(data["decisions"], data["choices"], strict=True))
    assert chosen["mur_customers"] == "sales_team"
    assert "History is silent here." in murati.transcript("en")
    assert "史料对此没有记载。" in murati.transcript("zh")
    brockman = replay(plan, "brockman", None).to_json("en")
    assert "brk_sun_staff" in brockman["silent"] and brockman["diverged_at"] is None
