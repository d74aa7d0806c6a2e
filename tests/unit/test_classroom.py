"""Transcripts, class reports and role cards, on saves made from the mini scenario."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game import saves
from game.cli import main
from game.engine import Game
from game.scenario import Plan

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _bundled_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOARDROOM_SCENARIOS_DIR", str(FIXTURES))


def _save(plan: Plan, folder: Path, name: str, seat: str, choices: list[str], lang: str = "en") -> Path:
    game = Game(plan, [seat])
    for option in choices:
        game.choose(option)
    return saves.write(folder, name, saves.snapshot(game, lang=lang))


@pytest.fixture
def class_folder(mini_plan: Plan, tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    paths = [("chair", ["call", "yes"])] * 3 + [("chair", ["wait"])] * 2 + [("ceo", ["leave"]), ("ceo", ["rally"])]
    for i, (seat, choices) in enumerate(paths):
        _save(mini_plan, folder, f"student{i:02d}", seat, choices)
    _save(mini_plan, folder, "unfinished", "chair", ["call"])
    (folder / "broken.json").write_text('{"format": "boardroom-save", "vers')
    (folder / "notes.md").write_text("# my notes\n")
    return folder


def test_transcript_markdown(mini_plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _save(mini_plan, tmp_path, "one", "chair", ["call", "no"])
    assert main(["transcript", str(path)]) == 0
    out = capsys.readouterr().out
    assert "# Transcript: A small crisis" in out
    assert "### 1. Call the vote? (Fri 17 Nov 10:00)" in out
    assert "- **→** Call the vote ⟵ History" in out
    assert "Leak it *(unavailable: You have nothing to leak.)*" in out
    assert "### 2. Remove the CEO (Fri 17 Nov 11:00)" in out and "*✗ history went another way*" in out
    assert "## Ending: Nothing changes" in out
    assert "**First divergence:** Remove the CEO" in out
    data = json.loads(re.search(r"<!-- boardroom-data: (.*) -->", out).group(1))  # type: ignore[union-attr]
    assert data["choices"] == [["call_vote", "chair", "call"], ["fire_vote", "chair", "no"]]


def test_transcript_html_in_chinese_is_self_contained(mini_plan: Plan, tmp_path: Path) -> None:
    path = _save(mini_plan, tmp_path, "one", "chair", ["call", "yes"], lang="zh")
    out = tmp_path / "t.html"
    assert main(["transcript", str(path), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text()
    assert html.startswith("<!doctype html>") and 'lang="zh-Hans"' in html
    assert "游戏记录：一场小危机" in html and "讨论题" in html and "<svg" in html
    # times in the reader's language, as the rest of the page (they were "Fri 17 Nov 10:00")
    assert "11月17日 周五 10:00" in html and "Fri 17 Nov" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html


def test_transcript_of_a_broken_save_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["transcript", str(bad)]) == 1
    assert "not a Boardroom save" in capsys.readouterr().err


def test_class_report(class_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(class_folder), "-o", str(out)]) == 0
    assert "8 games, 2 unreadable file(s)" in capsys.readouterr().out
    md = out.with_suffix(".md").read_text()
    assert "Games: 8, from 10 files read" in md
    assert "- The Chair: 6" in md and "- The CEO: 2" in md
    assert "- The return (history): 3" in md and "- Nothing changes: 2" in md and "- unfinished: 1" in md
    assert "| Call the vote | 66% (4) | ✓ |" in md and "| Wait | 33% (2) |  |" in md
    assert "## Where the class left history" in md and "- Call the vote?: 2" in md
    assert "1. Was it right?" in md
    assert "broken.json" in md and "notes.md: no Boardroom data" in md
    html = out.read_text()
    assert html.count("<svg") >= 3 and "<script src" not in html and "<link" not in html


def test_report_includes_transcripts_without_counting_a_game_twice(mini_plan: Plan, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    path = _save(mini_plan, folder, "a", "chair", ["wait"])
    assert main(["transcript", str(path), "-o", str(folder / "a.md")]) == 0
    assert main(["transcript", str(path), "--format", "html", "-o", str(folder / "a.html")]) == 0
    _save(mini_plan, tmp_path / "only", "b", "chair", ["wait"])
    assert main(["transcript", str(tmp_path / "only" / "b.json"), "-o", str(folder / "b.md")]) == 0
    assert main(["report", str(folder), "-o", str(tmp_path / "r.html")]) == 0
    md = (tmp_path / "r.md").read_text()
    assert "Games: 2, from 4 files read" in md


def test_empty_folder_report(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "-o", str(tmp_path / "r.html")]) == 0
    assert "No games found" in (tmp_path / "r.md").read_text()


@pytest.mark.parametrize(("fmt", "lang", "needle"), [("md", "en", "## The Chair"), ("html", "zh", "只有你知道的事")])
def test_role_cards(fmt: str, lang: str, needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "mini", "--format", fmt, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert needle in out
    assert "A member" not in out and "一名董事" not in out  # not playable: no card


def test_report_keeps_the_furthest_save_of_one_playthrough(mini_plan: Plan, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    game = Game(mini_plan, ["chair"])
    game.choose("call")
    saves.write(folder, "midway", saves.snapshot(game, lang="en"))
    game.choose("yes")
    saves.write(folder, "zz-autosave", saves.snapshot(game, lang="en", autosave=True))
    assert main(["report", str(folder), "-o", str(tmp_path / "r.html")]) == 0
    md = (tmp_path / "r.md").read_text()
    assert "Games: 1, from 2 files read" in md and "- The return (history): 1" in md and "unfinished" not in md
