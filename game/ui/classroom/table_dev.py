"""A bare app that opens one board table directly, for trying tables by hand without the class lobby:
``python -m game class table --db DB --session S --student ID --table T`` (a hidden developer's command)."""

from __future__ import annotations

from ...classroom.live import LiveClass
from ...scenario.plan import Plan
from ..app import BoardroomApp, make_app
from .table import TableScreen


def table_app(live: LiveClass, table: int, student: int, plan: Plan, *, lang: str = "en") -> BoardroomApp:
    """The usual app (theme, language key, help) with the table on top; leaving the table quits."""
    app = make_app(lang=lang)

    def open_table() -> None:
        app.push_screen(TableScreen(live, table, student, plan), lambda _: app.exit(0))

    app.call_later(open_table)
    return app
