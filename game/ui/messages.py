"""Messages the screens post up to the app: what the player asked for, never how the app does it.

Here rather than beside each screen so the app can name them in ``@on`` without importing the screens
(and the scenario machinery they bring) before the title screen is up. Each screen exposes its own, as
``PlayScreen.Chosen`` and so on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..scenario.plan import Plan


class Chosen(Message):
    """The player in ``seat`` takes an option of the decision the screen showed (``decision_id``)."""

    namespace = "play_screen"

    def __init__(self, option_id: str, decision_id: str, seat: str) -> None:
        super().__init__()
        self.option_id = option_id
        # A second key can arrive before the first choice is taken. It names the decision and the seat it was
        # pressed for, so that once the game (or, at a hot seat, the turn) has moved on it is dropped instead of
        # being read against the next decision or cast for the next player.
        self.decision_id = decision_id
        self.seat = seat


class TimeRanOut(Message):
    """The decision timer reached zero for the player on screen."""

    namespace = "play_screen"


class PickSeat(Message):
    """A scenario was picked: show its seats."""

    namespace = "scenario_screen"

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan


class StartGame(Message):
    """Start ``plan`` with one seat, or several for a hot-seat game."""

    namespace = "seat_screen"

    def __init__(self, plan: Plan, seats: str | list[str]) -> None:
        super().__init__()
        self.plan = plan
        self.seats = seats
