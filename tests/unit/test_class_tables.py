"""Board tables across devices: each "device" is its own LiveClass on the same record file, as each student's
game process is in a class. They start one shared game, rebuild it from the record, race for moves, discuss
before each vote and keep their ballots secret until the tally."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.classroom.live import LiveClass
from game.classroom.record import ClassRecord, new_teacher_token
from game.classroom.tables import GRACE, Phase, TableGame, running_discussion, session_settings
from game.scenario.plan import Plan
from game.settings import Settings

from ..helpers import three_plan

pytestmark = pytest.mark.unit


class Room:
    """A class record on disk, a session in it, and a way to open it again as another device would."""

    def __init__(self, tmp_path: Path, settings: dict[str, object] | None = None) -> None:
        self.path = tmp_path / "class.sqlite"
        self.plan: Plan = three_plan(tmp_path)
        record = ClassRecord.open(self.path)
        self.session = record.create_session("mini", new_teacher_token(), settings=settings or {}).id
        self.teacher = LiveClass(record, self.session)
        self.ana = self.teacher.join("Ana")[0].id
        self.ben = self.teacher.join("Ben")[0].id
        self.cy = self.teacher.join("Cy")[0].id
        self.table = self.teacher.open_table("Table 1", ["chair", "member"], discussion=60)

    def device(self, student: int, **kwargs: object) -> TableGame:
        """A student's game process: its own connection to the record."""
        live = LiveClass(ClassRecord.open(self.path), self.session)
        return TableGame(live, self.table, self.plan, student, **kwargs)  # type: ignore[arg-type]

    def seat_everyone(self) -> None:
        assert self.teacher.sit(self.table, self.ana, "chair")
        assert self.teacher.sit(self.table, self.ben, "member")
        assert self.teacher.sit(self.table, self.cy, None)


@pytest.fixture
def room(tmp_path: Path) -> Room:
    return Room(tmp_path)


def later(seconds: float):  # type: ignore[no-untyped-def]
    """A clock ``seconds`` ahead of the real one (discussions end by the real time kept in the record)."""
    return lambda: time.time() + seconds


def test_the_game_waits_for_every_seat_then_one_device_starts_it(room: Room) -> None:
    chair, member = room.device(room.ana), room.device(room.ben)
    room.teacher.sit(room.table, room.ana, "chair")
    chair.poll()
    waiting = chair.view()
    assert waiting.phase is Phase.WAITING and waiting.seat == "chair" and waiting.table.free_seats() == ["member"]
    room.teacher.sit(room.table, room.ben, "member")
    # Both devices see the last seat taken at once; one game is started and bound, not two.
    chair.poll()
    member.poll()
    games = room.teacher.record.games(room.session)
    assert len(games) == 1 and games[0].players == {"chair": room.ana, "member": room.ben}
    assert games[0].group == "Table 1"
    assert chair.game_id == member.game_id == games[0].id
    table = room.teacher.table(room.table)
    assert table is not None and table.status == "playing" and table.game == games[0].id


def test_two_devices_play_a_table_to_the_end_with_a_secret_ballot(room: Room) -> None:
    room.seat_everyone()
    chair, member, watcher = room.device(room.ana), room.device(room.ben), room.device(room.cy)
    for device in (chair, member, watcher):
        device.poll()

    # The chair decides; the others see who is deciding, never what.
    mine = chair.view()
    assert mine.yours and mine.decision is not None and mine.decision.id == "call_vote"
    assert [o.id for o in mine.options] == ["call", "wait", "leak"]
    theirs = member.view()
    assert theirs.phase is Phase.DECIDING and theirs.deciding == ("chair",) and not theirs.vote
    assert theirs.decision is None and theirs.options == () and not theirs.yours
    assert member.choose("wait").reason == "table.refused.not_yours"
    assert watcher.choose("call").reason == "table.refused.observer"

    assert chair.choose("call").ok
    member.poll()
    watcher.poll()

    # A vote: the discussion opens first, with the table's length, and ballots wait for it.
    talk = member.view()
    assert talk.phase is Phase.DISCUSSION and talk.vote and talk.decision is not None
    assert talk.discussion is not None and 50 < talk.discussion.left(time.time()) <= 60
    assert talk.options == () and not talk.yours
    assert member.choose("yes").reason == "table.refused.discussion"
    assert chair.discussion == member.discussion  # the same discussion for every device
    assert not watcher.end_discussion()  # an observer cannot end it
    assert member.end_discussion()
    chair.poll()
    watcher.poll()
    assert chair.discussion is not None and chair.discussion.ended_by == "member"

    assert chair.view().phase is Phase.DECIDING and chair.view().yours
    assert chair.choose("no").ok
    member.poll()
    watcher.poll()
    # The member sees that the chair has voted, never how; the chair sees its own ballot; no tally yet.
    seen = member.view()
    assert seen.cast == ("chair",) and seen.own_ballot is None and seen.tally is None and seen.yours
    assert [o.id for o in seen.options] == ["yes", "no"]
    own = chair.view()
    assert own.own_ballot == "no" and own.options == () and not own.yours and own.deciding == ("member",)
    watched = watcher.view()
    assert watched.own_ballot is None and watched.options == () and watched.cast == ("chair",)
    assert watched.decision is not None and watched.tally is None

    assert member.choose("yes").ok
    for device in (chair, watcher):
        device.poll()
    # The tally: counts for everyone, never who cast which ballot.
    for device in (chair, member, watcher):
        view = device.view()
        assert view.phase is Phase.ENDED and view.ending is not None
        assert view.tally is not None and view.tally.tally is not None
        assert view.tally.tally["counts"] == {"yes": 1, "no": 1, "abstain": 0}
        assert view.own_ballot is None
    assert room.teacher.table(room.table).status == "finished"  # type: ignore[union-attr]
    rows = room.teacher.record.choices(chair.game_id or 0)
    assert [(r.index, r.seat, r.option) for r in rows] == [
        (0, "chair", "call"),
        (1, "chair", "no"),
        (2, "member", "yes"),
    ]
    finished = room.teacher.record.games(room.session)[0]
    assert finished.status == "finished" and finished.ending == chair.view().ending.id  # type: ignore[union-attr]


def _to_the_ballots(room: Room) -> tuple[TableGame, TableGame]:
    room.seat_everyone()
    chair, member = room.device(room.ana), room.device(room.ben)
    chair.poll()
    member.poll()
    assert chair.choose("call").ok
    member.poll()
    assert member.end_discussion()
    chair.poll()
    return chair, member


def test_two_devices_racing_for_the_same_move_both_ballots_count(room: Room) -> None:
    chair, member = _to_the_ballots(room)
    # Both have seen move 1 as the next; the chair writes it first. The member's device, not yet polled,
    # loses the race for index 1, catches up and casts its ballot at index 2.
    assert chair.choose("yes").ok
    written = member.choose("no")
    assert written.ok and written.raced == 1
    chair.poll()
    rows = room.teacher.record.choices(chair.game_id or 0)
    assert [(r.index, r.seat, r.option) for r in rows] == [
        (0, "chair", "call"),
        (1, "chair", "yes"),
        (2, "member", "no"),
    ]
    assert chair.game is not None and member.game is not None
    assert chair.game.log[-1].tally == member.game.log[-1].tally  # the same vote, on both devices


def test_a_move_taken_by_another_device_is_refused_not_written_twice(room: Room) -> None:
    room.seat_everyone()
    chair = room.device(room.ana, settings=Settings(time_limit=10))
    member = room.device(room.ben, settings=Settings(time_limit=10), clock=later(0))
    chair.poll()
    member.poll()
    # The member's device thinks the chair has gone quiet and times it out, but the chair's own choice
    # reached the record first: the timeout loses, and nothing is written for it.
    assert chair.choose("wait").ok
    assert member.tick(10 + GRACE) == []
    rows = room.teacher.record.choices(chair.game_id or 0)
    assert [(r.seat, r.option, r.timed_out) for r in rows] == [("chair", "wait", False)]
    assert member.game is not None and [c.option for c in member.game.choices] == ["wait"]


def test_a_late_device_rebuilds_the_same_game_from_the_record(room: Room) -> None:
    chair, member = _to_the_ballots(room)
    assert chair.choose("yes").ok
    assert member.choose("yes").ok
    chair.poll()
    late = room.device(room.cy)
    late.poll()
    assert late.game is not None and chair.game is not None
    assert late.game.values == chair.game.values and late.game.ending == chair.game.ending
    assert [e.id for e in late.game.log] == [e.id for e in chair.game.log]


def test_the_own_seat_times_out_by_the_setting_and_an_absent_seat_after_a_grace(room: Room) -> None:
    room.seat_everyone()
    settings = Settings(time_limit=30, on_timeout="inaction")
    chair = room.device(room.ana, settings=settings)
    member = room.device(room.ben, settings=settings)
    chair.poll()
    member.poll()
    assert chair.time_left() == 30 and member.time_left() is None  # the member has nothing to decide
    assert chair.tick(29) == []
    assert member.tick(30) == []  # another device waits longer before deciding the chair is gone
    [event] = chair.tick(1)
    assert event.seat == "chair" and event.decision == "call_vote"
    # No option here means doing nothing, so the chair's usual course is taken, and the reason says so.
    assert event.option == "call" and event.reason == "timeout.no_inaction"
    member.poll()
    rows = room.teacher.record.choices(chair.game_id or 0)
    assert [(r.seat, r.option, r.timed_out, r.verdict.value) for r in rows] == [("chair", "call", True, "timed_out")]


def test_time_does_not_run_during_the_discussion(room: Room) -> None:
    room.seat_everyone()
    settings = Settings(time_limit=20)
    chair, member = room.device(room.ana, settings=settings), room.device(room.ben, settings=settings)
    chair.poll()
    member.poll()
    assert chair.choose("call").ok
    member.poll()
    assert member.tick(100) == [] and member.time_left() is None  # still discussing
    # The discussion runs out: the first device to notice records that time ended it.
    member.clock = later(61)
    member.poll()
    assert member.discussion is not None and member.discussion.ended_by == "time"
    assert member.time_left() == 20
    assert member.tick(10) == [] and member.time_left() == 10


def test_a_paused_class_keeps_the_discussion_open_until_it_resumes(room: Room) -> None:
    room.seat_everyone()
    chair, member = room.device(room.ana), room.device(room.ben)
    chair.poll()
    member.poll()
    assert chair.choose("call").ok
    member.poll()
    room.teacher.pause()
    member.clock = later(61)  # the discussion's time is up, but the class is paused
    member.poll()
    assert member.discussion is not None and member.discussion.ended_by is None and member.discussing()
    room.teacher.pause(False)  # the pause took a moment, so the discussion gets that moment back
    member.clock = later(0)
    member.poll()
    assert member.discussing()
    member.clock = later(62)
    member.poll()
    assert member.discussion is not None and member.discussion.ended_by == "time"


def test_the_transcript_lists_every_seat_and_waits_for_the_end(room: Room) -> None:
    chair, member = _to_the_ballots(room)
    assert chair.transcript("en") is None  # ballots stay secret while the game runs
    assert chair.choose("yes").ok
    assert member.choose("no").ok
    chair.poll()
    text = chair.transcript("en")
    assert text is not None
    assert "The Chair (Ana), A member (Ben)" in text
    assert "### 1. Call the vote? (Fri 17 Nov 10:00) — The Chair" in text
    assert "### 2. Remove the CEO (Fri 17 Nov 11:00) — The Chair" in text
    assert "### 3. Remove the CEO (Fri 17 Nov 11:00) — A member" in text
    chinese = member.transcript("zh")
    assert chinese is not None and "主席 (Ana)" in chinese


def test_the_dashboard_finds_the_running_discussion(room: Room) -> None:
    room.seat_everyone()
    chair = room.device(room.ana)
    chair.poll()
    assert running_discussion(room.teacher, room.table) is None
    assert chair.choose("call").ok
    found = running_discussion(room.teacher, room.table)
    assert found is not None and found.decision == "fire_vote" and found.moves == 1
    room.teacher.end_discussion(room.table, found.moves, found.decision, "teacher")
    assert running_discussion(room.teacher, room.table) is None
    chair.poll()
    assert chair.view().yours


def test_session_settings_come_from_the_record(tmp_path: Path) -> None:
    room = Room(tmp_path, settings={"time_limit": 45, "on_timeout": "historical", "port": 8000})
    assert session_settings(room.teacher) == Settings(time_limit=45, on_timeout="historical")
    bad = Room(tmp_path / "b", settings={"time_limit": "soon"})
    assert session_settings(bad.teacher) == Settings()


def test_an_observer_sees_only_what_everyone_may_see(room: Room) -> None:
    room.seat_everyone()
    chair, watcher = room.device(room.ana), room.device(room.cy)
    chair.poll()
    watcher.poll()
    view = watcher.view()
    assert view.seat is None and view.deciding == ("chair",) and view.decision is None
    assert chair.choose("call").ok
    watcher.poll()
    # The observer sees the table's common knowledge: the chair's call (it made the news) and the vote
    # every seat at the table takes part in, never an entry that only some of its seats may see.
    seen = watcher.view()
    assert [e.id for e in seen.log if e.kind == "decision"] == ["call_vote"]
    assert all(e.visible_to is None or e.visible_to >= {"chair", "member"} for e in seen.log)
    assert seen.decision is not None and seen.decision.id == "fire_vote" and seen.options == ()
    assert watcher.game is not None and watcher.game.plan.decisions["call_vote"].visible_to == {"chair"}
    assert watcher.sees(frozenset({"chair"}), None) is False  # the chair's private things stay the chair's
    assert [m.id for m in view.meters] == ["trust", "letters"]  # the hidden meter stays hidden


def test_table_strings_exist_in_both_languages_with_the_same_placeholders() -> None:
    import re

    from game.i18n.tables_en import STRINGS as EN
    from game.i18n.tables_zh import STRINGS as ZH

    assert set(EN) == set(ZH)
    for key, text in EN.items():
        assert ZH[key].strip() and set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", ZH[key])), key


def test_the_developers_table_entry_refuses_what_the_record_does_not_hold(room: Room, capsys) -> None:  # type: ignore[no-untyped-def]
    from game.cli import main

    assert main(["class", "table", "--db", str(room.path), "--session", "1", "--student", "99", "--table", "1"]) == 1
    assert "no such session, scenario, student or table" in capsys.readouterr().err


def test_devices_starting_and_voting_at_the_same_instant_agree(room: Room) -> None:
    """Two processes hitting the record in the same moment, as threads: one game is started, and both
    ballots land, one after the other."""
    import threading

    room.seat_everyone()
    chair, member = room.device(room.ana), room.device(room.ben)
    gate = threading.Barrier(2)

    def together(*actions) -> list[object]:  # type: ignore[no-untyped-def]
        results: list[object] = [None, None]

        def run(i: int) -> None:
            gate.wait()
            results[i] = actions[i]()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    together(chair.poll, member.poll)
    assert len(room.teacher.record.games(room.session)) == 1 and chair.game_id == member.game_id
    assert chair.choose("call").ok
    member.poll()
    assert member.end_discussion()
    chair.poll()
    first, second = together(lambda: chair.choose("yes"), lambda: member.choose("yes"))
    assert first.ok and second.ok  # type: ignore[attr-defined]
    rows = room.teacher.record.choices(chair.game_id or 0)
    assert sorted((r.index, r.seat) for r in rows[1:]) in (
        [(1, "chair"), (2, "member")],
        [(1, "member"), (2, "chair")],
    )


def test_the_four_directors_play_november_at_one_table(tmp_path: Path, flagship_plan: Plan) -> None:
    """The teacher's table of the four directors, each on a device, each taking their first open option,
    every discussion running out: the game reaches an ending, and every device holds the same game."""
    record = ClassRecord.open(tmp_path / "class.sqlite")
    session = record.create_session("november-2023", new_teacher_token()).id
    teacher = LiveClass(record, session)
    seats = ["sutskever", "toner", "mccauley", "dangelo"]
    table = teacher.open_table("Directors", seats, discussion=10)
    devices = []
    for seat, name in zip(seats, ("Ana", "Ben", "Chen", "Dara"), strict=True):
        student = teacher.join(name)[0].id
        assert teacher.sit(table, student, seat)
        live = LiveClass(ClassRecord.open(tmp_path / "class.sqlite"), session)
        devices.append(TableGame(live, table, flagship_plan, student, clock=later(0)))
    votes = 0
    for _ in range(200):
        for device in devices:
            device.poll()
        views = [device.view() for device in devices]
        if views[0].phase is Phase.ENDED:
            break
        if views[0].phase is Phase.DISCUSSION:
            votes += 1
            for device in devices:
                device.clock = later(11)  # the discussion runs out for everyone
            continue
        deciding = [(d, v) for d, v in zip(devices, views, strict=True) if v.yours]
        assert deciding, views[0].deciding  # someone at the table can always act
        for device, view in deciding:
            option = next(o for o in view.options if o.available)
            assert device.choose(option.id).ok
        for device in devices:  # a device shows its own ballot, and options only when it must decide
            device.poll()
            seen = device.view()
            assert seen.own_ballot is None or seen.seat in seen.cast
            assert not seen.options or seen.yours
    ending = devices[0].view()
    assert ending.phase is Phase.ENDED and ending.ending is not None and votes >= 1
    games = [d.game for d in devices]
    assert all(g is not None and g.values == games[0].values for g in games)  # type: ignore[union-attr]
    assert teacher.table(table).status == "finished"  # type: ignore[union-attr]
    rows = teacher.record.choices(devices[0].game_id or 0)
    assert {r.seat for r in rows} == set(seats) and len(rows) > 20
