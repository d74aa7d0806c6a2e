"""Exhaustive exploration: every reachable state for each seat, equal states merged.

Breadth-first, so the first time an ending or a dead end is met, the choices
that led there are the shortest witness.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ..engine import Game
from ..scenario.plan import Plan
from . import collector


class TooManyStates(Exception):
    def __init__(self, seat: str, limit: int):
        super().__init__(
            f"seat '{seat}': more than {limit:,} states; raise --max-states or explore one seat with --role"
        )
        self.seat = seat
        self.limit = limit


@dataclass
class SeatReport:
    seat: str
    states: int = 0
    endings: dict[str, list[str]] = field(default_factory=dict)  # ending -> shortest witness (option ids)
    dead_ends: dict[str, list[str]] = field(default_factory=dict)  # decision skipped for want of options -> witness
    decisions: set[str] = field(default_factory=set)
    options: set[tuple[str, str]] = field(default_factory=set)
    enabled: set[tuple[str, str]] = field(default_factory=set)  # offered to the player as available


@dataclass
class Exploration:
    seats: list[SeatReport]
    never_decided: list[str]
    never_chosen: list[tuple[str, str]]
    unreached_endings: list[str]

    @property
    def states(self) -> int:
        return sum(s.states for s in self.seats)

    def to_json(self) -> dict[str, Any]:
        return {
            "states": self.states,
            "seats": {
                s.seat: {
                    "states": s.states,
                    "endings": {k: v for k, v in sorted(s.endings.items())},
                    "dead_ends": s.dead_ends,
                }
                for s in self.seats
            },
            "never_decided": self.never_decided,
            "never_chosen": [f"{d}.{o}" for d, o in self.never_chosen],
            "unreached_endings": self.unreached_endings,
        }


def referenced_choices(plan: Plan) -> frozenset[tuple[str, str]]:
    """The (decision, option) pairs some condition asks about with chose(); no other choice can matter later."""
    import re

    found: set[tuple[str, str]] = set()
    pattern = re.compile(r"chose\(\s*([a-z][a-z0-9_]*)\s*\.\s*([a-z][a-z0-9_]*)\s*\)")
    for condition in plan.conditions():
        found.update(pattern.findall(condition.source))
    return frozenset(found)


def state_key(game: Game, relevant: frozenset[tuple[str, str]]) -> tuple[object, ...]:
    """Equal keys, equal futures: what a game's future depends on, and nothing else."""
    pending = game.pending
    state = game.state
    return (
        state.minute,
        # Every game of a plan holds the same names in the same order (the plan's initial values, copied,
        # never added to), so the values alone say it; sorting 50-odd names cost more than the rest of the key.
        tuple(state.values.values()),
        frozenset(state.chosen & relevant),
        frozenset(state.decided),
        frozenset(state.seen),
        frozenset(state.led),
        pending.decision.id if pending else None,
        tuple(pending.waiting) if pending else (),
        tuple(sorted(pending.ballots.items())) if pending else (),
        game.ending.id if game.ending else None,
    )


def _shared(key: tuple[object, ...], parts: dict[object, object]) -> tuple[object, ...]:
    """``key`` with its sets (choices, decisions, events, decisions led to) held once for all keys alike.

    Exploring exodus-2024 meets 75,000 states but fewer than 400 distinct such sets; each key kept its own
    copies, a third of the exploration's memory. Equal keys stay equal: only which object holds a set changes.
    (The values are not shared: nearly every state has its own.)
    """
    share = parts.setdefault
    return (key[0], key[1], *map(share, key[2:6], key[2:6]), *key[6:])


def explore_seat(plan: Plan, seat: str, max_states: int, seed: int = 0) -> SeatReport:
    # The queue holds tens of thousands of games and no reference cycles (a test checks it).
    with collector.paused():
        return _explore_seat(plan, seat, max_states, seed)


def _explore_seat(plan: Plan, seat: str, max_states: int, seed: int) -> SeatReport:
    report = SeatReport(seat)
    relevant = referenced_choices(plan)
    start = Game(plan, [seat], seed, lean=True)
    parts: dict[object, object] = {}
    seen = {_shared(state_key(start, relevant), parts)}
    queue: deque[tuple[Game, tuple[str, ...]]] = deque([(start, ())])
    while queue:
        game, path = queue.popleft()
        report.states += 1
        report.decisions |= game.state.decided
        report.options |= game.state.chosen
        for skipped in game.skipped:
            report.dead_ends.setdefault(skipped, list(path))
        if game.ending is not None:
            report.endings.setdefault(game.ending.id, list(path))
            continue
        decision_id = game.pending.decision.id if game.pending else ""
        available = [view.id for view in game.options() if view.available]
        last = len(available) - 1
        for i, option in enumerate(available):
            report.enabled.add((decision_id, option))
            # The game itself is done with once its children are made: the last child is the game played on,
            # which saves a fork (and the copy of its state) for every state explored.
            child = game if i == last else game.fork()
            child.choose(option)
            if child.ending is not None:
                report.endings.setdefault(child.ending.id, [*path, option])
            key = _shared(state_key(child, relevant), parts)
            if key in seen:
                # Count what was reached before merging: a merged twin may have got there by other choices. (Its
                # decisions are in the key, so the twin has the same; a state kept is counted when it is taken.)
                report.options |= child.state.chosen
                continue
            seen.add(key)
            if len(seen) > max_states:
                raise TooManyStates(seat, max_states)
            queue.append((child, (*path, option)))
    return report


def explore(plan: Plan, seats: list[str] | None = None, max_states: int = 200_000, seed: int = 0) -> Exploration:
    chosen = seats or [s.id for s in plan.playable_seats()]
    reports = [explore_seat(plan, seat, max_states, seed) for seat in chosen]
    decided = set().union(*(r.decisions for r in reports))
    options = set().union(*(r.options for r in reports))
    ended = set().union(*(r.endings for r in reports))
    return Exploration(
        reports,
        [d for d in plan.decisions if d not in decided],
        [(d.id, o.id) for d in plan.decisions.values() for o in d.options if (d.id, o.id) not in options],
        [e for e in plan.endings if e not in ended],
    )
