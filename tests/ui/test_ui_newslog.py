"""The news log measures each entry once, draws it when it comes into view, and draws its own scroll indicator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.color import Color
from textual.pilot import Pilot

from game.ui.app import make_app
from game.ui.text import BRASS, DIM, TRACK
from game.ui.widgets.newslog import GUTTER, LogLine, NewsLog

from ..helpers import sync

WORDS = "The board meets again and the staff wait outside for news of what was decided. "


def entries(count: int, fresh_from: int) -> tuple[LogLine, ...]:
    return tuple(
        LogLine(f"Fri {n:02d}:00", f"Entry {n}", WORDS * (1 + n % 3), "Staff loyalty ▼2", fresh=n >= fresh_from)
        for n in range(count)
    )


class LogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NewsLog(id="log")


@asynccontextmanager
async def showing(lines: tuple[LogLine, ...]) -> AsyncIterator[tuple[Pilot[None], NewsLog]]:
    """A log of ``lines`` on a 40x12 screen, drawn."""
    app = LogApp()
    async with app.run_test(size=(40, 12)) as pilot:
        log = app.query_one(NewsLog)
        log.lines = lines
        await pilot.pause()
        yield pilot, log


def newest_in_view(log: NewsLog) -> bool:
    """The newest entry's last words are the last lines in view (a blank line follows every entry)."""
    return "Staff loyalty ▼2" in row_text(log, log.scrollable_content_region.height - 2)


def row_text(log: NewsLog, y: int) -> str:
    return "".join(segment.text for segment in log.render_line(y))


def bar_colour(log: NewsLog, y: int) -> Color:
    """The background of the indicator's cell on row ``y``: the last cell of the line."""
    last = list(log.render_line(y))[-1]
    assert last.style is not None and last.style.bgcolor is not None
    return Color.from_rich_color(last.style.bgcolor)


@sync
async def test_every_entry_is_drawn_at_the_height_it_was_measured_and_the_newest_is_in_view() -> None:
    async with showing(entries(30, fresh_from=28)) as (_pilot, log):
        assert newest_in_view(log)
        view = log.scrollable_content_region.height
        # Reading the whole log, line by line, gives every entry in order and nothing twice or cut: each was
        # drawn at the height it was measured at, or later entries would start in the wrong place.
        seen = []
        for top in range(0, log.virtual_size.height, view):
            log.scroll_to(y=top, animate=False, immediate=True)
            seen += [row_text(log, y) for y in range(min(view, log.virtual_size.height - top))]
        heads = [line for line in seen if "Entry " in line]
        assert [h.split("Entry ")[1].split()[0] for h in heads] == [str(n) for n in range(30)]
        assert sum("Staff loyalty ▼2" in line for line in seen) == 30


@sync
async def test_the_indicator_follows_the_view_and_is_blank_when_all_fits() -> None:
    async with showing(entries(1, fresh_from=0)) as (pilot, log):
        assert all(row_text(log, y).endswith(" " * GUTTER) for y in range(2))
        log.lines = entries(30, fresh_from=28)
        await pilot.pause()
        view = log.scrollable_content_region.height
        thumb, track = Color.parse(DIM), Color.parse(TRACK)
        assert bar_colour(log, view - 1) == thumb and bar_colour(log, 0) == track  # at the end
        log.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert bar_colour(log, 0) == thumb and bar_colour(log, view - 1) == track  # at the top


@sync
async def test_an_entry_that_is_no_longer_fresh_is_drawn_dim_when_it_comes_back_into_view() -> None:
    async with showing(entries(30, fresh_from=0)) as (pilot, log):

        def stamp_colour() -> Color:
            log.scroll_home(animate=False, immediate=True)
            stamp = next(s for s in log.render_line(0) if s.text.strip())
            assert stamp.text.startswith("Fri 00:00") and stamp.style is not None and stamp.style.color
            return Color.from_rich_color(stamp.style.color)

        assert stamp_colour() == Color.parse(BRASS)
        log.lines = entries(31, fresh_from=30)  # a new choice: every older entry stops being fresh
        await pilot.pause()
        assert stamp_colour() == Color.parse(DIM)


@sync
async def test_the_play_screens_log_keeps_its_newest_entry_in_view_through_a_resize(flagship_plan, ui_saves):  # type: ignore[no-untyped-def]
    # On the play screen a new window size settles over more than one layout pass (the meters fold to one line
    # each, the options take what the decision leaves), so the log must find its end after the last of them.
    app = make_app(saves_dir=ui_saves, plan=flagship_plan, seat="sutskever", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("1", "1", "1"):
            await pilot.press(key)
            await pilot.pause()
        log = app.screen.query_one(NewsLog)
        for size in ((120, 40), (80, 24), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert log.scroll_y == log.max_scroll_y > 0, size


@sync
async def test_the_newest_entry_stays_in_view_when_the_window_grows_or_shrinks() -> None:
    async with showing(entries(30, fresh_from=28)) as (pilot, log):
        for size in ((90, 40), (30, 10), (60, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            # Measured again at the new width, and still at the end.
            assert log.scroll_y == log.max_scroll_y > 0 and newest_in_view(log)
