"""Saving and loading through the UI: named slots, the load list, broken saves, changed scenarios."""

from __future__ import annotations

import json

from game import saves
from game.ui.app import make_app
from game.ui.screens.dialogs import ConfirmScreen, LoadScreen, NoticeScreen, SaveScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen

from ..helpers import notes, sync, wait_for

SIZE = (80, 24)


@sync
async def test_save_quit_then_load_and_finish(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        assert "mini-chair-1" in ui_screen_text(app)  # the default slot name
        await pilot.press(*"going big", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert not app.session.unsaved
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    data = saves.read(ui_saves / "going-big.json")
    assert data.label == "going big" and [c[2] for c in data.choices] == ["call"]

    again = make_app(saves_dir=ui_saves, plan=mini_plan, load="going-big")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen)
        assert "Remove the CEO" in ui_screen_text(again)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(again.screen, EndingScreen)
        assert "Ending: The return" in ui_screen_text(again)


@sync
async def test_load_screen_lists_saves_and_broken_ones(mini_plan, ui_saves, ui_screen_text):
    (ui_saves / "broken.json").write_text("{not json", encoding="utf-8")
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        app.session.save("mine")
        await pilot.press("u")  # back to the first decision
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        text = ui_screen_text(app)
        assert "broken" in text and "damaged or truncated" in text
        assert "mine" in text and "autosave" in text
        listing = app.screen.query_one("#saves")
        mine = next(i for i, e in enumerate(app.screen.entries) if e.path.stem == "mine")
        listing.highlighted = mine
        await pilot.press("enter")
        await pilot.pause()
        # The undo left a choice that only the autosave holds: loading over it asks first.
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "Remove the CEO" in ui_screen_text(app)


@sync
async def test_load_from_title_screen(mini_plan, ui_saves):
    game_app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="ceo")
    async with game_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        game_app.session.save("ceo-start")
    app = make_app(saves_dir=ui_saves)
    app.session.remember(mini_plan)  # the mini scenario is not bundled
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.session.seat == "ceo"


@sync
async def test_load_of_a_missing_slot_is_not_fatal(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, load="nothing-here")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "cannot read" in notes(app)


@sync
async def test_changed_scenario_tells_where_the_game_continues(mini_plan, ui_saves, ui_screen_text):
    game_app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with game_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        path = game_app.session.save("old")
    raw = json.loads(path.read_text(encoding="utf-8"))
    # A save from an older scenario: a first choice that no longer exists.
    raw["choices"] = [["call_vote", "chair", "resign"], ["fire_vote", "chair", "yes"]]
    raw["scenario_hash"] = "0" * 16
    path.write_text(json.dumps(raw), encoding="utf-8")
    app = make_app(saves_dir=ui_saves, plan=mini_plan, load="old")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        await wait_for(pilot, lambda: "Call the vote?" in ui_screen_text(app))
        text = ui_screen_text(app)
        assert "choice 1 of 2" in text and "Call the vote?" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "Call the vote?" in ui_screen_text(app)


@sync
async def test_autosave_after_every_decision(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    slot = ui_saves / "autosave-mini-chair.json"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not slot.exists()
        await pilot.press("1")
        await pilot.pause()
        assert [c[2] for c in saves.read(slot).choices] == ["call"]
        await pilot.press("1")
        await pilot.pause()
        data = saves.read(slot)
        assert data.autosave and data.ending == "return"


@sync
async def test_saving_over_a_named_save_asks_first(ui_plan, ui_saves, ui_screen_text):
    app = BoardroomApp(saves_dir=ui_saves, plan=ui_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", *"mine", "enter")  # a new name: saved at once
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and saves.read(ui_saves / "mine.json").choices == []
        await pilot.press("1", "s", *"mine", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "There is already a save named 'mine'" in ui_screen_text(app)
        await pilot.press("n")  # keep the old save, and pick another name
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen) and app.screen.focused is app.screen.query_one("#slot")
        assert saves.read(ui_saves / "mine.json").choices == []
        await pilot.press("enter")  # the same name again: asked again, and this time replaced
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
    assert [c[2] for c in saves.read(ui_saves / "mine.json").choices] == ["call"]
