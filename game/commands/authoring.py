"""Authoring commands: lint, explore, randomtest, graph and new."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import OUTPUT_HELP, emit, lang_arg, load_or_report, scenario_dirs

if TYPE_CHECKING:
    from ..authoring.randomtest import Batch
    from ..scenario.plan import Plan

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
        "--seed S+i -n 1. Options are picked least-used first. Reports endings, what was never reached, "
        "each seat's depth (player decisions and days with one per game) and meter ranges.",
    )
    p.add_argument("path", metavar="PATH", help="a scenario id or path")
    p.add_argument("-n", type=int, required=True, metavar="N", help="number of games")
    p.add_argument(
        "--seed", type=int, metavar="S", help="seed of the first game (default: a random one, printed to repeat it)"
    )
    p.add_argument("--transcripts", type=int, default=0, metavar="K", help="also print the text of the first K runs")
    p.add_argument("--lang", type=lang_arg, default="en", help="language of the transcripts: en or zh")
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
        help="draw the decision graph as Mermaid, DOT, JSON or an HTML story map",
        description="Draw the decision graph: seats as clusters, the historical path highlighted, conditions as "
        "labelled edges from what makes them true, endings hanging off what triggers them. --format html writes "
        "a self-contained story map that can be zoomed and searched.",
    )
    p.add_argument("path", metavar="PATH", help="a scenario id or path")
    p.add_argument("--format", choices=["mermaid", "dot", "html"], default="mermaid", help="output format")
    p.add_argument("--json", action="store_true", help="print the nodes and edges as JSON")
    p.add_argument("-o", "--output", metavar="FILE", help=OUTPUT_HELP)
    p.add_argument("--role", "--seat", dest="role", metavar="SEAT", help="only this seat's decisions")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the labels")
    p.set_defaults(run=run_graph)

    p = sub.add_parser(
        "strings",
        help="exchange a scenario's text with translators as a CSV table",
        description="export: write every text of a scenario as a CSV table (key, where, lock, status, then one "
        "column per language) for translators. import: write the translations of such a table back into the "
        "scenario's YAML files in place, keeping their comments and layout; rows whose source text changed "
        "since export (their lock no longer matches) are stale and are not written.",
    )
    strings = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = strings.add_parser("export", help="write the table", description="Write the scenario's text as CSV.")
    e.add_argument("path", metavar="SCENARIO", help="a scenario id or path")
    e.add_argument(
        "--to", action="append", choices=["en", "zh"], metavar="LANG", help="a language to translate into (repeatable)"
    )
    e.add_argument("-o", "--output", default="-", metavar="FILE", help=OUTPUT_HELP)
    e.set_defaults(run=run_strings_export)
    i = strings.add_parser(
        "import", help="write translations back", description="Write a table's translations into the scenario."
    )
    i.add_argument("path", metavar="SCENARIO", help="a scenario folder or file")
    i.add_argument("table", metavar="TABLE.csv", help="a table made by 'strings export' and translated")
    i.add_argument("--force", action="store_true", help="also write rows whose source text changed since export")
    i.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    i.set_defaults(run=run_strings_import)

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
    import random

    from ..authoring.randomtest import randomtest

    plan = load_or_report(args.path)
    if plan is None:
        return 1
    if args.n < 1:
        print("boardroom randomtest: -n must be at least 1", file=sys.stderr)
        return 2
    if args.transcripts < 0:
        print("boardroom randomtest: --transcripts must be at least 0", file=sys.stderr)
        return 2
    if args.role and args.role not in plan.seats:
        print(f"boardroom randomtest: unknown seat '{args.role}'", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    seats = [args.role] if args.role else None
    batch = randomtest(plan, args.n, seed, seats, args.jobs)
    report = batch.to_json(plan)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"seed {seed} (repeat with --seed {seed})")
        print(_randomtest_text(plan, batch, report))
    if args.transcripts:
        # In JSON mode stdout carries only the JSON: the transcripts go to stderr.
        _print_transcripts(
            plan, seed, seats, min(args.transcripts, args.n), args.lang, sys.stderr if args.json else sys.stdout
        )
    return 1 if batch.errors else 0


def _randomtest_text(plan: Plan, batch: Batch, report: dict[str, Any]) -> str:
    lines = [f"{batch.runs} runs, {batch.choices} choices", "", "endings:"]
    for ending, count in sorted(batch.endings.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {count:6d}  {ending}")
    lines += ["", "depth per seat (player decisions per game; days with a decision):"]
    for seat, depth in report["seats"].items():
        d, days = depth["decisions"], depth["days"]
        lines.append(
            f"  {seat}: {depth['runs']} runs; decisions min {d['min']} p10 {d['p10']} median {d['median']:g} "
            f"max {d['max']}; days median {days['median']:g}"
        )
        top = ", ".join(f"{e} {share:.0%}" for e, share in list(depth["endings"].items())[:4])
        lines.append(f"    endings: {top}")
        if depth["endings_never_reached"]:
            lines.append(f"    never ends in: {', '.join(depth['endings_never_reached'])}")
    lines += ["", "coverage (decision / option hits):"]
    for decision in plan.decisions.values():
        lines.append(f"  {report['decisions'][decision.id]:6d}  {decision.id}")
        for option in decision.options:
            lines.append(f"  {report['options'][f'{decision.id}.{option.id}']:6d}    .{option.id}")
    lines += ["", "meter ranges:"]
    for name, span in report["ranges"].items():
        lines.append(f"  {name}: {span['min']}..{span['max']}")
    if batch.dead_ends:
        lines += ["", "dead ends:"]
        for decision, count in batch.dead_ends.items():
            lines.append(f"  {count:6d}  {decision}")
    unreached = report["unreached"]
    lines += [
        "",
        f"endings never reached: {', '.join(unreached['endings']) or 'none'}",
        f"decisions never reached: {', '.join(unreached['decisions']) or 'none'}",
        f"options never chosen: {', '.join(unreached['options']) or 'none'}",
    ]
    for error in batch.errors:
        lines.append(f"\nerror in run {error.run} (--seed {error.seed} -n 1): {error.error}")
    return "\n".join(lines)


def _print_transcripts(plan: Plan, seed: int, seats: list[str] | None, count: int, lang: str, out: TextIO) -> None:
    from ..authoring.randomtest import sample
    from ..replay import ReplayResult

    chosen = seats or [s.id for s in plan.playable_seats()]
    for run in range(count):
        run_seed = seed + run
        seat = chosen[run_seed % len(chosen)]
        print(f"\n=== run {run} (--seed {run_seed} -n 1), seat {seat} ===\n", file=out)
        try:
            game = sample(plan, seat, run_seed)
        except Exception as exc:  # the batch reports the same error; a transcript is a sample, not a check
            print(f"(this run fails: {type(exc).__name__}: {exc})", file=out)
            continue
        print(ReplayResult(game, seat).transcript(lang), file=out)


def run_graph(args: argparse.Namespace) -> int:
    from ..authoring import graph, graph_html

    plan = load_or_report(args.path)
    if plan is None:
        return 1
    if args.role and args.role not in plan.seats:
        print(f"boardroom graph: unknown seat '{args.role}'", file=sys.stderr)
        return 2
    if args.json:
        text = json.dumps(graph.build(plan, args.role, args.lang).to_json(), ensure_ascii=False, indent=1) + "\n"
    else:
        render = {"dot": graph.dot, "html": graph_html.render}.get(args.format, graph.mermaid)
        text = render(plan, args.role, args.lang)
    return 0 if emit("graph", text, args.output) else 1


def run_strings_export(args: argparse.Namespace) -> int:
    from ..authoring.strings import export

    plan = load_or_report(args.path)
    if plan is None:
        return 1
    return 0 if emit("strings", export(plan, args.to), args.output) else 1


def run_strings_import(args: argparse.Namespace) -> int:
    from ..authoring.strings import MAX_TABLE_BYTES, ImportFailed, plan_import, write_import
    from ..safefile import Refused, read_limited

    plan = load_or_report(args.path)
    if plan is None:
        return 1
    try:
        table = read_limited(Path(args.table), MAX_TABLE_BYTES).decode("utf-8-sig")
        changed, report = plan_import(plan, table, force=args.force)
        if not args.dry_run:
            write_import(plan, changed)
    except (Refused, OSError, UnicodeDecodeError, ImportFailed) as exc:
        print(f"boardroom strings: {exc}", file=sys.stderr)
        return 1
    verb = "would write" if args.dry_run else "wrote"
    for file, count in sorted(report.written.items()):
        print(f"{verb} {count} translation(s) in {file}")
    if not report.written:
        print(f"no translation to write ({report.unchanged} already as in the table)")
    for key in report.stale:
        print(f"stale, not written (the source changed since export; export again): {key}")
    for key in report.unknown:
        print(f"not in the scenario (renamed or removed?): {key}")
    for problem in report.problems:
        print(problem)
    return 1 if report.problems else 0


def run_new(args: argparse.Namespace) -> int:
    from ..authoring.schema import dump, factsheet_schema, scenario_schema

    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        print(f"boardroom new: {target} exists and is not empty", file=sys.stderr)
        return 1
    shutil.copytree(TEMPLATE, target, dirs_exist_ok=True)
    # Each file's first line names its schema, written beside it, so an editor checks it as you type.
    (target / "scenario.schema.json").write_text(dump(scenario_schema()), encoding="utf-8")
    (target / "factsheet.schema.json").write_text(dump(factsheet_schema()), encoding="utf-8")
    for file, schema in (
        (target / "scenario.yaml", "./scenario.schema.json"),
        (target / "seeds" / "my-facts.yaml", "../factsheet.schema.json"),
    ):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace(f"https://boardroom.invalid/{Path(schema).name}", schema), encoding="utf-8")
    print(f"wrote {target}/scenario.yaml and {target}/seeds/my-facts.yaml, each with its schema for your editor")
    print(f"next: boardroom lint {target}   then   boardroom play {target} --role chair")
    return 0
