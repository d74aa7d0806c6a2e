"""The ``boardroom`` command. The Textual UI is imported only when a game is played on screen."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from .commands import play

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
  boardroom odds november-2023 -n 1000       how often each ending comes, unplayed
"""

COMMANDS = (
    "play",
    "validate",
    "replay",
    "authoring",
    "classroom",
    "serve",
    "schema",
    "odds",
    "lsp",
)  # modules in game.commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boardroom", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    play.add_options(parser, positional=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").register(sub)
    return parser


class _NeedsFullParser(Exception):
    pass


class GameOptionsParser(argparse.ArgumentParser):
    """The game's own options, without the commands.

    Importing every command and building its parser took longer than the rest of the argument handling,
    and ``boardroom`` alone (the game) needs none of them; the full parser is built only when the command
    line holds more than the game's options, and to report mistakes with its usage line.
    """

    def __init__(self) -> None:
        super().__init__(prog="boardroom", add_help=False)
        play.add_options(self, positional=False)
        self._parsing = False

    def parse_game(self, argv: list[str]) -> argparse.Namespace | None:
        """``argv`` as the game's options; None if it names a command, asks for help or has a mistake."""
        self._parsing = True
        try:
            args, rest = self.parse_known_args(argv)
        except _NeedsFullParser:
            return None
        finally:
            self._parsing = False
        if rest:
            return None
        args.command = None
        return args

    def error(self, message: str) -> NoReturn:
        if self._parsing:
            raise _NeedsFullParser
        build_parser().error(message)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser: argparse.ArgumentParser = GameOptionsParser()
    args = parser.parse_game(argv)
    if args is None:
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
