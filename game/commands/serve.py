"""``boardroom serve``: the game in web browsers, one session per tab, through textual-serve.

textual-serve (Textual's own project) runs one game process per browser
connection and streams its terminal to xterm.js, so we add it rather than write
a web front end. Our page template loads nothing from the network.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from .. import paths
from . import lang_arg

TEMPLATES = Path(__file__).resolve().parent.parent / "web"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the game to web browsers (textual-serve)",
        description="Serve the game so a class can play in browsers from one machine. Each browser "
        "tab gets its own game; every game keeps its own autosave in the saves folder. The host "
        "defaults to loopback: use --host 0.0.0.0 to let other machines on your network connect.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public-url", metavar="URL", help="the URL students type, if not http://HOST:PORT")
    p.add_argument("--lang", type=lang_arg, help="language of the games")
    p.add_argument("--saves-dir", metavar="DIR", help="where the games are saved (default: saves/)")
    p.add_argument("--settings", metavar="FILE", help="teacher settings for every game (see docs/teaching.md)")
    p.add_argument("scenario", nargs="?", help="start every game in this scenario")
    p.add_argument("--role", "--seat", dest="role", metavar="SEAT", help="start every game in this seat")
    p.set_defaults(run=run)


def game_command(args: argparse.Namespace) -> str:
    """The command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "game", "play"]
    if args.scenario:
        argv.append(args.scenario)
    if args.role:
        argv += ["--role", args.role]
    argv += ["--saves-dir", str(paths.saves_dir(args.saves_dir).resolve()), "--autosave", "per-game"]
    if args.lang:
        argv += ["--lang", args.lang]
    if args.settings:
        argv += ["--settings", str(Path(args.settings).resolve())]
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(f"boardroom serve: port {args.port} is out of range", file=sys.stderr)
        return 2
    try:
        import textual_serve
        from textual_serve.server import Server
    except ImportError:
        print("boardroom serve: textual-serve is not installed (pip install textual-serve)", file=sys.stderr)
        return 1
    statics = Path(textual_serve.__file__).resolve().parent / "static"
    server = Server(
        game_command(args),
        host=args.host,
        port=args.port,
        title="Boardroom",
        public_url=args.public_url,
        statics_path=statics,
        templates_path=TEMPLATES,
    )
    print(f"Boardroom: students open {server.public_url}  (Ctrl+C stops the server)", file=sys.stderr)
    server.serve()
    return 0
