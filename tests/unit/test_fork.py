"""Game.fork: a lean copy that plays on alone, and that cannot silently drop a new attribute."""

from __future__ import annotations

import pytest

from game.engine import Game
from game.scenario import Plan


def test_a_fork_plays_on_without_touching_its_game(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    game.choose("call")
    twin = game.fork()
    assert twin.lean and twin.uid == game.uid and twin.values == game.values
    twin.choose("no")
    assert twin.over and not game.over
    assert [c.option for c in game.choices] == ["call"] and game.pending is not None
    assert game.pending.waiting == ["chair"]


def test_an_attribute_without_a_fork_rule_stops_fork(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    game.added_later = 1  # type: ignore[attr-defined]  # what a new field in __init__ would do
    with pytest.raises(KeyError, match="added_later"):
        game.fork()
