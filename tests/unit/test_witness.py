"""lint's games before exploration (game/authoring/witness.py): they may spare the exploration, never change
what lint says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import catalog, paths
from game.authoring import lint as lint_module
from game.authoring import witness
from game.authoring.explore import Exploration, explore
from game.scenario import Plan, check

from ..helpers import MINI_TEXT, write_scenario

# Each is (text in the mini scenario, what it may become): conditions that always hold, never hold, or
# depend on the play, so that options, decisions, events and endings become reachable or not.
VARIANTS: list[tuple[str, list[str]]] = [
    ('when: "secret > 50"', ['when: "secret > 50"', 'when: "secret < 50"', 'when: "trust > 52"', 'when: "fired"']),
    (
        "actor: ceo\n    when: fired\n",
        [
            "actor: ceo\n    when: fired\n",
            "actor: ceo\n    when: not fired\n",
            'actor: ceo\n    when: "trust > 100"\n',
            "actor: ceo\n",
        ],
    ),
    ("when: letters >= 10", ["when: letters >= 10", "when: letters >= 100", "when: letters >= 4"]),
    ("when: fired and letters >= 5", ["when: fired and letters >= 5", "when: letters >= 99", "when: not fired"]),
    (
        "{id: leave, text: {en: Walk away, zh: 离开}, next: quiet}",
        [
            "{id: leave, text: {en: Walk away, zh: 离开}, next: quiet}",
            # With every option of 'respond' conditional, it may come up with none open: a dead end.
            '{id: leave, text: {en: Walk away, zh: 离开}, next: quiet, when: "trust > 60"}',
        ],
    ),
    (
        "{id: fight, text: {en: Fight back, zh: 反击}, historical: true,",
        [
            "{id: fight, text: {en: Fight back, zh: 反击}, historical: true,",
            '{id: fight, text: {en: Fight back, zh: 反击}, historical: true, when: "letters > 50",',
        ],
    ),
    (
        "{id: rally, text: {en: Rally staff, zh: 团结员工}, effects: {letters: 10}}",
        [
            "{id: rally, text: {en: Rally staff, zh: 团结员工}, effects: {letters: 10}}",
            '{id: rally, text: {en: Rally staff, zh: 团结员工}, effects: {letters: 10}, when: "trust < 0"}',
        ],
    ),
]


def _variant(choices: list[int]) -> str:
    text = MINI_TEXT
    for (old, news), pick in zip(VARIANTS, choices, strict=True):
        assert old in text
        text = text.replace(old, news[pick % len(news)], 1)
    return text


def _plan(folder: Path, text: str) -> Plan:
    write_scenario(folder, text)
    plan, problems = check(folder)
    assert plan is not None, [p.format() for p in problems]
    return plan


def _warnings_by_games(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """lint's reachability warnings as it finds them in a large scenario: games first (the mini scenario is
    small, so lint would explore it at once)."""
    found = lint_module.Lint(plan, [])
    with monkeypatch.context() as patch:
        patch.setattr(witness, "EXPLORE_FIRST", 0)
        lint_module.check_reachability_cheaply(found, 200_000)
    return sorted(p.format() for p in found.problems)


def _warnings_exploring(plan: Plan, exploration: Exploration) -> list[str]:
    """lint's reachability warnings as they were before the games: from exploring every state."""
    found = lint_module.Lint(plan, [])
    lint_module.check_reachability(found, exploration)
    return sorted(p.format() for p in found.problems)


def _reached(exploration: Exploration) -> set[tuple[str, ...]]:
    reached = {("decision", d) for r in exploration.seats for d in r.decisions}
    reached |= {("option", d, o) for r in exploration.seats for d, o in r.options}
    return reached | {("ending", e) for r in exploration.seats for e in r.endings}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(0, 3), min_size=len(VARIANTS), max_size=len(VARIANTS)))
def test_the_games_never_change_what_lint_says(
    choices: list[int], fresh_dir: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan(fresh_dir("witness-") / "mini", _variant(choices))
    seats = [s.id for s in plan.playable_seats()]
    exploration = explore(plan)
    assert _warnings_by_games(plan, monkeypatch) == _warnings_exploring(plan, exploration)
    # What a game reached, exploration reached: the games walk exploration's own states.
    assert witness.owed(plan, seats) - witness.unreached(plan, seats) <= _reached(exploration)


def test_where_the_games_reach_everything_lint_does_not_explore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 'leak' open from the start: the games reach every decision, option and ending.
    plan = _plan(tmp_path / "mini", MINI_TEXT.replace('when: "secret > 50"', 'when: "secret < 50"'))
    assert witness.dead_ends_impossible(plan)
    assert witness.reached_everything(plan, ["chair", "ceo"])
    limits: list[int] = []

    def counted(plan: Plan, *, max_states: int) -> object:
        limits.append(max_states)
        return explore(plan, max_states=max_states)

    monkeypatch.setattr(lint_module, "explore", counted)
    monkeypatch.setattr(witness, "EXPLORE_FIRST", 0)
    codes = {p.code for p in lint_module.lint(plan)}
    assert limits == [0]  # the first look, stopped at once as too large; no full exploration after the games
    assert not codes & {"unreachable", "never-enabled", "never-picked", "dead-end", "explore-limit"}


def test_a_small_scenario_is_explored_without_games(mini_plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_games(*args: object, **kwargs: object) -> set[tuple[str, ...]]:
        raise AssertionError("a scenario under EXPLORE_FIRST states a seat needs no games")

    monkeypatch.setattr(witness, "unreached", no_games)
    assert "leak" in " ".join(p.message for p in lint_module.lint(mini_plan))


def test_what_the_games_leave_unreached_is_left_to_exploration(
    mini_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixture's 'leak' needs a secret it never has: exploration, not the games, says so."""
    assert witness.unreached(mini_plan, ["chair", "ceo"]) == {("option", "call_vote", "leak")}
    monkeypatch.setattr(witness, "EXPLORE_FIRST", 0)
    messages = [p.message for p in lint_module.lint(mini_plan)]
    assert "option 'leak' of 'call_vote' can never be chosen: it is never available" in messages


def test_a_decision_whose_options_all_have_conditions_may_be_a_dead_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _variant([0, 0, 0, 0, 1, 1, 1])  # every option of 'respond' conditional, none open once fired
    plan = _plan(tmp_path / "mini", text)
    assert not witness.dead_ends_impossible(plan)
    monkeypatch.setattr(witness, "EXPLORE_FIRST", 0)  # as for a large scenario: the games first, then exploring
    dead = [p.message for p in lint_module.lint(plan) if p.code == "dead-end"]
    assert dead == [
        "dead end: 'respond' comes up with no option available (seat ceo, after: the start)",
        "dead end: 'respond' comes up with no option available (seat chair, after: call, yes)",
    ]


def test_options_that_only_unplayed_seats_take_are_not_owed(mini_plan: Plan) -> None:
    owed = witness.owed(mini_plan, ["chair"])
    assert ("option", "respond", "fight") not in owed  # only the CEO responds, and the CEO is not played here
    assert ("decision", "respond") in owed and ("option", "fire_vote", "yes") in owed


def test_the_bundled_week_of_exodus_is_shown_by_games() -> None:
    """exodus-2024 has 75,000 states; a few dozen games reach all it has, so lint does not explore them."""
    plan, _ = catalog.load_plan(paths.scenarios_dir() / "exodus-2024")
    assert plan is not None
    assert witness.dead_ends_impossible(plan)
    assert witness.reached_everything(plan, [s.id for s in plan.playable_seats()])
