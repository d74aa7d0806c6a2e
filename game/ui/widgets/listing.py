"""An OptionList that survives having no room."""

from __future__ import annotations

from textual.widgets import OptionList


class Listing(OptionList):
    """OptionList, with page up and page down that do nothing when the list has no visible lines.

    Textual's OptionList measures its options' lines only when it has a content region; in a terminal too
    small to give it one, page up or down looks up the highlighted option's line and raises KeyError.
    """

    def action_page_up(self) -> None:
        if self.scrollable_content_region:
            super().action_page_up()  # type: ignore[no-untyped-call]  # Textual leaves it unannotated

    def action_page_down(self) -> None:
        if self.scrollable_content_region:
            super().action_page_down()  # type: ignore[no-untyped-call]  # Textual leaves it unannotated
