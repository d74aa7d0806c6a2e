#!/usr/bin/env python3
"""The bigger monkey: random keys and terminal sizes (10x5 up) on every screen, with and without the size guard.

    python3 scripts/monkey.py --seed 1 --rounds 2 --actions 60 [--scenario november-2023] [--only play,save]

Prints what it tried (episodes, keypresses, sizes) and how many episodes ran clean, with the traceback of
every failure; exits 1 if any failed. tests/test_ui_sizes.py runs a small, quick version of the same monkey.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game import catalog, paths  # noqa: E402
from tests import monkey  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="passes over every screen (default 1)")
    parser.add_argument("--actions", type=int, default=60, help="random keys and resizes per episode (default 60)")
    parser.add_argument("--scenario", default="november-2023", help="a bundled scenario (default november-2023)")
    parser.add_argument("--only", help="comma-separated episode names: " + ", ".join(monkey.NAMES))
    args = parser.parse_args()

    plan, problems = catalog.load_plan(paths.scenarios_dir() / args.scenario)
    if plan is None:
        print("\n".join(p.format() for p in problems), file=sys.stderr)
        return 2
    seats = [s.id for s in plan.playable_seats()]
    work = Path(tempfile.mkdtemp(prefix="boardroom-monkey-"))
    try:
        # The title screen's scenario list shows only this scenario, so that the monkey's keys reach it.
        shutil.copytree(plan.path, work / "scenarios" / plan.id)
        os.environ["BOARDROOM_SCENARIOS_DIR"] = str(work / "scenarios")
        started = time.monotonic()
        tally = asyncio.run(
            monkey.run(
                plan,
                work / "saves",
                seed=args.seed,
                actions=args.actions,
                rounds=args.rounds,
                hotseat=seats[:2],
                seat=seats[0],
                only=set(args.only.split(",")) if args.only else None,
            )
        )
        elapsed = time.monotonic() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for failure in tally.failures:
        print(failure, file=sys.stderr)
    print(f"monkey (seed {args.seed}, {args.scenario}): {tally.line()} [{elapsed:.0f} s]")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
