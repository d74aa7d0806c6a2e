"""Player-facing text: one string, or one per language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

LANGS = ("en", "zh")
DEFAULT_LANG = "en"

# C0/C1 controls (ESC, BEL, CSI...) could drive the terminal; only newline and tab are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# YAML folds a line break into a space, but Chinese puts no space between characters.
_CJK = "\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FOLDED_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean(text: str) -> str:
    """Drop characters that a terminal would act on instead of show."""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def clean_zh(text: str) -> str:
    return _FOLDED_CJK.sub("", clean(text))


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text.replace("\r\n", "\n")))


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
