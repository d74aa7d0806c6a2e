"""Classroom commands: transcript, report, cards and class (the class record)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import OUTPUT_HELP, class_start, emit, lang_arg, load_or_report


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
    p.add_argument("-o", "--output", metavar="FILE", help=OUTPUT_HELP)
    p.add_argument("--lang", type=lang_arg, help="language (default: the save's)")
    p.add_argument("--saves-dir", metavar="DIR", help="where to look for a slot name")
    p.set_defaults(run=run_transcript)

    p = sub.add_parser(
        "report",
        help="a class report from a folder of saves and transcripts, or a class record",
        description="Read every save and transcript in DIR (a class's work), or every game in a class record "
        "(a .sqlite file), and write a self-contained HTML report and a Markdown one beside it: a one-screen "
        "summary of the key outcomes, then per group, per game, every point of divergence and every decision. "
        "Unreadable files are listed.",
    )
    p.add_argument(
        "dir", metavar="DIR", help="the folder to read (searched recursively), or a class record FILE.sqlite"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="report.html",
        help="the HTML report (default report.html); the Markdown one gets the same name with .md; "
        "'-' writes the HTML to standard output and no Markdown",
    )
    p.add_argument("--lang", type=lang_arg, default="en", help="language of the report")
    p.set_defaults(run=run_report)

    p = sub.add_parser(
        "class",
        help="class sessions: start one in browsers, export a class record",
        description="Commands for a class session's record (one SQLite file).",
    )
    p.set_defaults(run=lambda args, p=p: (p.print_help(sys.stderr), 2)[1])
    commands = p.add_subparsers(dest="class_command", metavar="COMMAND")
    e = commands.add_parser(
        "export",
        help="a class record as CSV or JSON: one row per choice, and the reflections",
        description="Write a class record's choices (one row per choice: student, game, group, seat, decision, "
        "option, in-world time, real time, timed out, historical or not) or its reflections, as CSV for a "
        "spreadsheet, or both as JSON.",
    )
    e.add_argument("record", metavar="FILE.sqlite", help="the class record")
    e.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
    e.add_argument("--format", choices=["csv", "json"], default="csv", help="CSV (default) or JSON (both tables)")
    e.add_argument(
        "--table",
        choices=["choices", "reflections"],
        default="choices",
        help="for CSV: which table (default choices)",
    )
    e.add_argument(
        "--pseudonymise",
        "--pseudonymize",
        action="store_true",
        help="replace names with stable pseudonyms ('Student 07'), the same every time this record is exported",
    )
    e.set_defaults(run=run_class_export)
    class_start.register(commands)
    register_student(commands)
    _register_table(commands)

    p = sub.add_parser(
        "cards",
        help="print every seat's role card for use on paper",
        description="Print every playable seat's card: background, private information and objective.",
    )
    p.add_argument("scenario", help="a bundled scenario id or a path")
    p.add_argument("--format", choices=["md", "html"], default="md", help="Markdown (default) or HTML")
    p.add_argument("-o", "--output", metavar="FILE", help=OUTPUT_HELP)
    p.add_argument("--lang", type=lang_arg, default="en", help="language of the cards")
    p.set_defaults(run=run_cards)


def run_transcript(args: argparse.Namespace) -> int:
    from .. import catalog, paths, saves
    from ..classroom import transcript
    from ..classroom.walkthrough import walk

    path, folder = Path(args.save), None
    if not path.exists() and not args.save.endswith(".json"):
        folder = paths.saves_dir(args.saves_dir)  # a slot name: the file must stay in the saves folder
        path = folder / f"{saves.slot_name(args.save)}.json"
    try:
        data = saves.read(path, folder=folder)
    except saves.SaveError as exc:
        print(f"boardroom transcript: {exc}", file=sys.stderr)
        return 1
    plan = catalog.plan_by_id(data.scenario)
    if plan is None:
        print(f"boardroom transcript: scenario '{data.scenario}' is not installed", file=sys.stderr)
        return 1
    try:
        w = walk(plan, data, args.lang)
    except saves.SaveError as exc:
        print(f"boardroom transcript: {exc}", file=sys.stderr)
        return 1
    text = transcript.html(w) if args.format == "html" else transcript.markdown(w)
    return 0 if emit("transcript", text, args.output) else 1


def run_report(args: argparse.Namespace) -> int:
    from .. import catalog
    from ..classroom.report import RECORD_SUFFIXES, collect, render_html, render_markdown
    from ..safefile import Refused, check_target, shown

    folder = Path(args.dir)
    if not folder.is_dir() and not (folder.suffix in RECORD_SUFFIXES and folder.is_file()):
        print(f"boardroom report: {shown(folder)} is not a folder or a class record (.sqlite)", file=sys.stderr)
        return 1
    data = collect(folder, catalog.plan_by_id)
    games = sum(len(s.records) for s in data.summaries.values())
    counts = f"{games} games, {len(data.unreadable)} unreadable file(s)"
    if args.output == "-":
        if not emit("report", render_html(data, args.lang), "-"):
            return 1
        print(counts, file=sys.stderr)
        return 0
    out = Path(args.output)
    md = out.with_suffix(".md")
    try:  # refuse before writing either, so a refused Markdown file does not leave a new HTML one alone
        check_target(out)
        check_target(md)
    except Refused as exc:
        print(f"boardroom report: {exc}", file=sys.stderr)
        return 1
    for target, text in ((out, render_html(data, args.lang)), (md, render_markdown(data, args.lang))):
        if not emit("report", text, str(target), say=False):
            return 1
    print(f"wrote {shown(out)} and {shown(md)}: {counts}")
    return 0


def run_class_export(args: argparse.Namespace) -> int:
    from .. import catalog
    from ..classroom import export
    from ..classroom.record import ClassRecord, RecordError

    try:
        with ClassRecord.read(Path(args.record)) as record:
            data = export.build(record, catalog.plan_by_id, pseudonymise=args.pseudonymise)
    except RecordError as exc:
        print(f"boardroom class export: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        text = export.to_json(data)
    elif args.table == "reflections":
        text = export.to_csv(data.reflections, export.REFLECTION_COLUMNS)
    else:
        text = export.to_csv(data.choices, export.CHOICE_COLUMNS)
    return 0 if emit("class export", text, args.output) else 1


def run_cards(args: argparse.Namespace) -> int:
    from ..classroom import cards

    plan = load_or_report(args.scenario)
    if plan is None:
        return 1
    text = cards.html(plan, args.lang) if args.format == "html" else cards.markdown(plan, args.lang)
    return 0 if emit("cards", text, args.output) else 1


# --- class student: one student's game in a class session ---------------------------------------------


def register_student(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = commands.add_parser(
        "student",
        help="one student's game in a class session (the class server starts it for each student)",
        description="Run a student's game in a class session: a lobby (a seat as the teacher's seat mode says, "
        "or a board table), every choice written to the class record as it is made, the teacher's pause, "
        "warning and debrief, and the end screen with the class's choices. The class server starts it for "
        "each student it has let in; the arguments are trusted, so nothing here comes from the browser.",
    )
    s.add_argument("--db", required=True, metavar="FILE.sqlite", help="the class record")
    s.add_argument("--session", type=int, required=True, metavar="S", help="the class session's id in the record")
    s.add_argument("--student", type=int, required=True, metavar="ID", help="the student's id in the record")
    s.add_argument("--lang", type=lang_arg, default=None, help="language: en or zh")
    s.add_argument("--seed", type=int, default=None, help="one seed for every game (default: a new one per game)")
    from .play import add_settings_options

    add_settings_options(s)
    s.set_defaults(run=lambda args, p=s: run_class_student(args, p))


def run_class_student(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import tempfile

    from .. import catalog
    from ..classroom.live import LiveClass
    from ..classroom.record import ClassRecord, RecordError
    from ..safefile import shown
    from ..settings import Settings, SettingsError, check
    from .play import settings_from

    path = Path(args.db)
    if not path.is_file():  # the class server made it; a missing one is a wrong path, not a new class
        print(f"boardroom class student: {shown(path)}: no such class record", file=sys.stderr)
        return 1
    try:
        record = ClassRecord.open(path)
    except RecordError as exc:
        print(f"boardroom class student: {exc}", file=sys.stderr)
        return 1
    with record:
        session = next((s for s in record.sessions() if s.id == args.session), None)
        live = LiveClass(record, args.session)
        student = live.student(args.student) if session is not None else None
        if session is None or student is None:
            print(f"boardroom class student: no student {args.student} in session {args.session}", file=sys.stderr)
            return 1
        plan = catalog.plan_by_id(session.scenario)
        if plan is None:
            print(f"boardroom class student: scenario '{session.scenario}' is not installed", file=sys.stderr)
            return 1
        stored = session.settings  # what the teacher started the class with; flags still win
        try:
            base = Settings(**stored) if stored and not check(stored) and args.settings is None else None
        except SettingsError:
            base = None
        settings = settings_from(args, parser, base)
        from ..ui.classroom.app import make_class_app

        with tempfile.TemporaryDirectory(prefix="boardroom-class-") as saves_dir:
            app = make_class_app(
                live,
                student,
                plan,
                lang=args.lang or settings.lang or "en",
                settings=settings,
                saves_dir=Path(saves_dir),
                seed=args.seed,
            )
            app.run()
        return app.return_code or 0


def _register_table(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """A developer's way into one board table without the lobby; not listed in the help."""
    d = commands.add_parser("table", help=argparse.SUPPRESS, description="Open a board table directly.")
    d.add_argument("--db", required=True, metavar="FILE.sqlite", help="the class record")
    d.add_argument("--session", required=True, type=int, help="the class session's id")
    d.add_argument("--student", required=True, type=int, help="the student's id")
    d.add_argument("--table", required=True, type=int, help="the board table's id")
    d.add_argument("--lang", type=lang_arg, default="en", help="language")
    d.set_defaults(run=run_class_table)


def run_class_table(args: argparse.Namespace) -> int:
    from .. import catalog
    from ..classroom.live import LiveClass
    from ..classroom.record import ClassRecord, RecordError

    try:
        record = ClassRecord.open(Path(args.db))
    except RecordError as exc:
        print(f"boardroom class table: {exc}", file=sys.stderr)
        return 1
    session = next((s for s in record.sessions() if s.id == args.session), None)
    live = LiveClass(record, args.session)
    plan = catalog.plan_by_id(session.scenario) if session is not None else None
    if plan is None or live.student(args.student) is None or live.table(args.table) is None:
        print("boardroom class table: no such session, scenario, student or table in this record", file=sys.stderr)
        return 1
    from ..ui.classroom.table_dev import table_app

    table_app(live, args.table, args.student, plan, lang=args.lang).run()
    return 0
