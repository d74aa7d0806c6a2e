"""A student's class game in the record: recorded choice by choice, resumed, and compared with the class."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game.classroom.compare import classmates_choices, compare
from game.classroom.live import LiveClass
from game.classroom.record import ChoiceRow, ClassRecord, new_teacher_token
from game.classroom.student import Recorder, playing_game, rebuild, touch
from game.engine import Game
from game.scenario import Plan
from game.verdict import Verdict


@pytest.fixture
def live(tmp_path: Path) -> LiveClass:
    record = ClassRecord.open(tmp_path / "class.sqlite")
    session = record.create_session("mini", new_teacher_token(), join_code="ABC234")
    return LiveClass(record, session.id)


def _row(index: int, decision: str, seat: str, option: str, history: str | None = None) -> ChoiceRow:
    verdict = Verdict.SILENT if history is None else Verdict.SAME if option == history else Verdict.DIVERGED
    return ChoiceRow(index, decision, seat, option, history, 0, 0.0, False, verdict)


def test_each_choice_is_recorded_as_it_is_made_with_the_ending_on_the_last(live: LiveClass, mini_plan: Plan) -> None:
    ana, _ = live.join("Ana")
    game = Game(mini_plan, ["chair"], 7)
    recorder = Recorder(live, ana.id)
    assert recorder.sync(game)  # a new game gets its row before any choice
    row = playing_game(live, ana.id)
    assert row is not None and row.players == {"chair": ana.id} and row.seed == 7 and row.moves == 0
    game.choose("call", "chair")
    assert recorder.sync(game)
    assert [(c.index, c.decision, c.option, c.verdict) for c in live.record.choices(row.id)] == [
        (0, "call_vote", "call", Verdict.SAME)
    ]
    game.choose("no", "chair", timed_out=True)
    assert game.over and recorder.sync(game)
    choices = live.record.choices(row.id)
    assert [(c.decision, c.option, c.timed_out, c.verdict, c.history) for c in choices] == [
        ("call_vote", "call", False, Verdict.SAME, "call"),
        ("fire_vote", "no", True, Verdict.TIMED_OUT, "yes"),
    ]
    assert choices[0].minute == 60 and choices[1].minute == 120  # the in-world time the decision came up
    (finished,) = live.record.games(live.session)
    assert finished.status == "finished" and finished.ending == game.ending.id and finished.moves == 2
    assert playing_game(live, ana.id) is None


def test_a_failed_write_keeps_the_game_and_the_next_sync_catches_up(live: LiveClass, mini_plan: Plan) -> None:
    ana, _ = live.join("Ana")
    game = Game(mini_plan, ["chair"], 1)
    recorder = Recorder(live, ana.id)
    assert recorder.sync(game)
    game.choose("call", "chair")
    blocker = sqlite3.connect(live.record.path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the busy timeout
    live.record.db.execute("PRAGMA busy_timeout = 1")
    assert not recorder.sync(game) and recorder.failing
    blocker.execute("ROLLBACK")
    blocker.close()
    game.choose("yes", "chair")
    assert recorder.sync(game) and not recorder.failing
    row = live.record.games(live.session)[0]
    assert [c.index for c in live.record.choices(row.id)] == [0, 1] and row.status == "finished"


def test_a_game_in_progress_is_rebuilt_from_the_record(live: LiveClass, mini_plan: Plan) -> None:
    ana, _ = live.join("Ana")
    game = Game(mini_plan, ["chair"], 5)
    recorder = Recorder(live, ana.id)
    game.choose("call", "chair")
    recorder.sync(game)
    row = playing_game(live, ana.id)
    assert row is not None
    again = rebuild(mini_plan, row, live)
    assert again is not None and again.uid == game.uid and again.seed == 5
    assert [c.to_list() for c in again.choices] == [c.to_list() for c in game.choices]
    assert again.pending is not None and again.pending.decision.id == "fire_vote"
    later = Recorder(live, ana.id)
    later.adopt(row, again.uid)
    again.choose("yes", "chair")
    assert later.sync(again)
    assert len(live.record.games(live.session)) == 1  # the same game carried on, not a new one
    assert live.record.games(live.session)[0].status == "finished"


def test_a_table_game_and_a_classmates_game_are_not_resumed(live: LiveClass) -> None:
    ana, _ = live.join("Ana")
    ben, _ = live.join("Ben")
    live.record.start_game(live.session, {"chair": ben.id}, 1, "ben")
    assert playing_game(live, ana.id) is None
    table = live.open_table("Board", ["chair", "ceo"])
    shared = live.record.start_game(live.session, {"chair": ana.id, "ceo": ana.id}, 1, "table")
    live.set_table_game(table, shared)
    assert playing_game(live, ana.id) is None


def test_touch_says_where_the_student_is(live: LiveClass, mini_plan: Plan) -> None:
    ana, _ = live.join("Ana")
    game = Game(mini_plan, ["chair"], 1)
    assert touch(live, ana.id, "play", game, None)
    (seen,) = live.presence()
    assert (seen.screen, seen.seat, seen.decision) == ("play", "chair", "call_vote")


def test_you_class_history_counts_classmates_in_the_same_seat() -> None:
    mine = [_row(0, "call_vote", "chair", "wait", "call"), _row(1, "fire_vote", "chair", "yes", "yes")]
    others = [
        [_row(0, "call_vote", "chair", "call", "call"), _row(1, "fire_vote", "chair", "no", "yes")],
        [_row(0, "call_vote", "chair", "call", "call"), _row(1, "fire_vote", "member", "yes", "yes")],
        [_row(0, "call_vote", "chair", "wait", "call")],
        [_row(0, "respond", "ceo", "fight", "fight")],
    ]
    first, vote = compare(mine, others)
    assert (first.mine, first.history, first.verdict, first.classmates) == ("wait", "call", Verdict.DIVERGED, 3)
    assert [(s.option, s.count) for s in first.shares] == [("call", 2), ("wait", 1)]
    assert first.share_of("call") == pytest.approx(2 / 3) and first.share_of("leak") == 0.0
    assert vote.classmates == 1 and [(s.option, s.share) for s in vote.shares] == [
        ("no", 1.0)
    ]  # the member's ballot is not the chair's


def test_no_classmates_yet_gives_empty_shares() -> None:
    (row,) = compare([_row(0, "call_vote", "chair", "call", "call")], [])
    assert row.classmates == 0 and row.shares == () and row.share_of("call") == 0.0


def test_classmates_choices_leave_out_the_students_own_and_abandoned_games(live: LiveClass) -> None:
    ana, _ = live.join("Ana")
    ben, _ = live.join("Ben")
    cai, _ = live.join("Cai")
    row = _row(0, "call_vote", "chair", "call", "call")
    live.record.add_game(live.session, {"chair": ana.id}, 1, "a", [row], ending=None)
    live.record.add_game(live.session, {"chair": ben.id}, 1, "b", [row], ending="return")
    dropped = live.record.add_game(live.session, {"chair": cai.id}, 1, "c", [row], ending=None)
    live.record.abandon(dropped)
    found = classmates_choices(live.record, live.session, ana.id)
    assert len(found) == 1 and found[0][0].option == "call"


@pytest.fixture
def class_app_args(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Stands in for the student's Textual app; fills with what `class student` built it from."""
    import game.ui.classroom.app as app_module

    made: dict[str, object] = {}

    class Fake:
        return_code = 0

        def run(self) -> None:
            """The real app would take over the terminal here."""

    def fake(*args: object, **kwargs: object) -> Fake:
        made.update(kwargs, args=args)
        return Fake()

    monkeypatch.setattr(app_module, "make_class_app", fake)
    return made


def test_class_student_builds_the_app_from_the_record_and_the_flags(
    tmp_path: Path, class_app_args: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    from game.cli import main
    from game.settings import Settings

    db = tmp_path / "class.sqlite"
    with ClassRecord.open(db) as record:
        session = record.create_session(
            "november-2023", new_teacher_token(), settings={"time_limit": 90, "hide_history": True}
        )
        ana = record.join(session.id, "Ana")
    args = ["class", "student", "--db", str(db), "--session", str(session.id), "--student", str(ana.id)]
    assert main([*args, "--lang", "zh", "--on-timeout", "historical"]) == 0
    record_live, student, plan = class_app_args["args"]  # type: ignore[misc]
    assert record_live.session == session.id and student.name == "Ana" and plan.id == "november-2023"
    assert class_app_args["lang"] == "zh"
    settings = class_app_args["settings"]
    assert isinstance(settings, Settings)
    assert (settings.time_limit, settings.hide_history, settings.on_timeout) == (90, True, "historical")
    assert main([*args[:-1], "99"]) == 1
    assert "no student 99 in session" in capsys.readouterr().err
    missing = tmp_path / "nothing.sqlite"
    assert main(["class", "student", "--db", str(missing), "--session", "1", "--student", "1"]) == 1
    assert "no such class record" in capsys.readouterr().err and not missing.exists()
