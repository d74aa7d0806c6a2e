"""``boardroom class start``: a class session in browsers, with a join code and a teacher's dashboard.

It opens (or creates) the class record, makes a session with a join code and a teacher's token, or
continues the newest session of a record given with --db (a server restarted after a crash: the same
code, students resume, a new teacher's link), prints the two URLs and serves them (game/web/
classroom_server.py). Each student's game runs as ``python -m game class student --db DB --session S
--student ID [--lang L] [settings]``, with the teacher's settings flags passed on.
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..classroom.live import SEAT_MODES
from .play import add_settings_options, flags_over
from .serve import DEFAULT_MAX_SESSIONS, TEMPLATES, _positive

if TYPE_CHECKING:
    from ..classroom.live import LiveClass
    from ..classroom.record import ClassRecord


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "start",
        help="run a class session: a join page for students, a live dashboard for the teacher",
        description="Start a class session on this machine. Students open the printed URL and type the "
        "join code and a name; the teacher opens the printed dashboard URL, which holds a secret token "
        "(anyone with it controls the class). Every choice goes into one SQLite class record (--db). "
        "The host defaults to loopback: use --host 0.0.0.0 to let the class's devices connect.",
    )
    p.add_argument("scenario", help="a bundled scenario id, e.g. november-2023")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--db",
        metavar="FILE",
        help="the class record (default: a new file under the saves folder's classes/); an existing record "
        "continues its newest session, so students resume",
    )
    p.add_argument("--new-session", action="store_true", help="with an existing --db: start another session in it")
    p.add_argument("--seat-mode", choices=SEAT_MODES, default=None, help="how students get seats (default free)")
    p.add_argument("--prompt", metavar="TEXT", help="the reflection prompt students answer after a game")
    p.add_argument("--public-url", metavar="URL", help="the URL students type, if not http://HOST:PORT")
    p.add_argument("--allow-origin", metavar="URL", action="append", default=[], help="also accept this origin")
    p.add_argument(
        "--max-sessions",
        type=_positive,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"games running at once (default {DEFAULT_MAX_SESSIONS})",
    )
    add_settings_options(p)
    p.set_defaults(run=run)


def default_db() -> Path:
    return paths.saves_dir() / "classes" / time.strftime("class-%Y%m%d-%H%M%S.sqlite")


def settings_argv(args: argparse.Namespace) -> list[str]:
    """The teacher's settings flags, for each student's game."""
    argv: list[str] = []
    if args.settings:
        argv += ["--settings", str(Path(args.settings).resolve())]
    if args.time_limit is not None:
        argv += ["--time-limit", str(args.time_limit)]
    if args.on_timeout:
        argv += ["--on-timeout", args.on_timeout]
    if args.hide_history:
        argv.append("--hide-history")
    if args.allow_undo is False:
        argv.append("--no-undo")
    if args.aftermath is False:
        argv.append("--no-aftermath")
    if args.seats:
        argv += ["--seats", args.seats]
    return argv


def teacher_settings(args: argparse.Namespace) -> dict[str, object]:
    """The class's settings, kept with its session (each student's game reads them; its flags still win)."""
    from dataclasses import asdict

    from ..settings import load

    settings = flags_over(args, load(args.settings))
    return {k: v for k, v in asdict(settings).items() if k != "lang"}  # each student has their own language


def student_command(db: Path, session: int, settings: list[str]) -> Callable[[int, str], list[str]]:
    """The command line of one student's game, from the id the server authenticated."""

    def argv(student: int, lang: str) -> list[str]:
        base = [sys.executable, "-m", "game", "class", "student", "--db", str(db), "--session", str(session)]
        return [*base, "--student", str(student), "--lang", lang, *settings]

    return argv


def run(args: argparse.Namespace) -> int:
    from .. import catalog

    try:
        import textual_serve
    except ImportError:
        print("boardroom class start: textual-serve is not installed (pip install textual-serve)", file=sys.stderr)
        return 1
    from ..classroom.record import ClassRecord, RecordError, new_teacher_token
    from ..settings import SettingsError
    from ..web.addresses import is_loopback_host, machine_addresses, student_urls
    from ..web.classroom_server import ClassServer, projector_key
    from ..web.origins import OriginPolicy
    from . import load_or_report

    if not 0 < args.port < 65536:
        print(f"boardroom class start: port {args.port} is out of range", file=sys.stderr)
        return 2
    plan = load_or_report(args.scenario)
    if plan is None:
        return 1
    if catalog.plan_by_id(plan.id) is None:
        print(f"boardroom class start: '{plan.id}' is not an installed scenario", file=sys.stderr)
        return 1
    name = socket.gethostname()
    try:
        policy = OriginPolicy.build(
            [*args.allow_origin, *([args.public_url] if args.public_url else [])], [name, f"{name}.local", args.host]
        )
    except ValueError as exc:
        print(f"boardroom class start: --allow-origin: {exc}", file=sys.stderr)
        return 2
    db = Path(args.db) if args.db else default_db()
    db.parent.mkdir(parents=True, exist_ok=True)
    token = new_teacher_token()
    try:
        teacher_settings(args)
    except SettingsError as exc:
        print(f"boardroom class start: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    try:
        record = ClassRecord.open(db)
        live = _session(record, plan.id, token, args)
    except RecordError as exc:
        print(f"boardroom class start: {exc}", file=sys.stderr)
        return 1
    if args.seat_mode:
        live.set_seat_mode(args.seat_mode)
    if args.prompt:
        live.set_prompt(args.prompt)
    urls = [args.public_url.rstrip("/")] if args.public_url else student_urls(args.host, args.port, machine_addresses())
    first = urls[0] if urls else f"http://{args.host}:{args.port}"
    code = next(s.join_code for s in record.sessions() if s.id == live.session)
    server = ClassServer(
        live,
        plan,
        token,
        student_command(db.resolve(), live.session, settings_argv(args)),
        policy,
        args.max_sessions,
        find_plan=catalog.plan_by_id,
        students_url=first,
        host=args.host,
        port=args.port,
        title="Boardroom",
        public_url=args.public_url,
        statics_path=Path(textual_serve.__file__ or ".").resolve().parent / "static",
        templates_path=TEMPLATES,
    )
    lines = [
        f"Boardroom class: {plan.model.title.get('en')}",
        f"Students open {'  or  '.join(urls) or first} and type the code {code}",
        f"  (or open {first}/?code={code})",
        f"Teacher's dashboard (keep this link private): {first}/teacher/{token}",
        f"Projector: {first}/projector/{projector_key(token)}",
        f"Class record: {db.resolve()}",
        f"  (after a restart, `boardroom class start {args.scenario} --db {db.resolve()}` continues this class)",
    ]
    if not is_loopback_host(args.host):
        lines.append(
            "Warning: the server listens beyond this machine. Anyone on your network who has the code can join "
            f"(up to {args.max_sessions} games at once). Serve on a network you trust, and stop the server "
            "(Ctrl+C) after class."
        )
    for line in lines:
        print(line, file=sys.stderr)
    print("(Ctrl+C stops the server)", file=sys.stderr)
    server.serve()
    return 0


def _session(record: ClassRecord, scenario: str, token: str, args: argparse.Namespace) -> LiveClass:
    """The newest session of the record, continued with a new teacher's token; or a new one."""
    from ..classroom.live import LiveClass
    from ..classroom.record import RecordError, hash_token

    existing = record.sessions()
    if existing and not args.new_session:
        newest = existing[-1]
        if newest.scenario != scenario:
            raise RecordError(
                f"{record.path} holds a class of '{newest.scenario}': give another --db, or --new-session"
            )
        with record._write() as db:  # the old link died with the old server; its hash is replaced
            db.execute("UPDATE session SET teacher_hash=? WHERE id=?", (hash_token(token), newest.id))
        return LiveClass(record, newest.id)
    session = record.create_session(scenario, token, settings=teacher_settings(args))
    return LiveClass(record, session.id)
