"""A bare app that opens one board table directly, for trying tables by hand without the class lobby:
``python -m game class table --db DB --session S --student ID --table T`` (a hidden developer's command)."""

from __future__ import annotations

from textual import events

from ... import paths
from ...classroom.live import LiveClass
from ...controller import Controller, Session
from ...i18n import LANGS, t
from ...scenario.plan import Plan
from ..app import BoardroomApp
from .table import TableScreen


class TableApp(BoardroomApp):
    """The usual app (theme, language key, help) with one table on top; leaving the table quits.

    In a terminal a delivered file is saved to the downloads folder, which may not exist: say where it
    went, or why it did not."""

    CSS_PATH = "../boardroom.tcss"  # the app's own styles: Textual reads the path beside this module

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.path is not None:
            self.notify(str(event.path), markup=False)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        error = t("table.transcript_failed", self.session.lang, error=event.exception)
        self.notify(error, severity="error", markup=False, timeout=10)


def table_app(live: LiveClass, table: int, student: int, plan: Plan, *, lang: str = "en") -> BoardroomApp:
    app = TableApp(Controller(Session(lang if lang in LANGS else "en", paths.saves_dir())))

    def open_table() -> None:
        app.push_screen(TableScreen(live, table, student, plan), lambda _: app.exit(0))

    app.call_later(open_table)
    return app
