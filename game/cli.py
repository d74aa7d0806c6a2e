"""The ``boardroom`` command. The Textual UI is imported only when a game is played on screen."""

from __future__ import annotations

import argparse
import functools
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


@functools.cache
def full_parser() -> argparse.ArgumentParser:
    """``build_parser()``, built once per process: parsing leaves a parser as it was (argparse copies the
    defaults it appends to), and the in-process tools and tests run ``main`` hundreds of times."""
    return build_parser()


class GameOptionsParser(argparse.ArgumentParser):
    """The game's own options, without the commands.

    Importing every command and building its parser took longer than the rest of the argument handling,
    and ``boardroom`` alone (the game) needs none of them; the full parser is built only when the command
    line holds more than the game's options, and to report mistakes with its usage line.
    """

    def __init__(self) -> None:
        super().__init__(prog="boardroom", add_help=False)
        actions = play.add_options(self, positional=False)
        # Each option string, and whether it takes a value.
        self.known = {name: action.nargs != 0 for action in actions for name in action.option_strings}

    def only_game_options(self, argv: list[str]) -> bool:
        """True when every word of ``argv`` is one of the game's options or an option's value."""
        words = iter(argv)
        for word in words:
            name, eq, _ = word.partition("=")
            if name not in self.known or (eq and not self.known[name]):
                return False  # a command, a scenario, --help, or a mistake: the full parser's work
            if self.known[name] and not eq and next(words, None) is None:
                return False  # a value is missing: the full parser says so
        return True

    def parse_game(self, argv: list[str]) -> argparse.Namespace | None:
        """``argv`` as the game's options; None when it holds more than those."""
        if not self.only_game_options(argv):
            return None
        args = self.parse_args(argv)
        args.command = None
        return args

    def error(self, message: str) -> NoReturn:
        full_parser().error(message)  # with the full usage line, which names the commands


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    game_parser = GameOptionsParser()
    parser: argparse.ArgumentParser = game_parser
    args = game_parser.parse_game(argv)
    if args is None:
        parser = full_parser()
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
