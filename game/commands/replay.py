"""``boardroom replay``: play a seat without a UI and print the transcript."""

from __future__ import annotations

import argparse
import json
import sys

from . import lang_arg, load_or_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "replay",
        help="play a seat without a UI and print the transcript",
        description="Play a seat from a list of choices without a UI and print the transcript.",
    )
    p.add_argument("scenario", help="a bundled scenario id or a path")
    p.add_argument("--role", "--seat", dest="role", required=True, metavar="SEAT", help="the seat to play")
    p.add_argument(
        "--choices",
        required=True,
        metavar="historical|ID,ID,...",
        help="'historical', or option ids in order (an id may be 'historical' for that one decision)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed for chance events (default 0)")
    p.add_argument("--lang", type=lang_arg, default="en", help="language of the transcript: en or zh")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..replay import ReplayError, replay

    plan = load_or_report(args.scenario)
    if plan is None:
        return 1
    raw = args.choices.strip()
    choices = None if raw == "historical" else [c.strip() for c in raw.split(",") if c.strip()]
    try:
        result = replay(plan, args.role, choices, args.seed)
    except ReplayError as exc:
        print(f"boardroom replay: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_json(args.lang), ensure_ascii=False, indent=1))
    else:
        print(result.transcript(args.lang))
    return 0
