"""Changes between two versions of a scenario that would break existing saves.

A save is a scenario id plus a list of (decision, seat, option) choices, so
what breaks it is a changed scenario id or a removed decision, seat or option.
"""

from __future__ import annotations

from ..scenario.plan import Plan
from ..scenario.problems import Problem


def breaking_changes(old: Plan, new: Plan) -> list[Problem]:
    assert new.locate is not None
    out: list[Problem] = []

    def warn(path: tuple[object, ...], message: str) -> None:
        out.append(
            new.locate(
                path,
                message + "; saves made with the old version stop there",  # type: ignore[misc]  # locate is set on every loaded plan
                severity="warning",
                code="breaks-saves",
            )
        )

    if old.id != new.id:
        warn(("id",), f"the scenario id changed from '{old.id}' to '{new.id}'; old saves will not match it")
    for seat in old.seats:
        if seat not in new.seats:
            warn(("seats",), f"seat '{seat}' was removed or renamed")
    for decision in old.decisions.values():
        now = new.decisions.get(decision.id)
        if now is None:
            warn(("decisions",), f"decision '{decision.id}' was removed or renamed")
            continue
        for option in decision.options:
            if option.id not in now.by_id:
                warn(
                    ("decisions", now.order, "options"),
                    f"option '{option.id}' of decision '{decision.id}' was removed or renamed",
                )
        lost = set(decision.actors) - set(now.actors)
        if lost:
            warn(("decisions", now.order), f"decision '{decision.id}' no longer belongs to {', '.join(sorted(lost))}")
    return out
