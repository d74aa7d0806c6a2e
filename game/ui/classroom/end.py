"""A class game's end: the ending, then you / class / history, the teacher's question, and what next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Static, TextArea

from ...i18n import clock
from ...narrate import option_text, seat_name
from ..prose import Para
from ..screens.base import BaseModal
from ..screens.report import ReportScreen, heading, para
from ..text import AMBER, BRASS, DIM, GREEN, INK, STEEL, verdict_mark

if TYPE_CHECKING:
    from ...classroom.compare import Row
    from ...scenario.plan import Plan
    from .app import ClassApp


class ClassEndScreen(ReportScreen):
    """The ending. History (its column, the ✓/✗ marks and what really happened) waits for the teacher's
    debrief; the class's choices so far are shown at once."""

    app: ClassApp
    CSS_PATH = ["../screens/panels.tcss", "../screens/ending.tcss"]  # read beside the class that names them
    BODY_ID = "ending-body"
    BINDINGS = [
        Binding("r", "app.reflect", "ui.key.reflect"),
        Binding("t", "app.download_transcript", "ui.key.transcript"),
        Binding("p", "app.another_seat", "ui.key.another"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    _drawn_with: tuple[bool, str] = (False, "")  # the debrief and the prompt the body was drawn with

    def on_mount(self) -> None:
        self.watch(self.app, "class_control", self._control_moved, init=False)

    def on_screen_resume(self) -> None:
        self.app.touch_screen("ending")

    def _control_moved(self) -> None:
        # Only what this screen shows: a warning or a pause must not scroll the student back to the top.
        control = self.app.class_control
        if (control.debrief, control.prompt) != self._drawn_with:
            self.render_texts()

    def render_texts(self) -> None:
        from ..widgets.topbar import TopBar

        app = self.app
        session = app.session
        game, plan, seat = session.game, session.plan, session.seat
        if game is None or plan is None or seat is None or game.ending is None:
            return
        lang, ending = self.lang, game.ending.model
        released = app.class_control.debrief
        self._drawn_with = (released, app.class_control.prompt)
        bar = self.query_one(TopBar)
        bar.scenario = plan.model.title.get(lang)
        bar.seat = seat_name(plan, seat, lang)
        bar.role = plan.seats[seat].role.get(lang)
        bar.clock = clock(plan.time(game.state.minute), lang, plan.model.clock.zone)

        parts: list[Widget] = [
            Para(
                Content(self.tr("ending.title", title=ending.title.get(lang))).stylize(f"bold {AMBER}"),
                id="ending-title",
            ),
            para(ending.text.get(lang)),
        ]
        if released:
            if game.ending.historical:
                parts.append(para(self.tr("ending.historical"), f"italic {GREEN}"))
            if ending.history is not None:
                parts += [heading(self.tr("ending.history")), para(ending.history.get(lang))]
        else:
            parts.append(para(self.tr("class.end.history_locked"), f"italic {DIM}"))

        parts.append(heading(self.tr("class.end.compare")))
        parts.append(para(self.tr("class.end.legend"), f"italic {DIM}"))
        if released:
            parts.append(para(self.tr("verdict.legend"), f"italic {DIM}"))
        for row in app.class_comparison():
            parts += self._row(plan, row, released)

        parts += self.trajectories_and_questions(plan, game, ending)
        parts.append(heading(self.tr("class.end.reflect")))
        parts.append(para(app.reflection_prompt()))
        if app.reflected():
            parts.append(para(self.tr("class.end.reflected"), f"italic {GREEN}"))
        parts.append(para(self.tr("class.end.next"), f"bold {BRASS}"))
        self.call_later(self._replace_body, parts)

    def _row(self, plan: Plan, row: Row, released: bool) -> list[Para]:
        """A decision's lines, each its own paragraph so that a long option wraps under its own start."""
        lang = self.lang
        title = Content(plan.decisions[row.decision].model.title.get(lang)).stylize(f"bold {INK}")
        mark = verdict_mark(row.verdict) if released else ("• ", DIM)
        out = [Para(Content.assemble(mark, title), hang=2, classes="ending-row")]

        def line(prefix: str, text: Content, hang: int = 0) -> None:
            lead = Content(prefix).stylize(DIM)
            out.append(Para(Content.assemble(lead, text), hang=lead.cell_length + hang, classes="class-line"))

        def labelled(key: str, text: Content) -> None:
            line("   " + self.tr("ui.label", label=self.tr(key)), text)

        mine = Content(option_text(plan, row.decision, row.mine, lang)).stylize(INK)
        if row.timed_out:
            mine = Content.assemble(mine, (f"  ⏱ {self.tr('class.end.timed_out')}", f"bold {AMBER}"))
        labelled("class.end.you", mine)
        if row.shares:
            label = "   " + self.tr("ui.label", label=self.tr("class.end.class_n", n=row.classmates))
            pad = " " * Content(label).cell_length
            for n, share in enumerate(row.shares):
                style = f"bold {INK}" if share.option == row.mine else STEEL
                percent = f"{round(share.share * 100):>3}% "
                text = Content.assemble(
                    (percent, BRASS), Content(option_text(plan, row.decision, share.option, lang)).stylize(style)
                )
                line(label if n == 0 else pad, text, hang=len(percent))
        else:
            labelled("class.end.class", Content(self.tr("class.end.no_class")).stylize(f"italic {DIM}"))
        if not released:
            history = Content(self.tr("class.end.locked")).stylize(f"italic {DIM}")
        elif row.history is None:
            history = Content(self.tr("ui.ending.unrecorded")).stylize(DIM)
        else:
            history = Content(option_text(plan, row.decision, row.history, lang)).stylize(STEEL)
        labelled("class.end.history", history)
        return out


class ReflectionScreen(BaseModal):
    """The teacher's question and a box for the answer. Dismisses with the answer, or None for later."""

    CSS_PATH = ["../screens/dialogs.tcss", "classroom.tcss"]  # type: ignore[assignment]  # Textual takes a list too
    BINDINGS = [Binding("escape", "later", "ui.key.cancel"), Binding("ctrl+s", "save", "ui.key.save")]

    def __init__(self, prompt: str) -> None:
        super().__init__(classes="dialog-screen")
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="reflection"):
            yield Para(id="dialog-title", classes="dialog-title")
            yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Para(id="reflection-hint", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("", id="save", variant="primary")
                yield Button("", id="later")

    def render_texts(self) -> None:
        self.query_one("#dialog-title", Static).update(Content(self.prompt).stylize(f"bold {INK}"))
        self.query_one("#answer", TextArea).placeholder = self.tr("class.reflect.placeholder")
        self.query_one("#reflection-hint", Static).update(Content(self.tr("class.reflect.hint")).stylize(DIM))
        self.query_one("#save", Button).label = Content(self.tr("class.reflect.save"))
        self.query_one("#later", Button).label = Content(self.tr("class.reflect.cancel"))

    def on_mount(self) -> None:
        self.query_one("#answer", TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_later()

    def action_save(self) -> None:
        answer = self.query_one("#answer", TextArea).text.strip()
        if not answer:
            self.notify(self.tr("class.reflect.empty"), severity="warning", markup=False)
            return
        self.dismiss(answer)

    def action_later(self) -> None:
        self.dismiss(None)
