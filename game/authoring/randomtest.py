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
each state it has seen: a graph whose nodes are distinct states (keyed as the
explorer keys them) and whose edges are choices. A run that follows known edges
plays no clock at all; its figures are counted per node and edge and added up
once at the end. A step that consulted the seed's luck is not remembered, since
another seed could turn out differently. Results are the same with or without
the memory, which a test checks against plain play.
"""

from __future__ import annotations

import gc
import itertools
import os
import zlib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import Game
from ..scenario.plan import Plan
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
    """The option run ``run_seed`` takes at the game's pending decision."""
    pending = game.pending
    assert pending is not None
    available = tuple(o.id for o in pending.decision.available(game.state))
    return _pick(available, _salt(pending.decision.id, pending.seat), run_seed)


def _salt(decision: str, seat: str) -> int:
    return zlib.crc32(f"{decision}|{seat}".encode())


# Every order of k options, for the usual small k: a pick is then a hash and two look-ups.
_ORDERS = {k: tuple(itertools.permutations(range(k))) for k in range(2, 7)}


def _pick(options: tuple[str, ...], salt: int, run_seed: int) -> str:
    k = len(options)
    if k == 1:
        return options[0]
    # A cheap, stable shuffle (crc32, not the seed's draw): only the order within a cycle matters here, and
    # the decision's salt keeps different decisions from moving in lock step.
    cycle = zlib.crc32((run_seed // k).to_bytes(8, "little", signed=True), salt)
    orders = _ORDERS.get(k)
    if orders is not None:
        return options[orders[cycle % len(orders)][run_seed % k]]
    order = sorted(range(k), key=lambda i: zlib.crc32(options[i].encode(), cycle))
    return options[order[run_seed % k]]


@dataclass(slots=True, eq=False)
class _Node:
    """A point where the player must choose, or an ending: one per distinct state, shared by all runs."""

    game: Game  # parked here; a new choice forks it
    options: tuple[str, ...]  # available now, in the decision's order
    salt: int  # for _pick
    ending: str | None
    edges: dict[str, _Edge] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class _Edge:
    """What one choice did from one node."""

    option: str
    target: _Node
    chosen: frozenset[tuple[str, str]]  # (decision, option) pairs it added, the player's and everyone else's
    skipped: tuple[str, ...]  # decisions that came up with nothing available


class Memory:
    """The transposition table of one batch (per process): the graph of nodes the runs have walked.

    A run that walks known edges does no simulation at all, and only a new edge plays the clock; its result
    is merged with any node of equal state, so runs that converge share everything after.
    """

    def __init__(self, plan: Plan, limit: int = 300_000):
        self.plan = plan
        self.relevant = referenced_choices(plan)
        self.nodes: dict[tuple[object, ...], _Node] = {}
        self.starts: dict[tuple[str, int], _Node] = {}
        self.limit = limit

    def node(self, game: Game) -> _Node:
        key = state_key(game, self.relevant)
        known = self.nodes.get(key)
        if known is not None:
            return known
        pending = game.pending
        if pending is None:
            made = _Node(game, (), 0, game.ending.id if game.ending else "?")
        else:
            options = tuple(o.id for o in pending.decision.available(game.state))
            made = _Node(game, options, _salt(pending.decision.id, pending.seat), None)
        if len(self.nodes) < self.limit:
            self.nodes[key] = made
        return made

    def start(self, seat: str, seed: int) -> _Node:
        # A game's opening depends on the seed only if it drew on luck; keep one per seat otherwise.
        cached = self.starts.get((seat, -1)) or self.starts.get((seat, seed))
        if cached is None:
            game = Game(self.plan, [seat], seed, lean=True)
            cached = self.node(game)
            self.starts[(seat, -1) if game.draws == 0 else (seat, seed)] = cached
        return cached

    def choose(self, node: _Node, option: str, seed: int) -> _Edge:
        edge = node.edges.get(option)
        if edge is not None:
            return edge
        game = node.game.fork()
        game.seed = seed
        draws, skipped = game.draws, len(game.skipped)
        game.choose(option)
        added = frozenset(game.state.chosen - node.game.state.chosen)  # the parked game is never played on
        edge = _Edge(option, self.node(game), added, tuple(game.skipped[skipped:]))
        # A step that drew on the seed's luck could go otherwise for another seed: never reuse it.
        if game.draws == draws:
            node.edges[option] = edge
        return edge


@dataclass
class _Tally:
    """Counts of nodes and edges; turned into a Batch's figures once, at the end of a chunk."""

    starts: Counter[_Node] = field(default_factory=Counter)
    edges: Counter[_Edge] = field(default_factory=Counter)
    finals: Counter[_Node] = field(default_factory=Counter)
    failed: set[_Edge] = field(default_factory=set)  # walked by runs that then failed: they count for ranges only

    def into(self, batch: Batch, numeric: list[str]) -> None:
        for node, n in self.starts.items():
            for decision, option in node.game.state.chosen:
                batch.option_hits[f"{decision}.{option}"] += n
            for skipped in node.game.skipped:
                batch.dead_ends[skipped] += n
        for edge, n in self.edges.items():
            for decision, option in edge.chosen:
                batch.option_hits[f"{decision}.{option}"] += n
            for skipped in edge.skipped:
                batch.dead_ends[skipped] += n
        for node, n in self.finals.items():
            batch.endings[node.ending or "?"] += n
            for decision in node.game.state.decided:
                batch.decision_hits[decision] += n
        for node in {edge.target for edge in self.edges} | {edge.target for edge in self.failed}:
            values = node.game.state.values
            for name in numeric:
                value = int(values[name])
                span = batch.ranges.get(name)
                if span is None:
                    batch.ranges[name] = [value, value]
                elif value < span[0]:
                    span[0] = value
                elif value > span[1]:
                    span[1] = value


def play_one(plan: Plan, seat: str, run: int, seed: int, batch: Batch, memory: Memory, tally: _Tally) -> None:
    choices: list[str] = []
    walked: list[_Edge] = []
    try:
        node = start = memory.start(seat, seed)
        while node.ending is None:
            option = _pick(node.options, node.salt, seed)
            choices.append(option)
            edge = node.edges.get(option) or memory.choose(node, option, seed)
            walked.append(edge)
            node = edge.target
    except Exception as exc:
        batch.errors.append(RunResult(run, seed, seat, choices, None, f"{type(exc).__name__}: {exc}"))
        tally.failed.update(walked)
        return
    finally:
        batch.runs += 1
        batch.choices += len(choices)
    tally.starts[start] += 1
    tally.edges.update(walked)
    tally.finals[node] += 1


def _play(plan: Plan, seats: list[str], work: list[tuple[int, int]]) -> Batch:
    batch, memory, tally = Batch(), Memory(plan), _Tally()
    # A batch builds a large graph that holds no reference cycles, so the cycle collector would only walk it
    # over and over (a fifth of the time); everything a batch drops is freed by reference counting.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for run, seed in work:
            play_one(plan, seats[seed % len(seats)], run, seed, batch, memory, tally)
    finally:
        if collecting:
            gc.enable()
    tally.into(batch, [m.id for m in plan.model.meters] + [c.id for c in plan.model.counters])
    return batch


def _chunk(args: tuple[Path, list[str], list[tuple[int, int]]]) -> Batch:
    from ..catalog import load_plan

    path, seats, runs = args
    plan, _ = load_plan(path)
    assert plan is not None
    return _play(plan, seats, runs)


def randomtest(plan: Plan, runs: int, seed: int, seats: list[str] | None = None, jobs: int = 1) -> Batch:
    """Play ``runs`` games; run i has seed r = ``seed + i`` and plays seat ``seats[r % len(seats)]``."""
    chosen = seats or [s.id for s in plan.playable_seats()]
    work = [(i, seed + i) for i in range(runs)]
    if jobs <= 1 or runs < 200:
        return _play(plan, chosen, work)
    total = Batch()
    jobs = min(jobs, os.cpu_count() or 1)
    parts = [work[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(_chunk, [(plan.path, chosen, p) for p in parts]):
            total.add(part)
    total.errors.sort(key=lambda e: e.run)
    return total
