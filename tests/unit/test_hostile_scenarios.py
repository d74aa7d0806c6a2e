"""Hostile scenario folders: only located problems come back, nothing outside the folder is read, nothing hangs."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import Problem, check

from ..helpers import MINI, MINI_TEXT, write_scenario
from ..hostile import SCENARIO_TEXTS, no_hang

CONTROLS = ("\x1b", "\x07", "\x00", "\x9b", "\x9d", "\u202e")
SECRET = "outside_secret_key"  # a key name that must never appear in a message: it lives outside the folder
# These load: their escapes are removed (the chokepoint), the rest of the file is sound.
MUST_LOAD = {"bom", "bidi-in-text", "zone-escape", "sum-of-ones", "control-in-condition", "id-with-escape"}


def _located(problems: list[Problem], folder: Path) -> None:
    for p in problems:
        text = p.format()
        assert p.line >= 1 and p.col >= 1 and p.message, text
        assert not text.startswith("?"), text
        assert not any(c in text for c in CONTROLS), text
        assert SECRET not in text, text


def _write(folder: Path, text: str) -> None:
    write_scenario(folder, "")
    (folder / "scenario.yaml").write_bytes(text.encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("case", sorted(SCENARIO_TEXTS))
def test_hostile_scenario_text(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "s"
    _write(folder, SCENARIO_TEXTS[case])
    with no_hang():
        plan, problems = check(folder)
        assert main(["validate", str(folder)]) in (0, 1)
    _located(problems, folder)
    errors = [p for p in problems if p.severity == "error"]
    assert (plan is not None) == (case in MUST_LOAD), [p.format() for p in problems]
    if plan is None:
        assert errors and all(p.file.endswith(("scenario.yaml", "fx.yaml")) for p in errors)
    err = capsys.readouterr().err
    assert "Traceback" not in err and not any(c in err for c in CONTROLS)


def _outside_yaml(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere"
    outside.mkdir(exist_ok=True)
    (outside / "private.yaml").write_text(f"{SECRET}: 1\nother_secret: 2\n", encoding="utf-8")
    return outside / "private.yaml"


def _fifo(path: Path, tmp_path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path, tmp_path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
    finally:
        sock.close()


def _link_to(target: str | Callable[[Path], Path]) -> Callable[[Path, Path], None]:
    def make(path: Path, tmp_path: Path) -> None:
        path.symlink_to(target(tmp_path) if callable(target) else target)

    return make


def _huge(path: Path, tmp_path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB on paper, nothing on disk


def _dir(path: Path, tmp_path: Path) -> None:
    path.mkdir()


def _bytes(raw: bytes) -> Callable[[Path, Path], None]:
    def make(path: Path, tmp_path: Path) -> None:
        path.write_bytes(raw)

    return make


def _copy_of_mini(path: Path, tmp_path: Path) -> None:
    path.symlink_to(MINI / "scenario.yaml")


KINDS: dict[str, Callable[[Path, Path], None]] = {
    "fifo": _fifo,
    "socket": _socket,
    "link-dev-zero": _link_to("/dev/zero"),
    "link-dev-random": _link_to("/dev/urandom"),
    "link-etc-passwd": _link_to("/etc/passwd"),
    "link-outside-yaml": _link_to(_outside_yaml),
    "link-dangling": _link_to("/nonexistent/x.yaml"),
    "link-to-itself": lambda path, tmp: path.symlink_to(path),
    "huge-sparse": _huge,
    "folder": _dir,
    "empty": _bytes(b""),
    "comments": _bytes(b"# only a comment\n"),
    "random-bytes": _bytes(os.urandom(512)),
    "utf16": _bytes(MINI_TEXT.encode("utf-16")),
    "link-outside-mini": _copy_of_mini,
}
# Whether the scenario still loads when a file of that kind sits beside a good scenario.yaml.
HARMLESS_BESIDE = {"empty", "comments"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_hostile_file_beside_the_scenario(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "s"
    write_scenario(folder, MINI_TEXT)
    KINDS[kind](folder / "zz-extra.yaml", tmp_path)
    with no_hang():
        plan, problems = check(folder)
    _located(problems, folder)
    assert (plan is not None) == (kind in HARMLESS_BESIDE), [p.format() for p in problems]
    named = [p for p in problems if "zz-extra.yaml" in p.file]
    assert named, "the hostile file is named in a problem"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_hostile_fact_sheet(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "s"
    write_scenario(folder, MINI_TEXT)
    KINDS[kind](folder / "seeds" / "zz-sheet.yaml", tmp_path)
    with no_hang():
        plan, problems = check(folder)
    _located(problems, folder)
    # A broken sheet is reported; the scenario's citations still resolve from the good one.
    assert plan is not None or any("zz-sheet.yaml" in p.file for p in problems)
    if kind not in HARMLESS_BESIDE and kind != "link-outside-mini":
        assert any("zz-sheet.yaml" in p.file for p in problems), [p.format() for p in problems]


def test_a_seeds_folder_that_leaves_the_scenario_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    write_scenario(folder, MINI_TEXT)
    shutil.rmtree(folder / "seeds")
    _outside_yaml(tmp_path)
    (folder / "seeds").symlink_to(tmp_path / "elsewhere")
    plan, problems = check(folder)
    _located(problems, folder)
    assert any("seeds folder points outside" in p.message for p in problems)
    assert plan is None  # its citations now name facts that were not read


@pytest.mark.parametrize("kind", ["fifo", "link-dev-zero", "link-dev-random", "socket", "huge-sparse"])
def test_the_scenario_path_itself(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scenario.yaml"
    KINDS[kind](path, tmp_path)
    with no_hang():
        plan, problems = check(path)
        assert main(["validate", str(path)]) == 1
        assert main(["replay", str(path), "--role", "chair", "--choices", "historical"]) == 1
    assert plan is None and problems
    _located(problems, tmp_path)
    assert "Traceback" not in capsys.readouterr().err


FILE_KINDS = st.sampled_from(sorted(KINDS) + ["good", "good", "mini-text"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(FILE_KINDS, min_size=0, max_size=4),
    st.lists(FILE_KINDS, min_size=0, max_size=3),
    st.booleans(),
)
def test_random_file_kinds_in_scenario_and_seeds_folders(
    fresh_dir: Callable[[str], Path], scenario_kinds: list[str], seed_kinds: list[str], link_folder: bool
) -> None:
    root = fresh_dir("kinds")
    folder = root / "s"
    (folder / "seeds").mkdir(parents=True)
    for where, kinds in ((folder, scenario_kinds), (folder / "seeds", seed_kinds)):
        for i, kind in enumerate(kinds):
            path = where / f"f{i}.yaml"
            if kind == "good":
                source = MINI / "seeds" / "fx.yaml" if where.name == "seeds" else MINI / "scenario.yaml"
                path.write_bytes(source.read_bytes())
            elif kind == "mini-text":
                path.write_text(MINI_TEXT.replace("id: mini", f"id: mini{i}"), encoding="utf-8")
            else:
                KINDS[kind](path, root)
    if link_folder:  # a link to a folder that holds the good files, from inside
        (folder / "inner").mkdir()
        (folder / "inner" / "x.yaml").write_text(MINI_TEXT, encoding="utf-8")
        (folder / "linked.yaml").symlink_to(folder / "inner" / "x.yaml")
    with no_hang():
        plan, problems = check(folder)
    _located(problems, folder)
    if plan is None:
        assert problems


def test_too_many_files_are_refused_and_hidden_files_ignored(tmp_path: Path) -> None:
    from game.scenario.sources import MAX_FILES

    folder = tmp_path / "s"
    write_scenario(folder, MINI_TEXT)
    (folder / ".#scenario.yaml").symlink_to("root@host.1234")  # an editor's lock file: not ours to read
    (folder / ".backup.yaml").write_text("{{{", encoding="utf-8")
    plan, problems = check(folder)
    assert plan is not None and problems == []
    for i in range(MAX_FILES):
        (folder / f"x{i:03}.yaml").write_text(f"k{i}: 1\n", encoding="utf-8")
    plan, problems = check(folder)
    assert plan is None and any(f"more than {MAX_FILES} files" in p.message for p in problems)
    _located(problems, folder)
