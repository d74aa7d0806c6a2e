"""The simulation's state, its log and the choices that players made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..scenario.plan import DecisionPlan, EventPlan

from ..scenario.text import LText
from .rng import Luck

LogKind = Literal["event", "decision", "vote", "ending", "skipped"]


@dataclass(slots=True)
class Choice:
    """One choice a person made: the whole of what a save needs to rebuild a game."""

    decision: str
    seat: str
    option: str
    # The player's time ran out and the default was taken: the choice is the seat's, the intent was not.
    timed_out: bool = False

    def to_list(self) -> list[str]:
        return [self.decision, self.seat, self.option]


@dataclass(slots=True, frozen=True)
class TrustRecord:
    """One seat's trust in another moved, why, and by whose choice."""

    observer: str
    subject: str
    old: int
    new: int
    because: LText | None
    cause: str | None  # the seat whose choice (or ballot) moved it; None for events and vote results

    @property
    def change(self) -> int:
        return self.new - self.old


@dataclass(slots=True)
class LogEntry:
    minute: int
    kind: LogKind
    id: str  # event, decision or ending id
    seat: str | None = None  # who decided
    option: str | None = None
    by_player: bool = False
    visible_to: frozenset[str] | None = None  # None: every seat
    changes: dict[str, tuple[int | bool, int | bool]] = field(default_factory=dict)
    tally: dict[str, object] | None = None  # for votes: ballots, counts, passed
    trust: tuple[TrustRecord, ...] = ()  # trust that moved here, in order

    def visible(self, seat: str | None) -> bool:
        return seat is None or self.visible_to is None or seat in self.visible_to


@dataclass(slots=True)
class State:
    minute: int
    values: dict[str, int | bool]
    played: frozenset[str]
    chosen: set[tuple[str, str]] = field(default_factory=set)
    decided: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    led: set[str] = field(default_factory=set)
    # The agenda: how far the clock has read the plan's timeline, and the items that are due but waiting
    # for their conditions. All of it follows from the fields above; it is kept so each step is cheap.
    cursor: int = 0  # the plan's next moment
    waiting_events: list[EventPlan] = field(default_factory=list)
    waiting_decisions: list[DecisionPlan] = field(default_factory=list)
    # The game's seed and draws, which conditions reading dispositions need. Shared by a game's copies of
    # its state (undo marks); a fork gets its own.
    luck: Luck | None = None

    def copy(self) -> State:
        return State(
            self.minute,
            dict(self.values),
            self.played,
            set(self.chosen),
            set(self.decided),
            set(self.seen),
            set(self.led),
            self.cursor,
            list(self.waiting_events),
            list(self.waiting_decisions),
            self.luck,
        )

    def key(self) -> tuple[object, ...]:
        """Equal keys mean equal futures; the explorer merges such states."""
        return (
            self.minute,
            tuple(sorted(self.values.items())),
            frozenset(self.chosen),
            frozenset(self.decided),
            frozenset(self.seen),
            frozenset(self.led),
        )
