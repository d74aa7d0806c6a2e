"""What the controller tells the devices at a table, as plain values.

A listener is a plain callable. Most events are for every seat; a ``TimedOut`` is for its seat alone, so a
device showing other seats must not print what that seat's default was (hot seat keeps it for the seat's
next turn; a device per seat shows it at once).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

# The events are NamedTuples and signals, not frozen dataclasses: every game imports this module before its
# first screen, and a frozen dataclass compiles its methods from source at import, about three times the
# instructions of a NamedTuple (benchmarks/run.py, the first screen beside a bare Textual app).


class _Signal:
    """An event that carries nothing but its kind: equal to any other of its kind, and to nothing else."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Changed(_Signal):
    """The game moved (a choice, an undo, a reload, a load): every view of it is out of date."""

    __slots__ = ()


class Happened(NamedTuple):
    """``seat``'s choice caused something: the log grew from entry ``since`` on. Comes before the turn passes or
    the game ends, so a device can tell the player what their choice did first (game/aftermath.py)."""

    seat: str
    since: int


class TurnPassed(NamedTuple):
    """In a game with several players, ``seat`` must choose now."""

    seat: str


class Ended(_Signal):
    """The game reached an ending."""

    __slots__ = ()


class Reopened(_Signal):
    """An undo took an ended game back to a decision."""

    __slots__ = ()


class TimedOut(NamedTuple):
    """``seat``'s time ran out on ``decision``: ``option`` (the default) was taken for it. Private to ``seat``."""

    seat: str
    decision: str
    option: str
    # Why this option: an i18n key ("timeout.no_inaction": no option here means doing nothing, so the
    # seat's usual course was taken), for screens to say plainly what happened.
    reason: str = "timeout.inaction"


class SaveFailed(_Signal):
    """The autosave could not be written."""

    __slots__ = ()


Event = Changed | Happened | TurnPassed | Ended | Reopened | TimedOut | SaveFailed
Listener = Callable[[Event], None]


def audience(event: Event) -> str | None:
    """The one seat an event is for, or None when it is for every seat."""
    return event.seat if isinstance(event, TimedOut) else None
