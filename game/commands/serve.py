"""``boardroom serve``: the game in web browsers, one session per tab, through textual-serve.

textual-serve (Textual's own project) runs one game process per browser connection and streams its
terminal to xterm.js, so we add it rather than write a web front end. game/web/server.py puts the
classroom's checks in front of it (origins, a cap, a saves folder per browser). Our page template loads
nothing from the network.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from .. import paths
from . import lang_arg

TEMPLATES = Path(__file__).resolve().parent.parent / "web"
DEFAULT_MAX_SESSIONS = 40  # a large class, one game each; each game is a Python process of about 60 MB


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the game to web browsers (textual-serve)",
        description="Serve the game so a class can play in browsers from one machine. Each browser "
        "tab gets its own game, and each browser its own saves folder (SAVES/sessions/ID). Only this "
        "server's own page may start games. The host defaults to loopback: use --host 0.0.0.0 to let "
        "other machines on your network connect.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public-url", metavar="URL", help="the URL students type, if not http://HOST:PORT")
    p.add_argument(
        "--allow-origin",
        metavar="URL",
        action="append",
        default=[],
        help="also let pages from this origin (scheme://host[:port]) start games; repeatable",
    )
    p.add_argument(
        "--max-sessions",
        type=_positive,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"games running at once; more browsers are asked to wait (default {DEFAULT_MAX_SESSIONS})",
    )
    p.add_argument("--lang", type=lang_arg, help="language of the games")
    p.add_argument("--saves-dir", metavar="DIR", help="where the games are saved (default: saves/)")
    p.add_argument("--settings", metavar="FILE", help="teacher settings for every game (see docs/teaching.md)")
    p.add_argument("scenario", nargs="?", help="start every game in this scenario")
    p.add_argument("--role", "--seat", dest="role", metavar="SEAT", help="start every game in this seat")
    p.set_defaults(run=run)


def game_argv(args: argparse.Namespace) -> list[str]:
    """The command textual-serve runs for each browser session, less the session's own --saves-dir."""
    argv = [sys.executable, "-m", "game", "play"]
    if args.scenario:
        argv.append(args.scenario)
    if args.role:
        argv += ["--role", args.role]
    argv += ["--autosave", "per-game"]
    if args.lang:
        argv += ["--lang", args.lang]
    if args.settings:
        argv += ["--settings", str(Path(args.settings).resolve())]
    return argv


def announce(args: argparse.Namespace, addresses: list[str]) -> list[str]:
    """What the teacher is told at start-up: where students go and, beyond loopback, a warning."""
    from ..web.addresses import is_loopback_host

    if args.public_url:
        lines = [f"Boardroom: students open {args.public_url}"]
    elif addresses:
        lines = ["Boardroom: students open " + "  or  ".join(addresses)]
    else:
        lines = [f"Boardroom: listening on {args.host}:{args.port}, but this machine shows no network address"]
    if not is_loopback_host(args.host):
        lines.append(
            "Warning: the server listens beyond this machine. Anyone who can reach this port on your network "
            f"can start a game (up to {args.max_sessions} at once). Serve on a network you trust, and stop the "
            "server (Ctrl+C) after class."
        )
    lines.append(f"Saves: one folder per browser under {paths.saves_dir(args.saves_dir).resolve()}/sessions")
    return lines


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(f"boardroom serve: port {args.port} is out of range", file=sys.stderr)
        return 2
    try:
        import textual_serve

        from ..web.server import BoardroomServer
    except ImportError:
        print("boardroom serve: textual-serve is not installed (pip install textual-serve)", file=sys.stderr)
        return 1
    from ..web.addresses import machine_addresses, student_urls
    from ..web.origins import OriginPolicy

    try:
        policy = OriginPolicy.build(
            [*args.allow_origin, *([args.public_url] if args.public_url else [])],
            [socket.gethostname(), args.host],
        )
    except ValueError as exc:
        print(f"boardroom serve: --allow-origin: {exc}", file=sys.stderr)
        return 2
    statics = Path(textual_serve.__file__).resolve().parent / "static"
    server = BoardroomServer(
        game_argv(args),
        paths.saves_dir(args.saves_dir).resolve(),
        policy,
        args.max_sessions,
        host=args.host,
        port=args.port,
        title="Boardroom",
        public_url=args.public_url,
        statics_path=statics,
        templates_path=TEMPLATES,
    )
    for line in announce(args, student_urls(args.host, args.port, machine_addresses())):
        print(line, file=sys.stderr)
    print("(Ctrl+C stops the server)", file=sys.stderr)
    server.serve()
    return 0
