"""The engine, loader, controller and tools never import textual or rich (checked in a fresh interpreter).

The same rule is checked statically, through every import chain, by the import-linter contract in
pyproject.toml (scripts/check runs it)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "game.engine",
    "game.engine.history",
    "game.controller",
    "game.settings",
    "game.scenario",
    "game.saves",
    "game.replay",
    "game.plain",
    "game.narrate",
    "game.catalog",
    "game.cli",
    "game.i18n",
]


def test_core_imports_no_ui_library() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "from game.cli import main\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_validate_and_replay_run_without_ui_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from game.cli import main\n"
        "main(['validate', 'tests/fixtures/mini'])\n"
        "main(['replay', 'tests/fixtures/mini', '--role', 'chair', '--choices', 'historical', '--json'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('UI:' + ','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "UI:"


def test_first_screen_needs_no_scenario_machinery() -> None:
    """The title screen appears before pydantic, PyYAML or the engine load (docs/performance.md)."""
    code = (
        "import sys\n"
        "import game.cli\n"
        "from game.ui.app import BoardroomApp\n"
        "print(','.join(m for m in ('pydantic', 'yaml', 'game.engine.game', 'game.scenario.models') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_language_server_logic_imports_no_protocol_or_ui_library() -> None:
    """pygls stays in the language server's server.py: its logic can be tested, and reused, without it."""
    modules = ("index", "complete", "describe", "diagnostics", "navigate", "project")
    code = "".join(f"import game.authoring.lsp.{m}\n" for m in modules) + (
        "import sys\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'textual', 'rich'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
