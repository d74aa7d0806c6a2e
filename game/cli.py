"""The ``boardroom`` command. The Textual UI is imported only when a game is played on screen."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .commands import authoring, classroom, play, replay, schema, serve, validate

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

COMMANDS = [play, validate, replay, authoring, classroom, serve, schema]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boardroom", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    play.add_options(parser, positional=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        handler = getattr(args, "run", None)
        if handler is None:  # no command, or `play`
            return play.run(args, parser)
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    sys.exit(main())
