"""A student's game in a class session, played under Pilot against a temporary class record."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom.live import OBSERVER, LiveClass
from game.classroom.record import ChoiceRow, ClassRecord, RecordError, new_teacher_token
from game.settings import Settings
from game.ui.classroom.app import ClassApp, make_class_app
from game.ui.classroom.controls import PauseScreen, WarningBar
from game.ui.classroom.end import ClassEndScreen, ReflectionScreen
from game.ui.classroom.lobby import LobbyScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.seat import BriefingScreen
from game.verdict import Verdict

from ..helpers import notes, sync, wait_for

SIZE = (80, 24)


@pytest.fixture
def live(tmp_path: Path) -> LiveClass:
    record = ClassRecord.open(tmp_path / "class.sqlite")
    session = record.create_session("mini", new_teacher_token(), join_code="ABC234")
    return LiveClass(record, session.id)


def student_app(live: LiveClass, plan, tmp_path: Path, name: str = "Ana", lang: str = "en", **settings) -> ClassApp:  # type: ignore[no-untyped-def]
    student, _ = live.join(name)
    saves = tmp_path / f"saves-{name}"
    saves.mkdir(exist_ok=True)
    (tmp_path / "downloads").mkdir(exist_ok=True)
    return make_class_app(
        live,
        student,
        plan,
        lang=lang,
        settings=Settings(aftermath=False, **settings),
        saves_dir=saves,
        seed=3,
        downloads=tmp_path / "downloads",
    )


def classmate_game(live: LiveClass, name: str, first: str) -> None:
    """A classmate's finished game in the chair's seat, opening with ``first``."""
    classmate, _ = live.join(name)
    verdict = Verdict.SAME if first == "call" else Verdict.DIVERGED
    rows = [ChoiceRow(0, "call_vote", "chair", first, "call", 60, 1.0, False, verdict)]
    live.record.add_game(live.session, {"chair": classmate.id}, 1, f"game-{name}", rows, ending="status_quo")


def rows_text(app: ClassApp) -> str:
    """The end screen's you / class / history lines, one a line, unwrapped."""
    return "\n".join(str(p.render()) for p in app.screen.query(".ending-row, .class-line"))


def play_screen(app: ClassApp) -> PlayScreen:
    (screen,) = [s for s in app.screen_stack if isinstance(s, PlayScreen)]
    return screen


async def take_seat(pilot, app: ClassApp) -> None:  # type: ignore[no-untyped-def]
    """Enter on the highlighted seat in the lobby, then take it on the role card."""
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))


async def left_mid_game(live: LiveClass, plan, tmp_path: Path, keys: str = "") -> str:  # type: ignore[no-untyped-def]
    """A student takes the first seat, presses ``keys`` and closes the tab; the game's uid."""
    app = student_app(live, plan, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await take_seat(pilot, app)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        assert app.session.game is not None
        return app.session.game.uid


@sync
async def test_a_whole_class_game_is_recorded_and_ends_beside_the_class(live, mini_plan, tmp_path, ui_screen_text):
    classmate_game(live, "Ben", "call")
    classmate_game(live, "Cai", "wait")
    live.set_prompt("Would you call the vote again?")
    app = student_app(live, mini_plan, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)
        text = ui_screen_text(app)
        assert "Hello, Ana." in text and "Class · A small crisis" in text and "Pick any seat" in text
        assert "The Chair · Chair  0 playing" in text and "The CEO · CEO  0 playing" in text
        assert "A member" not in text  # not a playable seat
        assert live.presence()[0].screen == "lobby"
        await take_seat(pilot, app)
        (row,) = live.record.games(live.session)[2:]
        assert row.status == "playing" and row.players == {"chair": app.student.id} and row.seed == 3
        seen = next(p for p in live.presence() if p.student == app.student.id)
        assert (seen.screen, seen.seat, seen.decision, seen.game) == ("play", "chair", "call_vote", row.id)
        await pilot.press("l", "s", "u", "ctrl+p")  # no loading, saving, undo or palette: the record is the save
        assert app.screen is play_screen(app) and "Load" not in ui_screen_text(app)
        await pilot.press("1")  # call the vote
        await pilot.pause()
        await pilot.press("1")  # yes
        await wait_for(pilot, lambda: isinstance(app.screen, ClassEndScreen))
        choices = live.record.choices(row.id)
        assert [(c.index, c.decision, c.option, c.history, c.timed_out, c.verdict) for c in choices] == [
            (0, "call_vote", "call", "call", False, Verdict.SAME),
            (1, "fire_vote", "yes", "yes", False, Verdict.SAME),
        ]
        finished = live.record.games(live.session)[2]
        assert finished.status == "finished" and finished.ending == app.session.game.ending.id
        assert next(p for p in live.presence() if p.student == app.student.id).screen == "ending"

        await pilot.pause()
        text = ui_screen_text(app)
        assert "You · class · history" in text
        body = rows_text(app)
        assert "You: Call the vote" in body
        assert "Class (2):  50% Call the vote" in body and "50% Wait" in body  # Ben called it, Cai waited
        assert "Class: no classmate has met this decision yet" in body  # nobody else reached the vote
        assert "History: shown when your teacher releases the debrief" in body and "✓" not in body

        live.release_debrief()
        app.poll_class()
        await pilot.pause()
        body = rows_text(app)
        assert "✓ Call the vote?" in body and "History: Call the vote" in body

        await pilot.press("r")
        assert isinstance(app.screen, ReflectionScreen)
        assert app.session.game is not None
        await pilot.press(*"I would wait")
        await pilot.click("#save")
        await wait_for(pilot, lambda: isinstance(app.screen, ClassEndScreen))
        (reflection,) = live.record.reflections(live.session)
        assert (reflection.prompt, reflection.answer, reflection.game) == (
            "Would you call the vote again?",
            "I would wait",
            row.id,
        )

        await pilot.press("t")
        delivered = tmp_path / "downloads"
        await wait_for(pilot, lambda: any(delivered.iterdir()))
        (transcript,) = delivered.iterdir()
        assert transcript.name.endswith("-en.html") and "chair" in transcript.name
        await wait_for(pilot, lambda: "Call the vote" in transcript.read_text(encoding="utf-8"))
        await wait_for(pilot, lambda: "Transcript saved" in notes(app))

        await pilot.press("p")  # play another seat, at once
        await wait_for(pilot, lambda: isinstance(app.screen, LobbyScreen))
        assert app.session.game is None and "Games you have finished: 1" in ui_screen_text(app)


@sync
async def test_assigned_mode_waits_for_the_teacher_then_offers_that_seat(live, mini_plan, tmp_path, ui_screen_text):
    live.set_seat_mode("assigned")
    app = student_app(live, mini_plan, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Wait for your teacher to give you a seat" in text and "The Chair" not in text
        await pilot.press("enter")  # nothing to take yet
        assert isinstance(app.screen, LobbyScreen)
        live.open_table("The board", ["chair", "ceo"])
        app.screen._refresh_if_shown()
        await pilot.pause()
        live.assign(app.student.id, "ceo")
        app.screen._refresh_if_shown()  # the lobby's own interval does this every few seconds
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Your seat: The CEO · CEO" in text and "Wait for your teacher" not in text
        await pilot.press("enter")
        assert isinstance(app.screen, BriefingScreen) and app.screen.seat == "ceo"


@sync
async def test_balanced_mode_gives_the_seat_fewest_classmates_play(live, mini_plan, tmp_path, ui_screen_text):
    live.set_seat_mode("balanced")
    ben, _ = live.join("Ben")
    live.record.start_game(live.session, {"chair": ben.id}, 1, "ben")
    app = student_app(live, mini_plan, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        assert "shared out evenly" in text and "Your seat: The CEO · CEO" in text and "The Chair" not in text
        live.assign(app.student.id, OBSERVER)
        app.screen._refresh_if_shown()
        await pilot.pause()
        text = ui_screen_text(app)
        assert "You observe this round" in text and "Your seat" not in text


@sync
async def test_the_teachers_pause_blocks_input_and_stops_the_clock(live, mini_plan, tmp_path, ui_clock):
    app = student_app(live, mini_plan, tmp_path, time_limit=30)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await take_seat(pilot, app)
        play = app.screen
        assert isinstance(play, PlayScreen)
        live.pause()
        app.poll_class()
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("1", "escape", "q")
        ui_clock.advance(40)  # longer than the limit, but the class is paused
        play._on_interval()
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen) and app.session.game.choices == []
        assert play.countdown.left == 30
        live.pause(False)
        app.poll_class()
        await pilot.pause()
        assert app.screen is play
        await pilot.press("1")
        await pilot.pause()
        assert [c.option for c in app.session.game.choices] == ["call"]


@sync
async def test_a_two_minute_warning_shows_a_countdown(live, mini_plan, tmp_path, ui_screen_text):
    app = student_app(live, mini_plan, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live.warn()
        app.poll_class()
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Two-minute warning from your teacher: 2:00 left" in text or "1:59 left" in text
        await take_seat(pilot, app)  # the warning follows the student to the next screen
        app.poll_class()
        await pilot.pause()
        assert "Two-minute warning from your teacher" in ui_screen_text(app)
        live.warn(0)
        app.poll_class()
        await pilot.pause()
        assert not [bar for screen in app.screen_stack for bar in screen.query(WarningBar)]


@sync
async def test_a_timeout_is_recorded_and_the_student_is_told_why(live, mini_plan, tmp_path, ui_clock):
    app = student_app(live, mini_plan, tmp_path, time_limit=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await take_seat(pilot, app)
        app.screen.tick(5)
        await wait_for(pilot, lambda: bool(app.session.game.choices))
        (row,) = live.record.games(live.session)
        (choice,) = live.record.choices(row.id)
        assert choice.timed_out and choice.verdict is Verdict.TIMED_OUT and choice.index == 0
        # mini marks no option as doing nothing, so the seat's usual course was taken, and the screen says so
        assert "No option here means doing nothing" in notes(app)


@sync
async def test_a_restarted_app_resumes_the_game_from_the_record(live, mini_plan, tmp_path):
    uid = await left_mid_game(live, mini_plan, tmp_path, "1")
    again = student_app(live, mini_plan, tmp_path)  # a reloaded tab: a new process, the same student
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, PlayScreen))
        game = again.session.game
        assert game.uid == uid and [c.option for c in game.choices] == ["call"]
        assert "Welcome back" in notes(again)
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(again.screen, ClassEndScreen))
    (row,) = live.record.games(live.session)
    assert row.status == "finished" and [c.index for c in live.record.choices(row.id)] == [0, 1]


@sync
async def test_a_failed_record_write_is_told_once_and_caught_up(live, mini_plan, tmp_path, monkeypatch):
    app = student_app(live, mini_plan, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await take_seat(pilot, app)
        real = ClassRecord.add_choice

        def broken(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise RecordError("the disk is full")

        monkeypatch.setattr(ClassRecord, "add_choice", broken)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, ClassEndScreen))  # the game went on
        assert notes(app).count("could not be written to the class record") == 1
        monkeypatch.setattr(ClassRecord, "add_choice", real)
        app.poll_class()  # the next look at the teacher's controls tries again
        await pilot.pause()
        assert "caught up" in notes(app)
    (row,) = live.record.games(live.session)
    assert row.status == "finished" and len(live.record.choices(row.id)) == 2


@sync
async def test_the_class_screens_in_chinese(live, mini_plan, tmp_path, ui_screen_text):
    classmate_game(live, "Ben", "wait")
    app = student_app(live, mini_plan, tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Ana，你好。" in text and "选择席位" in text and "主席 · 主席  0 人在玩" in text
        await take_seat(pilot, app)
        await pilot.press("2")  # wait: the game ends
        await wait_for(pilot, lambda: isinstance(app.screen, ClassEndScreen))
        await pilot.pause()
        assert "你 · 全班 · 历史" in ui_screen_text(app)
        body = rows_text(app)
        assert "你：等待" in body and "全班（1）：100% 等待" in body and "老师开放复盘后显示" in body
        await pilot.press("r")
        assert isinstance(app.screen, ReflectionScreen)
        assert "现在回头看，你会改变哪个决定？" in ui_screen_text(app)  # the game's own question, in Chinese
        await pilot.press(*"wait", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClassEndScreen))
        (reflection,) = live.record.reflections(live.session)
        assert reflection.answer == "wait" and reflection.prompt == "现在回头看，你会改变哪个决定？为什么？"


@sync
async def test_the_lobby_lists_open_tables_and_joins_one(live, mini_plan, tmp_path, ui_screen_text):
    from game.ui.classroom.table import TableScreen

    app = student_app(live, mini_plan, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No board table is open yet." in ui_screen_text(app)
        table = live.open_table("The board", ["chair", "ceo"])
        app.screen._refresh_if_shown()
        await pilot.pause()
        assert "The board: 0 of 2 seats taken · open" in ui_screen_text(app)
        await pilot.press("end", "enter")  # the last row: the table
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen))
        assert app.screen.tables.table_id == table


@sync
async def test_a_game_resumed_during_a_pause_stays_paused(live, mini_plan, tmp_path):
    await left_mid_game(live, mini_plan, tmp_path)
    live.pause()
    again = student_app(live, mini_plan, tmp_path)  # the tab reloaded while the teacher has the class paused
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: again.session.game is not None)
        await pilot.pause()
        assert isinstance(again.screen, PauseScreen) and isinstance(again.screen_stack[-2], PlayScreen)
        await pilot.press("1")
        assert again.session.game.choices == []
