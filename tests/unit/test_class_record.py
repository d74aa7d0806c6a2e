"""The class record: one SQLite file, written in transactions, read back as untrusted data."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from game.classroom.record import (
    SCHEMA_VERSION,
    ChoiceRow,
    ClassRecord,
    RecordError,
    hash_token,
    migrate_to,
    new_join_code,
)
from game.verdict import Verdict

from ..class_record_data import TOKEN, build


def _row(index: int, option: str = "fight", timed_out: bool = False) -> ChoiceRow:
    return ChoiceRow(
        index, "respond", "ceo", option, "fight", 60 * index, 1_700_000_000.0 + index, timed_out, Verdict.SAME
    )


def test_a_class_session_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    with ClassRecord.open(path) as record:
        session = record.create_session("mini", "tok", settings={"seats": "free"})
        ada = record.join(session.id, "Ada")
        assert record.join(session.id, "Ada") == ada  # a reload, or another device: the same student
        game = record.start_game(session.id, {"ceo": ada.id}, 3, "u1")
        record.add_choice(game, _row(0))
        record.add_choice(game, _row(1, "leave", timed_out=True), ending="gone")
        record.reflect(ada.id, "Why?", "Because.", game=game)
    with ClassRecord.read(path) as record:
        (s,) = record.sessions()
        assert (s.scenario, s.settings, s.join_code) == ("mini", {"seats": "free"}, session.join_code)
        assert [x.name for x in record.students()] == ["Ada"]
        (g,) = record.games()
        assert (g.uid, g.seed, g.status, g.ending, g.moves, g.players) == (
            "u1",
            3,
            "finished",
            "gone",
            2,
            {"ceo": ada.id},
        )
        choices = record.choices(g.id)
        assert [(c.option, c.timed_out, c.minute) for c in choices] == [("fight", False, 0), ("leave", True, 60)]
        assert [(r.prompt, r.answer, r.game) for r in record.reflections()] == [("Why?", "Because.", g.id)]
        assert record.check_teacher(s.id, "tok") and not record.check_teacher(s.id, session.join_code)


def test_the_teacher_token_is_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    with ClassRecord.open(path) as record:
        record.create_session("mini", "a-very-secret-token")
    data = path.read_bytes() + (
        path.with_name(path.name + "-wal").read_bytes() if path.with_name(path.name + "-wal").exists() else b""
    )
    assert b"a-very-secret-token" not in data
    db = sqlite3.connect(path)
    assert db.execute("SELECT teacher_hash FROM session").fetchone()[0] == hash_token("a-very-secret-token")
    db.close()


def test_join_codes_are_readable_off_a_projector() -> None:
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) > 190 and all(len(c) == 6 and not set(c) & set("0O1IL") for c in codes)


def test_a_choice_out_of_turn_writes_nothing(tmp_path: Path) -> None:
    with ClassRecord.open(tmp_path / "c.sqlite") as record:
        session = record.create_session("mini", "tok")
        student = record.join(session.id, "Ada").id
        game = record.start_game(session.id, {"ceo": student}, 0, "u")
        record.add_choice(game, _row(0))
        with pytest.raises(RecordError, match="out of turn"):
            record.add_game(session.id, {"ceo": student}, 0, "u2", [_row(0), _row(2)], ending="gone")
        with pytest.raises(RecordError, match="out of turn"):
            record.add_choice(game, _row(5), ending="gone")
        # Neither the whole game nor the finish went in: the transaction rolled back.
        games = record.games()
        assert [(g.uid, g.moves, g.status) for g in games] == [("u", 1, "playing")]


def test_an_older_record_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    migrate_to(path, 1)
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO session(scenario, join_code, teacher_hash, salt, created) VALUES ('mini','C',?,?,0)",
        (hash_token("t"), b"s"),
    )
    db.execute("INSERT INTO student(session, name, joined) VALUES (1, 'Ada', 0)")
    db.commit()
    db.close()
    with ClassRecord.open(path) as record:
        assert record.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [s.name for s in record.students()] == ["Ada"]
        indexes = {r[0] for r in record.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "game_by_session" in indexes


def test_records_that_cannot_be_used_are_refused_with_a_message(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    for opener in (ClassRecord.open, ClassRecord.read):
        with pytest.raises(RecordError, match="newer Boardroom"):
            opener(newer)
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE x(y)")
    db.close()
    with pytest.raises(RecordError, match="not a class record"):
        ClassRecord.open(other)
    text = tmp_path / "notes.sqlite"
    text.write_text("hello " * 1000)
    with pytest.raises(RecordError, match="not a class record"):
        ClassRecord.read(text)
    link = tmp_path / "link.sqlite"
    link.symlink_to(newer)
    with pytest.raises(RecordError, match="not a regular file"):
        ClassRecord.read(link)
    with pytest.raises(RecordError, match="cannot read"):
        ClassRecord.read(tmp_path / "missing.sqlite")


def test_what_is_read_back_is_cleaned_and_checked(tmp_path: Path) -> None:
    path = build(tmp_path / "class.sqlite")
    db = sqlite3.connect(path)
    db.execute("UPDATE student SET name = 'Eve\x1b]52;c;aGk=\x07\x1b[2J' WHERE id = 1")
    db.execute("UPDATE reflection SET answer = 'ok\x1b[31m red' WHERE id = 1")
    db.commit()
    db.close()
    with ClassRecord.read(path) as record:
        assert record.students()[0].name == "Eve"
        assert record.reflections()[0].answer == "ok red"
    db = sqlite3.connect(path)
    db.execute("UPDATE choice SET option = '../../etc' WHERE idx = 0")
    db.commit()
    db.close()
    with ClassRecord.read(path) as record, pytest.raises(RecordError, match="not an id"):
        for game in record.games():
            record.choices(game.id)


def test_the_class_data_holds_twenty_saves_and_a_live_table(tmp_path: Path) -> None:
    with ClassRecord.read(build(tmp_path / "class.sqlite")) as record:
        games = record.games()
        assert len(games) == 21 and all(g.status == "finished" and g.ending for g in games)
        (table,) = [g for g in games if g.group == "table A"]
        assert sorted(table.players) == ["dangelo", "mccauley", "sutskever", "toner"]
        assert len(set(table.players.values())) == 4  # four students, one game
        choices = record.choices(table.id)
        assert len(choices) == table.moves > 4 and {c.seat for c in choices} > {"toner"}
        assert [c.verdict for c in choices if c.timed_out] == [Verdict.TIMED_OUT] * (len(choices) // 5)
        assert all(c.minute <= d.minute for c, d in itertools.pairwise(choices))
        assert record.check_teacher(1, TOKEN)
