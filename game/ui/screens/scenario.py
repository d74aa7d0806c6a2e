"""Choose a scenario from those bundled (broken ones are listed with their first problem)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ... import catalog
from ..messages import PickSeat
from ..prose import Para, Prose
from ..text import BRASS, DIM, INK, RED
from ..widgets.keyfooter import KeyFooter
from ..widgets.listing import Listing
from .base import BaseScreen


class ScenarioScreen(BaseScreen):
    PickSeat = PickSeat
    CSS_PATH = "scenario.tcss"
    BINDINGS = [
        Binding("escape", "back", "ui.key.back"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries = catalog.bundled()

    def compose(self) -> ComposeResult:
        yield Para(id="screen-heading", classes="screen-heading")
        with Horizontal(id="scenario-body"):
            yield Listing(id="scenario-list")
            with VerticalScroll(id="scenario-detail"):
                yield Para(id="scenario-summary")
        yield KeyFooter()

    def _prompt(self, entry: catalog.Entry) -> Content:
        if entry.plan is None:
            problem = entry.problems[0].message if entry.problems else ""
            return Content.assemble(
                Content(entry.id).stylize(DIM),
                "\n  ",
                Content("✗ " + self.tr("ui.scenario.broken", problem=problem)).stylize(RED),
            )
        return Content(entry.plan.model.title.get(self.lang)).stylize(f"bold {INK}")

    def render_texts(self) -> None:
        self.query_one("#screen-heading", Static).update(
            Content(self.tr("ui.scenario.heading")).stylize(f"bold {BRASS}")
        )
        listing = self.query_one("#scenario-list", OptionList)
        highlighted = listing.highlighted
        listing.set_options(
            [Option(Prose.of(self._prompt(e)), id=str(i), disabled=e.plan is None) for i, e in enumerate(self.entries)]
        )
        if highlighted is None:
            highlighted = next((i for i, e in enumerate(self.entries) if e.plan is not None), None)
        listing.highlighted = highlighted
        self._show(highlighted)

    def _show(self, index: int | None) -> None:
        summary = self.query_one("#scenario-summary", Static)
        if not self.entries:
            summary.update(Content(self.tr("ui.scenario.none")).stylize(DIM))
            return
        if index is None or self.entries[index].plan is None:
            summary.update(Content(""))
            return
        plan = self.entries[index].plan
        assert plan is not None
        seats = len(plan.playable_seats())
        parts = [
            Content(plan.model.title.get(self.lang)).stylize(f"bold {BRASS}"),
            Content(plan.model.summary.get(self.lang)).stylize(INK),
            Content(self.tr("ui.scenario.facts", seats=seats, decisions=len(plan.decisions))).stylize(DIM),
        ]
        if self.lang not in plan.model.languages:  # say so before a Chinese player meets a page of English
            parts.append(Content(self.tr("ui.scenario.english_only")).stylize(DIM))
        summary.update(Content("\n\n").join(parts))

    def on_mount(self) -> None:
        self.query_one("#scenario-list", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        plan = self.entries[event.option_index].plan
        if plan is not None:
            self.post_message(PickSeat(plan))

    def action_back(self) -> None:
        self.dismiss()
