"""How deep a scenario is from each seat, under uniform-random play.

Run: python3 benchmarks/depth.py [SCENARIO] [-n 400] [--seed 1] [--seats a,b] [--json]

For each seat, N games in which the person in that seat picks every time uniformly among the options
available to them (every other seat follows its policy). Reports per seat:

- the player's decisions per game (min, p10, median, max);
- the distinct in-world days on which the player decided (median, p10);
- the endings reached and the largest share of games any one ending took;
- for games that left history at the seat's first decision: how many more decisions followed (min,
  p10, median) and what share of them still ended in the historical ending.

These are depth figures, not timings, so a test checks them over a fixed seed (issue 10's targets).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game import catalog, paths  # noqa: E402
from game.engine import Game  # noqa: E402
from game.scenario import Plan  # noqa: E402


@dataclass
class SeatDepth:
    seat: str
    games: int = 0
    decisions: list[int] = field(default_factory=list)
    days: list[int] = field(default_factory=list)
    endings: Counter[str] = field(default_factory=Counter)
    # games whose first player decision left history: decisions after it, and whether history's ending came
    diverged_more: list[int] = field(default_factory=list)
    diverged_historical: int = 0

    def summary(self, plan: Plan) -> dict[str, Any]:
        top, top_n = self.endings.most_common(1)[0] if self.endings else ("", 0)
        historical = {e.id for e in plan.endings.values() if e.historical}
        out: dict[str, Any] = {
            "seat": self.seat,
            "games": self.games,
            "decisions": _spread(self.decisions),
            "days": _spread(self.days),
            "endings": dict(self.endings.most_common()),
            "endings_reached": len(self.endings),
            "largest_ending": top,
            "largest_share": round(top_n / self.games, 3) if self.games else 0.0,
            "historical_share": round(sum(self.endings[h] for h in historical) / self.games, 3) if self.games else 0,
            "diverged_first": {
                "games": len(self.diverged_more),
                "more_decisions": _spread(self.diverged_more),
                "historical_share": round(self.diverged_historical / len(self.diverged_more), 3)
                if self.diverged_more
                else 0.0,
            },
        }
        return out


def _spread(values: list[int]) -> dict[str, float]:
    if not values:
        return {"min": 0, "p10": 0, "median": 0, "max": 0}
    ordered = sorted(values)
    return {
        "min": ordered[0],
        "p10": ordered[int(0.1 * (len(ordered) - 1))],
        "median": statistics.median(ordered),
        "max": ordered[-1],
    }


def play_uniform(plan: Plan, seat: str, seed: int) -> tuple[Game, list[tuple[int, bool | None]]]:
    """One game with ``seat`` picking uniformly; returns it and, per choice, (minute, historical?)."""
    rng = random.Random(f"depth:{seat}:{seed}")
    game = Game(plan, [seat], seed=seed, lean=True)
    steps: list[tuple[int, bool | None]] = []
    while not game.over and game.pending is not None:
        decision = game.pending.decision
        available = [v.option for v in game.options(seat) if v.available]
        option = rng.choice(available)
        has_history = any(seat in o.historical_for for o in decision.options)
        steps.append((game.state.minute, (seat in option.historical_for) if has_history else None))
        game.choose(option.id, seat)
    return game, steps


def measure(plan: Plan, seat: str, n: int, seed: int = 1) -> SeatDepth:
    depth = SeatDepth(seat)
    for i in range(n):
        game, steps = play_uniform(plan, seat, seed + i)
        depth.games += 1
        depth.decisions.append(len(steps))
        depth.days.append(len({plan.time(minute).date() for minute, _ in steps}))
        ending = game.ending.id if game.ending else "(none)"
        depth.endings[ending] += 1
        if steps and steps[0][1] is False:
            depth.diverged_more.append(len(steps) - 1)
            if game.ending is not None and game.ending.historical:
                depth.diverged_historical += 1
    return depth


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| seat | decisions min/p10/median/max | days median | endings (largest share) "
        "| diverge first: games, more decisions min/p10/median, ends historically |"
    )
    lines = [head, "|---|---|---|---|---|"]
    for r in rows:
        d, days, dv = r["decisions"], r["days"], r["diverged_first"]
        more = dv["more_decisions"]
        lines.append(
            f"| {r['seat']} | {d['min']}/{d['p10']}/{d['median']}/{d['max']} | {days['median']} "
            f"| {r['endings_reached']} ({r['largest_ending']} {r['largest_share']:.0%}) "
            f"| {dv['games']}: +{more['min']}/+{more['p10']}/+{more['median']}, {dv['historical_share']:.0%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="november-2023")
    parser.add_argument("-n", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seats", default="")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--endings", action="store_true", help="list every seat's endings")
    args = parser.parse_args(argv)
    plan, problems = catalog.load_plan(paths.scenarios_dir() / args.scenario)
    if plan is None:
        print("\n".join(p.format() for p in problems), file=sys.stderr)
        return 1
    seats = args.seats.split(",") if args.seats else [s.id for s in plan.model.seats if s.playable]
    rows = [measure(plan, seat, args.n, args.seed).summary(plan) for seat in seats]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(table(rows))
    if args.endings:
        for r in rows:
            print(f"{r['seat']}: {r['endings']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
