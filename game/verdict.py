"""How one choice stands beside history, and the mark every screen and printout gives it.

Its own module, importing nothing, because the UI's text helpers load before any scenario machinery.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """How one choice stands beside history. Every screen and report marks it the same way."""

    SAME = "same"  # the player took history's option
    DIVERGED = "diverged"  # history took another
    SILENT = "silent"  # the record does not say what this seat did here
    TIMED_OUT = "timed_out"  # the player's time ran out and the default was taken

    @property
    def mark(self) -> str:
        return _MARKS[self]


# One cell each in a terminal, and distinct without colour (for projectors and colour-blind readers).
_MARKS = {Verdict.SAME: "✓", Verdict.DIVERGED: "✗", Verdict.SILENT: "○", Verdict.TIMED_OUT: "⏱"}


def verdict(chosen: str, historical: str | None, timed_out: bool = False) -> Verdict:
    """A timeout is named first: whatever it matched, nobody chose it."""
    if timed_out:
        return Verdict.TIMED_OUT
    if historical is None:
        return Verdict.SILENT
    return Verdict.SAME if chosen == historical else Verdict.DIVERGED
