"""Games into the class record: a played game or a save, as rows of choices with their verdicts."""

from __future__ import annotations

import time
from datetime import datetime

from .. import saves
from ..scenario.plan import Plan
from .record import ChoiceRow, ClassRecord
from .walkthrough import Walkthrough, walk


def choice_rows(w: Walkthrough, at: list[float] | None = None) -> list[ChoiceRow]:
    """Each step of a walkthrough as a row; ``at`` gives each choice's real time where it is known."""
    now = time.time()
    return [
        ChoiceRow(
            i,
            s.decision,
            s.seat,
            s.chosen,
            s.historical,
            s.minute,
            at[i] if at and i < len(at) else now,
            s.timed_out,
            s.verdict,
        )
        for i, s in enumerate(w.steps)
    ]


def _saved_at(data: saves.SaveFile) -> float | None:
    try:
        return datetime.fromisoformat(data.saved_at).timestamp() if data.saved_at else None
    except ValueError:
        return None


def add_save(
    record: ClassRecord, session: int, plan: Plan, data: saves.SaveFile, student: int, *, group: str | None = None
) -> int:
    """A save, replayed, as one whole game of ``student`` (every seat it played). A save keeps no time per
    choice, so each choice gets the time the save was made."""
    w = walk(plan, data)
    when = _saved_at(data)
    rows = choice_rows(w, [when] * len(w.steps) if when is not None else None)
    players = {seat: student for seat in w.seats}
    return record.add_game(session, players, data.seed, data.game_id or w.game.uid, rows, ending=w.ending, group=group)
