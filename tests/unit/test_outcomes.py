"""Key outcomes: declared in a scenario, checked by the loader with located errors, read on final states."""

from __future__ import annotations

from pathlib import Path

from game import saves
from game.engine import Game
from game.engine.history import play_historical
from game.scenario import check

from ..class_record_data import FIXTURES, flagship
from ..helpers import MINI_TEXT, line_of, problems_for, write_scenario


def test_the_flagship_declares_the_debrief_outcomes() -> None:
    plan = flagship()
    assert [o.id for o in plan.outcomes] == ["fired", "returned", "walkout", "board_at_end"]
    history = play_historical(plan, ["toner"])
    read = {o.id: o.read(history.state) for o in plan.outcomes}
    assert read["fired"] == 1 and read["returned"] == 1
    board = plan.outcomes[3]
    assert board.answer(read["board_at_end"], "en").startswith("a new board") and "新董事会" in board.answer(
        read["board_at_end"], "zh"
    )


def test_outcomes_vary_across_the_class_saves() -> None:
    plan = flagship()
    seen: dict[str, set[int | None]] = {o.id: set() for o in plan.outcomes}
    for save in sorted(FIXTURES.glob("student*.json")):
        game = saves.restore(plan, saves.read(save)).game
        for outcome in plan.outcomes:
            seen[outcome.id].add(outcome.read(game.state))
    assert seen["fired"] == {0, 1} and seen["returned"] == {0, 1}
    assert len(seen["board_at_end"]) >= 3 and None not in seen["board_at_end"]


OUTCOMES = """
outcomes:
  - id: left
    label: {en: the CEO left, zh: 首席执行官走了}
    when: fired
  - id: both
    label: {en: both, zh: 都有}
    when: true
    cases:
      - label: {en: x, zh: x}
  - id: neither
    label: {en: neither, zh: 都没有}
  - id: left
    label: {en: again, zh: 又一次}
    when: no_such_flag
"""


def test_outcome_errors_are_located(tmp_path: Path) -> None:
    text = MINI_TEXT.rstrip() + "\n" + OUTCOMES
    problems = problems_for(tmp_path, text)
    found = {(p.line, p.message.split(":")[0]) for p in problems}
    assert (line_of(text, "id: both"), "outcome 'both'") in found
    assert (line_of(text, "id: neither"), "outcome 'neither'") in found
    assert any(p.line == line_of(text, "id: left", 2) and "duplicate outcome id 'left'" in p.message for p in problems)
    assert any(p.line == line_of(text, "no_such_flag") and "no_such_flag" in p.message for p in problems)
    assert all(p.file.endswith("scenario.yaml") and p.col > 0 for p in problems)


def test_a_scenario_without_outcomes_has_none(tmp_path: Path) -> None:
    write_scenario(tmp_path, MINI_TEXT)
    plan, problems = check(tmp_path)
    assert plan is not None and problems == [] and plan.outcomes == () and Game(plan, ["ceo"]).pending is not None
