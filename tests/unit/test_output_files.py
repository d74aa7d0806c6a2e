"""Writing outputs: atomic for regular files, refused for anything else, '-' for standard output; and
temporary files left by killed writes are cleaned up, ours only."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game import safefile, saves
from game.cli import main
from game.engine import Game
from game.scenario import Plan

from ..hostile import no_hang


def _save(plan: Plan, folder: Path) -> Path:
    game = Game(plan, ["chair"])
    game.choose("call")
    return saves.write(folder, "one", saves.snapshot(game, lang="en"))


COMMANDS = {
    "transcript": lambda save, out: ["transcript", str(save), "-o", out],
    "cards": lambda save, out: ["cards", "tests/fixtures/mini", "-o", out],
    "report": lambda save, out: ["report", str(save.parent), "-o", out],
    "graph": lambda save, out: ["graph", "tests/fixtures/mini", "--format", "dot", "-o", out],
    "strings": lambda save, out: ["strings", "export", "tests/fixtures/mini", "-o", out],
}


def _targets(tmp_path: Path) -> dict[str, Path]:
    outside = tmp_path / "real.md"
    outside.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(outside)
    fifo = tmp_path / "fifo.html"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    return {"symlink": link, "fifo": fifo, "folder": folder, "dev-null": Path("/dev/null")}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_output_refuses_to_replace_what_is_not_a_regular_file(
    command: str, mini_plan: Plan, tmp_path: Path, ui_scenarios: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = _save(mini_plan, tmp_path / "saves")
    for kind, target in _targets(tmp_path).items():
        before = os.lstat(target)
        with no_hang():
            assert main(COMMANDS[command](save, str(target))) == 1, kind
        after = os.lstat(target)
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode), kind
        assert "only a regular file is replaced" in capsys.readouterr().err, kind
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_output_to_standard_output_and_to_a_regular_file(
    command: str, mini_plan: Plan, tmp_path: Path, ui_scenarios: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = _save(mini_plan, tmp_path / "saves")
    assert main(COMMANDS[command](save, "-")) == 0
    printed = capsys.readouterr().out
    assert printed.strip() and not (Path.cwd() / "-").exists()
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    assert main(COMMANDS[command](save, str(target))) == 0
    written = target.read_text(encoding="utf-8")
    assert written == printed and stat.S_ISREG(os.lstat(target).st_mode)


def _temp_name(target: str, pid: int) -> str:
    return f".{target}.{pid}.abcd_123.tmp"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_sweep_removes_only_our_abandoned_temp_files(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    files = {
        _temp_name("slot.json", dead): True,  # a killed writer's: removed
        _temp_name("transcript.md", dead): True,
        _temp_name("slot.json", alive): False,  # a live writer's: it may be renaming right now
        _temp_name("slot.json", os.getpid()): False,
        ".slot.json.abcd_123.tmp": False,  # the older pattern, fresh: perhaps in use
        ".notes.txt.1.abcd_123.tmp": False,  # not a file we write
        "slot.json": False,
        f"x{_temp_name('slot.json', dead)}": False,
        ".slot.json.1.abcd_123.tmp.bak": False,
    }
    for name in files:
        (tmp_path / name).write_text("x", encoding="utf-8")
    old = tmp_path / ".old.json.zzzz_999.tmp"
    old.write_text("x", encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    files[old.name] = True
    link = tmp_path / _temp_name("link.json", dead)
    link.symlink_to(tmp_path / "slot.json")  # a link with our name is not ours: left alone
    files[link.name] = False
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / _temp_name("deep.json", dead)).write_text("x", encoding="utf-8")  # only the folder itself
    removed = {p.name for p in safefile.sweep(tmp_path)}
    assert removed == {name for name, gone in files.items() if gone}
    assert {p.name for p in tmp_path.iterdir()} == {name for name, gone in files.items() if not gone} | {"sub"}
    assert (sub / _temp_name("deep.json", dead)).exists()


def test_starting_the_game_sweeps_the_saves_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = _dead_pid()
    leftover = tmp_path / _temp_name("autosave-mini-chair.json", dead)
    leftover.write_text("{half a save", encoding="utf-8")
    other = tmp_path / "someone-elses.tmp"
    other.write_text("x", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    assert main(["play", "tests/fixtures/mini", "--role", "chair", "--plain", "--saves-dir", str(tmp_path)]) == 0
    assert not leftover.exists() and other.exists()


def test_temp_files_name_their_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    safefile.write_atomic(tmp_path / "x.json", json.dumps({"a": 1}))
    assert len(seen) == 1 and seen[0].startswith(f".x.json.{os.getpid()}.") and seen[0].endswith(".tmp")
