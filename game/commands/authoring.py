"""Authoring commands: lint, explore, randomtest, graph and new."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import load_or_report, scenario_dirs

if TYPE_CHECKING:
    from ..scenario.problems import Problem

TEMPLATE = Path(__file__).resolve().parent.parent / "authoring" / "template"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "lint",
        help="validate, then warn about unreachable, unused and untranslated parts",
        description="Everything 'validate' checks, plus warnings: unreachable decisions, dead ends, "
        "options never enabled, unused meters/counters/flags, unreachable endings, missing "
        "translations, uncited facts and a broken historical path. Exits 1 on errors, and with "
        "--strict on warnings too.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.add_argument("--against", metavar="OLD_PATH", help="also list changes from OLD_PATH that break saves")
    p.add_argument("--max-states", type=int, default=200_000, help="exploration limit per seat (default 200000)")
    p.set_defaults(run=run_lint)

    p = sub.add_parser(
        "explore",
        help="explore every reachable state for each seat",
        description="Explore every reachable state for each seat (equal states merged) and "
        "report endings with their shortest witnesses, unreached decisions and options, dead ends.",
    )
    p.add_argument("path", metavar="PATH", help="a scenario id or path")
    p.add_argument("--role", "--seat", dest="role", metavar="SEAT", help="explore one seat only")
    p.add_argument("--max-states", type=int, default=200_000, help="stop after this many states per seat")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_explore)

    p = sub.add_parser(
        "randomtest",
        help="play many random games and report coverage",
        description="Play N random games. Run i uses seed S+i and can be repeated alone with "
        "--seed S+i -n 1. Options are picked least-used first.",
    )
    p.add_argument("path", metavar="PATH", help="a scenario id or path")
    p.add_argument("-n", type=int, required=True, metavar="N", help="number of games")
    p.add_argument("--seed", type=int, required=True, metavar="S", help="seed of the first game")
    p.add_argument(
        "--role",
        "--seat",
        dest="role",
        metavar="SEAT",
        help="play this seat only (default: each run plays seat number seed mod the number of playable seats)",
    )
    p.add_argument("--jobs", type=int, default=1, metavar="J", help="worker processes (default 1)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_randomtest)

    p = sub.add_parser(
        "graph",
        help="draw the decision graph as Mermaid or DOT",
        description="Draw the decision graph: seats as clusters, the historical path highlighted, endings marked.",
    )
    p.add_argument("path", metavar="PATH", help="a scenario id or path")
    p.add_argument("--format", choices=["mermaid", "dot"], default="mermaid", help="output format")
    p.add_argument("--role", "--seat", dest="role", metavar="SEAT", help="only this seat's decisions")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the labels")
    p.set_defaults(run=run_graph)

    p = sub.add_parser(
        "new",
        help="write a minimal valid scenario to start from",
        description="Write a minimal, commented, valid scenario (with a fact sheet and the JSON "
        "Schema for your editor) into a new folder.",
    )
    p.add_argument("dir", metavar="DIR", help="the folder to create")
    p.set_defaults(run=run_new)


def _print(problems: list[Problem], as_json: bool) -> None:
    if as_json:
        print(json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=1))
    else:
        for problem in problems:
            print(problem.format())


def run_lint(args: argparse.Namespace) -> int:
    from .. import catalog, paths
    from ..authoring.compat import breaking_changes
    from ..authoring.lint import citations, lint

    targets = [path for raw in args.paths for path in scenario_dirs(Path(raw))]
    loaded = []
    problems = []
    for path in targets:
        plan, found = catalog.load_plan(path)
        problems.extend(found)
        if plan is not None:
            loaded.append(plan)
    # Facts cited by any scenario in the project count as cited.
    cited: set[str] = set()
    for entry in catalog.bundled():
        if entry.plan is not None:
            cited |= citations(entry.plan)
    for plan in loaded:
        cited |= citations(plan)
    bundled_root = paths.scenarios_dir().resolve()
    for plan in loaded:
        in_project = plan.path.resolve().is_relative_to(bundled_root)
        found = lint(
            plan,
            max_states=args.max_states,
            cited_elsewhere=cited,
            project_seeds=paths.seeds_dir().resolve() if in_project else None,
        )
        problems.extend(found)
    if args.against:
        old = load_or_report(args.against)
        if old is None:
            return 1
        for plan in loaded:
            problems.extend(breaking_changes(old, plan))
    problems = sorted(set(problems))
    _print(problems, args.json)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not args.json:
        sys.stdout.flush()
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def run_explore(args: argparse.Namespace) -> int:
    from ..authoring.explore import TooManyStates, explore

    plan = load_or_report(args.path)
    if plan is None:
        return 1
    if args.role and args.role not in plan.seats:
        print(f"boardroom explore: unknown seat '{args.role}'", file=sys.stderr)
        return 2
    try:
        result = explore(plan, [args.role] if args.role else None, args.max_states)
    except TooManyStates as exc:
        print(f"boardroom explore: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"{result.states:,} states explored")
    for seat in result.seats:
        print(f"\n{seat.seat}: {seat.states:,} states")
        for ending, witness in sorted(seat.endings.items()):
            print(f"  ending {ending}: {','.join(witness) or '(no choices)'}")
        for decision, witness in seat.dead_ends.items():
            print(f"  dead end at {decision}: {','.join(witness) or '(start)'}")
    print()
    print(f"decisions never reached: {', '.join(result.never_decided) or 'none'}")
    print(f"options never chosen: {', '.join(f'{d}.{o}' for d, o in result.never_chosen) or 'none'}")
    print(f"endings never reached: {', '.join(result.unreached_endings) or 'none'}")
    return 0


def run_randomtest(args: argparse.Namespace) -> int:
    from ..authoring.randomtest import randomtest

    plan = load_or_report(args.path)
    if plan is None:
        return 1
    if args.n < 1:
        print("boardroom randomtest: -n must be at least 1", file=sys.stderr)
        return 2
    if args.role and args.role not in plan.seats:
        print(f"boardroom randomtest: unknown seat '{args.role}'", file=sys.stderr)
        return 2
    batch = randomtest(plan, args.n, args.seed, [args.role] if args.role else None, args.jobs)
    report = batch.to_json(plan)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{batch.runs} runs, {batch.choices} choices")
        print("\nendings:")
        for ending, count in sorted(batch.endings.items(), key=lambda kv: -kv[1]):
            print(f"  {count:6d}  {ending}")
        print("\ncoverage (decision / option hits):")
        for decision in plan.decisions.values():
            print(f"  {report['decisions'][decision.id]:6d}  {decision.id}")
            for option in decision.options:
                print(f"  {report['options'][f'{decision.id}.{option.id}']:6d}    .{option.id}")
        print("\nmeter ranges:")
        for name, span in report["ranges"].items():
            print(f"  {name}: {span['min']}..{span['max']}")
        if batch.dead_ends:
            print("\ndead ends:")
            for stuck, count in batch.dead_ends.items():
                print(f"  {count:6d}  {stuck}")
        for error in batch.errors:
            print(f"\nerror in run {error.run} (--seed {error.seed} -n 1): {error.error}")
    return 1 if batch.errors else 0


def run_graph(args: argparse.Namespace) -> int:
    from ..authoring.graph import dot, mermaid

    plan = load_or_report(args.path)
    if plan is None:
        return 1
    if args.role and args.role not in plan.seats:
        print(f"boardroom graph: unknown seat '{args.role}'", file=sys.stderr)
        return 2
    print((dot if args.format == "dot" else mermaid)(plan, args.role, args.lang), end="")
    return 0


def run_new(args: argparse.Namespace) -> int:
    from ..authoring.schema import dump, scenario_schema

    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        print(f"boardroom new: {target} exists and is not empty", file=sys.stderr)
        return 1
    shutil.copytree(TEMPLATE, target, dirs_exist_ok=True)
    (target / "scenario.schema.json").write_text(dump(scenario_schema()), encoding="utf-8")
    scenario = target / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8").replace(
        "https://boardroom.invalid/scenario.schema.json", "./scenario.schema.json"
    )
    scenario.write_text(text, encoding="utf-8")
    print(f"wrote {target}/scenario.yaml and {target}/seeds/my-facts.yaml")
    print(f"next: boardroom lint {target}   then   boardroom play {target} --role chair")
    return 0
