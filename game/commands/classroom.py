"""Classroom commands: transcript, report and cards."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..scenario import Plan
from . import lang_arg, load_or_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "transcript",
        help="write a readable record of a saved game",
        description="Write a readable record of a playthrough from a save: the seat, each decision "
        "with its time, the options offered, the choice and what history did, the events seen, the "
        "meters, the ending and the discussion questions.",
    )
    p.add_argument("save", metavar="SAVE", help="a save file, or a slot name in the saves folder")
    p.add_argument("--format", choices=["md", "html"], default="md", help="Markdown (default) or HTML")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--lang", type=lang_arg, help="language (default: the save's)")
    p.add_argument("--saves-dir", metavar="DIR", help="where to look for a slot name")
    p.set_defaults(run=run_transcript)

    p = sub.add_parser(
        "report",
        help="a class report from a folder of saves and transcripts",
        description="Read every save and transcript in DIR (a class's work) and write a self-"
        "contained HTML report and a Markdown one beside it. Unreadable files are listed.",
    )
    p.add_argument("dir", metavar="DIR", help="the folder to read (searched recursively)")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="report.html",
        help="the HTML report (default report.html); the Markdown one gets the same name with .md",
    )
    p.add_argument("--lang", type=lang_arg, default="en", help="language of the report")
    p.set_defaults(run=run_report)

    p = sub.add_parser(
        "cards",
        help="print every seat's role card for use on paper",
        description="Print every playable seat's card: background, private information and objective.",
    )
    p.add_argument("scenario", help="a bundled scenario id or a path")
    p.add_argument("--format", choices=["md", "html"], default="md", help="Markdown (default) or HTML")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--lang", type=lang_arg, default="en", help="language of the cards")
    p.set_defaults(run=run_cards)


def _emit(text: str, output: str | None) -> None:
    from .. import saves

    if output:
        saves.write_atomic(Path(output), text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def find_plan(scenario_id: str) -> Plan | None:
    """A scenario by id: the bundled folder of that name, else any bundled scenario with that id."""
    from .. import catalog, paths

    folder = paths.scenarios_dir() / scenario_id
    if folder.exists():
        plan, _ = catalog.load_plan(folder)
        if plan is not None:
            return plan
    for entry in catalog.bundled():
        if entry.plan is not None and entry.plan.id == scenario_id:
            return entry.plan
    return None


def run_transcript(args: argparse.Namespace) -> int:
    from .. import paths, saves
    from ..classroom import transcript
    from ..classroom.walkthrough import walk

    path = Path(args.save)
    if not path.exists() and not args.save.endswith(".json"):
        path = paths.saves_dir(args.saves_dir) / f"{saves.slot_name(args.save)}.json"
    try:
        data = saves.read(path)
    except saves.SaveError as exc:
        print(f"boardroom transcript: {exc}", file=sys.stderr)
        return 1
    plan = find_plan(data.scenario)
    if plan is None:
        print(f"boardroom transcript: scenario '{data.scenario}' is not installed", file=sys.stderr)
        return 1
    w = walk(plan, data, args.lang)
    _emit(transcript.html(w) if args.format == "html" else transcript.markdown(w), args.output)
    return 0


def run_report(args: argparse.Namespace) -> int:
    from .. import saves
    from ..classroom.report import collect, render_html, render_markdown

    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"boardroom report: {folder} is not a folder", file=sys.stderr)
        return 1
    data = collect(folder, find_plan)
    out = Path(args.output)
    saves.write_atomic(out, render_html(data, args.lang))
    saves.write_atomic(out.with_suffix(".md"), render_markdown(data, args.lang))
    games = sum(len(s.records) for s in data.summaries.values())
    print(f"wrote {out} and {out.with_suffix('.md')}: {games} games, {len(data.unreadable)} unreadable file(s)")
    return 0


def run_cards(args: argparse.Namespace) -> int:
    from ..classroom import cards

    plan = load_or_report(args.scenario)
    if plan is None:
        return 1
    _emit(cards.html(plan, args.lang) if args.format == "html" else cards.markdown(plan, args.lang), args.output)
    return 0
