"""Snapshot tests of the main screens at 80x24 (pytest-textual-snapshot).

Regenerate after an intended change with:
    python -m pytest tests/test_ui_snapshots.py --snapshot-update
and look at the SVGs in tests/__snapshots__/test_ui_snapshots/ before committing them.
"""

from __future__ import annotations

from game.ui.app import make_app

SIZE = (80, 24)


def keys(*presses: str):  # type: ignore[no-untyped-def]
    """A run_before that presses keys one at a time and lets each take effect (screens mount bodies later)."""

    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()

    return run


settle = keys()


def test_title_screen(snap_compare, ui_saves):
    assert snap_compare(make_app(lang="en", saves_dir=ui_saves), terminal_size=SIZE, run_before=settle)


def test_seat_selection(snap_compare, mini_plan, ui_saves):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_briefing(snap_compare, mini_plan, ui_saves):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1"))


def test_play_screen(snap_compare, mini_plan, ui_saves):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_play_screen_vote_with_history(snap_compare, mini_plan, ui_saves):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1", "h"))


def test_play_screen_chinese(snap_compare, mini_plan, ui_saves):
    app = make_app(lang="zh", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1"))


def test_ending_screen(snap_compare, mini_plan, ui_saves):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1", "2"))


def test_pass_the_keyboard(snap_compare, mini_plan, ui_saves):
    """Hot seat: the screen between turns hides everything but whose turn it is."""
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan, players=["chair", "ceo"])
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_debrief(snap_compare, mini_plan, ui_saves):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1", "2", "d"))
