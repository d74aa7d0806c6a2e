"""`boardroom class export` and `boardroom report` on a class record, and the report's debrief summary."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from game import saves
from game.classroom import export
from game.classroom.record import ClassRecord
from game.cli import main
from game.engine import Game
from game.engine.history import compare

from ..class_record_data import FIXTURES, TABLE, build, flagship


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("class") / "class.sqlite")


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_choice(record: Path, tmp_path: Path) -> None:
    out = tmp_path / "choices.csv"
    assert main(["class", "export", str(record), "-o", str(out)]) == 0
    rows = _csv(out.read_text(encoding="utf-8"))
    with ClassRecord.read(record) as r:
        games = r.games()
        assert len(rows) == sum(g.moves for g in games)
    assert list(rows[0]) == list(export.CHOICE_COLUMNS)
    table = [row for row in rows if row["group"] == "table A"]
    assert {row["student"] for row in table} == {f"Table {seat}" for seat in TABLE}
    assert all(row["student"] == f"Table {row['seat']}" for row in table)  # each seat is its own student
    assert sum(row["timed_out"] == "yes" for row in table) == len(table) // 5
    assert all(row["verdict"] == "timed_out" for row in table if row["timed_out"] == "yes")
    assert {row["historical"] for row in rows} <= {"yes", "no", ""} and {"yes", "no"} <= {
        row["historical"] for row in rows
    }
    assert all(re.fullmatch(r"2023-11-(1[6-9]|2[0-2]) \d\d:\d\d", row["in_world_time"]) for row in rows)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", row["real_time"]) for row in rows)
    # A student's save: its choices, in order, with history's verdicts as the engine gives them.
    pupil = [row for row in rows if row["student"] == "Pupil 02"]
    game = saves.restore(flagship(), saves.read(FIXTURES / "student02.json")).game
    assert [(row["decision"], row["option"]) for row in pupil] == [(c.decision, c.option) for c in game.choices]
    assert [row["verdict"] for row in pupil] == [v.value for *_, v in compare(game)]


def test_pseudonyms_are_stable_and_hide_names(record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["class", "export", str(record), "--pseudonymise"]) == 0
    first = capsys.readouterr().out
    assert main(["class", "export", str(record), "--pseudonymise", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "Pupil" not in first + json.dumps(data) and "Table " not in first + json.dumps(data)
    rows = _csv(first)
    assert all(re.fullmatch(r"Student \d\d", row["student"]) for row in rows)
    # The same record gives the same pseudonyms: choices and reflections can be matched.
    assert [r["student"] for r in rows] == [r["student"] for r in data["choices"]]
    toner = {r["student"] for r in rows if r["group"] == "table A" and r["seat"] == "toner"}
    assert {data["reflections"][0]["student"]} == toner
    assert len({r["student"] for r in rows}) == 24  # 20 pupils and a table of four, each its own pseudonym


def test_a_new_session_salt_gives_other_pseudonyms(tmp_path: Path) -> None:
    names = []
    for n in range(2):
        with ClassRecord.open(tmp_path / f"c{n}.sqlite") as r:
            session = r.create_session("mini", "tok")
            students = [r.join(session.id, name) for name in ("Ada", "Ben", "Cy", "Di", "Ed", "Flo")]
            names.append(export.pseudonyms(students, r.salt(session.id)))
            assert export.pseudonyms(students, r.salt(session.id)) == names[-1]
    assert sorted(names[0].values()) == sorted(names[1].values()) == [f"Student 0{i}" for i in range(1, 7)]
    assert names[0] != names[1]  # 1 chance in 720 of a false failure would be too many: salts are 16 bytes


def test_cells_a_spreadsheet_would_run_are_quoted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.sqlite"
    with ClassRecord.open(path) as r:
        session = r.create_session("mini", "tok")
        student = r.join(session.id, '=HYPERLINK("http://x","y")')
        r.reflect(student.id, "Why?", "+1 because")
    assert main(["class", "export", str(path), "--table", "reflections"]) == 0
    (row,) = _csv(capsys.readouterr().out)
    assert row["student"].startswith("'=") and row["answer"] == "'+1 because"


def test_export_errors_are_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "x.sqlite"
    bogus.write_text("not a database at all " * 200)
    assert main(["class", "export", str(bogus)]) == 1
    assert main(["class", "export", str(tmp_path / "missing.sqlite")]) == 1
    err = capsys.readouterr().err
    assert err.count("boardroom class export:") == 2 and "Traceback" not in err
    assert main(["class"]) == 2


def test_report_reads_a_class_record(record: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(record), "-o", str(out)]) == 0
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "Games: 21, from 1 files read" in md
    # The key outcomes, counted again here by replaying every game and reading its final flags.
    plan = flagship()
    finals = [saves.restore(plan, saves.read(save)).game.values for save in sorted(FIXTURES.glob("student*.json"))]
    with ClassRecord.read(record) as r:
        (table,) = [g for g in r.games() if g.group == "table A"]
        game = Game(plan, list(table.players), table.seed)
        for c in r.choices(table.id):
            game.choose(c.option, c.seat, timed_out=c.timed_out)
    assert game.over
    finals.append(game.values)
    fired = sum(bool(v["altman_fired"]) for v in finals)
    returned = sum(bool(v["return_agreed"]) for v in finals)
    summary = md.split("## Summary")[1].split("##")[0]
    assert f"- {fired} of 21 games: the board fired Altman" in summary
    assert f"- {returned} of 21 games: Altman came back as CEO" in summary
    assert re.search(r"- Time ran out (\d+) times, in 1 of 21 games", summary)
    assert "| Pupil 07 | Mira Murati |" in md  # games are named by their players
    assert "## Reflections" in md and "**Table toner** — Where did your group let time run out?: At the vote." in md


def test_the_report_is_a_debrief(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(FIXTURES), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    # The summary comes first, before any table or chart.
    assert html.index("class='summary'") < html.index("<table") < html.index("<svg")
    assert min(int(px) for px in re.findall(r"svg text\{font-size:(\d+)px", html)) >= 18
    # Every point of divergence, found here from the engine: not a top five.
    plan = flagship()
    diverged: set[str] = set()
    for save in FIXTURES.glob("student*.json"):
        game = saves.restore(plan, saves.read(save)).game
        diverged |= {d for d, _s, _o, _h, v in compare(game) if v.value == "diverged"}
    table = md.split("Every decision where a game left history, in time order.")[1].split("##")[0]
    listed = re.findall(r"^\| [A-Z][a-z]{2} \d+ Nov \d\d:\d\d PT \| (.+?) \|", table, flags=re.M)
    assert len(diverged) > 5 and sorted(listed) == sorted(plan.decisions[d].model.title.get("en") for d in diverged)
    # Decisions in time order, the detail tables folded away, sources with outlet and title.
    details = html.split("<details>")[1].split("</details>")[0]
    times = [
        (int(d), int(h), int(m))
        for d, h, m in re.findall(r"<h3>.*? <span class='muted small'>\w{3} (\d+) Nov (\d\d):(\d\d)", details)
    ]
    assert len(times) == details.count("<h3>") > 20 and times == sorted(times)
    assert "Sources: " in details and "Hexun Business, “OpenAI caught in a “Game of Thrones””, Nov 2023" in details
    assert not re.search(r"Sources: [^<]*\bfn-", details)  # no bare fact ids


def test_the_chinese_report_localises_dates(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(FIXTURES), "-o", str(out), "--lang", "zh"]) == 0
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "## 概览" in md and "20 局中有" in md and "局：董事会罢免了奥特曼" in md
    assert re.search(r"\| 11月16日 周四 14:\d\d PT \|", md) and not re.search(r"\b(Thu|Fri|Sat|Sun|Mon|Tue|Wed) \d", md)
    assert "2023年11月" in md and "来源：" in md


def _report_after(record: Path, tmp_path: Path, damage: str) -> str:
    """The Markdown report of a copy of ``record`` after the SQL ``damage``."""
    copy = tmp_path / "c.sqlite"
    copy.write_bytes(record.read_bytes())
    db = sqlite3.connect(copy)
    db.execute(damage)
    db.commit()
    db.close()
    assert main(["report", str(copy), "-o", str(tmp_path / "r.html")]) == 0
    return (tmp_path / "r.md").read_text(encoding="utf-8")


def test_a_choice_that_no_longer_fits_leaves_an_unfinished_game(record: Path, tmp_path: Path) -> None:
    md = _report_after(record, tmp_path, "UPDATE choice SET decision = 'no_such_decision' WHERE game = 1 AND idx = 2")
    # The game replays up to the choice that no longer fits, and is shown as unfinished.
    assert "Games: 21" in md and re.search(r"^\| Pupil 01 \| Ilya Sutskever \| unfinished \|", md, flags=re.M)


def test_a_game_with_a_hostile_id_is_listed_and_the_rest_reported(record: Path, tmp_path: Path) -> None:
    md = _report_after(
        record, tmp_path, "UPDATE choice SET option = '../../etc/passwd\x1b[2J' WHERE game = 2 AND idx = 0"
    )
    assert "Games: 20" in md and "\x1b" not in md
    unreadable = md.split("## Files that could not be read")[1]
    assert "c.sqlite #2: damaged class record: option '../../etc/passwd' is not an id" in unreadable
