"""``boardroom validate``: check scenario files and list every problem."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import scenario_dirs


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario files and list every problem",
        description="Check scenario files or folders, or fact sheets (a file, or a folder such as seeds/). Prints every problem as path:line:col: message "
        "and exits 1 if there are errors.",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="scenario files or folders (a folder of scenario folders is checked one by one)",
    )
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .. import catalog
    from ..scenario.facts import fact_sheet_files, load_fact_files

    failed = False
    count = 0  # errors, over every path
    report = []
    for raw in args.paths:
        for path in scenario_dirs(Path(raw)):
            sheets = fact_sheet_files(path)
            if sheets:  # a fact sheet, or a folder of them, is checked as what it is
                facts, problems = load_fact_files(sheets, path if path.is_dir() else path.parent)
                errors = [p for p in problems if p.severity == "error"]
                failed |= bool(errors)
                count += len(errors)
                report.append({"path": str(path), "ok": not errors, "problems": [p.to_json() for p in problems]})
                if not args.json:
                    for problem in sorted(problems):
                        print(problem.format())
                    if not errors:
                        print(f"ok: {path} ({len(facts.files)} fact sheet(s), {len(facts.facts)} facts)")
                continue
            plan, problems = catalog.load_plan(path)
            errors = [p for p in problems if p.severity == "error"]
            failed |= plan is None or bool(errors)
            count += len(errors)
            report.append(
                {"path": str(path), "ok": plan is not None and not errors, "problems": [p.to_json() for p in problems]}
            )
            if args.json:
                continue
            for problem in sorted(problems):
                print(problem.format())
            if plan is not None and not errors:
                seats = sum(1 for s in plan.seats.values() if s.playable)
                print(
                    f"ok: {path} ({plan.id}: {len(plan.decisions)} decisions, {len(plan.events)} events, "
                    f"{len(plan.endings)} endings, {seats} playable seats)"
                )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    elif failed:
        sys.stdout.flush()
        print(f"{count} error(s)", file=sys.stderr)
    return 1 if failed else 0
