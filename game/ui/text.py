"""Small helpers for putting text on screen safely.

Scenario text is untrusted: it is always wrapped in ``Content(text)``, which
never interprets markup, so ``[bold]`` or ``[@click=app.quit]`` show literally.
"""

from __future__ import annotations

from textual.content import Content

from ..i18n import t
from ..verdict import Verdict

# The boardroom palette, also registered as the app's theme in app.py.
INK = "#e8e2d4"
DIM = "#8f96a0"
BRASS = "#c9a55c"
STEEL = "#7d9bbd"
RED = "#e0645c"
AMBER = "#d8a23c"
GREEN = "#6cbf7f"
TRACK = "#343b45"
TRACK_BG = "#1a1f26"  # the empty part of a one-line meter
PANEL = "#0e1115"  # the screen background


def lit(text: str | None, style: str = "") -> Content:
    """Literal text (never markup), optionally in one style."""
    content = Content(text or "")
    return content.stylize(style) if style and text else content


def join(*parts: Content | str | tuple[str, str]) -> Content:
    """Assemble pieces; plain strings and (text, style) pairs are literal too."""
    return Content.assemble(*parts)


def tr(key: str, lang: str, style: str = "", **kwargs: object) -> Content:
    """An interface string (trusted, but still shown literally, since arguments may be scenario text)."""
    return lit(t(key, lang, **kwargs), style)


def level_colour(fraction: float) -> str:
    """Meter colour: low is red, middling amber, healthy green."""
    if fraction < 0.25:
        return RED
    if fraction < 0.5:
        return AMBER
    return GREEN


def delta_text(delta: int) -> tuple[str, str]:
    """A change as '▲5' (green) or '▼10' (red); empty when nothing changed."""
    if delta > 0:
        return f"▲{delta}", GREEN
    if delta < 0:
        return f"▼{-delta}", RED
    return "", ""


_VERDICT_COLOUR = {Verdict.SAME: GREEN, Verdict.DIVERGED: RED, Verdict.SILENT: DIM, Verdict.TIMED_OUT: AMBER}


def verdict_mark(verdict: Verdict) -> tuple[str, str]:
    """A choice's mark beside history, '✓ ' and so on, in its colour (the same marks as the printouts)."""
    return f"{verdict.mark} ", f"bold {_VERDICT_COLOUR[verdict]}"
