"""What the app shows from: where it opens, and the view of the game that the game screens watch."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..scenario.plan import Plan


# NamedTuples rather than frozen dataclasses, which compile their methods at import: see game/controller/events.py.
class GameView(NamedTuple):
    """What the game screens draw from. A new value after every change, so the screens redraw by watching it."""

    revision: int = 0
    problems: tuple[str, ...] = ()  # the edited scenario's problems (--watch), shown while the old one plays


class Start(NamedTuple):
    """Where the app opens: the title screen, a scenario's seats, a game, or a save."""

    plan: Plan | None = None
    seat: str | None = None
    players: list[str] | None = None  # several seats: a hot-seat game
    load: str | None = None  # a slot name or a save file
