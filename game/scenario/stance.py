"""Stances: every seat's trust in every other seat, kept in a game's values under reserved names.

A trust value lives in the state's values like a meter, under a name no meter can have (ids never
contain ':'). So saves, undo, forks, the explorer's state keys and the clock's wake-ups treat it as any
other value, and only the pairs a scenario declares, moves or reads are kept.
"""

from __future__ import annotations

PREFIX = "trust:"
LOW, HIGH = 0, 100


def trust_key(observer: str, subject: str) -> str:
    """The value name of ``observer``'s trust in ``subject``."""
    return f"{PREFIX}{observer}:{subject}"


def is_trust_key(name: str) -> bool:
    return name.startswith(PREFIX)


def pair_of(name: str) -> tuple[str, str]:
    """(observer, subject) of a trust value name."""
    observer, subject = name[len(PREFIX) :].split(":", 1)
    return observer, subject
