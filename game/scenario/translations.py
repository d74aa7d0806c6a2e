"""Finding player-facing text that lacks a language."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from .models import Scenario
from .text import LANGS, LText


def walk_text(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], LText]]:
    """Every LText inside a model, with its path (as in the YAML)."""
    if isinstance(value, LText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk_text(getattr(value, name), (*path, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from walk_text(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_text(item, (*path, key))


def missing_translations(
    model: BaseModel, *, allow_plain: bool = False, langs: Sequence[str] = LANGS
) -> list[tuple[tuple[Any, ...], list[str]]]:
    """Paths whose text lacks one of ``langs``. A plain string counts as every language only if ``allow_plain``."""
    out = []
    for path, text in walk_text(model):
        if text.plain:
            if not allow_plain:
                out.append((path, list(langs)))
            continue
        missing = [lang for lang in text.missing() if lang in langs]
        if missing:
            out.append((path, missing))
    return out


def declared_missing(model: Scenario) -> list[tuple[tuple[Any, ...], list[str]]]:
    """Text that lacks a language the scenario declares. With one language, a plain string is that language."""
    return missing_translations(model, allow_plain=len(model.languages) == 1, langs=model.languages)
