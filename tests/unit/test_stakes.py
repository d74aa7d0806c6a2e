"""Reigns-style stakes: how much an option moves at once, read from its own effects, never which way."""

from __future__ import annotations

from game import stakes
from game.engine import Game


def _option(game: Game, option_id: str):  # type: ignore[no-untyped-def]
    assert game.pending is not None
    return game.pending.decision.by_id[option_id]


def test_stakes_are_the_size_of_the_moves_not_their_direction(mini_plan):
    game = Game(mini_plan, ["chair"], 1)
    down, up = _option(game, "call"), _option(game, "wait")  # trust -5 and trust +5 on a 0-100 meter
    assert stakes.points(game, down, "chair") == stakes.points(game, up, "chair") == 5
    assert stakes.stakes(game, down, "chair") == stakes.stakes(game, up, "chair") == 1


def test_a_counter_counts_over_its_range_and_hidden_meters_not_at_all(mini_plan):
    game = Game(mini_plan, ["ceo"], 1)
    while game.pending is not None and game.pending.decision.id != "respond":
        game.choose(game.options(game.pending.seat)[0].id, game.pending.seat)
    assert game.pending is not None
    # Fight back: letters +4 of 10 is 40 points, trust +10 is 10 more.
    assert stakes.points(game, _option(game, "fight"), "ceo") == 50
    assert stakes.stakes(game, _option(game, "fight"), "ceo") == 3
    assert stakes.stakes(game, _option(game, "leave"), "ceo") == 0  # it moves nothing by itself


def test_a_move_counts_only_as_far_as_its_bound_lets_it(mini_plan):
    game = Game(mini_plan, ["chair"], 1)
    game.values["trust"] = 2
    assert stakes.points(game, _option(game, "call"), "chair") == 2
    game.values["trust"] = 0
    assert stakes.stakes(game, _option(game, "call"), "chair") == 0


def test_trust_in_the_chooser_counts_and_trust_between_others_does_not(flagship_plan):
    game = Game(flagship_plan, ["toner"], 3)
    option = _option(game, "hear_first")
    mine = [m for m in option.trust if (m.subject or "toner") == "toner"]
    assert mine  # Altman and Sutskever react to Toner herself
    meters = sum(abs(e.value) for e in option.effects if e.name in flagship_plan.visible_meters)
    assert stakes.points(game, option, "toner") == meters + sum(abs(m.change) for m in mine)


def test_the_bands_are_a_twentieth_and_a_seventh_of_the_scale():
    assert [stakes.level(p) for p in (0, 0.5, 5, 5.5, 15, 15.5, 100)] == [0, 1, 1, 2, 2, 3, 3]
