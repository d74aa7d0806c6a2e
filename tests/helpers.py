"""Helpers for writing scenario files in tests."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

from rich.cells import cell_len

from game.scenario import Plan, Problem, check

ROOT = Path(__file__).resolve().parent.parent

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
MINI_TEXT = (MINI / "scenario.yaml").read_text(encoding="utf-8")


def write_scenario(folder: Path, text: str, name: str = "scenario.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    seeds = folder / "seeds"
    if not seeds.exists():
        seeds.mkdir()
        source = Path(__file__).resolve().parent / "fixtures" / "mini" / "seeds" / "fx.yaml"
        (seeds / "fx.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def problems_for(folder: Path, text: str) -> list[Problem]:
    write_scenario(folder, text)
    plan, problems = check(folder)
    assert plan is None or not [p for p in problems if p.severity == "error"]
    return [p for p in problems if p.severity == "error"]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the nth line containing ``needle``."""
    count = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            count += 1
            if count == nth:
                return number
    raise AssertionError(f"{needle!r} not in text")


def sync(test):  # type: ignore[no-untyped-def]
    """Run an async Pilot test without an async pytest plugin."""
    import asyncio
    import functools

    @functools.wraps(test)
    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        asyncio.run(test(*args, **kwargs))

    return run


def run_game(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m game ARGS` from the repository root, as a user would run it, with its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def run_cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`boardroom ARGS` in this process, from the repository root, with what it printed: as ``run_game``,
    without starting an interpreter. A crash fails the test with its traceback instead of printing one.
    """
    import contextlib
    import io
    from unittest import mock

    from game.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(ROOT),
        mock.patch.dict(os.environ, env or {}),
        mock.patch.object(sys, "stdin", io.StringIO(stdin)),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse's usage errors and --help, as the process would exit
            code = exit.code if isinstance(exit.code, int) else 1
    return subprocess.CompletedProcess(["boardroom", *args], code, out.getvalue(), err.getvalue())


def mini_with(folder: Path, swaps: dict[str, str]) -> Plan:
    """A copy of the mini scenario in ``folder`` with each text in ``swaps`` replaced, compiled."""
    shutil.copytree(MINI, folder)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in swaps.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    plan, problems = check(folder)
    assert plan is not None, [p.format() for p in problems]
    return plan


def board_of_three(tmp_path: Path) -> Path:
    """The mini scenario with the member playable too, so the vote has two player ballots (the CEO is recused)."""
    folder = tmp_path / "three"
    shutil.copytree(MINI, folder)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    playable: false\n") == 1
    text = text.replace("    playable: false\n", "")
    # The chair's call makes the news, so every seat's log shows it.
    call = "        next: fire_vote\n"
    assert text.count(call) == 1
    text = text.replace(call, call + "        news: {en: The chair calls a vote., zh: 主席要求表决。}\n")
    path.write_text(text, encoding="utf-8")
    return folder


def three_plan(tmp_path: Path) -> Plan:
    plan, problems = check(board_of_three(tmp_path))
    assert plan is not None, [p.format() for p in problems]
    return plan


async def wait_for(pilot, condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds (a loaded machine may need more than one pause)."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    assert condition()


# What each app has said in notifications, recorded by tests/ui/conftest.py (Textual keeps only the ones
# still on screen, and only privately).
SAID: weakref.WeakKeyDictionary[object, list[str]] = weakref.WeakKeyDictionary()


def notes(app: object) -> str:
    """Every notification ``app`` has shown, oldest first, one a line."""
    return "\n".join(SAID.get(app, []))


# One cell of text in the SVG that Textual's public screenshot writes (rich's export_svg): its x, its line, its text.
_SVG_TEXT = re.compile(r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^"]*-line-(\d+)\)"[^>]*>([^<]*)</text>')
_SVG_LINE_WIDTH = re.compile(r'<clipPath id="[^"]*-line-0">\s*<rect [^>]*?width="([0-9.]+)"')


def screen_text(app: object) -> str:
    """The text on ``app``'s screen as a player sees it, one line per row, read from a public screenshot.

    ``App.export_screenshot`` draws every layer (dialogs over the screens below them), so text hidden
    under a dialog or a notice is not in the result. The SVG places each run of text at its cell column;
    runs of spaces are not written out, so the columns put them back.
    """
    from textual.app import App

    assert isinstance(app, App)
    svg = app.export_screenshot()
    width = app.size.width
    found = _SVG_LINE_WIDTH.search(svg)
    assert found is not None and width > 0, "no screen lines in the screenshot"
    cell = float(found.group(1)) / width
    rows: dict[int, list[str]] = {}
    for x, line, text in _SVG_TEXT.findall(svg):
        text = text.replace("\n", "")  # each row's line break is written as text after its last cell
        if not text:
            continue
        row = rows.setdefault(int(line), [])
        column = round(float(x) / cell)
        drawn = "".join(row)
        row.append(" " * max(0, column - cell_len(drawn)) + html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(rows.get(n, [])) for n in range(app.size.height))
