"""Random playtests, as ChoiceScript's randomtest does them.

Run i of a batch with seed S is seeded with S+i, and everything in it follows
from that number alone, so ``--seed S+i -n 1`` repeats it exactly.

Options are picked least-used first without any state shared between runs:
at each decision the available options are put in an order that depends on
the decision and on which cycle of k runs the seed falls in (k = number of
options), and run r takes the option at position r mod k. Within every k
consecutive seeds each option is therefore taken exactly once, and the order
is reshuffled each cycle so that decisions do not move in lock step.

The engine is deterministic, so a batch remembers what each choice did from
each state it has seen (a transposition table, keyed as the explorer keys its
states). A step that consulted the seed's luck is not remembered, since another
seed could turn out differently. Results are the same with or without it.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import Game, Pending, State
from ..scenario.plan import EndingPlan, Plan
from .explore import referenced_choices, state_key


@dataclass
class RunResult:
    run: int
    seed: int
    seat: str
    choices: list[str]
    ending: str | None
    error: str | None = None


@dataclass
class Batch:
    runs: int = 0
    choices: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    decision_hits: Counter[str] = field(default_factory=Counter)
    option_hits: Counter[str] = field(default_factory=Counter)
    ranges: dict[str, list[int]] = field(default_factory=dict)
    errors: list[RunResult] = field(default_factory=list)
    dead_ends: Counter[str] = field(default_factory=Counter)

    def add(self, other: Batch) -> None:
        self.runs += other.runs
        self.choices += other.choices
        self.endings.update(other.endings)
        self.decision_hits.update(other.decision_hits)
        self.option_hits.update(other.option_hits)
        self.dead_ends.update(other.dead_ends)
        self.errors.extend(other.errors)
        for name, (lo, hi) in other.ranges.items():
            mine = self.ranges.setdefault(name, [lo, hi])
            mine[0], mine[1] = min(mine[0], lo), max(mine[1], hi)

    def to_json(self, plan: Plan) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "choices": self.choices,
            "endings": dict(sorted(self.endings.items())),
            "decisions": {d: self.decision_hits.get(d, 0) for d in plan.decisions},
            "options": {
                f"{d.id}.{o.id}": self.option_hits.get(f"{d.id}.{o.id}", 0)
                for d in plan.decisions.values()
                for o in d.options
            },
            "ranges": {k: {"min": v[0], "max": v[1]} for k, v in sorted(self.ranges.items())},
            "dead_ends": dict(self.dead_ends),
            "errors": [
                {"run": e.run, "seed": e.seed, "seat": e.seat, "choices": e.choices, "error": e.error}
                for e in self.errors
            ],
        }


def pick(game: Game, run_seed: int) -> str:
    pending = game.pending
    assert pending is not None
    available = [o.id for o in pending.decision.options if o.when is None or o.when(game.state)]
    k = len(available)
    if k == 1:
        return available[0]
    # A cheap, stable shuffle (crc32, not the seed's draw): only the order within a cycle matters here.
    prefix = f"{run_seed // k}|{pending.decision.id}|{pending.seat}|".encode()
    order = sorted(available, key=lambda o: zlib.crc32(prefix + o.encode()))
    return order[run_seed % k]


@dataclass
class _Step:
    """What one choice did from one state."""

    state: State
    pending: Pending | None
    ending: EndingPlan | None
    chosen: frozenset[tuple[str, str]]  # (decision, option) pairs it added, player's and others'
    skipped: tuple[str, ...]


class Memory:
    """The transposition table of one batch (per process)."""

    def __init__(self, plan: Plan, limit: int = 300_000):
        self.plan = plan
        self.relevant = referenced_choices(plan)
        self.steps: dict[tuple[object, ...], _Step] = {}
        self.starts: dict[tuple[str, int], Game] = {}
        self.limit = limit

    def start(self, seat: str, seed: int) -> Game:
        # A game's opening depends on the seed only if it drew on luck; keep one per seat otherwise.
        key = (seat, seed)
        cached = self.starts.get((seat, -1)) or self.starts.get(key)
        if cached is None:
            cached = Game(self.plan, [seat], seed, lean=True)
            self.starts[(seat, -1) if cached.draws == 0 else key] = cached
        game = cached.fork()
        game.seed = seed
        return game

    def choose(self, game: Game, option: str) -> _Step:
        key = (state_key(game, self.relevant), option)
        step = self.steps.get(key)
        if step is not None:
            game.state = step.state.copy()
            game.pending = step.pending.copy() if step.pending else None
            game.ending = step.ending
            game.skipped.extend(step.skipped)
            return step
        draws, chosen, skipped = game.draws, set(game.state.chosen), len(game.skipped)
        game.choose(option)
        step = _Step(
            game.state.copy(),
            game.pending.copy() if game.pending else None,
            game.ending,
            frozenset(game.state.chosen - chosen),
            tuple(game.skipped[skipped:]),
        )
        if game.draws == draws and len(self.steps) < self.limit:
            self.steps[key] = step
        return step


def play_one(plan: Plan, seat: str, run: int, seed: int, batch: Batch, memory: Memory | None = None) -> None:
    numeric = [m.id for m in plan.model.meters] + [c.id for c in plan.model.counters]
    memory = memory or Memory(plan)
    game = memory.start(seat, seed)
    reached = set(game.state.chosen)
    choices: list[str] = []
    try:
        while not game.over:
            option = pick(game, seed)
            choices.append(option)
            reached |= memory.choose(game, option).chosen
            for name in numeric:
                value = int(game.state.values[name])
                span = batch.ranges.get(name)
                if span is None:
                    batch.ranges[name] = [value, value]
                elif value < span[0]:
                    span[0] = value
                elif value > span[1]:
                    span[1] = value
    except Exception as exc:
        batch.errors.append(RunResult(run, seed, seat, choices, None, f"{type(exc).__name__}: {exc}"))
        return
    finally:
        batch.runs += 1
        batch.choices += len(choices)
    batch.endings[game.ending.id if game.ending else "?"] += 1
    for decision in game.state.decided:
        batch.decision_hits[decision] += 1
    for decision, option in reached:
        batch.option_hits[f"{decision}.{option}"] += 1
    for skipped in game.skipped:
        batch.dead_ends[skipped] += 1


def _chunk(args: tuple[Path, list[str], list[tuple[int, int]]]) -> Batch:
    from ..catalog import load_plan

    path, seats, runs = args
    plan, _ = load_plan(path)
    assert plan is not None
    batch = Batch()
    memory = Memory(plan)
    for run, seed in runs:
        play_one(plan, seats[seed % len(seats)], run, seed, batch, memory)
    return batch


def randomtest(plan: Plan, runs: int, seed: int, seats: list[str] | None = None, jobs: int = 1) -> Batch:
    """Play ``runs`` games; run i has seed r = ``seed + i`` and plays seat ``seats[r % len(seats)]``."""
    chosen = seats or [s.id for s in plan.playable_seats()]
    work = [(i, seed + i) for i in range(runs)]
    total = Batch()
    if jobs <= 1 or runs < 200:
        memory = Memory(plan)
        for run, run_seed in work:
            play_one(plan, chosen[run_seed % len(chosen)], run, run_seed, total, memory)
        return total
    jobs = min(jobs, os.cpu_count() or 1)
    parts = [work[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(_chunk, [(plan.path, chosen, p) for p in parts]):
            total.add(part)
    total.errors.sort(key=lambda e: e.run)
    return total
