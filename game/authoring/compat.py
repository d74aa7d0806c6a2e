"""Changes between two versions of a scenario that would break existing saves.

A save is a scenario id plus a list of (decision, seat, option) choices, so
what breaks it is a changed scenario id or a removed decision, seat or option.
A removed id is reported where it stood in the old version, with the ids that
are new in the new version and look like it: most often it was renamed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from ..scenario.models import Seat
from ..scenario.plan import DecisionPlan, OptionPlan, Plan
from ..scenario.problems import Problem

T = TypeVar("T")


def _likely(gone: str, candidates: Iterable[T], ident: Callable[[T], str], alike: Callable[[T], float]) -> list[str]:
    """New ids that may be ``gone`` renamed: similar spelling, plus what else they share (``alike``, 0..1)."""
    scored = []
    for candidate in candidates:
        name = ident(candidate)
        score = difflib.SequenceMatcher(None, gone, name).ratio() + alike(candidate)
        if score >= 0.6:
            scored.append((-score, name))
    return [name for _, name in sorted(scored)[:2]]


def _ident(item: Any) -> str:
    return str(item.id)


# What a renamed item keeps besides its spelling, 0..1: the same name, time and seats, or text.
def _seat_alike(was: Seat, now: Seat) -> float:
    return 0.5 * (now.name == was.name)


def _decision_alike(was: DecisionPlan, now: DecisionPlan) -> float:
    return 0.3 * (now.at == was.at) + 0.2 * (now.actors == was.actors) + 0.3 * (now.model.title == was.model.title)


def _option_alike(was: OptionPlan, now: OptionPlan) -> float:
    return 0.5 * (now.model.text == was.model.text)


def _renamed(names: list[str]) -> str:
    if not names:
        return ""
    return "; renamed to " + " or ".join(f"'{n}'" for n in names) + "?"


def breaking_changes(old: Plan, new: Plan) -> list[Problem]:
    assert new.locate is not None and old.locate is not None
    out: list[Problem] = []
    tail = "; saves made with the old version stop there"

    def warn(plan: Plan, path: tuple[object, ...], message: str) -> None:
        # locate is set on every loaded plan
        out.append(plan.locate(path, message, severity="warning", code="breaks-saves"))  # type: ignore[misc]

    if old.id != new.id:
        warn(new, ("id",), f"the scenario id changed from '{old.id}' to '{new.id}'; old saves will not match it")
    new_seats = [s for s in new.model.seats if s.id not in old.seats]
    for i, seat in enumerate(old.model.seats):
        if seat.id not in new.seats:
            guess = _likely(seat.id, new_seats, _ident, partial(_seat_alike, seat))
            warn(old, ("seats", i, "id"), f"seat '{seat.id}' was removed or renamed{tail}{_renamed(guess)}")
    new_decisions = [d for d in new.decisions.values() if d.id not in old.decisions]
    for decision in old.decisions.values():
        now = new.decisions.get(decision.id)
        if now is None:
            guess = _likely(decision.id, new_decisions, _ident, partial(_decision_alike, decision))
            warn(
                old,
                ("decisions", decision.order, "id"),
                f"decision '{decision.id}' was removed or renamed{tail}{_renamed(guess)}",
            )
            continue
        added = [o for o in now.options if o.id not in decision.by_id]
        for j, option in enumerate(decision.options):
            if option.id not in now.by_id:
                guess = _likely(option.id, added, _ident, partial(_option_alike, option))
                warn(
                    old,
                    ("decisions", decision.order, "options", j, "id"),
                    f"option '{option.id}' of decision '{decision.id}' was removed or renamed{tail}{_renamed(guess)}",
                )
        lost = set(decision.actors) - set(now.actors) - (set(old.seats) - set(new.seats))  # a gone seat: said
        if lost:
            warn(
                new,
                ("decisions", now.order),
                f"decision '{decision.id}' no longer belongs to {', '.join(sorted(lost))}",
            )
    return out
