"""The debrief after the ending, and exporting printable transcripts (from the ending, the debrief or mid-game)."""

from __future__ import annotations

import json
import re

from game.ui.app import make_app
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen

from ..helpers import notes, sync

SIZE = (80, 24)
TALL = (100, 80)


@sync
async def test_debrief_shows_sources_divergence_and_what_followed(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("1", "2")  # call the vote, then vote no: history voted yes
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "d debrief" in ui_screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        text = ui_screen_text(app)
        assert "Debrief" in text and "Ending: Nothing changes" in text
        # Each decision beside history's, with its sources: the fact id and what the fact says.
        assert "1. Call the vote?" in text and "You: Call the vote" in text
        assert "The record: The chair called it." in text
        assert "fx-one" in text and "The chair called a vote." in text
        assert "2. Remove the CEO" in text and "You: No" in text and "History: Yes" in text
        # Where the game left history, and what followed from it.
        assert "You first left history at “Remove the CEO” (Fri 11:00). What followed:" in text
        assert "Vote failed: 1 yes, 1 no" in text
        assert "The game ended: Nothing changes." in text
        assert "How the meters moved" in text and "50→55" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)


@sync
async def test_debrief_when_history_was_followed_lists_the_questions(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("1", "1", "d")
        await pilot.pause()
        text = ui_screen_text(app)
        assert "You never left history's path" in text
        assert "For discussion" in text and "1. Was it right?" in text


@sync
async def test_debrief_in_chinese(mini_plan, ui_saves, ui_screen_text):
    app = make_app(lang="zh", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("1", "2", "d")
        await pilot.pause()
        text = ui_screen_text(app)
        assert "复盘" in text and "主席发起了投票。" in text and "你第一次偏离历史是在“罢免首席执行官”" in text
        await pilot.press("g")
        await pilot.pause()
        assert "You first left history at" in ui_screen_text(app)


@sync
async def test_debrief_marks_timed_out_choices(mini_plan, ui_saves, ui_screen_text, ui_clock):
    from game.settings import Settings

    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=Settings(time_limit=30))
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        app.screen.tick(30)  # the call times out (the chair's policy: history's call)
        await pilot.pause()
        await pilot.press("1", "d")
        await pilot.pause()
        text = ui_screen_text(app)
        assert text.count("time ran out: taken by default") == 1


@sync
async def test_export_writes_markdown_and_html(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("1", "2", "d", "e")
        await pilot.pause()
        [md] = sorted(ui_saves.glob("transcript-*.md"))
        [html] = sorted(ui_saves.glob("transcript-*.html"))
        assert md.stem == html.stem and md.stem.startswith("transcript-mini-chair-")
        message = notes(app)
        assert str(md) in message and str(html) in message  # the player is told where
    text = md.read_text(encoding="utf-8")
    assert "Remove the CEO" in text and "Nothing changes" in text
    data = json.loads(re.search(r"<!-- boardroom-data: (.*) -->", text).group(1))  # type: ignore[union-attr]
    assert data["choices"] == [["call_vote", "chair", "call"], ["fire_vote", "chair", "no"]]
    assert data["game_id"] == app.session.game.uid
    page = html.read_text(encoding="utf-8")
    assert "@media print" in page and "Remove the CEO" in page


@sync
async def test_export_mid_game_from_the_palette(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export transcript" in titles and "Debrief" not in titles  # the debrief comes after the ending
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        [md] = ui_saves.glob("transcript-*.md")
        assert (ui_saves / f"{md.stem}.html").is_file()
        assert "Call the vote" in md.read_text(encoding="utf-8")


@sync
async def test_export_again_replaces_the_same_files(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        app.action_export_transcript()
        app.action_export_transcript()
        await pilot.pause()
    assert len(list(ui_saves.glob("transcript-*"))) == 2


@sync
async def test_export_failure_is_reported(mini_plan, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the saves folder should be", encoding="utf-8")
    app = make_app(saves_dir=blocked, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_export_transcript()
        await pilot.pause()
        assert "could not be written" in notes(app)
        assert app.is_running
