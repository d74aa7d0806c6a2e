"""The live class contract: controls, students and their keys, seat modes, presence, tables, discussions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.classroom.live import OBSERVER, LiveClass, session_by_code
from game.classroom.record import ClassRecord, RecordError, new_teacher_token

pytestmark = pytest.mark.unit


@pytest.fixture
def live(tmp_path: Path) -> LiveClass:
    record = ClassRecord.open(tmp_path / "class.sqlite")
    session = record.create_session("november-2023", new_teacher_token(), join_code="ABC234")
    return LiveClass(record, session.id)


def test_controls_start_quiet_and_each_change_moves_the_revision(live: LiveClass) -> None:
    first = live.control()
    assert (first.paused, first.debrief, first.prompt, first.seat_mode, first.revision) == (False, False, "", "free", 0)
    assert live.pause().paused and live.control().revision == 1
    assert not live.pause(False).paused
    warned = live.warn()
    assert 110 < warned.warning_left(time.time()) <= 120
    assert live.release_debrief().debrief
    assert live.set_prompt("  What would you do\x1b[31m again? ").prompt == "What would you do again?"
    assert live.control().revision == 5


def test_a_bad_seat_mode_is_refused(live: LiveClass) -> None:
    with pytest.raises(RecordError):
        live.set_seat_mode("lottery")
    assert live.set_seat_mode("balanced").seat_mode == "balanced"


def test_joining_again_resumes_and_only_the_newest_key_opens(live: LiveClass) -> None:
    ana, first_key = live.join("Ana")
    again, second_key = live.join(" Ana ")
    assert again.id == ana.id and first_key != second_key
    assert live.student_by_key(first_key) is None
    found = live.student_by_key(second_key)
    assert found is not None and found.id == ana.id and found.name == "Ana"
    assert live.student_by_key("") is None and live.student_by_key("x" * 500) is None


def test_join_codes_ignore_case_and_spaces(live: LiveClass) -> None:
    assert session_by_code(live.record, " abc234 ") == live.session
    assert session_by_code(live.record, "ABC235") is None


def test_balanced_mode_gives_the_least_played_seat(live: LiveClass) -> None:
    live.set_seat_mode("balanced")
    a, _ = live.join("A")
    b, _ = live.join("B")
    seats = ["sutskever", "toner", "altman"]
    assert live.seat_for(a.id, seats) == "sutskever"
    live.record.start_game(live.session, {"sutskever": a.id}, 1, "g1")
    assert live.seat_for(b.id, seats) == "toner"
    live.assign(b.id, OBSERVER)
    assert live.seat_for(b.id, seats) == OBSERVER


def test_assigned_and_free_modes(live: LiveClass) -> None:
    a, _ = live.join("A")
    assert live.seat_for(a.id, ["toner"]) is None  # free: the student chooses
    live.set_seat_mode("assigned")
    assert live.seat_for(a.id, ["toner"]) is None  # not yet assigned
    live.assign(a.id, "toner")
    assert live.seat_for(a.id, ["toner", "altman"]) == "toner"


def test_presence_lists_every_student_and_where_they_are(live: LiveClass) -> None:
    a, _ = live.join("A")
    live.join("B")
    live.touch(a.id, "play", game=None, seat="toner", decision="toner_vote")
    rows = {p.name: p for p in live.presence()}
    assert rows["A"].screen == "play" and rows["A"].seat == "toner" and rows["A"].decision == "toner_vote"
    assert rows["B"].screen == "lobby" and rows["B"].seat is None
    with pytest.raises(ValueError):
        live.touch(a.id, "nowhere")


def test_a_table_seat_goes_to_one_student_and_fixes_once_the_game_starts(live: LiveClass) -> None:
    a, _ = live.join("A")
    b, _ = live.join("B")
    c, _ = live.join("C")
    table = live.open_table("Board", ["sutskever", "toner"], discussion=5)
    opened = live.table(table)
    assert opened is not None and opened.discussion == 10  # the shortest discussion allowed
    assert live.sit(table, a.id, "toner")
    assert not live.sit(table, b.id, "toner")
    assert not live.sit(table, b.id, "altman")  # not a seat of this table
    assert live.sit(table, b.id, "sutskever")
    assert live.sit(table, c.id, None)
    found = live.table(table)
    assert found is not None
    assert found.members == {"toner": a.id, "sutskever": b.id} and found.observers == (c.id,)
    assert found.free_seats() == []
    game = live.record.start_game(live.session, dict(found.members), 7, "t1")
    assert live.set_table_game(table, game)
    assert not live.set_table_game(table, game + 1)  # a second process cannot bind another game
    live.leave(table, a.id)
    after = live.table(table)
    assert after is not None and after.members["toner"] == a.id  # a started game keeps its players


def test_a_discussion_is_shared_and_ends_once(live: LiveClass) -> None:
    table = live.open_table("Board", ["toner"])
    first = live.open_discussion(table, 3, "vote_fire", 60)
    second = live.open_discussion(table, 3, "vote_fire", 600)
    assert first == second and 50 < first.left(time.time()) <= 60
    live.end_discussion(table, 3, "vote_fire", "toner")
    live.end_discussion(table, 3, "vote_fire", "teacher")
    ended = live.discussion(table, 3, "vote_fire")
    assert ended is not None and ended.ended_by == "toner" and ended.left(time.time()) == 0.0


def test_an_older_record_gains_the_live_tables(tmp_path: Path) -> None:
    from game.classroom.record import migrate_to

    path = tmp_path / "old.sqlite"
    migrate_to(path, 2)
    record = ClassRecord.open(path)
    session = record.create_session("november-2023", new_teacher_token())
    assert LiveClass(record, session.id).control().seat_mode == "free"


def test_balanced_mode_spreads_a_class_that_arrives_at_once(live: LiveClass) -> None:
    live.set_seat_mode("balanced")
    seats = ["sutskever", "toner", "altman"]
    students = [live.join(name)[0].id for name in ("A", "B", "C", "D")]
    given = [live.seat_for(s, seats) for s in students]  # nobody has started a game yet
    assert given == ["sutskever", "toner", "altman", "sutskever"]
    assert [live.seat_for(s, seats) for s in students] == given  # kept: a lobby that looks again sees the same
    assert live.seat_counts() == {"sutskever": 2, "toner": 1, "altman": 1}
    live.record.start_game(live.session, {"toner": students[1]}, 1, "g-b")
    assert live.seat_counts()["toner"] == 1  # playing the seat they were given counts once
    live.assign(students[3], "altman")  # the teacher's word wins over balanced mode's pick
    assert live.seat_for(students[3], seats) == "altman"


def test_a_pause_gives_a_running_discussion_back_its_time(live: LiveClass, monkeypatch: pytest.MonkeyPatch) -> None:
    class Clock:
        now = 1_000_000.0

        def time(self) -> float:
            return self.now

    clock = Clock()
    monkeypatch.setattr("game.classroom.live.time", clock)
    table = live.open_table("Board", ["toner"])
    live.open_discussion(table, 0, "vote_fire", 60)
    live.open_discussion(table, 1, "vote_done", 60)
    live.end_discussion(table, 1, "vote_done", "toner")
    clock.now += 10
    live.pause()
    live.pause()  # pausing twice keeps the first moment
    clock.now += 300
    live.pause(False)
    running = live.discussion(table, 0, "vote_fire")
    ended = live.discussion(table, 1, "vote_done")
    assert running is not None and running.left(clock.now) == 50  # the 300 paused seconds did not count
    assert ended is not None and ended.ends == 1_000_060.0  # an ended discussion is left as it was
    live.pause(False)  # resuming a class that runs changes nothing
    assert live.discussion(table, 0, "vote_fire") == running
