"""You / class / history: a student's choices beside their classmates' so far and history's.

Pure: it reads choice rows (from the class record) and knows nothing of screens. The end screen of a class
game draws it; the teacher's debrief can read it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..verdict import Verdict
from .record import ChoiceRow, ClassRecord


@dataclass(frozen=True)
class Share:
    option: str
    count: int
    share: float  # of the classmates who met this decision in this seat, 0..1


@dataclass(frozen=True)
class Row:
    """One decision the student met: what they chose, what classmates in the same seat chose, what history did."""

    decision: str
    seat: str
    mine: str
    timed_out: bool
    history: str | None  # history's option for this seat here; None where the record is silent
    verdict: Verdict
    classmates: int  # classmates' games that met this decision in this seat
    shares: tuple[Share, ...]  # most chosen first; ties in option order of first appearance

    def share_of(self, option: str) -> float:
        return next((s.share for s in self.shares if s.option == option), 0.0)


def compare(mine: Sequence[ChoiceRow], others: Iterable[Sequence[ChoiceRow]]) -> list[Row]:
    """Each of ``mine`` beside the same decision, taken in the same seat, in each of ``others`` (one list of
    choices per classmate's game). A seat's choice at a vote is its ballot, so ballots are compared seat by
    seat, never with another seat's."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for game in others:
        for choice in game:
            counts.setdefault((choice.decision, choice.seat), Counter())[choice.option] += 1
    rows = []
    for choice in mine:
        found = counts.get((choice.decision, choice.seat), Counter())
        total = sum(found.values())
        shares = tuple(Share(option, n, n / total) for option, n in found.most_common())
        rows.append(
            Row(
                choice.decision,
                choice.seat,
                choice.option,
                choice.timed_out,
                choice.history,
                choice.verdict,
                total,
                shares,
            )
        )
    return rows


def classmates_choices(record: ClassRecord, session: int, student: int) -> list[list[ChoiceRow]]:
    """The choices of every game in the session that the student did not play in, finished or still going
    (the class "so far"); abandoned games are left out."""
    return [
        record.choices(game.id)
        for game in record.games(session)
        if game.status != "abandoned" and student not in game.players.values()
    ]
