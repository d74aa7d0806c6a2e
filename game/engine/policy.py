"""How a seat that no person plays decides: its policy rules, else history, else the first option.

A game that replays history (``Game(..., history=True)``) has every unplayed seat take history's option
wherever one is marked and open, before its rules: replaying history means everyone does what history did,
whatever their drawn dispositions would make of it. ``boardroom odds`` shows how often the policies alone
get there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scenario.plan import DecisionPlan, OptionPlan

if TYPE_CHECKING:
    from .game import Game


def choose(game: Game, decision: DecisionPlan, seat: str, available: list[OptionPlan] | None = None) -> OptionPlan:
    """``available``: the options whose conditions hold now, when the caller has them already."""
    state = game.state
    if available is None:
        available = decision.available(state)
    if game.history:
        for option in available:
            if seat in option.historical_for:
                return option
    for option in available:
        for k, rule in enumerate(option.policy):
            if rule.seats is not None and seat not in rule.seats:
                continue
            if not rule.when(state):
                continue
            if rule.chance >= 1.0 or game.luck.chance(rule.chance, "policy", decision.id, option.id, seat, k):
                return option
    for option in available:
        if seat in option.historical_for:
            return option
    return available[0]
