"""Player-facing text: one string, or one per language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..sanitize import clean

LANGS = ("en", "zh")
DEFAULT_LANG = "en"

# YAML folds a line break into a space, but Chinese puts no space between characters.
_CJK = "\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FOLDED_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_zh(text: str) -> str:
    return _FOLDED_CJK.sub("", clean(text))


@dataclass(frozen=True, slots=True)
class LText:
    """Localised text. A plain string in a scenario counts as every language."""

    en: str | None = None
    zh: str | None = None
    plain: bool = False  # written as one string for all languages

    def get(self, lang: str) -> str:
        value = self.zh if lang == "zh" else self.en
        if value is None:
            value = self.en if self.en is not None else self.zh
        return value or ""

    def missing(self) -> list[str]:
        if self.plain:
            return []
        return [lang for lang in LANGS if getattr(self, lang) in (None, "")]

    @classmethod
    def of(cls, value: str | Mapping[str, str | None] | LText) -> LText:
        if isinstance(value, LText):
            return value
        if isinstance(value, str):
            return cls(en=clean(value), zh=clean(value), plain=True)
        zh = value.get("zh")
        return cls(en=_opt(value.get("en")), zh=None if zh is None else clean_zh(zh))

    def __str__(self) -> str:
        return self.get(DEFAULT_LANG)


def _opt(value: str | None) -> str | None:
    return None if value is None else clean(value)
