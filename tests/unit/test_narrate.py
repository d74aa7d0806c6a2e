"""How a game reads in words: log lines as each seat sees them."""

from __future__ import annotations

from pathlib import Path

from game.engine import Game
from game.narrate import entry_text, log_lines
from game.scenario import check

from ..helpers import MINI_TEXT, write_scenario


def test_others_read_the_news_not_the_choosers_words(tmp_path: Path) -> None:
    text = MINI_TEXT.replace(
        "      - {id: leave, text: {en: Walk away, zh: 离开}, next: quiet}",
        "      - {id: leave, text: {en: I walk away from you all, zh: 我离开你们}, next: quiet,"
        " news: {en: The CEO resigns., zh: 首席执行官辞职。}}",
    )
    write_scenario(tmp_path, text)
    plan, problems = check(tmp_path)
    assert plan is not None, problems
    game = Game(plan, ["ceo"])
    game.choose("leave")
    entry = next(e for e in game.log if e.kind == "decision" and e.id == "respond")
    assert entry_text(game, entry, "en", "ceo")[0] == "You chose: I walk away from you all"
    assert entry_text(game, entry, "en", "chair") == ("The CEO resigns.", "")
    assert entry_text(game, entry, "zh", "chair") == ("首席执行官辞职。", "")
    assert any("The CEO resigns." in line for line in log_lines(game, "chair", "en"))


def test_a_seat_sees_only_what_it_may(mini_plan) -> None:  # type: ignore[no-untyped-def]
    game = Game(mini_plan, ["chair"])
    game.choose("call")
    game.choose("yes")
    chair = "\n".join(log_lines(game, "chair", "en"))
    member = "\n".join(log_lines(game, "member", "en"))
    assert "You chose: Call the vote" in chair
    assert "Call the vote" not in member  # the chair's decision is visible to its actor only
    assert "Letters pile up" in member  # events are public
