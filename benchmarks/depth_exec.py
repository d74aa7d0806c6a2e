"""How deep a seat's week is under uniform-random play (issue 10's targets).

Run: python benchmarks/depth_exec.py [SCENARIO] [-n 400] [--seed 1] [--seats a,b] [--json]

Each game plays one seat; at each of its decisions every available option is
equally likely (a ``random.Random`` seeded per game, so a run repeats exactly);
every other seat follows its policy with the game's seed. Per seat it reports
the player's decisions per game (min, p10, median, max), the distinct in-world
days with a player decision, the endings reached and the largest ending share,
and, for the games whose first decision left history, how many decisions
followed and how many of them still ended historically.

These are counts, not timings; tests/test_depth_exec.py checks the targets on a
fixed seed through ``measure``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import Game  # noqa: E402
from game.scenario import check  # noqa: E402
from game.scenario.plan import Plan  # noqa: E402


@dataclass
class Spread:
    min: int
    p10: int
    median: float
    max: int

    @classmethod
    def of(cls, values: list[int]) -> Spread:
        ordered = sorted(values)
        if not ordered:
            return cls(0, 0, 0, 0)
        return cls(ordered[0], ordered[len(ordered) // 10], statistics.median(ordered), ordered[-1])


@dataclass
class SeatDepth:
    seat: str
    games: int
    decisions: Spread
    days: Spread
    endings: dict[str, int]
    largest_share: float
    early_games: int  # games that left history at the first decision where history has an option
    early_more: Spread  # decisions after the first, in those games
    early_historical_share: float  # share of those games that ended in the historical ending


@dataclass
class _Game:
    decisions: int
    days: int
    ending: str
    historical: bool
    left_first: bool


def _play(plan: Plan, seat: str, seed: int) -> _Game:
    pick = random.Random(seed)
    game = Game(plan, [seat], seed, lean=True)
    days: set[object] = set()
    left_first: bool | None = None
    count = 0
    while not game.over:
        pending = game.pending
        assert pending is not None
        available = [v.option for v in game.options() if v.available]
        option = pick.choice(available)
        marked = game.historical_option(pending.decision, pending.seat)
        if left_first is None and marked is not None:  # the first decision on which history has a say
            left_first = marked.id != option.id
        days.add(plan.time(game.state.minute).date())
        count += 1
        game.choose(option.id)
    assert game.ending is not None
    return _Game(count, len(days), game.ending.id, game.ending.historical, bool(left_first))


def measure(plan: Plan, seat: str, runs: int, seed: int) -> SeatDepth:
    games = [_play(plan, seat, seed + i) for i in range(runs)]
    endings = Counter(g.ending for g in games)
    early = [g for g in games if g.left_first]
    return SeatDepth(
        seat=seat,
        games=runs,
        decisions=Spread.of([g.decisions for g in games]),
        days=Spread.of([g.days for g in games]),
        endings=dict(endings.most_common()),
        largest_share=max(endings.values()) / runs,
        early_games=len(early),
        early_more=Spread.of([g.decisions - 1 for g in early]),
        early_historical_share=(sum(g.historical for g in early) / len(early)) if early else 0.0,
    )


def table(rows: list[SeatDepth]) -> str:
    head = (
        "| seat | decisions min/p10/median/max | days median (p10) | endings | largest share "
        "| diverge at first: games, more decisions min/p10/median, historical share |"
    )
    lines = [head, "|---|---|---|---|---|---|"]
    for r in rows:
        d, e = r.decisions, r.early_more
        lines.append(
            f"| {r.seat} | {d.min}/{d.p10}/{d.median:g}/{d.max} | {r.days.median:g} ({r.days.p10}) "
            f"| {len(r.endings)} | {r.largest_share:.0%} ({next(iter(r.endings))}) "
            f"| {r.early_games}, +{e.min}/+{e.p10}/+{e.median:g}, {r.early_historical_share:.0%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "november-2023"))
    parser.add_argument("-n", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seats", default="altman,brockman,murati")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    plan, problems = check(Path(args.scenario), facts_dirs=[ROOT / "seeds"])
    if plan is None:
        sys.exit("\n".join(str(p) for p in problems))
    rows = [measure(plan, seat, args.n, args.seed) for seat in args.seats.split(",")]
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print(table(rows))
        for r in rows:
            print(f"{r.seat}: {r.endings}")


if __name__ == "__main__":
    main()
