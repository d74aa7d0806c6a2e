"""``boardroom lsp``: a language server for scenario files, on standard input and output."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "lsp",
        help="run the language server for scenario files (editors start it; see docs/editors.md)",
        description="A language server over stdio: diagnostics from validate and lint as you type, completion, "
        "go to definition, find references, hover, rename and an outline for scenario YAML files.",
    )
    p.add_argument("--stdio", action="store_true", help="speak on standard input and output (the default)")
    p.add_argument(
        "--no-lint",
        dest="lint",
        action="store_false",
        help="report only what validate finds (lint explores every state, which takes seconds on big scenarios)",
    )
    p.add_argument(
        "--delay", type=float, default=0.3, metavar="SECONDS", help="wait this long after typing stops (0.3)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..authoring.lsp.server import serve

    serve(max(args.delay, 0.0), args.lint)
    return 0
