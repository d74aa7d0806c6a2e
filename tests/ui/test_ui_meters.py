"""The meters panel: one widget that draws every meter, sizes itself to them and scrolls when capped."""

from __future__ import annotations

from textual.app import App, ComposeResult

from game.ui.widgets.meters import MeterInfo, MetersPanel

from ..helpers import sync

METERS = tuple(MeterInfo(f"m{n}", f"Meter number {n}", 10 * n, delta=n - 4) for n in range(9))


class MetersApp(App[None]):
    CSS = "MetersPanel { height: auto; max-height: 10; }"

    def compose(self) -> ComposeResult:
        yield MetersPanel()


def lines(panel: MetersPanel) -> list[str]:
    return ["".join(s.text for s in panel.render_line(y)) for y in range(panel.scrollable_content_region.height)]


@sync
async def test_each_meter_is_a_label_and_value_over_a_bar_and_the_panel_fits_them():
    app = MetersApp()
    async with app.run_test(size=(30, 24)) as pilot:
        panel = app.query_one(MetersPanel)
        panel.meters = METERS[:3]
        await pilot.pause()
        assert panel.size.height == 6  # two lines a meter, no more
        drawn = lines(panel)
        assert drawn[0].startswith("Meter number 0") and drawn[0].rstrip().endswith("0 ▼4")
        assert set(drawn[1]) == {"━"} and len(drawn[1]) == 30
        panel.meters = (*METERS[:2], MeterInfo("m2", "Meter number 2", 75, delta=3))
        await pilot.pause()
        assert lines(panel)[4].rstrip().endswith("75 ▲3")


@sync
async def test_compact_meters_take_one_line_each_and_many_scroll():
    app = MetersApp()
    async with app.run_test(size=(30, 24)) as pilot:
        panel = app.query_one(MetersPanel)
        panel.meters = METERS
        await pilot.pause()
        assert panel.size.height == 10 and panel.virtual_size.height == 18  # capped: the rest scrolls
        panel.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert any(line.startswith("Meter number 8") for line in lines(panel))
        panel.compact = True
        await pilot.pause()
        assert panel.virtual_size.height == 9
        assert [line.split()[2] for line in lines(panel)[:2]] == ["0", "1"]


@sync
async def test_no_meters_is_a_dash():
    app = MetersApp()
    async with app.run_test(size=(30, 24)) as pilot:
        await pilot.pause()
        assert lines(app.query_one(MetersPanel))[0].strip() == "—"
