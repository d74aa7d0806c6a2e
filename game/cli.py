"""The ``boardroom`` command. The Textual UI is imported only when a game is played on screen."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import catalog, paths
from .i18n import LANGS

DESCRIPTION = """\
Boardroom: a governance-crisis simulator. Take a seat on OpenAI's board or among
its executives during 16-22 November 2023, follow history or diverge from it.

Run with no command to open the game."""

EPILOG = """\
examples:
  boardroom                                   open the game
  boardroom --lang zh                         open the game in Chinese
  boardroom play november-2023 --role toner   start straight in a seat
  boardroom play november-2023 --role altman --plain    play on stdin/stdout
  boardroom validate scenarios/               check scenario files
  boardroom replay november-2023 --role sutskever --choices historical --json
"""


def _lang(value: str) -> str:
    if value not in LANGS:
        raise argparse.ArgumentTypeError(f"unknown language '{value}' (choose from {', '.join(LANGS)})")
    return value


def _add_play_options(p: argparse.ArgumentParser, *, positional: bool) -> None:
    if positional:
        p.add_argument("scenario", nargs="?", help="a bundled scenario id (e.g. november-2023) or a path")
    p.add_argument("--role", "--seat", dest="role", metavar="SEAT", help="the seat to play, e.g. sutskever")
    p.add_argument("--lang", type=_lang, default=None, help="language: en or zh (default en, or BOARDROOM_LANG)")
    p.add_argument("--seed", type=int, default=0, help="seed for the scenario's chance events (default 0)")
    p.add_argument("--saves-dir", metavar="DIR", help="where saves go (default: saves/ or BOARDROOM_SAVES_DIR)")
    p.add_argument("--plain", action="store_true", help="play on stdin/stdout with numbered options")
    p.add_argument("--load", metavar="SLOT", help="continue a saved game (a slot name or a save file)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boardroom", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    _add_play_options(parser, positional=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser(
        "play",
        help="play a scenario (on screen, or --plain)",
        description="Play a scenario on screen, or in plain text with --plain.",
    )
    _add_play_options(play, positional=True)

    validate = sub.add_parser(
        "validate",
        help="check scenario files and list every problem",
        description="Check scenario files or folders. Prints every problem as "
        "path:line:col: message and exits 1 if there are errors.",
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="scenario files or folders (a folder of scenario folders is checked one by one)",
    )
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")

    rp = sub.add_parser(
        "replay",
        help="play a seat without a UI and print the transcript",
        description="Play a seat from a list of choices without a UI and print the transcript.",
    )
    rp.add_argument("scenario", help="a bundled scenario id or a path")
    rp.add_argument("--role", "--seat", dest="role", required=True, metavar="SEAT", help="the seat to play")
    rp.add_argument(
        "--choices",
        required=True,
        metavar="historical|ID,ID,...",
        help="'historical', or option ids in order (an id may be 'historical' for that one decision)",
    )
    rp.add_argument("--seed", type=int, default=0, help="seed for chance events (default 0)")
    rp.add_argument("--lang", type=_lang, default="en", help="language of the transcript: en or zh")
    rp.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return parser


def _scenario_dirs(target: Path) -> list[Path]:
    """A folder of scenario folders is validated one scenario at a time."""
    if target.is_dir() and not any(target.glob("*.yaml")) and not any(target.glob("*.yml")):
        return [p for p in sorted(target.iterdir()) if p.is_dir() or p.suffix in (".yaml", ".yml")]
    return [target]


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    report = []
    for raw in args.paths:
        for path in _scenario_dirs(Path(raw)):
            plan, problems = catalog.load_plan(path)
            errors = [p for p in problems if p.severity == "error"]
            failed |= plan is None or bool(errors)
            report.append(
                {"path": str(path), "ok": plan is not None and not errors, "problems": [p.to_json() for p in problems]}
            )
            if not args.json:
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
        count = sum(len([p for p in r["problems"] if p["severity"] == "error"]) for r in report)  # type: ignore[misc]
        print(f"{count} error(s)", file=sys.stderr)
    return 1 if failed else 0


def _load_or_report(name: str):  # type: ignore[no-untyped-def]
    plan, problems = catalog.load_plan(paths.resolve_scenario(name))
    if plan is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return None
    return plan


def cmd_replay(args: argparse.Namespace) -> int:
    from .replay import ReplayError, replay

    plan = _load_or_report(args.scenario)
    if plan is None:
        return 1
    choices = (
        None if args.choices.strip() == "historical" else [c.strip() for c in args.choices.split(",") if c.strip()]
    )
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


def cmd_play(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    lang = args.lang or os.environ.get("BOARDROOM_LANG", "en")
    if lang not in LANGS:
        lang = "en"
    saves_dir = paths.saves_dir(args.saves_dir)
    scenario = getattr(args, "scenario", None)
    if args.plain:
        return _play_plain(args, parser, scenario, lang, saves_dir)
    plan = None
    if scenario:
        plan = _load_or_report(scenario)
        if plan is None:
            return 1
        if args.role and args.role not in plan.seats:
            parser.error(f"unknown seat '{args.role}' (seats: {', '.join(plan.seats)})")
    from .ui.app import BoardroomApp

    app = BoardroomApp(lang=lang, saves_dir=saves_dir, plan=plan, seat=args.role, seed=args.seed, load=args.load)
    app.run()
    return app.return_code or 0


def _play_plain(
    args: argparse.Namespace, parser: argparse.ArgumentParser, scenario: str | None, lang: str, saves_dir: Path
) -> int:
    from . import saves
    from .plain import run_plain

    if not scenario and not args.load:
        parser.error("--plain needs a scenario and --role (or --load SLOT)")
    restored = None
    if args.load:
        path = Path(args.load) if args.load.endswith(".json") else saves_dir / f"{saves.slot_name(args.load)}.json"
        try:
            data = saves.read(path)
        except saves.SaveError as exc:
            print(f"boardroom: {exc}", file=sys.stderr)
            return 1
        scenario = scenario or data.scenario
        plan = _load_or_report(scenario)
        if plan is None:
            return 1
        try:
            restored = saves.restore(plan, data)
        except saves.SaveError as exc:
            print(f"boardroom: {exc}", file=sys.stderr)
            return 1
        if restored.reason:
            print(f"boardroom: the scenario has changed; continuing from before {restored.reason}", file=sys.stderr)
        seat = sorted(restored.game.players)[0]
    else:
        assert scenario is not None
        plan = _load_or_report(scenario)
        if plan is None:
            return 1
        if not args.role:
            parser.error(f"--plain needs --role (seats: {', '.join(s.id for s in plan.playable_seats())})")
        if args.role not in plan.seats or not plan.seats[args.role].playable:
            parser.error(
                f"unknown or unplayable seat '{args.role}' (seats: {', '.join(s.id for s in plan.playable_seats())})"
            )
        seat = args.role
    return run_plain(
        plan,
        seat,
        lang=lang,
        seed=args.seed,
        saves_dir=saves_dir,
        out=sys.stdout,
        inp=sys.stdin,
        game_factory=(lambda: restored.game) if restored else None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "replay":
            return cmd_replay(args)
        return cmd_play(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    sys.exit(main())
