"""Comparing a game with history: what history chose, and where a player left it."""

from __future__ import annotations

from ..scenario.plan import OptionPlan, Plan
from ..verdict import Verdict, verdict
from . import policy
from .game import Game


def historical_pick(game: Game, seat: str | None = None) -> OptionPlan:
    """History's option for the waiting seat; where history is silent, the seat's own policy."""
    pending = game.pending
    assert pending is not None
    seat = seat or pending.seat
    option = game.historical_option(pending.decision, seat)
    if option is not None and (option.when is None or option.when(game.state)):
        return option
    return policy.choose(game, pending.decision, seat)


def play_historical(plan: Plan, seats: list[str], seed: int = 0) -> Game:
    """History replayed: the players take history's options, and so does every other seat where one is marked."""
    game = Game(plan, seats, seed, history=True)
    while not game.over:
        game.choose(historical_pick(game).id)
    return game


def diverged_at(game: Game) -> str | None:
    """The first decision where a player took an option that history did not."""
    for choice in game.choices:
        decision = game.plan.decisions[choice.decision]
        marked = game.historical_option(decision, choice.seat)
        if marked is not None and marked.id != choice.option:
            return choice.decision
    return None


def compare(game: Game) -> list[tuple[str, str, str, str | None, Verdict]]:
    """Each player choice as (decision, seat, chosen option, history's option or None, verdict)."""
    rows = []
    for choice in game.choices:
        decision = game.plan.decisions[choice.decision]
        marked = game.historical_option(decision, choice.seat)
        historical = marked.id if marked else None
        rows.append(
            (
                choice.decision,
                choice.seat,
                choice.option,
                historical,
                verdict(choice.option, historical, choice.timed_out),
            )
        )
    return rows


def timeout_pick(game: Game, mode: str, seat: str | None = None) -> OptionPlan:
    """The option taken when a player's time runs out: inaction is a choice too.

    ``inaction``: the option the scenario marks ``inaction: true`` (else the seat's policy);
    ``historical``: history's option; ``policy``: what the seat would do unplayed.
    """
    pending = game.pending
    assert pending is not None
    seat = seat or pending.seat
    available = [o for o in pending.decision.options if o.when is None or o.when(game.state)]
    if mode == "inaction":
        for option in available:
            if option.model.inaction:
                return option
    if mode == "historical":
        return historical_pick(game, seat)
    return policy.choose(game, pending.decision, seat)
