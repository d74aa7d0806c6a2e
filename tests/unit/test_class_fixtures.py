"""The class report on twenty saved games of the flagship scenario, as a teacher would run it."""

from __future__ import annotations

import re
from pathlib import Path

from game.cli import main

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "class-november"


def test_report_on_twenty_class_saves(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(FOLDER), "-o", str(out)]) == 0
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "Games: 20, from 20 files read" in md
    seats = dict(re.findall(r"^- (.+?): (\d+)$", md.split("## Endings")[0], flags=re.M))
    assert len(seats) == 7 and sum(int(n) for n in seats.values()) == 20
    endings = re.findall(r"^- (.+?): (\d+)$", md.split("## Endings")[1].split("##")[0], flags=re.M)
    assert len(endings) >= 5 and sum(int(n) for _, n in endings) == 20
    assert "- Altman returns (history): " in md
    assert "## Where the class left history" in md and "Nobody left history" not in md
    assert len(re.findall(r"^\d+\. ", md.split("## Questions that fit this class")[1], flags=re.M)) == 6
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") > 20 and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_report_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(FOLDER), "-o", str(out), "--lang", "zh"]) == 0
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert md.startswith("# 班级报告：") and "游戏：20 局" in md
    assert "## 各席位人数" in md and "## 适合本班的讨论题" in md


def test_transcripts_of_class_saves(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for save in sorted(FOLDER.glob("student0[1-3].json")):
        assert main(["transcript", str(save), "--format", "html", "-o", str(tmp_path / f"{save.stem}.html")]) == 0
    assert len(list(tmp_path.glob("*.html"))) == 3
