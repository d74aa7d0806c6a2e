"""One module per ``boardroom`` command: each has ``register(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import LANGS

if TYPE_CHECKING:
    from ..scenario import Plan

# Scenario loading (pydantic models and all) is imported inside the functions that need it, so that
# `boardroom` reaches its first screen without paying for it.


OUTPUT_HELP = "write to FILE instead of standard output ('-' is standard output); only a regular file is replaced"


def emit(command: str, text: str, output: str | None, *, say: bool = True) -> bool:
    """Every command's ``-o``: standard output when None or '-', else an atomic write that replaces only a
    regular file. False, with a message on standard error, when the file was refused or not written."""
    from ..safefile import shown, write_output

    try:
        if write_output(text, output or "-") and say:
            print(f"wrote {shown(output or '')}", file=sys.stderr)
    except OSError as exc:  # safefile.Refused is one
        print(f"boardroom {command}: cannot write {shown(output or '')}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def lang_arg(value: str) -> str:
    if value not in LANGS:
        raise argparse.ArgumentTypeError(f"unknown language '{value}' (choose from {', '.join(LANGS)})")
    return value


def load_or_report(name: str) -> Plan | None:
    """Load a scenario by id or path; on failure print every problem to stderr."""
    from .. import catalog, paths

    path = paths.resolve_scenario(name)
    if not path.exists():  # not a path or a bundled folder: perhaps a scenario id ("exodus_2024")
        for entry in catalog.bundled():
            if entry.plan is not None and entry.plan.id == name:
                return entry.plan
    plan, problems = catalog.load_plan(path)
    if plan is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
    return plan


def scenario_dirs(target: Path) -> list[Path]:
    """A folder of scenario folders is handled one scenario at a time; a bundled name works as well as a path."""
    if not target.exists():
        from .. import paths

        target = paths.resolve_scenario(str(target))
    if target.is_dir() and not any(target.glob("*.yaml")) and not any(target.glob("*.yml")):
        return [p for p in sorted(target.iterdir()) if p.is_dir() or p.suffix in (".yaml", ".yml")]
    return [target]
