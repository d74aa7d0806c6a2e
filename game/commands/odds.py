"""``boardroom odds``: play the week many times with every seat unplayed and report the endings' odds."""

from __future__ import annotations

import argparse
import json
import sys

from . import lang_arg, load_or_report


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "odds",
        help="play the week N times with every seat unplayed and report the odds of each ending",
        description="Play the scenario N times with no player: every seat decides by its own policy, and "
        "dispositions and chances are drawn from the seed (game i has seed S+i). Reports each ending's share "
        "with a 95% Wilson interval, and the decisions whose outcome says most about the ending. "
        "See docs/odds.md for the method and its limits.",
    )
    p.add_argument("scenario", help="a bundled scenario id or a path")
    p.add_argument("-n", type=int, required=True, metavar="N", help="number of games")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the first game (default 0)")
    p.add_argument("--top", type=int, default=8, metavar="K", help="decisions to list (default 8)")
    p.add_argument("--lang", type=lang_arg, default="en", help="language of the report: en or zh")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..authoring.odds import odds, report

    if args.n < 1:
        print("boardroom odds: -n must be at least 1", file=sys.stderr)
        return 2
    plan = load_or_report(args.scenario)
    if plan is None:
        return 1
    result = odds(plan, args.n, args.seed, max(0, args.top))
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(report(plan, result, args.lang)))
    return 0
