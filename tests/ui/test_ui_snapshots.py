"""Snapshot tests of the main screens at 80x24 (pytest-textual-snapshot).

Regenerate after an intended change with:
    python -m pytest tests/test_ui_snapshots.py --snapshot-update
and look at the SVGs in tests/__snapshots__/test_ui_snapshots/ before committing them.
"""

from __future__ import annotations

import pytest

from game.ui.app import make_app

from ..helpers import mini_with

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


# --- issue 11: the "what happened" card, the characters panel, and a long briefing, in both languages -----------

STANCE = {
    "meters:\n": "stance:\n  label: {en: Regard, zh: 好感}\nmeters:\n",
    "        effects: {trust: -5}\n        next: fire_vote\n": (
        "        effects: {trust: -5}\n        next: fire_vote\n        trust:\n"
        "          - {seat: member, change: -10, because: {en: you called the vote without asking, zh: 你没商量就发起了表决}}\n"
        "          - {seat: ceo, change: -15, because: {en: you moved against him, zh: 你对他出手了}}\n"
    ),
}

LONG_PRIVATE = {
    "private: {en: Knows a secret., zh: 知道一个秘密。}": (
        "private: {en: "
        + " ".join(
            f"Line {n} of what only the chair knows and long enough to wrap at eighty columns." for n in range(12)
        )
        + ", zh: "
        + "".join(f"第{n}行：只有主席知道的事，长到在八十列里要换行才能放下。" for n in range(12))
        + "}"
    )
}


@pytest.mark.aftermath
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_aftermath_card(snap_compare, mini_plan, ui_saves, lang):
    app = make_app(lang=lang, saves_dir=ui_saves, plan=mini_plan, seat="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1", "enter", "1"))  # the vote's card


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_characters_panel(snap_compare, tmp_path, ui_saves, lang):
    plan = mini_with(tmp_path / "stance", STANCE)
    app = make_app(lang=lang, saves_dir=ui_saves, plan=plan, seat="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1", "c"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_long_briefing_keeps_its_objective_in_view(snap_compare, tmp_path, ui_saves, lang):
    plan = mini_with(tmp_path / "long", LONG_PRIVATE)
    app = make_app(lang=lang, saves_dir=ui_saves, plan=plan)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("1"))
