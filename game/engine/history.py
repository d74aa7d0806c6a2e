"""Comparing a game with history: what history chose, and where a player left it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
    if option is not None and option.open_in(game.state):
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


class TimeoutReason(StrEnum):
    """Why the option taken at a timeout is the one it is: the string key a screen shows, ``timeout.<value>``."""

    INACTION = "inaction"  # the scenario marks this option as doing nothing
    NO_INACTION = "no_inaction"  # inaction was asked for, but no option here means doing nothing
    HISTORICAL = "historical"  # the setting takes history's option
    HISTORY_SILENT = "history_silent"  # the setting takes history's option, but the record is silent here
    POLICY = "policy"  # the setting takes what the seat would do unplayed

    @property
    def key(self) -> str:
        return f"timeout.{self.value}"


@dataclass(frozen=True)
class TimeoutChoice:
    """The option a timeout takes, and the reason, so a screen can say plainly what happened and why."""

    option: OptionPlan
    reason: TimeoutReason


def timeout_choice(game: Game, mode: str, seat: str | None = None) -> TimeoutChoice:
    """The option taken when a player's time runs out, and why: inaction is a choice too.

    ``inaction``: the option the scenario marks ``inaction: true``; where none is, the seat's usual course
    (its policy), and the reason says so, since that is not doing nothing. ``historical``: history's option
    (where the record is silent, the seat's policy). ``policy``: what the seat would do unplayed.
    """
    pending = game.pending
    assert pending is not None
    seat = seat or pending.seat
    available = pending.decision.available(game.state)
    if mode == "inaction":
        for option in available:
            if option.model.inaction:
                return TimeoutChoice(option, TimeoutReason.INACTION)
        return TimeoutChoice(policy.choose(game, pending.decision, seat, available), TimeoutReason.NO_INACTION)
    if mode == "historical":
        marked = game.historical_option(pending.decision, seat)
        reason = TimeoutReason.HISTORICAL if marked is not None else TimeoutReason.HISTORY_SILENT
        return TimeoutChoice(historical_pick(game, seat), reason)
    return TimeoutChoice(policy.choose(game, pending.decision, seat), TimeoutReason.POLICY)


def timeout_pick(game: Game, mode: str, seat: str | None = None) -> OptionPlan:
    """The option of :func:`timeout_choice`, for callers that do not show the reason yet."""
    return timeout_choice(game, mode, seat).option
