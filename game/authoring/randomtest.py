"""Random playtests, as ChoiceScript's randomtest does them.

Run i of a batch with seed S is seeded with S+i, and everything in it follows
from that number alone, so ``--seed S+i -n 1`` repeats it exactly.

Options are picked least-used first without any state shared between runs:
at each decision the available options are put in an order that depends on
the decision and on which cycle of k runs the seed falls in (k = number of
options), and run r takes the option at position r mod k. Within every k
consecutive seeds each option is therefore taken exactly once, and the order
is reshuffled each cycle so that decisions do not move in lock step.

The engine is deterministic, so a batch may remember what each choice did from
each state it has seen: a graph whose nodes are distinct states (keyed as the
explorer keys them) and whose edges are choices. A run that follows known edges
plays no clock at all; its figures are counted per node and edge and added up
once at the end. A step that consulted the seed's luck is not remembered, since
another seed could turn out differently.

That memory pays only where states repeat, as in a week of a few dozen
decisions. Where they rarely do (a story hundreds of decisions deep), every
step makes a new node that holds a whole game, and the memory costs time and
gigabytes for nothing. So a batch watches its hit rate: after a probe, if too
few steps reuse what it knows, it drops the memory and plays on plainly, one
lean game per run. The memory is also bounded by the size of what it holds,
and starts afresh when full. Results are the same whichever way each run is
played, which a test checks.
"""

from __future__ import annotations

import itertools
import operator
import os
import zlib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..engine import Game
from ..engine.rng import Question
from ..scenario.plan import Plan
from . import collector
from .explore import referenced_choices, state_key

_LUCKY = 32  # luck-dependent steps remembered per node and option; each costs a look at its questions

Mode = Literal["auto", "memo", "plain"]

# How much the memory may hold, in entries of the states it parks (ids in sets, values): about 150 bytes
# each with the nodes around them, so some 250 MB at most.
MEMORY_BUDGET = 1_600_000
# The memory is judged each time the batch has taken this many more steps: if fewer than this share of
# them reused a known edge, plain play is faster. A miss costs a fork and a key, both the size of the state,
# on top of the step itself; November's steps are heavy and its states small, so its memory pays at hit
# rates a story of 500 light steps could not use. Both scenarios we ship reuse more than a third of their
# steps from the first window on; a story that rarely repeats a state reuses none.
PROBE_STEPS = 2_000
MIN_HIT_RATE = 0.2


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
    seed: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    decision_hits: Counter[str] = field(default_factory=Counter)
    option_hits: Counter[str] = field(default_factory=Counter)
    ranges: dict[str, list[int]] = field(default_factory=dict)
    errors: list[RunResult] = field(default_factory=list)
    dead_ends: Counter[str] = field(default_factory=Counter)
    # Per seat: how many games had n player decisions, or decisions on n distinct in-world days; and the
    # endings its games reached. Histograms rather than lists, so a million runs cost no more than ten.
    depth: Counter[tuple[str, int]] = field(default_factory=Counter)
    days: Counter[tuple[str, int]] = field(default_factory=Counter)
    seat_endings: Counter[tuple[str, str]] = field(default_factory=Counter)
    memo_runs: int = 0  # runs played with the memory; the rest were played plainly

    def add(self, other: Batch) -> None:
        self.runs += other.runs
        self.choices += other.choices
        self.memo_runs += other.memo_runs
        for mine, theirs in (
            (self.endings, other.endings),
            (self.decision_hits, other.decision_hits),
            (self.option_hits, other.option_hits),
            (self.dead_ends, other.dead_ends),
        ):
            mine.update(theirs)
        self.depth.update(other.depth)
        self.days.update(other.days)
        self.seat_endings.update(other.seat_endings)
        self.errors.extend(other.errors)
        for name, (lo, hi) in other.ranges.items():
            self.widen(name, lo, hi)

    def widen(self, name: str, lo: int, hi: int) -> None:
        span = self.ranges.get(name)
        if span is None:
            self.ranges[name] = [lo, hi]
        else:
            span[0], span[1] = min(span[0], lo), max(span[1], hi)

    def finish_run(self, seat: str, choices: int, days: int, ending: str) -> None:
        self.depth[(seat, choices)] += 1
        self.days[(seat, days)] += 1
        self.seat_endings[(seat, ending)] += 1

    def unreached(self, plan: Plan) -> dict[str, list[str]]:
        return {
            "endings": [e for e in plan.endings if not self.endings.get(e)],
            "decisions": [d for d in plan.decisions if not self.decision_hits.get(d)],
            "options": [
                f"{d.id}.{o.id}"
                for d in plan.decisions.values()
                for o in d.options
                if not self.option_hits.get(f"{d.id}.{o.id}")
            ],
        }

    def seat_report(self, plan: Plan, seat: str) -> dict[str, Any]:
        """Depth of one seat's games: player decisions and days with one, and how its games ended."""
        runs = sum(n for (s, _), n in self.seat_endings.items() if s == seat)
        endings = {e: n for (s, e), n in self.seat_endings.items() if s == seat}
        return {
            "runs": runs,
            "decisions": _spread({k: n for (s, k), n in self.depth.items() if s == seat}),
            "days": _spread({k: n for (s, k), n in self.days.items() if s == seat}),
            "endings": {e: round(n / runs, 4) for e, n in sorted(endings.items(), key=lambda kv: (-kv[1], kv[0]))},
            "endings_never_reached": [e for e in plan.endings if e not in endings],
        }

    def seats(self) -> list[str]:
        return sorted({s for s, _ in self.seat_endings})

    def to_json(self, plan: Plan) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "runs": self.runs,
            "choices": self.choices,
            "endings": dict(sorted(self.endings.items())),
            "decisions": {d: self.decision_hits.get(d, 0) for d in plan.decisions},
            "options": {
                f"{d.id}.{o.id}": self.option_hits.get(f"{d.id}.{o.id}", 0)
                for d in plan.decisions.values()
                for o in d.options
            },
            "unreached": self.unreached(plan),
            "seats": {seat: self.seat_report(plan, seat) for seat in self.seats()},
            "ranges": {k: {"min": v[0], "max": v[1]} for k, v in sorted(self.ranges.items())},
            "dead_ends": dict(self.dead_ends),
            "errors": [
                {"run": e.run, "seed": e.seed, "seat": e.seat, "choices": e.choices, "error": e.error}
                for e in self.errors
            ],
        }


def _spread(histogram: dict[int, int]) -> dict[str, float] | None:
    """min, p10, median and max of the values a histogram counts (p10 and the median by rank, as
    statistics.median_low would pick them, but without listing a million runs)."""
    if not histogram:
        return None
    values = sorted(histogram)
    total = sum(histogram.values())

    def ranked(index: int) -> int:
        seen = 0
        for value in values:
            seen += histogram[value]
            if seen > index:
                return value
        return values[-1]

    median = (ranked((total - 1) // 2) + ranked(total // 2)) / 2
    return {"min": values[0], "p10": ranked((total - 1) // 10), "median": median, "max": values[-1]}


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
_MASK = (1 << 64) - 1


def _mix(cycle: int, salt: int) -> int:
    """splitmix64's finaliser over (cycle, salt). Not crc32: crc32 is affine in its start value, so two
    decisions' shuffles were tied together (they always agreed in parity), and a run that took one option here
    could never take some option there: November's 'abstain' on a vote that one choice leads to went untaken."""
    x = (cycle * 0x9E3779B97F4A7C15 + salt) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _pick(options: tuple[str, ...], salt: int, run_seed: int) -> str:
    k = len(options)
    if k == 1:
        return options[0]
    # Only the order within a cycle matters here, and the decision's salt keeps decisions from moving together.
    cycle = _mix(run_seed // k, salt)
    orders = _ORDERS.get(k)
    if orders is not None:
        return options[orders[cycle % len(orders)][run_seed % k]]
    order = sorted(range(k), key=lambda i: zlib.crc32(options[i].encode(), cycle & 0xFFFFFFFF))
    return options[order[run_seed % k]]


class _Days:
    """The in-world day (in the clock's own zone) of a minute of the clock."""

    def __init__(self, plan: Plan):
        self.offset = plan.start.hour * 60 + plan.start.minute

    def of(self, minute: int) -> int:
        return (self.offset + minute) // 1440


@dataclass(slots=True, eq=False)
class _Node:
    """A point where the player must choose, or an ending: one per distinct state, shared by all runs."""

    game: Game  # parked here; a new choice forks it
    options: tuple[str, ...]  # available now, in the decision's order
    salt: int  # for _pick
    ending: str | None
    day: int
    edges: dict[str, _Edge] = field(default_factory=dict)
    # Steps that drew on luck, by option: each with the questions it put to its seed and their answers. It is
    # the same step for any seed that answers them alike (a chance that comes up, a trait on one side of a line).
    lucky: dict[str, list[tuple[tuple[Question, ...], _Edge]]] = field(default_factory=dict)


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
        self.days = _Days(plan)
        self.weight = 0  # entries held by the parked games, a measure of the memory's size
        self.steps = 0
        self.misses = 0  # steps that had to play the clock

    def node(self, game: Game) -> _Node:
        key = state_key(game, self.relevant)
        known = self.nodes.get(key)
        if known is not None:
            return known
        pending = game.pending
        state = game.state
        day = self.days.of(state.minute)
        if pending is None:
            made = _Node(game, (), 0, game.ending.id if game.ending else "?", day)
        else:
            options = tuple(o.id for o in pending.decision.available(state))
            made = _Node(game, options, _salt(pending.decision.id, pending.seat), None, day)
        # Every node is held (by the table or by the edge that led to it), and its game's sets dominate.
        self.weight += 8 + len(state.values) + len(state.chosen) + len(state.decided) + len(state.seen) + len(state.led)
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
        lucky = node.lucky.get(option)
        if lucky is not None:
            luck = node.game.luck
            for asked, known in lucky:
                if luck.answers(asked, seed):
                    return known
        self.misses += 1
        game = node.game.fork()
        game.seed = seed
        game.luck.asked = []
        draws, skipped = game.draws, len(game.skipped)
        game.choose(option)
        added = frozenset(game.state.chosen - node.game.state.chosen)  # the parked game is never played on
        edge = _Edge(option, self.node(game), added, tuple(game.skipped[skipped:]))
        # A step that drew on the seed's luck may go otherwise for another seed: reuse it only for a seed
        # that answers its questions alike.
        if game.draws == draws:
            node.edges[option] = edge
        elif len(node.lucky.setdefault(option, [])) < _LUCKY:
            node.lucky[option].append((tuple(game.luck.asked), edge))
        game.luck.asked = None  # the game is parked at the new node; it asks nothing more
        return edge


@dataclass
class _Tally:
    """Counts of nodes and edges; turned into a Batch's figures once, when its memory is let go."""

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
        ranges = batch.ranges
        for node in {edge.target for edge in self.edges} | {edge.target for edge in self.failed}:
            values = node.game.state.values
            for name in numeric:  # batch.widen, inlined: this loop runs for every node and every meter
                value = int(values[name])
                span = ranges.get(name)
                if span is None:
                    ranges[name] = [value, value]
                elif value < span[0]:
                    span[0] = value
                elif value > span[1]:
                    span[1] = value


def play_one(plan: Plan, seat: str, run: int, seed: int, batch: Batch, memory: Memory, tally: _Tally) -> None:
    choices: list[str] = []
    walked: list[_Edge] = []
    try:
        node = start = memory.start(seat, seed)
        days: set[int] = set()
        while node.ending is None:
            days.add(node.day)
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
        batch.memo_runs += 1
        memory.steps += len(choices)
    tally.starts[start] += 1
    tally.edges.update(walked)
    tally.finals[node] += 1
    batch.finish_run(seat, len(choices), len(days), node.ending)


class _Plain:
    """Plays a run step by step with one lean game, remembering nothing between runs."""

    def __init__(self, plan: Plan, numeric: list[str]):
        self.plan = plan
        self.numeric = numeric
        self.days = _Days(plan)
        self.salts: dict[tuple[str, str], int] = {}
        # One C-level call reads every numeric value after a step (a scalar when there is only one).
        self.read = operator.itemgetter(*numeric) if numeric else None

    def play(self, seat: str, run: int, seed: int, batch: Batch) -> None:
        choices: list[str] = []
        days: set[int] = set()
        salts, offset, numeric, read = self.salts, self.days.offset, self.numeric, self.read
        rows: list[Any] = []  # the numeric values after each step; their columns' extremes are the ranges
        game: Game | None = None
        try:
            game = Game(self.plan, [seat], seed, lean=True)
            state = game.state
            minute = -1
            while game.ending is None:
                pending = game.pending
                assert pending is not None
                decision = pending.decision
                available = tuple(o.id for o in decision.options if o.when is None or o.when(state))
                key = (decision.id, pending.seat)
                salt = salts.get(key)
                if salt is None:
                    salt = salts[key] = _salt(*key)
                option = _pick(available, salt, seed)
                choices.append(option)
                if state.minute != minute:
                    minute = state.minute
                    days.add((offset + minute) // 1440)
                game.choose(option)
                if read is not None:
                    rows.append(read(state.values))
        except Exception as exc:
            batch.errors.append(RunResult(run, seed, seat, choices, None, f"{type(exc).__name__}: {exc}"))
            return
        finally:
            batch.runs += 1
            batch.choices += len(choices)
            if rows:
                for name, column in zip(numeric, zip(*rows, strict=True) if len(numeric) > 1 else (rows,), strict=True):
                    batch.widen(name, int(min(column)), int(max(column)))
        # As in the memory's tally, a failed run counts for the ranges only.
        assert game is not None and game.ending is not None
        batch.dead_ends.update(game.skipped)
        batch.endings[game.ending.id] += 1
        for decision_id, option_id in game.state.chosen:
            batch.option_hits[f"{decision_id}.{option_id}"] += 1
        batch.decision_hits.update(game.state.decided)
        batch.finish_run(seat, len(choices), len(days), game.ending.id)


def _numeric(plan: Plan) -> list[str]:
    return [m.id for m in plan.model.meters] + [c.id for c in plan.model.counters]


def _play(plan: Plan, seats: list[str], work: list[tuple[int, int]], mode: Mode = "auto") -> Batch:
    batch = Batch()
    numeric = _numeric(plan)
    plain = _Plain(plan, numeric)
    memory: Memory | None = None if mode == "plain" else Memory(plan)
    tally = _Tally()
    # Steps and misses of the memories let go so far, and at the last judgement: the hit rate is judged over
    # the latest window of steps, whichever memories took them.
    past_steps = past_misses = judged_at = misses_then = 0
    # A batch builds a large graph that holds no reference cycles, so the cycle collector would only walk it
    # over and over (a fifth of the time); everything a batch drops is freed by reference counting.
    with collector.paused():
        for run, seed in work:
            seat = seats[seed % len(seats)]
            if memory is None:
                plain.play(seat, run, seed, batch)
                continue
            play_one(plan, seat, run, seed, batch, memory, tally)
            full = memory.weight > MEMORY_BUDGET
            steps, misses = past_steps + memory.steps, past_misses + memory.misses
            if mode == "auto" and steps - judged_at >= PROBE_STEPS:
                if misses - misses_then > (1 - MIN_HIT_RATE) * (steps - judged_at):
                    full = True
                    mode = "plain"
                judged_at, misses_then = steps, misses
            if full:
                tally.into(batch, numeric)
                tally = _Tally()
                past_steps, past_misses = steps, misses
                memory = None if mode == "plain" else Memory(plan)
    tally.into(batch, numeric)
    return batch


def _chunk(args: tuple[Path, list[str], list[tuple[int, int]], Mode]) -> Batch:
    from ..catalog import load_plan

    path, seats, runs, mode = args
    plan, _ = load_plan(path)
    assert plan is not None
    return _play(plan, seats, runs, mode)


def randomtest(
    plan: Plan, runs: int, seed: int, seats: list[str] | None = None, jobs: int = 1, mode: Mode = "auto"
) -> Batch:
    """Play ``runs`` games; run i has seed r = ``seed + i`` and plays seat ``seats[r % len(seats)]``.

    ``mode`` "memo" keeps the memory whatever its hit rate, "plain" never uses it; "auto" decides as it goes.
    """
    chosen = seats or [s.id for s in plan.playable_seats()]
    work = [(i, seed + i) for i in range(runs)]
    if jobs <= 1 or runs < 200:
        total = _play(plan, chosen, work, mode)
    else:
        total = Batch()
        jobs = min(jobs, os.cpu_count() or 1)
        parts = [work[i::jobs] for i in range(jobs)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for part in pool.map(_chunk, [(plan.path, chosen, p, mode) for p in parts]):
                total.add(part)
        total.errors.sort(key=lambda e: e.run)
    total.seed = seed
    return total


def sample(plan: Plan, seat: str, seed: int) -> Game:
    """Run ``seed`` of a batch again as a full game, with its log, for a transcript."""
    game = Game(plan, [seat], seed)
    while not game.over:
        game.choose(pick(game, seed))
    return game
