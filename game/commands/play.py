"""``boardroom play`` (and ``boardroom`` alone): the Textual game, or plain text with ``--plain``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import paths
from ..i18n import LANGS
from ..safefile import sweep
from ..settings import Settings, SettingsError, merge
from ..settings import load as load_settings
from . import lang_arg, load_or_report


def add_options(p: argparse.ArgumentParser, *, positional: bool) -> list[argparse.Action]:
    """Add the game's options to ``p``; returns them, so a parser can tell its own options from others'."""
    actions: list[argparse.Action] = []

    def add(to: argparse._ActionsContainer, *names: str, **how: Any) -> None:
        actions.append(to.add_argument(*names, **how))

    if positional:
        add(p, "scenario", nargs="?", help="a bundled scenario id (e.g. november-2023) or a path")
    add(p, "--role", "--seat", dest="role", metavar="SEAT", help="the seat to play, e.g. sutskever")
    add(p, "--lang", type=lang_arg, default=None, help="language: en or zh (default en, or BOARDROOM_LANG)")
    add(p, "--seed", type=int, default=0, help="seed for the scenario's chance events (default 0)")
    add(p, "--saves-dir", metavar="DIR", help="where saves go (default: saves/ or BOARDROOM_SAVES_DIR)")
    add(p, "--plain", action="store_true", help="play on stdin/stdout with numbered options")
    add(p, "--load", metavar="SLOT", help="continue a saved game (a slot name or a save file)")
    add(
        p,
        "--hotseat",
        metavar="SEAT,SEAT",
        help="several players at one screen, each in a seat, taking turns (e.g. sutskever,toner,mccauley,dangelo)",
    )
    add(
        p,
        "--watch",
        action="store_true",
        help="reload the scenario's files whenever they change, replaying your choices (for scenario authors)",
    )
    actions += add_settings_options(p)
    return actions


def add_settings_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    """The teacher's settings as flags (``settings_from`` reads them), for every command that starts a game."""
    actions: list[argparse.Action] = []

    def add(to: argparse._ActionsContainer, *names: str, **how: Any) -> None:
        actions.append(to.add_argument(*names, **how))

    t = p.add_argument_group("teacher settings (also in a settings file; see docs/teaching.md)")
    add(t, "--settings", metavar="FILE", help="a settings file (default: BOARDROOM_SETTINGS or ./boardroom.toml)")
    add(t, "--time-limit", type=int, metavar="SECONDS", help="seconds per decision, with a countdown; 0 = off")
    add(
        t,
        "--on-timeout",
        choices=["inaction", "policy", "historical"],
        help="what happens when time runs out (default inaction)",
    )
    add(t, "--hide-history", action="store_true", default=None, help="keep the history panel hidden until the ending")
    add(t, "--no-undo", dest="allow_undo", action="store_false", default=None, help="turn undo off")
    add(
        t,
        "--no-aftermath",
        dest="aftermath",
        action="store_false",
        default=None,
        help="no 'what happened' card after each choice (the news log still has everything)",
    )
    add(t, "--seats", metavar="SEAT,SEAT", help="the seats players may choose")
    add(
        t,
        "--autosave",
        choices=["per-seat", "per-game"],
        help="one autosave per seat (default) or one per playthrough (never overwritten)",
    )
    return actions


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "play",
        help="play a scenario (on screen, or --plain)",
        description="Play a scenario on screen, or in plain text with --plain.",
    )
    add_options(p, positional=True)
    p.set_defaults(run=None)  # main() passes the parser along for argument errors


def flags_over(args: argparse.Namespace, base: Settings) -> Settings:
    """The settings flags of ``add_settings_options`` over ``base``. Raises SettingsError."""
    return merge(
        base,
        time_limit=args.time_limit,
        on_timeout=args.on_timeout,
        hide_history=args.hide_history,
        allow_undo=args.allow_undo,
        autosave=args.autosave,
        aftermath=args.aftermath,
        lang=getattr(args, "lang", None),  # commands where each player picks their own language have no --lang
        seats=[s.strip() for s in args.seats.split(",") if s.strip()] if args.seats else None,
    )


def settings_from(args: argparse.Namespace, parser: argparse.ArgumentParser, base: Settings | None = None) -> Settings:
    """The flags over ``base`` (default: the settings file)."""
    try:
        return flags_over(args, base if base is not None else load_settings(args.settings))
    except SettingsError as exc:
        parser.error(str(exc).splitlines()[0])


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    settings = settings_from(args, parser)
    lang = settings.lang or os.environ.get("BOARDROOM_LANG", "en")
    if lang not in LANGS:
        lang = "en"
    saves_dir = paths.saves_dir(args.saves_dir)
    sweep(saves_dir)  # temporary files of saves that were killed mid-write
    scenario = getattr(args, "scenario", None)
    if args.plain:
        if args.watch:
            parser.error("--watch is for the screen UI; it does not work with --plain")
        if args.hotseat:
            parser.error("--hotseat is for the screen UI; it does not work with --plain")
        return _plain(args, parser, scenario, lang, saves_dir, settings)
    if (args.watch or args.hotseat) and not scenario:
        parser.error(f"{'--watch' if args.watch else '--hotseat'} needs a scenario, e.g. play november-2023")
    plan = None
    players = None
    if scenario:
        plan = load_or_report(scenario)
        if plan is None:
            return 1
        allowed = settings.allowed_seats(plan)
        if args.role and args.role not in plan.seats:
            parser.error(f"unknown seat '{args.role}' (seats: {', '.join(plan.seats)})")
        if args.role and args.role not in allowed:
            parser.error(f"seat '{args.role}' cannot be chosen here (seats: {', '.join(allowed)})")
        if args.hotseat:
            players = _hotseat(args, parser, plan.seats, allowed)
    from ..ui.app import make_app

    app = make_app(
        lang=lang,
        saves_dir=saves_dir,
        plan=plan,
        seat=args.role,
        seed=args.seed,
        load=args.load,
        settings=settings,
        players=players,
        watch=args.watch,
    )
    app.run()
    return app.return_code or 0


def _hotseat(
    args: argparse.Namespace, parser: argparse.ArgumentParser, seats: Iterable[str], allowed: list[str]
) -> list[str]:
    """The hot-seat players' seats: each one known, playable and allowed by the settings; two or more."""
    if args.role or args.load:
        parser.error("--hotseat starts a new game with its own seats: leave out --role and --load")
    players = list(dict.fromkeys(s.strip() for s in args.hotseat.split(",") if s.strip()))
    for seat in players:
        if seat not in seats:
            parser.error(f"--hotseat: unknown seat '{seat}' (seats: {', '.join(allowed)})")
        if seat not in allowed:
            parser.error(f"--hotseat: seat '{seat}' cannot be chosen here (seats: {', '.join(allowed)})")
    if len(players) < 2:
        parser.error("--hotseat needs two or more seats, e.g. --hotseat toner,sutskever (one player: --role)")
    return players


def _plain(
    args: argparse.Namespace,
    parser: argparse.ArgumentParser,
    scenario: str | None,
    lang: str,
    saves_dir: Path,
    settings: Settings,
) -> int:
    from .. import catalog, saves
    from ..narrate import load_notice
    from ..plain import run_plain

    if not scenario and not args.load:
        parser.error("--plain needs a scenario and --role (or --load SLOT)")
    if args.load:
        by_slot = not args.load.endswith(".json")  # a slot name: the file must stay in the saves folder
        path = saves_dir / f"{saves.slot_name(args.load)}.json" if by_slot else Path(args.load)
        try:
            data = saves.read(path, folder=saves_dir if by_slot else None)
            if scenario:
                plan = load_or_report(scenario)
            else:  # the save names its scenario by id, never by path
                plan = catalog.plan_by_id(data.scenario)
                if plan is None:
                    print(f"boardroom: scenario '{data.scenario}' is not installed", file=sys.stderr)
            if plan is None:
                return 1
            restored = saves.restore(plan, data)
        except saves.SaveError as exc:
            print(f"boardroom: {exc}", file=sys.stderr)
            return 1
        notice = load_notice(restored, lang)
        if notice is not None:  # the words of the TUI's dialog
            print(f"boardroom: {notice[0]}. {notice[1]}", file=sys.stderr)
        game = restored.game
        return run_plain(
            plan,
            sorted(game.players)[0],
            lang=lang,
            seed=game.seed,
            saves_dir=saves_dir,
            out=sys.stdout,
            inp=sys.stdin,
            game=game,
            settings=settings,
        )
    assert scenario is not None
    plan = load_or_report(scenario)
    if plan is None:
        return 1
    allowed = settings.allowed_seats(plan)
    seats = ", ".join(allowed)
    if not args.role:
        parser.error(f"--plain needs --role (seats: {seats})")
    if args.role not in allowed:
        parser.error(f"seat '{args.role}' cannot be chosen here (seats: {seats})")
    return run_plain(
        plan,
        args.role,
        lang=lang,
        seed=args.seed,
        saves_dir=saves_dir,
        out=sys.stdout,
        inp=sys.stdin,
        settings=settings,
    )
