"""Line breaking that suits Chinese as well as English.

Textual wraps Content at spaces only, so a run of Chinese text (which has no
spaces) is treated as one long word: it jumps to the next line, leaving a gap,
or is cut mid-line. ``Prose`` is Content that breaks lines itself, between any
two Chinese characters (keeping closing punctuation off the start of a line),
and at spaces elsewhere. It is still literal text: no markup is ever parsed.
``Stack`` puts several such texts, one above another, in a single widget.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, get_character_cell_size
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

# Kinsoku: these may not begin a line, and these may not end one.
NO_START = frozenset("，。、；：！？）》」』】〕〉…—·%,.;:!?)]}’”")
NO_END = frozenset("（《「『【〔〈([{‘“")


def break_offsets(text: str, width: int, rest: int | None = None) -> list[int]:
    """Where to break one line of ``text`` so that the first piece fits in ``width`` cells, the others in ``rest``."""
    rest = width if rest is None else rest
    if width <= 0 or rest <= 0:
        return []
    offsets: list[int] = []
    start = 0  # index where the current line starts
    col = 0  # cells used on the current line
    last_break: int | None = None  # latest index where a new line may start
    prev = ""
    for i, ch in enumerate(text):
        w = get_character_cell_size(ch)
        if i > start and prev:
            wide = w == 2 or get_character_cell_size(prev) == 2
            if (prev.isspace() and not ch.isspace()) or (
                wide and not ch.isspace() and not prev.isspace() and ch not in NO_START and prev not in NO_END
            ):
                last_break = i
        if col + w > (width if start == 0 else rest) and i > start and not ch.isspace():
            cut = last_break if last_break is not None and last_break > start else i
            offsets.append(cut)
            start, last_break = cut, None
            col = cell_len(text[cut:i])
        col += w
        prev = ch
    return offsets


class Prose(Content):
    """Content that wraps Chinese text between characters. Build it last: Content methods return plain Content."""

    hang = 0  # continuation lines of a paragraph are indented by this many cells

    @classmethod
    def of(cls, content: Content | str, hang: int = 0) -> Prose:
        if isinstance(content, str):
            content = Content(content)
        made = cls(content.plain, list(content.spans), content.cell_length)
        made.hang = hang
        return made

    def broken(self, width: int) -> Content:
        """The same content with line breaks inserted for ``width``."""
        cache: dict[int, Content] = self.__dict__.setdefault("_broken", {})
        if width not in cache:
            lines: list[Content] = []
            hang = self.hang if width > self.hang * 3 else 0
            indent = Content(" " * hang)
            for line in Content(self.plain, list(self.spans)).split("\n", allow_blank=True):
                pieces = line.divide(break_offsets(line.plain, width, width - hang))
                pieces = [piece.rstrip() for piece in pieces[:-1]] + [pieces[-1]]
                lines.append(pieces[0])
                lines.extend(indent + piece for piece in pieces[1:])
            cache[width] = Content("\n").join(lines)
        return cache[width]

    def get_height(self, rules: RulesMap, width: int) -> int:
        # Containers ask with their own width less padding and borders, which in a narrow terminal is zero
        # or less (OptionList does); Rich's line chopper then fails on a zero step. Text always takes at
        # least one cell per line, so a width below that is measured as one.
        pad = rules.get("line_pad", 0) * 2
        width = max(width, pad + 1)
        return self.broken(width - pad).get_height(rules, width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return min(super().get_minimal_width(rules), 12)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        if width - pad < 1:
            return []
        return self.broken(width - pad).render_strips(width, height, style, options)


def prose(*parts: Content | str | tuple[str, str], hang: int = 0) -> Prose:
    """Assemble literal pieces into Prose."""
    if len(parts) == 1 and isinstance(parts[0], Content):
        return Prose.of(parts[0], hang)
    return Prose.of(Content.assemble(*parts), hang)


class Stack(Visual):
    """Visuals one above another in a single widget, each inset by its own margin on both sides.

    Every widget costs Textual time to style and lay out, so texts that always change together (the
    title screen's heading and blurb) share one widget instead of stacking a Static each.
    """

    def __init__(self, *parts: tuple[Visual, int]) -> None:
        self.parts = parts

    def _inset(self, inset: int, width: int) -> int:
        return max(0, min(inset, (width - 1) // 2))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(visual.get_optimal_width(rules, container_width) + 2 * inset for visual, inset in self.parts)

    def get_height(self, rules: RulesMap, width: int) -> int:
        width = max(width, 1)  # measured as Prose is: no line is narrower than one cell
        return sum(visual.get_height(rules, width - 2 * self._inset(inset, width)) for visual, inset in self.parts)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if width < 1:
            return []
        strips: list[Strip] = []
        for visual, inset in self.parts:
            inset = self._inset(inset, width)
            inner = width - 2 * inset
            part = visual.render_strips(inner, visual.get_height(options.rules, inner), style, options)
            strips.extend(strip.crop_pad(inner, inset, inset, style.rich_style) for strip in part)
        return strips if height is None else strips[:height]


class Para(Static):
    """A Static for untrusted, wrapping text: strings are literal (never markup) and break lines as Prose."""

    def __init__(self, content: Content | str = "", *, hang: int = 0, **kwargs: Any) -> None:
        self.hang = hang
        super().__init__(Prose.of(content, hang), markup=False, **kwargs)

    def update(self, content: Content | str = "", *, layout: bool = True) -> None:  # type: ignore[override]  # narrower: Para holds text only
        super().update(Prose.of(content, self.hang), layout=layout)
