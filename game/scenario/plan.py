"""The compiled form of a scenario that the engine runs: ids resolved, conditions compiled, times in minutes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, NamedTuple

from .expr import Condition, Dep, Evaluable
from .facts import FactBase
from .models import Decision, Ending, Event, Option, Outcome, Scenario, Seat, Stance
from .problems import Problem
from .text import LText


@dataclass(slots=True, frozen=True)
class Effect:
    name: str
    op: Literal["add", "set"]
    value: int | bool
    lo: int | None = None
    hi: int | None = None


@dataclass(slots=True, frozen=True)
class TrustMove:
    """A compiled trust change: ``observer``'s trust in ``subject`` moves by ``change``."""

    observer: str
    subject: str | None  # None: the seat that cast the ballot (trust on an option in a vote)
    change: int
    because: LText | None
    key: str | None  # the value's name when the subject is known before play


@dataclass(slots=True, frozen=True)
class Rule:
    when: Condition
    seats: frozenset[str] | None
    chance: float


@dataclass(slots=True)
class OptionPlan:
    model: Option
    id: str
    when: Condition | None
    effects: tuple[Effect, ...]
    next_decision: str | None
    next_ending: str | None
    policy: tuple[Rule, ...]
    historical_for: frozenset[str]  # seats for which this is history's choice
    ballot: str | None
    trust: tuple[TrustMove, ...] = ()

    def open_in(self, state: Evaluable) -> bool:
        """The option can be taken in ``state``: it has no condition, or its condition holds."""
        return self.when is None or self.when(state)


@dataclass(slots=True)
class Result:
    text: LText | None
    effects: tuple[Effect, ...]
    next_decision: str | None
    next_ending: str | None
    trust: tuple[TrustMove, ...] = ()


@dataclass(slots=True)
class Recuse:
    seat: str
    when: Condition
    reason: LText | None


@dataclass(slots=True)
class VotePlan:
    voters: tuple[str, ...]
    recuse: tuple[Recuse, ...]
    threshold: str | int
    base: str
    quorum: int
    passed: Result
    failed: Result


def needed_votes(threshold: str | int, base: int) -> int:
    """Yes votes needed to pass under ``threshold``, over ``base`` counted seats."""
    if isinstance(threshold, int):
        return threshold
    if threshold == "majority":
        return base // 2 + 1
    if threshold == "two_thirds":
        return -(-2 * base // 3)
    return base  # unanimous


@dataclass(slots=True)
class DecisionPlan:
    model: Decision
    id: str
    order: int
    at: int
    until: int
    when: Condition | None
    scheduled: bool
    actors: tuple[str, ...]
    options: tuple[OptionPlan, ...]
    vote: VotePlan | None
    visible_to: frozenset[str] | None  # None: everyone
    by_id: dict[str, OptionPlan] = field(default_factory=dict)

    def available(self, state: Evaluable) -> list[OptionPlan]:
        """The options that can be taken in ``state``, in the scenario's order."""
        return [o for o in self.options if o.open_in(state)]


@dataclass(slots=True)
class EventPlan:
    model: Event
    id: str
    order: int
    at: int | None
    until: int
    when: Condition | None
    chance: float
    effects: tuple[Effect, ...]
    visible_to: frozenset[str] | None
    trust: tuple[TrustMove, ...] = ()


@dataclass(slots=True)
class EndingPlan:
    model: Ending
    id: str
    when: Condition
    trigger: str
    historical: bool


@dataclass(slots=True)
class OutcomePlan:
    """A key outcome, read on a game's final state: yes or no (``when``), or the first of ``cases`` that holds."""

    model: Outcome
    id: str
    when: Condition | None
    cases: tuple[tuple[LText, Condition], ...]

    def read(self, state: Evaluable) -> int | None:
        """1 or 0 for a yes-or-no outcome; for one with cases, the index of the case that holds (None: none)."""
        if self.when is not None:
            return int(bool(self.when(state)))
        for i, (_label, when) in enumerate(self.cases):
            if when(state):
                return i
        return None

    def answer(self, value: int | None, lang: str) -> str:
        """A case's label; for a yes-or-no outcome, the outcome's own label (callers count the yeses)."""
        if self.when is not None or value is None or value >= len(self.cases):
            return self.model.label.get(lang)
        return self.cases[value][0].get(lang)


class Moment(NamedTuple):
    """A time at which timed events or scheduled decisions come due, with those items in timeline order."""

    at: int
    events: tuple[EventPlan, ...]
    decisions: tuple[DecisionPlan, ...]


class Watchers(NamedTuple):
    events: frozenset[str]
    decisions: frozenset[str]
    endings: frozenset[str]


@dataclass
class Plan:
    model: Scenario
    path: Path
    files: list[str]
    content_hash: str
    start: datetime
    length: int  # minutes from start to end
    seats: dict[str, Seat]
    initial: dict[str, int | bool]
    visible_meters: tuple[str, ...]
    decisions: dict[str, DecisionPlan]
    events: dict[str, EventPlan]
    endings: dict[str, EndingPlan]
    facts: FactBase
    stance: Stance | None = None
    # For each seat, the seats whose trust in it the game keeps (declared, moved or read), in seat order.
    trusted_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    trust_moved: frozenset[tuple[str, str]] = frozenset()  # (observer, subject) pairs something moves
    dispositions: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (seat, trait) -> range
    timed_events: tuple[EventPlan, ...] = ()  # with 'at', by time then order
    watch_events: tuple[EventPlan, ...] = ()  # without 'at': fire when 'when' first holds
    scheduled: tuple[DecisionPlan, ...] = ()  # by time then order
    early_endings: tuple[EndingPlan, ...] = ()
    outcomes: tuple[OutcomePlan, ...] = ()  # key outcomes class reports count, in the file's order
    moments: tuple[Moment, ...] = ()  # timed_events and scheduled merged, one entry per distinct time
    # For each thing a condition can read, the events, decisions and early endings whose 'when' reads it:
    # the clock looks again at an item that was not ready only when one of these has changed.
    watchers: dict[Dep, Watchers] = field(default_factory=dict)
    # Makes a located Problem for a path in the merged scenario, e.g. ("decisions", 3, "options", 1).
    locate: Callable[..., Problem] | None = None

    @property
    def id(self) -> str:
        return self.model.id

    def time(self, minute: int) -> datetime:
        return self.start + timedelta(minutes=minute)

    @property
    def spans_weeks(self) -> bool:
        """More than a week on the clock: a weekday alone no longer says which day, so times show the date."""
        return self.length > 7 * 24 * 60

    @property
    def spans_years(self) -> bool:
        """The clock crosses a new year: dates show the year too."""
        return self.start.year != self.time(self.length).year

    def conditions(self) -> list[Condition]:
        """Every compiled condition in the scenario: of decisions, options, policies, recusals, events, endings
        and outcomes."""
        found: list[Condition | None] = []
        for d in self.decisions.values():
            found.append(d.when)
            for o in d.options:
                found.append(o.when)
                found.extend(r.when for r in o.policy)
            if d.vote is not None:
                found.extend(r.when for r in d.vote.recuse)
        found.extend(e.when for e in self.events.values())
        found.extend(e.when for e in self.endings.values())
        for outcome in self.outcomes:
            found.append(outcome.when)
            found.extend(when for _label, when in outcome.cases)
        return [c for c in found if c is not None]

    def index_moments(self) -> None:
        events: dict[int, list[EventPlan]] = {}
        decisions: dict[int, list[DecisionPlan]] = {}
        for e in self.timed_events:  # both already in timeline order, which each moment keeps
            if e.at is not None:  # always, for a timed event
                events.setdefault(e.at, []).append(e)
        for d in self.scheduled:
            decisions.setdefault(d.at, []).append(d)
        self.moments = tuple(
            Moment(t, tuple(events.get(t, ())), tuple(decisions.get(t, ()))) for t in sorted(events.keys() | decisions)
        )

    def index_watchers(self) -> None:
        found: dict[Dep, tuple[set[str], set[str], set[str]]] = {}
        groups: tuple[Iterable[EventPlan | DecisionPlan | EndingPlan], ...] = (
            self.events.values(),
            self.decisions.values(),
            self.early_endings,
        )
        for kind, items in enumerate(groups):
            for item in items:
                for dep in item.when.deps if item.when is not None else ():
                    found.setdefault(dep, (set(), set(), set()))[kind].add(item.id)
        self.watchers = {dep: Watchers(*map(frozenset, sets)) for dep, sets in found.items()}

    def playable_seats(self) -> list[Seat]:
        return [s for s in self.model.seats if s.playable]
