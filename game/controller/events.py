"""What the controller tells the devices at a table, as plain values.

A listener is a plain callable. Most events are for every seat; a ``TimedOut`` is for its seat alone, so a
device showing other seats must not print what that seat's default was (hot seat keeps it for the seat's
next turn; a device per seat shows it at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Changed:
    """The game moved (a choice, an undo, a reload, a load): every view of it is out of date."""


@dataclass(frozen=True)
class Happened:
    """``seat``'s choice caused something: the log grew from entry ``since`` on. Comes before the turn passes or
    the game ends, so a device can tell the player what their choice did first (game/aftermath.py)."""

    seat: str
    since: int


@dataclass(frozen=True)
class TurnPassed:
    """In a game with several players, ``seat`` must choose now."""

    seat: str


@dataclass(frozen=True)
class Ended:
    """The game reached an ending."""


@dataclass(frozen=True)
class Reopened:
    """An undo took an ended game back to a decision."""


@dataclass(frozen=True)
class TimedOut:
    """``seat``'s time ran out on ``decision``: ``option`` (the default) was taken for it. Private to ``seat``."""

    seat: str
    decision: str
    option: str
    # Why this option: an i18n key ("timeout.no_inaction": no option here means doing nothing, so the
    # seat's usual course was taken), for screens to say plainly what happened.
    reason: str = "timeout.inaction"


@dataclass(frozen=True)
class SaveFailed:
    """The autosave could not be written."""


Event = Changed | Happened | TurnPassed | Ended | Reopened | TimedOut | SaveFailed
Listener = Callable[[Event], None]


def audience(event: Event) -> str | None:
    """The one seat an event is for, or None when it is for every seat."""
    return event.seat if isinstance(event, TimedOut) else None
