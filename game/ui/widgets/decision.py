"""The decision at the centre of the play screen, and the list of options to choose from."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..prose import Para, Prose
from ..text import AMBER, BRASS, DIM, INK, RED, STEEL, TRACK
from .listing import Listing


@dataclass(frozen=True)
class DecisionInfo:
    kicker: str  # "DECISION" or "VOTE", already translated
    title: str
    text: str
    vote: tuple[str, ...] = ()  # lines about the vote: who votes, who is recused, what is needed
    is_vote: bool = False


@dataclass(frozen=True)
class ChoiceInfo:
    id: str
    text: str
    available: bool
    reason: str = ""  # shown under an unavailable option
    stakes: int = 0  # 0-3: how much it moves, never which way (game/stakes.py)


def stakes_mark(stakes: int) -> Content:
    """'●●○' for stakes of 2; nothing when the option moves nothing a player can see."""
    if stakes <= 0:
        return Content("")
    return Content.assemble(("  " + "●" * stakes, STEEL), ("○" * (3 - stakes), TRACK))


class DecisionView(VerticalScroll, can_focus=False):
    """Title, vote notice and narrative of the pending decision. Posts ``Resized`` when its height changes, so
    the screen can give the options what is left."""

    class Resized(Message):
        pass

    info: reactive[DecisionInfo | None] = reactive(None, always_update=True)

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    def compose(self) -> ComposeResult:
        yield Para(id="d-kicker")
        yield Para(id="d-title")
        yield Para(id="d-text")
        yield Para(id="d-vote")

    def watch_info(self, info: DecisionInfo | None) -> None:
        if not getattr(self, "_ready", False):
            return
        kicker = self.query_one("#d-kicker", Static)
        title = self.query_one("#d-title", Static)
        vote = self.query_one("#d-vote", Static)
        text = self.query_one("#d-text", Static)
        if info is None:
            for widget in (kicker, title, vote, text):
                widget.update(Content(""))
            return
        kicker.update(Content(info.kicker).stylize(f"bold {AMBER if info.is_vote else BRASS}"))
        title.update(Content(info.title).stylize(f"bold {INK}"))
        vote.display = bool(info.vote)
        vote.update(Content("\n").join(Content(line).stylize(AMBER) for line in info.vote))
        text.update(Content(info.text).stylize(INK))
        self.scroll_home(animate=False)

    def on_mount(self) -> None:
        self._ready = True
        self.watch_info(self.info)


class ChoiceList(Listing):
    """Numbered options; unavailable ones are greyed with their reason. Posts ``Chosen``."""

    class Chosen(Message):
        def __init__(self, option_id: str) -> None:
            super().__init__()
            self.option_id = option_id

    choices: reactive[tuple[ChoiceInfo, ...]] = reactive((), always_update=True)

    def watch_choices(self, choices: tuple[ChoiceInfo, ...]) -> None:
        options = []
        for n, choice in enumerate(choices, 1):
            number = Content.assemble((f"{n}" if n <= 9 else "·", f"bold {BRASS}"), ("  ", ""))
            if choice.available:
                prompt = number + Content(choice.text).stylize(INK) + stakes_mark(choice.stakes)
            else:
                prompt = Content.assemble(
                    number,
                    Content(choice.text).stylize(f"{DIM} strike"),
                    "\n   ",
                    Content("✗ " + choice.reason).stylize(f"italic {RED}"),
                )
            options.append(Option(Prose.of(prompt, 3), id=choice.id, disabled=not choice.available))
        self.set_options(options)
        first = next((i for i, c in enumerate(choices) if c.available), None)
        self.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
